/** `npm run hook -- <trigger>` (dev/watch-trigger.ts): an instant trigger watched by hand. */
import { inputsFromArgs, instantTriggers, watchTrigger } from '../../dev/watch-trigger';
import { eventually } from '../support/expectations';
import { useSandboxOverLoopback } from '../support/sandbox';

const h = useSandboxOverLoopback();
const sandboxFetch = globalThis.fetch;

async function createLocation(token: string, name: string): Promise<void> {
  const response = await sandboxFetch(`${h.url}/v1/locations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, timezone: 'Europe/London' }),
  });
  expect(response.status).toBe(201);
}

it('subscribes the trigger with a token minted through the controls and prints each output', async () => {
  await h.reset('empty');
  const lines: string[] = [];
  const watch = await watchTrigger({
    sandboxUrl: h.url,
    triggerKey: 'new_location',
    print: (line) => lines.push(line),
  });
  try {
    expect(lines[0]).toMatch(/^Subscribed new_location at http:\/\/127\.0\.0\.1:\d+/);
    const { access_token } = await h.connect();

    await createLocation(access_token, 'Watched Office');
    await eventually(() => expect(watch.hook.outputs).toHaveLength(1), { timeoutMs: 10_000 });
    await watch.hook.settled();

    const printed = JSON.parse(lines[1] ?? '{}') as Record<string, unknown>;
    expect(printed).toMatchObject({ name: 'Watched Office', event_type: 'location.created' });
  } finally {
    await watch.stop();
  }
  const webhooks = (await h.get('/webhooks', (await h.connect()).access_token)) as { data: [] };
  expect(webhooks.data).toEqual([]);
});

it('names the instant triggers when none or an unknown one is given, and subscribes nothing', async () => {
  const keys = [...instantTriggers().keys()];
  expect(keys).toEqual(expect.arrayContaining(['new_location', 'new_or_updated_matter']));
  expect(keys).toHaveLength(7);

  const attempt = watchTrigger({ sandboxUrl: h.url, triggerKey: 'location_list', print: () => {} });

  await expect(attempt).rejects.toThrow(
    `"location_list" is not an instant trigger. Name one: npm run hook -- <trigger>, where <trigger> is one of ${keys.join(', ')}.`,
  );
});

it('reads key=value arguments as the Zap’s inputs, a comma making a list', () => {
  expect(inputsFromArgs(['changed_fields_filter=status,title', 'x=1'])).toEqual({
    changed_fields_filter: ['status', 'title'],
    x: '1',
  });
  expect(() => inputsFromArgs(['status'])).toThrow('Inputs are key=value, got "status".');
});

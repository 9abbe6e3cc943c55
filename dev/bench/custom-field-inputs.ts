/**
 * The benchmark's custom-field input section (called from scripts/bench.ts): what does not fit the
 * operations table, because it depends on the connection's cache. Each create action's dynamic
 * input fields load once through core's app tester with an empty z.cache (cold), then again with
 * it kept (warm); the sandbox counts the requests (RateLimit-Remaining before and after) against
 * the budget: at most 1 per object per connection, 0 while cached. Then a create that fills a
 * custom field, on an empty cache and on a warm one: a run reads the definitions when its cache
 * (24 hours) is cold, so about once a day per object and connection it costs one request more.
 */
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { sandboxControls } from '../../sandbox/controls/client';
import { app } from '../../src/app';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Operation = { operation: { inputFields?: readonly unknown[]; perform: Perform } };

export async function benchCustomFieldInputs(origin: string): Promise<void> {
  // Its own environment, so the section also runs alone (`npm run bench -- custom-field-inputs`).
  process.env.SNAPSHOTS_API_BASE_URL = origin;
  const controls = sandboxControls(origin);
  await controls.reset('demo');
  await controls.setRateLimit({ limit: 1_000_000, window_seconds: 3600 });
  const { access_token: token } = await controls.mintToken();
  const authData = { access_token: token, refresh_token: 'unused', scope: '' };
  const appTester = createAppTester(app);

  const remaining = async () => {
    const probe = await fetch(`${origin}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return Number(probe.headers.get('ratelimit-remaining'));
  };
  /** The requests `work` sent (the second probe counts itself once). */
  const counted = async (work: () => Promise<unknown>): Promise<number> => {
    const before = await remaining();
    await work();
    return before - (await remaining()) - 1;
  };
  const load = (operation: Operation, freshCache: boolean) => () => {
    const fields = operation.operation.inputFields?.find((field) => typeof field === 'function');
    return appTester(fields as Perform, { authData }, freshCache);
  };

  console.log('\n## Custom-field inputs (requests per load, counted by the sandbox)\n');
  console.log('| object | first load (empty cache) | while cached | budget | within |');
  console.log('|---|---:|---:|---|:---:|');
  const objects: [string, Operation][] = [
    ['location', app.creates.create_location],
    ['matter', app.creates.create_matter],
    ['activity', app.creates.create_activity],
  ];
  for (const [object, operation] of objects) {
    const cold = await counted(load(operation, true));
    const warm = await counted(load(operation, false));
    const within = cold <= 1 && warm === 0;
    console.log(`| ${object} | ${cold} | ${warm} | ≤ 1, then 0 | ${within ? 'yes' : '**NO**'} |`);
  }

  console.log('\n## A create with a custom field (requests per run)\n');
  console.log('| run | requests | budget | within |');
  console.log('|---|---:|---:|:---:|');
  let run = 0;
  const create = (freshCache: boolean) => () =>
    appTester(
      app.creates.create_location.operation.perform,
      {
        authData,
        inputData: { name: `Bench custom ${++run}`, custom_fields__practice_area: 'Family' },
      },
      freshCache,
    );
  for (const [what, freshCache, budget] of [
    ['empty cache (about once a day)', true, 2],
    ['definitions cached', false, 1],
  ] as const) {
    const requests = await counted(create(freshCache));
    console.log(`| ${what} | ${requests} | ${budget} | ${requests <= budget ? 'yes' : '**NO**'} |`);
  }
}

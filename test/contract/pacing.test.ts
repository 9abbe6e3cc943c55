/**
 * A subscription's delivery-rate cap (`max_deliveries_per_minute`, WEBHOOK_PACING_RULES), against a
 * real local receiver, with the pacing window scaled down so a "minute" lasts a fraction of a
 * second: never more than the cap in any window at the receiver, retries included; nothing lost;
 * a record's versions in order; waiting versions of one record collapse into the newest.
 */
import type { DeliveryLogEntry } from '../../sandbox/events/deliveries';
import { PRODUCTION_PACING_WINDOW_MS } from '../../sandbox/events/deliveries';
import { Event } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { useSandbox } from '../support/api';
import { LOCATIONS, create, patch } from '../support/collections';
import { eventually, expectProblem } from '../support/expectations';
import { startReceiver, type Delivery, type Receiver } from '../support/receiver';

const h = useSandbox();
let token: string;
const receivers: Receiver[] = [];

beforeEach(async () => {
  token = await h.fresh();
  await h.controls.setWebhookSchedule({ preset: 'compressed' });
});

afterEach(async () => {
  await h.controls.setPacingWindow({ window_ms: PRODUCTION_PACING_WINDOW_MS });
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

async function subscribe(url: string, events: string[], cap: number | null): Promise<Json> {
  const body = { url, events, max_deliveries_per_minute: cap };
  const response = await h.call('POST', '/v1/webhooks', { token, body });
  if (response.status !== 201) {
    throw new Error(`POST /v1/webhooks → ${response.status}: ${response.text}`);
  }
  return response.body;
}

const pendingOf = async (webhookId: string): Promise<number> => {
  const response = await h.call('GET', `/v1/webhooks/${webhookId}`, { token });
  expect(response.status).toBe(200);
  return response.body.pending_deliveries as number;
};

async function deliveryLog(webhookId: string): Promise<DeliveryLogEntry[]> {
  return (await h.controls.deliveries()).filter((entry) => entry.webhook_id === webhookId);
}

/** The most deliveries that arrived within any window of `windowMs` (half-open). */
function peakInAnyWindow(deliveries: readonly Delivery[], windowMs: number): number {
  const times = deliveries.map((delivery) => delivery.at).sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

const eventsOf = (hook: Receiver) =>
  hook.deliveries.map((delivery) => Event.parse(JSON.parse(delivery.body)));

describe('max_deliveries_per_minute on POST and GET /v1/webhooks', () => {
  it('is stored, shown by GET with nothing waiting, and null when absent', async () => {
    const capped = await subscribe('https://hooks.example.test/a', ['location.created'], 30);
    expect(capped).toMatchObject({ max_deliveries_per_minute: 30 });
    const shown = await h.call('GET', `/v1/webhooks/${capped.id as string}`, { token });
    expect(shown.body).toMatchObject({ max_deliveries_per_minute: 30, pending_deliveries: 0 });
    expect(shown.text).not.toContain('secret');

    const response = await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: 'https://hooks.example.test/b', events: ['location.created'] },
    });
    expect(response.body).toMatchObject({ max_deliveries_per_minute: null });
  });

  it.each([0, 601, 2.5, '30'])('refuses %p with a 422 naming the field', async (cap) => {
    const response = await h.call('POST', '/v1/webhooks', {
      token,
      body: {
        url: 'https://hooks.example.test/a',
        events: ['location.created'],
        max_deliveries_per_minute: cap,
      },
    });
    expectProblem(response, 422);
    expect(JSON.stringify(response.body)).toContain('max_deliveries_per_minute');
    expect((await h.call('GET', '/v1/webhooks', { token })).body.data).toEqual([]);
  });

  it('404s for an unknown subscription', async () => {
    const response = await h.call('GET', '/v1/webhooks/whk_00000000000000000000', { token });
    expectProblem(response, 404);
  });
});

describe('deliveries under the cap', () => {
  const WINDOW_MS = 250;

  beforeEach(async () => {
    await h.controls.setPacingWindow({ window_ms: WINDOW_MS });
  });

  it('never exceed the cap in any window, lose nothing and keep each record in order', async () => {
    const cap = 10;
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['location.created', 'location.updated'], cap);
    const started = Date.now();
    await h.controls.generate({ kind: 'location', count: 40 });
    const listed = await h.call('GET', '/v1/locations', { token, query: { limit: '10' } });
    const patched = (listed.body.data as Json[]).map((item) => item.location_id as string);
    for (const id of patched)
      await patch(h, LOCATIONS, token, id, { email: 'desk@office.example' });
    expect(await pendingOf(webhook.id as string)).toBeGreaterThan(0);

    await eventually(
      async () => {
        expect(await pendingOf(webhook.id as string)).toBe(0);
        const log = await deliveryLog(webhook.id as string);
        const open = log.filter((entry) => entry.outcome !== 'delivered');
        expect(log.length - open.length).toBe(hook.deliveries.length);
        // Each record's newest version arrived: 40 records, the 10 patched at version 2.
        const newest = new Map<string, number>();
        for (const event of eventsOf(hook)) {
          const data = event.data as { location_id: string; version: number };
          newest.set(data.location_id, Math.max(newest.get(data.location_id) ?? 0, data.version));
        }
        expect(newest.size).toBe(40);
        expect(patched.every((id) => newest.get(id) === 2)).toBe(true);
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );

    expect(peakInAnyWindow(hook.deliveries, WINDOW_MS)).toBeLessThanOrEqual(cap);
    // 40 to 50 deliveries at 10 a window cannot drain in fewer than 3 windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * WINDOW_MS);
    const versionsByRecord = new Map<string, number[]>();
    for (const event of eventsOf(hook)) {
      const data = event.data as { location_id: string; version: number };
      versionsByRecord.set(data.location_id, [
        ...(versionsByRecord.get(data.location_id) ?? []),
        data.version,
      ]);
    }
    for (const versions of versionsByRecord.values()) {
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
    }
    // A creation superseded while waiting is not lost: its record's update lists every field.
    const events = eventsOf(hook);
    const recordOf = (event: Event) => (event.data as { location_id: string }).location_id;
    const created = new Set(
      events.filter((event) => event.type === 'location.created').map(recordOf),
    );
    const updatesAlone = events.filter(
      (event) => event.type === 'location.updated' && !created.has(recordOf(event)),
    );
    for (const update of updatesAlone) {
      expect('changed_fields' in update && update.changed_fields).toEqual(
        expect.arrayContaining(['name', 'email', 'phone']),
      );
    }
    const superseded = (await deliveryLog(webhook.id as string)).filter(
      (entry) => entry.outcome === 'superseded',
    );
    expect(superseded).toHaveLength(updatesAlone.length);
  });

  it('collapse the waiting versions of one record into the newest, which carries their changes', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['location.updated'], 1);
    const location = await create(h, LOCATIONS, token, { name: 'Office' });
    const id = location.location_id as string;
    await patch(h, LOCATIONS, token, id, { name: 'Head office' }); // v2: goes at once
    await patch(h, LOCATIONS, token, id, { email: 'front@office.example' }); // v3: waits
    await patch(h, LOCATIONS, token, id, { phone: '+15555550100' }); // v4: takes v3's place
    expect(await pendingOf(webhook.id as string)).toBe(1);

    await eventually(() => expect(hook.deliveries).toHaveLength(2), { timeoutMs: 5000 });
    const [first, last] = eventsOf(hook);
    expect([first, last].map((event) => (event?.data as { version: number }).version)).toEqual([
      2, 4,
    ]);
    expect(last && 'changed_fields' in last && last.changed_fields).toEqual(['phone', 'email']);
    expect(hook.deliveries[1]!.at - hook.deliveries[0]!.at).toBeGreaterThanOrEqual(WINDOW_MS);
    const log = await deliveryLog(webhook.id as string);
    expect(log.map((entry) => entry.outcome)).toEqual(['delivered', 'superseded', 'delivered']);
    expect(log[1]!.error).toMatch(/version 4 of this record is waiting/);
    expect(await pendingOf(webhook.id as string)).toBe(0);
  });

  it('count retries toward the cap', async () => {
    const cap = 2;
    const answered = new Set<string>();
    // The first attempt of every event fails; its retry succeeds.
    const hook = await receiver((delivery) => {
      const id = delivery.headers['webhook-id'] ?? '';
      if (answered.has(id)) return 200;
      answered.add(id);
      return 500;
    });
    const webhook = await subscribe(hook.url, ['location.created'], cap);
    await h.controls.generate({ kind: 'location', count: 4 });

    await eventually(
      async () => {
        const log = await deliveryLog(webhook.id as string);
        expect(log.filter((entry) => entry.outcome === 'delivered')).toHaveLength(4);
      },
      { timeoutMs: 5000, intervalMs: 50 },
    );
    const log = await deliveryLog(webhook.id as string);
    expect(log.filter((entry) => entry.outcome === 'retrying')).toHaveLength(4);
    expect(hook.deliveries).toHaveLength(8);
    expect(peakInAnyWindow(hook.deliveries, WINDOW_MS)).toBe(cap);
    // 8 attempts, 2 a window: the last goes out at least 3 windows after the first.
    const times = hook.deliveries.map((delivery) => delivery.at);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(3 * WINDOW_MS);
  });

  it('leave a subscription without a cap unpaced', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['location.created'], null);
    await h.controls.generate({ kind: 'location', count: 30 });
    await eventually(() => expect(hook.deliveries).toHaveLength(30));
    expect(await pendingOf(webhook.id as string)).toBe(0);
    expect(webhook.max_deliveries_per_minute).toBeNull();
  });
});

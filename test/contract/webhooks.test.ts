/**
 * Webhook subscriptions and deliveries. Deliveries go to a real local HTTP server and are verified
 * with the Standard Webhooks reference library (`standardwebhooks`), which nobody here wrote.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { DeliveryLogEntry } from '../../sandbox/events/deliveries';
import { Event, WebhookWithSecret } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { LOCATIONS, MATTERS, create, patch } from '../support/collections';
import {
  delay,
  eventually,
  expectProblem,
  expectUnchanged,
  snapshotState,
} from '../support/expectations';
import type { Delivery, Receiver } from '../support/receiver';
import { startReceiver } from '../support/receiver';

const h = useSandbox();
let token: string;
const receivers: Receiver[] = [];

beforeEach(async () => {
  token = await h.fresh();
  await h.controls.setWebhookSchedule({ preset: 'compressed' });
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

async function subscribe(url: string, events: string[]): Promise<Json> {
  const response = await h.call('POST', '/v1/webhooks', { token, body: { url, events } });
  if (response.status !== 201) {
    throw new Error(`POST /v1/webhooks → ${response.status}: ${response.text}`);
  }
  return response.body;
}

async function deliveryLog(webhookId?: string): Promise<DeliveryLogEntry[]> {
  const log = await h.controls.deliveries();
  return webhookId ? log.filter((entry) => entry.webhook_id === webhookId) : log;
}

/** Waits for the receiver's only delivery. */
async function onlyDelivery(hook: Receiver): Promise<Delivery> {
  return eventually(() => {
    const [delivery, ...more] = hook.deliveries;
    expect(more).toHaveLength(0);
    if (!delivery) throw new Error('no delivery yet');
    return delivery;
  });
}

const headersOf = (delivery: { headers: Record<string, string> }) => ({
  'webhook-id': delivery.headers['webhook-id'] ?? '',
  'webhook-timestamp': delivery.headers['webhook-timestamp'] ?? '',
  'webhook-signature': delivery.headers['webhook-signature'] ?? '',
});

describe('POST/GET/DELETE /v1/webhooks', () => {
  it('creates a subscription with a whsec_ secret, lists it without the secret, deletes it once', async () => {
    const response = await h.call('POST', '/v1/webhooks', {
      token,
      body: {
        url: 'https://hooks.example.test/snapshots',
        events: ['location.created', 'sync.error'],
      },
    });
    expect(response.status).toBe(201);
    const webhook = WebhookWithSecret.parse(response.body);
    expect(webhook.id).toMatch(/^whk_/);
    expect(new URL(response.headers.get('location') ?? '', h.url).pathname).toBe(
      `/v1/webhooks/${webhook.id}`,
    );
    expect(webhook).toMatchObject({
      url: 'https://hooks.example.test/snapshots',
      events: ['location.created', 'sync.error'],
    });
    // Standard Webhooks secrets: whsec_ + base64 of 24 to 64 random bytes.
    const key = Buffer.from(webhook.secret.slice('whsec_'.length), 'base64');
    expect(key.length).toBeGreaterThanOrEqual(24);
    expect(key.length).toBeLessThanOrEqual(64);

    const list = await h.call('GET', '/v1/webhooks', { token });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      {
        id: webhook.id,
        url: webhook.url,
        events: webhook.events,
        created_at: webhook.created_at,
        max_deliveries_per_minute: null,
        pending_deliveries: 0,
      },
    ]);
    expect(list.text).not.toContain(webhook.secret.slice('whsec_'.length));

    const deleted = await h.call('DELETE', `/v1/webhooks/${webhook.id}`, { token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await h.call('GET', '/v1/webhooks', { token })).body.data).toEqual([]);
    const again = await h.call('DELETE', `/v1/webhooks/${webhook.id}`, { token });
    expectProblem(again, 404);
  });

  it('gives each subscription its own secret', async () => {
    const a = await subscribe('https://hooks.example.test/a', ['location.created']);
    const b = await subscribe('https://hooks.example.test/a', ['location.created']);
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });

  it('404s when deleting an unknown subscription', async () => {
    const response = await h.call('DELETE', '/v1/webhooks/whk_00000000000000000000', { token });
    expectProblem(response, 404);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:8080/hook',
    'http://[::1]:8080/hook',
    'https://hooks.example.test/hook',
  ])('accepts %s', async (url) => {
    const response = await h.call('POST', '/v1/webhooks', {
      token,
      body: { url, events: ['matter.updated'] },
    });
    expect(response.status).toBe(201);
    expect(response.body.url).toBe(url);
  });

  it.each([
    {
      label: 'plain http off loopback',
      body: { url: 'http://hooks.example.test/x', events: ['location.created'] },
      status: 422,
      field: 'url',
    },
    {
      label: 'a look-alike of localhost',
      body: { url: 'http://localhost.example.test/x', events: ['location.created'] },
      status: 422,
      field: 'url',
    },
    {
      label: 'an ftp URL',
      body: { url: 'ftp://127.0.0.1/x', events: ['location.created'] },
      status: 422,
      field: 'url',
    },
    {
      label: 'something that is not a URL',
      body: { url: 'hooks', events: ['location.created'] },
      status: 422,
      field: 'url',
    },
    { label: 'no url', body: { events: ['location.created'] }, status: 422, field: 'url' },
    {
      label: 'no events',
      body: { url: 'https://hooks.example.test/x', events: [] },
      status: 422,
      field: 'events',
    },
    {
      label: 'an unknown event type',
      body: { url: 'https://hooks.example.test/x', events: ['location.deleted'] },
      status: 422,
      field: 'events',
    },
    {
      label: 'events that are not a list',
      body: { url: 'https://hooks.example.test/x', events: 'location.created' },
      status: 422,
      field: 'events',
    },
    {
      label: 'a secret chosen by the client',
      body: {
        url: 'https://hooks.example.test/x',
        events: ['location.created'],
        secret: 'whsec_AAAA',
      },
      status: 400,
      field: 'secret',
    },
    { label: 'bad JSON', raw: '{"url":', status: 400 },
  ] as { label: string; body?: Json; raw?: string; status: number; field?: string }[])(
    'rejects $label with $status and subscribes nothing',
    async (bad) => {
      await subscribe('https://hooks.example.test/existing', ['location.created']);
      const before = await snapshotState(h);
      const response = await h.call(
        'POST',
        '/v1/webhooks',
        bad.raw !== undefined ? { token, raw: bad.raw } : { token, body: bad.body },
      );
      expectProblem(response, bad.status, bad.field ? { field: bad.field } : {});
      const after = await snapshotState(h);
      expect(after.webhooks).toEqual(before.webhooks);
      expect(after.resourceEvents).toEqual(before.resourceEvents);
    },
  );

  it.each([
    [['matter.created'], 'saas/matter.read'],
    [['location.updated', 'activity.created'], 'saas/activity.read'],
    [['location.created'], 'saas/location.read'],
    // Deliveries carry the links expanded: an activity's matter and location, a matter's location.
    [['activity.created'], 'saas/matter.read'],
    [['activity.updated'], 'saas/location.read'],
    [['matter.created', 'matter.updated'], 'saas/location.read'],
  ])('403s on events %p without %s, and subscribes nothing', async (events, scope) => {
    const others = (await h.mintToken()).scope.split(' ').filter((s) => s !== scope);
    const limited = (await h.mintToken(others)).access_token;
    const before = await snapshotState(h);
    const response = await h.call('POST', '/v1/webhooks', {
      token: limited,
      body: { url: 'https://hooks.example.test/x', events },
    });
    expectProblem(response, 403, { requiredScope: scope });
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('needs only a valid token for sync.error, listing and deleting', async () => {
    const minimal = (await h.mintToken(['saas/activity.write'])).access_token;
    const created = await h.call('POST', '/v1/webhooks', {
      token: minimal,
      body: { url: 'https://hooks.example.test/errors', events: ['sync.error'] },
    });
    expect(created.status).toBe(201);
    expect((await h.call('GET', '/v1/webhooks', { token: minimal })).status).toBe(200);
    const deleted = await h.call('DELETE', `/v1/webhooks/${created.body.id}`, { token: minimal });
    expect(deleted.status).toBe(204);
  });

  it('keeps a subscription when time passes (subscriptions do not expire)', async () => {
    const webhook = await subscribe('https://hooks.example.test/forever', ['location.created']);
    await h.advanceClock(400 * 86_400);
    const later = (await h.mintToken()).access_token;
    const list = await h.call('GET', '/v1/webhooks', { token: later });
    expect((list.body.data as Json[]).map((item) => item.id as string)).toEqual([webhook.id]);
  });
});

describe('deliveries', () => {
  it('delivers a signed event that the standardwebhooks library verifies', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['location.created']);
    const location = await create(h, LOCATIONS, token, { name: 'Delivered' });

    const delivery = await onlyDelivery(hook);
    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe(new URL(hook.url).pathname);
    expect(delivery.headers['content-type']).toMatch(/^application\/json\b/);

    const payload = new StandardWebhook(webhook.secret).verify(delivery.body, headersOf(delivery));
    const event = Event.parse(payload);
    expect(delivery.headers['webhook-id']).toBe(event.event_id);
    expect(
      Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000),
    ).toBeLessThan(300);
    expect(event.type).toBe('location.created');
    expect(event.data).toEqual(location);
    const [logged] = await listAll(h, '/v1/events', token, { types: 'location.created' });
    expect(payload).toEqual(logged);

    await eventually(async () => {
      expect(await deliveryLog(webhook.id)).toEqual([
        expect.objectContaining({
          event_id: event.event_id,
          event_type: 'location.created',
          url: hook.url,
          attempt: 1,
          status: 200,
          error: null,
          outcome: 'delivered',
        }),
      ]);
    });
  });

  it('signs so that a changed body, a wrong secret or an old timestamp is rejected', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['location.created']);
    await create(h, LOCATIONS, token, { name: 'Signed' });
    const delivery = await onlyDelivery(hook);
    const verifier = new StandardWebhook(webhook.secret);
    expect(() => verifier.verify(delivery.body, headersOf(delivery))).not.toThrow();
    expect(() =>
      verifier.verify(delivery.body.replace('Signed', 'Forged'), headersOf(delivery)),
    ).toThrow();
    const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() =>
      new StandardWebhook(otherSecret).verify(delivery.body, headersOf(delivery)),
    ).toThrow();
    // The signature covers the timestamp: moving it breaks the signature.
    const moved = {
      ...headersOf(delivery),
      'webhook-timestamp': String(Number(delivery.headers['webhook-timestamp']) - 1),
    };
    expect(() => verifier.verify(delivery.body, moved)).toThrow();
  });

  it('delivers only the subscribed event types', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['matter.created']);
    await create(h, LOCATIONS, token, { name: 'Not subscribed' });
    const matter = await create(h, MATTERS, token, { title: 'Subscribed' });
    await eventually(() => expect(hook.deliveries).toHaveLength(1));
    const payload = new StandardWebhook(webhook.secret).verify(
      hook.deliveries[0]?.body ?? '',
      headersOf(hook.deliveries[0] ?? { headers: {} }),
    ) as Json;
    expect(payload.type).toBe('matter.created');
    expect(payload.data.matter_id).toBe(matter.matter_id);
    expect((await deliveryLog(webhook.id)).map((entry) => entry.event_type)).toEqual([
      'matter.created',
    ]);
  });

  it('delivers the sync.error of a rejected write to a sync.error subscriber', async () => {
    const hook = await receiver();
    const webhook = await subscribe(hook.url, ['sync.error']);
    const rejected = await h.call('POST', '/v1/locations', { token, body: { name: '' } });
    expect(rejected.status).toBe(422);
    const delivery = await onlyDelivery(hook);
    const event = Event.parse(
      new StandardWebhook(webhook.secret).verify(delivery.body, headersOf(delivery)),
    );
    expect(event.type).toBe('sync.error');
    const [logged] = await listAll(h, '/v1/sync-errors', token);
    expect(event.data).toEqual(logged);
  });

  it('retries a 500 on the compressed schedule with the same webhook-id until a 2xx', async () => {
    const hook = await receiver((_delivery, attempt) => (attempt <= 2 ? 500 : 204));
    const webhook = await subscribe(hook.url, ['location.created']);
    await create(h, LOCATIONS, token, { name: 'Flaky receiver' });

    await eventually(() => expect(hook.deliveries).toHaveLength(3));
    const verifier = new StandardWebhook(webhook.secret);
    const ids = hook.deliveries.map((delivery) => delivery.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const delivery of hook.deliveries) {
      expect(() => verifier.verify(delivery.body, headersOf(delivery))).not.toThrow();
    }
    const first = hook.deliveries[0]?.at ?? 0;
    const last = hook.deliveries[2]?.at ?? 0;
    expect(last - first).toBeLessThan(2000); // compressed: 20 ms + 40 ms (+ jitter)

    await eventually(async () => {
      const log = await deliveryLog(webhook.id);
      expect(log.map(({ attempt, status, outcome }) => ({ attempt, status, outcome }))).toEqual([
        { attempt: 1, status: 500, outcome: 'retrying' },
        { attempt: 2, status: 500, outcome: 'retrying' },
        { attempt: 3, status: 204, outcome: 'delivered' },
      ]);
      expect(new Set(log.map((entry) => entry.event_id))).toEqual(new Set(ids));
    });
    // Nothing is abandoned, so no sync error.
    expect(await listAll(h, '/v1/sync-errors', token)).toEqual([]);
  });

  it('removes the subscription at once on 410 Gone', async () => {
    const gone = await receiver(() => 410, 'gone');
    const sentinel = await receiver(() => 200, 'sentinel');
    const goneHook = await subscribe(gone.url, ['location.created']);
    await subscribe(sentinel.url, ['location.created']);

    await create(h, LOCATIONS, token, { name: 'First' });
    await eventually(async () => {
      expect(await deliveryLog(goneHook.id)).toEqual([
        expect.objectContaining({ attempt: 1, status: 410, outcome: 'gone' }),
      ]);
    });
    const list = await h.call('GET', '/v1/webhooks', { token });
    expect((list.body.data as Json[]).map((item) => item.id as string)).not.toContain(goneHook.id);

    await create(h, LOCATIONS, token, { name: 'Second' });
    await eventually(() => expect(sentinel.deliveries).toHaveLength(2));
    expect(gone.deliveries).toHaveLength(1);
    expect(await deliveryLog(goneHook.id)).toHaveLength(1);
    expect(await listAll(h, '/v1/sync-errors', token)).toEqual([]);
  });

  it('abandons a delivery after the last retry and emits one sync.error', async () => {
    await h.controls.setWebhookSchedule({ delays_ms: [10, 10] });
    const hook = await receiver(() => 500);
    const webhook = await subscribe(hook.url, ['location.created']);
    await create(h, LOCATIONS, token, { name: 'Never acknowledged' });

    await eventually(async () => {
      const log = await deliveryLog(webhook.id);
      expect(log.map(({ attempt, outcome }) => ({ attempt, outcome }))).toEqual([
        { attempt: 1, outcome: 'retrying' },
        { attempt: 2, outcome: 'retrying' },
        { attempt: 3, outcome: 'abandoned' },
      ]);
    });
    expect(hook.deliveries).toHaveLength(3);
    const errors = await eventually(async (): Promise<Json[]> => {
      const found = await listAll(h, '/v1/sync-errors', token);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(errors[0].resource).toEqual({ type: 'webhook', id: webhook.id });
    const events = await listAll(h, '/v1/events', token, { types: 'sync.error' });
    expect(events.map((event) => event.data as unknown)).toEqual(errors);
  });

  it('logs a receiver that cannot be reached (status null, an error) and abandons it', async () => {
    await h.controls.setWebhookSchedule({ delays_ms: [10] });
    const down = await startReceiver();
    await down.close(); // nothing listens on its port any more
    const webhook = await subscribe(down.url, ['location.created']);
    await create(h, LOCATIONS, token, { name: 'Unreachable' });
    await eventually(async () => {
      const log = await deliveryLog(webhook.id);
      expect(log).toHaveLength(2);
      expect(log.every((entry) => entry.status === null && typeof entry.error === 'string')).toBe(
        true,
      );
      expect(log.map((entry) => entry.outcome)).toEqual(['retrying', 'abandoned']);
    });
  });

  it('does not emit a sync.error for an abandoned delivery of a sync.error (no loops)', async () => {
    await h.controls.setWebhookSchedule({ delays_ms: [5] });
    const hook = await receiver(() => 503);
    const webhook = await subscribe(hook.url, ['location.created', 'sync.error']);
    await create(h, LOCATIONS, token, { name: 'Loop bait' });

    await eventually(async () => {
      const abandoned = (await deliveryLog(webhook.id)).filter(
        (entry) => entry.outcome === 'abandoned',
      );
      expect(abandoned.map((entry) => entry.event_type)).toEqual([
        'location.created',
        'sync.error',
      ]);
    });
    await delay(100); // give a wrongly emitted second sync.error time to appear
    expect(await listAll(h, '/v1/sync-errors', token)).toHaveLength(1);
    expect(await listAll(h, '/v1/events', token, { types: 'sync.error' })).toHaveLength(1);
  });

  it('never sends an older version after a newer one, even when the newer one got a 500', async () => {
    // Zapier ran each delivery, then its 200 was lost: the receiver answers 500 to the first
    // attempt of every event and 200 to a retry. Versions 2, 3 and 4 go out and fail; the retries
    // of 2 and 3 must then be dropped, and 4's retry carries what they changed.
    await h.controls.setWebhookSchedule({ delays_ms: [400] });
    const seen = new Set<string>();
    const hook = await receiver((delivery) => {
      const id = delivery.headers['webhook-id'] ?? '';
      if (seen.has(id)) return 200;
      seen.add(id);
      return 500;
    });
    const webhook = await subscribe(hook.url, ['location.updated']);
    const location = await create(h, LOCATIONS, token, { name: 'Office' });
    await patch(h, LOCATIONS, token, location.location_id, { email: 'front@office.example' });
    await patch(h, LOCATIONS, token, location.location_id, { name: 'Head office' });
    await patch(h, LOCATIONS, token, location.location_id, { phone: '+15555550100' });

    const log = await eventually(
      async () => {
        const entries = await deliveryLog(webhook.id);
        expect(entries).toHaveLength(6);
        return entries;
      },
      { timeoutMs: 5000 },
    );
    const received = hook.deliveries.map((delivery) => Event.parse(JSON.parse(delivery.body)));
    const versions = received.map((event) => ('version' in event.data ? event.data.version : 0));
    expect(versions).toEqual([2, 3, 4, 4]);
    const last = received.at(-1)!;
    expect('changed_fields' in last && last.changed_fields).toEqual(['phone', 'email', 'name']);
    expect(log.map(({ outcome }) => outcome)).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'superseded',
      'superseded',
      'delivered',
    ]);
    expect(log[3]!.error).toMatch(/version 4 of this record was already sent/);
  });

  it("keeps 30 days of the delivery log; a deleted subscription's entries go but a tombstone", async () => {
    const kept = await receiver(() => 200, 'kept');
    const dropped = await receiver(() => 200, 'dropped');
    const keptHook = await subscribe(kept.url, ['location.created']);
    const droppedHook = await subscribe(dropped.url, ['location.created']);
    for (const name of ['One', 'Two', 'Three']) await create(h, LOCATIONS, token, { name });
    await eventually(async () => {
      expect(await deliveryLog(keptHook.id)).toHaveLength(3);
      expect(await deliveryLog(droppedHook.id)).toHaveLength(3);
    });
    const last = (await deliveryLog(droppedHook.id)).at(-1);

    expect((await h.call('DELETE', `/v1/webhooks/${droppedHook.id}`, { token })).status).toBe(204);
    // The deleted one keeps its last entry (a 410 `gone` would still explain itself).
    expect(await deliveryLog(droppedHook.id)).toEqual([last]);
    expect(await deliveryLog(keptHook.id)).toHaveLength(3);

    await h.advanceClock(29 * 86_400);
    expect(await deliveryLog(droppedHook.id)).toEqual([last]);
    await h.advanceClock(2 * 86_400);
    expect(await deliveryLog(droppedHook.id)).toEqual([]);
    expect(await deliveryLog(keptHook.id)).toEqual([]);
  });
});

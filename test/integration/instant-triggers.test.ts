/**
 * The instant triggers against the real sandbox over loopback, with the hook emulator playing
 * Zapier's part (each delivery becomes a `perform` run through the app tester): every change fires
 * the right triggers exactly once, whatever the receiver and the network do; nothing older after
 * newer; nothing unsigned; the changed-fields filter; unsubscribe leaves no webhook.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createAppTester, errors, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { CHANGED_FIELDS_INPUT } from '../../src/builders/hook-trigger';
import { createApiClient } from '../../src/http/client';
import { type HookEmulator, type Reaction, zapierHeaderName } from '../../dev/hook-emulator';
import type { DeliveryLogEntry } from '../../sandbox/events/deliveries';
import { OTHER_SECRET } from '../support/deliveries';
import { useHookEmulators } from '../support/hook-emulators';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const tester = createAppTester(app);

type HookKey =
  | 'new_location'
  | 'new_or_updated_location'
  | 'new_matter'
  | 'new_or_updated_matter'
  | 'new_activity'
  | 'new_or_updated_activity'
  | 'new_sync_error';
const HOOK_KEYS: HookKey[] = [
  'new_location',
  'new_or_updated_location',
  'new_matter',
  'new_or_updated_matter',
  'new_activity',
  'new_or_updated_activity',
  'new_sync_error',
];

let authData: StoredAuthData;

beforeEach(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  authData = await sandbox.connect();
});

const withApi = <T>(use: (api: ReturnType<typeof createApiClient>) => Promise<T>) =>
  tester((z: ZObject) => use(createApiClient(z)), { authData });
const key = () => randomUUID();

const deliveryLog = async (webhookId: string): Promise<DeliveryLogEntry[]> =>
  (await sandbox.controls.deliveries()).filter((entry) => entry.webhook_id === webhookId);

async function subscribed(
  trigger: HookKey,
  options: { respond?: (n: number) => Reaction; inputData?: Record<string, unknown> } = {},
): Promise<HookEmulator> {
  const hook = await hooks.start({
    trigger: app.triggers[trigger],
    authData,
    inputData: options.inputData,
    respond: options.respond && ((_delivery, n) => options.respond!(n)),
  });
  await hook.subscribe();
  return hook;
}

/** What performList returns now, through the app tester. */
const listed = async (trigger: HookKey) => {
  const result: unknown = await tester(
    app.triggers[trigger].operation.performList as never,
    {
      authData,
      inputData: {},
      meta: { limit: 100 },
    } as never,
  );
  return result as Record<string, unknown>[];
};

describe('each change', () => {
  it('fires the right triggers exactly once, each output equal to performList for that change', async () => {
    const all = Object.fromEntries(
      await Promise.all(HOOK_KEYS.map(async (trigger) => [trigger, await subscribed(trigger)])),
    ) as Record<HookKey, HookEmulator>;

    const location = await withApi((api) =>
      api.locations.create(
        { name: 'Head Office', external_refs: { clio: '501' } },
        { idempotencyKey: key() },
      ),
    );
    await withApi((api) =>
      api.locations.update(location.location_id, { email: 'ho@demo-law.example' }),
    );
    const matter = await withApi((api) =>
      api.matters.create(
        { title: 'Smith v. Jones', location_id: location.location_id },
        { idempotencyKey: key() },
      ),
    );
    await withApi((api) => api.matters.update(matter.matter_id, { status: 'closed' }));
    const activity = await withApi((api) =>
      api.activities.create(
        {
          type: 'call',
          date: '2026-11-27T10:15:00Z',
          matter_id: matter.matter_id,
          location_id: location.location_id,
        },
        { idempotencyKey: key() },
      ),
    );
    await withApi((api) => api.activities.update(activity.activity_id, { duration_minutes: 30 }));
    await expect(
      withApi((api) => api.matters.create({ title: '' }, { idempotencyKey: key() })),
    ).rejects.toBeInstanceOf(errors.HaltedError);

    const expected: Record<HookKey, number> = {
      new_location: 1,
      new_or_updated_location: 2,
      new_matter: 1,
      new_or_updated_matter: 2,
      new_activity: 1,
      new_or_updated_activity: 2,
      new_sync_error: 1,
    };
    await hooks.waitFor(() => {
      for (const trigger of HOOK_KEYS)
        expect([trigger, all[trigger].outputs.length]).toEqual([trigger, expected[trigger]]);
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a wrong second firing
    for (const trigger of HOOK_KEYS) {
      const hook = all[trigger];
      expect([trigger, hook.outputs.length]).toEqual([trigger, expected[trigger]]);
      expect(new Set(hook.outputs.map((output) => output.id)).size).toBe(expected[trigger]);
      const list = await listed(trigger);
      for (const output of hook.outputs) {
        expect(list.find((item) => item.id === output.id)).toEqual(output);
      }
    }
    expect(all.new_or_updated_matter.outputs.at(-1)).toMatchObject({
      clio_status: 'Closed',
      clio_client_id: '501',
      location_name: 'Head Office',
      changed_fields: ['status'],
    });
    expect(all.new_or_updated_activity.outputs.at(-1)).toMatchObject({
      clio_contact_id: '501',
      duration_seconds: 1800,
      clio_communication_type: 'PhoneCommunication',
    });
  });
});

describe('requests', () => {
  it('for every trigger, perform makes none and performList exactly one, counted by Snapshots', async () => {
    const all = Object.fromEntries(
      await Promise.all(
        HOOK_KEYS.map(async (trigger) => [
          trigger,
          await subscribed(trigger, { respond: () => 'hold' }),
        ]),
      ),
    ) as Record<HookKey, HookEmulator>;
    const location = await withApi((api) =>
      api.locations.create(
        { name: 'Counted', external_refs: { clio: '9' } },
        { idempotencyKey: key() },
      ),
    );
    const matter = await withApi((api) =>
      api.matters.create(
        { title: 'Counted', location_id: location.location_id },
        { idempotencyKey: key() },
      ),
    );
    await withApi((api) =>
      api.activities.create(
        { type: 'visit', date: '2026-11-27T10:15:00Z', matter_id: matter.matter_id },
        { idempotencyKey: key() },
      ),
    );
    await expect(
      withApi((api) => api.matters.create({ title: '' }, { idempotencyKey: key() })),
    ).rejects.toBeInstanceOf(errors.HaltedError);
    await hooks.waitFor(() => {
      for (const trigger of HOOK_KEYS)
        expect([trigger, all[trigger].deliveries.length]).toEqual([trigger, 1]);
    });
    for (const trigger of HOOK_KEYS) {
      const hook = all[trigger];
      const performed = await sandbox.requestsDuring(authData.access_token, () => hook.runHeld());
      const list = await sandbox.requestsDuring(authData.access_token, () => listed(trigger));
      expect([trigger, hook.outputs.length, performed.requests]).toEqual([trigger, 1, 0]);
      expect([trigger, list.requests]).toEqual([trigger, 1]);
      expect(list.result.find((item) => item.id === hook.outputs[0]!.id)).toEqual(hook.outputs[0]);
    }
  });
});

describe('delivery trouble', () => {
  it('a delivery the receiver first fails and then accepts fires once', async () => {
    const hook = await subscribed('new_location', {
      respond: (n) => (n === 1 ? 'fail' : 'accept'),
    });
    await withApi((api) => api.locations.create({ name: 'Flaky' }, { idempotencyKey: key() }));
    await hooks.waitFor(async () => {
      expect((await deliveryLog(hook.subscribeData!.id)).map((entry) => entry.outcome)).toEqual([
        'retrying',
        'delivered',
      ]);
    });
    expect(hook.outputs).toHaveLength(1);
    expect(hook.runs).toBe(1);
  });

  it('a delivery whose acknowledgement was lost, so Snapshots sends it again, fires once', async () => {
    const hook = await subscribed('new_location', {
      respond: (n) => (n === 1 ? 'lose-ack' : 'accept'),
    });
    await withApi((api) => api.locations.create({ name: 'Lost ack' }, { idempotencyKey: key() }));
    await hooks.waitFor(async () => {
      expect((await deliveryLog(hook.subscribeData!.id)).map((entry) => entry.outcome)).toEqual([
        'retrying',
        'delivered',
      ]);
    });
    expect(hook.runs).toBe(2); // perform ran for both deliveries...
    expect(hook.outputs).toHaveLength(1); // ...and fired once
    expect(hook.deliveries.map((d) => d.received['webhook-id'])).toEqual([
      hook.deliveries[0]!.received['webhook-id'],
      hook.deliveries[0]!.received['webhook-id'],
    ]);
  });

  it('an older version processed after a newer one fires nothing', async () => {
    const hook = await subscribed('new_or_updated_location', { respond: () => 'hold' });
    const location = await withApi((api) =>
      api.locations.create({ name: 'V1' }, { idempotencyKey: key() }),
    );
    await withApi((api) => api.locations.update(location.location_id, { name: 'V2' }));
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(2));
    // Zapier accepted both, then processed them late and out of order: newest first.
    await hook.runHeld((held) => [...held].reverse());
    expect(hook.runs).toBe(2);
    expect(hook.outputs.map((output) => output.id)).toEqual([`${location.location_id}:2`]);
  });

  it('Snapshots drops the retry of an older version once a newer one was sent', async () => {
    // The retry must come after the next update is made: 2 s leaves a loaded machine time for it.
    await sandbox.controls.setWebhookSchedule({ delays_ms: [2000] });
    const hook = await subscribed('new_or_updated_location', {
      respond: (n) => (n === 1 ? 'fail' : 'accept'),
    });
    const location = await withApi((api) =>
      api.locations.create({ name: 'V1' }, { idempotencyKey: key() }),
    );
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(1));
    await withApi((api) => api.locations.update(location.location_id, { name: 'V2' }));
    await hooks.waitFor(async () => {
      expect((await deliveryLog(hook.subscribeData!.id)).map((entry) => entry.outcome)).toEqual([
        'retrying',
        'delivered',
        'superseded',
      ]);
    });
    expect(hook.deliveries).toHaveLength(2);
    expect(hook.outputs.map((output) => output.id)).toEqual([`${location.location_id}:2`]);
  });

  it('a burst of 1,000 changes yields 1,000 outputs, none lost, none doubled', async () => {
    const hook = await subscribed('new_location');
    await sandbox.controls.generate({ kind: 'location', count: 1000 });
    await hooks.waitFor(() => expect(hook.outputs.length).toBeGreaterThanOrEqual(1000), 100_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = new Set(hook.outputs.map((output) => output.id));
    // Every run shows the counts.
    // eslint-disable-next-line no-console
    console.log(
      `burst: 1000 changes → ${hook.deliveries.length} deliveries, ${hook.runs} perform runs, ` +
        `${hook.outputs.length} outputs, ${ids.size} distinct`,
    );
    expect(hook.outputs).toHaveLength(1000);
    expect(ids.size).toBe(1000);
    const log = await deliveryLog(hook.subscribeData!.id);
    expect(log.filter((entry) => entry.outcome === 'delivered')).toHaveLength(1000);
  }, 120_000);
});

describe('untrusted deliveries', () => {
  it('forged, stale, replayed and wrong-secret deliveries fire nothing', async () => {
    const hook = await subscribed('new_location');
    await withApi((api) => api.locations.create({ name: 'Genuine' }, { idempotencyKey: key() }));
    await hooks.waitFor(() => expect(hook.outputs).toHaveLength(1));
    const genuine = hook.deliveries[0]!.rawRequest;
    const event = JSON.parse(genuine.content) as {
      event_id: string;
      data: { name: string; version: number };
    };
    const resign = (secret: string, at: Date, body: string, id = `evt_other${Date.now()}`) => ({
      ...genuine,
      headers: {
        ...genuine.headers,
        [zapierHeaderName('webhook-id')]: id,
        [zapierHeaderName('webhook-timestamp')]: String(Math.floor(at.getTime() / 1000)),
        [zapierHeaderName('webhook-signature')]: new Webhook(secret).sign(id, at, body),
      },
      content: body,
    });
    const secret = hook.subscribeData!.secret;
    const other = JSON.stringify({
      ...event,
      event_id: 'evt_forged1',
      data: { ...event.data, name: 'Forged', version: event.data.version + 1 },
    });

    const attempts = {
      forged: { ...genuine, content: genuine.content.replace('Genuine', 'Forged!') },
      stale: resign(secret, new Date(Date.now() - 31 * 60_000), other, 'evt_forged1'),
      replayed: genuine,
      'wrong secret': resign(OTHER_SECRET, new Date(), other, 'evt_forged1'),
    };
    for (const [label, request] of Object.entries(attempts)) {
      expect([label, await hook.perform(request)]).toEqual([label, []]);
    }
    // The same body, properly signed with the subscription's secret, does fire: the checks above
    // rejected the forgeries, not the event.
    expect(await hook.perform(resign(secret, new Date(), other, 'evt_forged1'))).toHaveLength(1);
  });
});

describe('Only When These Fields Change', () => {
  it('fires for a new matter and for a status change, not for a title change', async () => {
    const hook = await subscribed('new_or_updated_matter', {
      inputData: { [CHANGED_FIELDS_INPUT]: ['status'] },
    });
    const matter = await withApi((api) =>
      api.matters.create({ title: 'Case' }, { idempotencyKey: key() }),
    );
    await withApi((api) => api.matters.update(matter.matter_id, { title: 'Case, renamed' }));
    await withApi((api) => api.matters.update(matter.matter_id, { status: 'pending' }));
    await hooks.waitFor(() => expect(hook.runs).toBe(3));
    expect(hook.outputs.map((output) => [output.event_type, output.changed_fields])).toEqual([
      ['matter.created', []],
      ['matter.updated', ['status']],
    ]);
  });
});

describe('Only When These Fields Change, across failed and superseded deliveries', () => {
  it('a status change whose delivery failed still fires, through the update that superseded it', async () => {
    // The failed delivery's retry must come after the next update is made: 2 s leaves a loaded
    // machine time for that update (at 300 ms, a slow run retried first and nothing was superseded).
    await sandbox.controls.setWebhookSchedule({ delays_ms: [2000] });
    const hook = await subscribed('new_or_updated_matter', {
      inputData: { [CHANGED_FIELDS_INPUT]: ['status'] },
      respond: (n) => (n === 2 ? 'fail' : 'accept'),
    });
    const matter = await withApi((api) =>
      api.matters.create({ title: 'Case' }, { idempotencyKey: key() }),
    );
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(1));
    await withApi((api) => api.matters.update(matter.matter_id, { status: 'pending' }));
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(2));
    await withApi((api) => api.matters.update(matter.matter_id, { title: 'Case, renamed' }));
    await hooks.waitFor(async () => {
      expect((await deliveryLog(hook.subscribeData!.id)).map((entry) => entry.outcome)).toEqual([
        'delivered',
        'retrying',
        'delivered',
        'superseded',
      ]);
    });
    expect(hook.outputs.map((output) => [output.id, output.status, output.changed_fields])).toEqual(
      [
        [`${matter.matter_id}:1`, 'open', []],
        [`${matter.matter_id}:3`, 'pending', ['title', 'status']],
      ],
    );
  });
});

describe('unsubscribe', () => {
  it('leaves no webhook in Snapshots, and the receiver answers 410 after it', async () => {
    const hook = await subscribed('new_or_updated_activity');
    const listWebhooks = () => withApi((api) => api.webhooks.list());
    expect((await listWebhooks()).data.map((webhook) => webhook.id)).toEqual([
      hook.subscribeData!.id,
    ]);
    await hook.unsubscribe();
    expect((await listWebhooks()).data).toEqual([]);
    await hook.unsubscribe(); // already gone: still fine

    // A stray subscription to the old URL is told 410 and removed by Snapshots.
    const stray = await withApi((api) =>
      api.webhooks.create(
        { url: hook.url, events: ['location.created'] },
        { idempotencyKey: key() },
      ),
    );
    await withApi((api) => api.locations.create({ name: 'After' }, { idempotencyKey: key() }));
    await hooks.waitFor(async () =>
      expect((await deliveryLog(stray.id)).map((e) => e.outcome)).toEqual(['gone']),
    );
    expect((await listWebhooks()).data).toEqual([]);
    expect(hook.outputs).toEqual([]);
  });
});

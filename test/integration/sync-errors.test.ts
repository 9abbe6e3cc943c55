/**
 * "New Sync Error"'s performList (the sync-error log) against the real sandbox over loopback: a write the API rejects and a webhook
 * delivery it abandons each come out of the trigger, flattened, newest first, within Zapier's
 * limit, at one request per poll, and in the same shape as the trigger's sample.
 */
import { randomUUID } from 'node:crypto';
import { createAppTester, errors, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { createApiClient } from '../../src/http/client';
import { SyncErrorOutput, syncErrorSample } from '../../src/sync-errors/sync-error';
import { newSyncError } from '../../src/sync-errors/new-sync-error.trigger';
import { startReceiver, type Receiver } from '../support/receiver';
import { useSandboxOverLoopback } from '../support/sandbox';

/** Each write here is a distinct step run, so each gets its own key. */
const randomKey = () => randomUUID();

const appTester = createAppTester(app);
const sandbox = useSandboxOverLoopback();

let authData: StoredAuthData;

beforeEach(async () => {
  await sandbox.reset('empty');
  authData = await sandbox.connect();
});

const poll = (limit?: number) =>
  appTester(newSyncError.operation.performList, {
    authData,
    meta: limit === undefined ? {} : { limit },
  });
const withApi = <T>(use: (api: ReturnType<typeof createApiClient>) => Promise<T>) =>
  appTester((z: ZObject) => use(createApiClient(z)), { authData });

describe('a write Snapshots rejects', () => {
  it('comes out of the trigger as a sync error with its fields flat for mapping', async () => {
    await expect(
      withApi((api) => api.matters.create({ title: '' }, { idempotencyKey: randomKey() })),
    ).rejects.toBeInstanceOf(errors.HaltedError);

    const { result, requests } = await sandbox.requestsDuring(authData.access_token, () => poll());

    expect(requests).toBe(1);
    expect(result).toHaveLength(1);
    const [error] = result;
    expect(error).toEqual({
      id: expect.stringMatching(/^err_/),
      error_id: error?.id,
      occurred_at: expect.any(String),
      code: 'validation_failed',
      message: expect.stringContaining('title'),
      resource_type: 'matter',
      resource_id: null,
      details: expect.objectContaining({ method: 'POST', path: '/v1/matters', status: 422 }),
    });
    expect(SyncErrorOutput.strict().safeParse(error).success).toBe(true);
    expect(Object.keys(error ?? {}).sort()).toEqual(Object.keys(syncErrorSample).sort());
  });

  it('newest first, and no more than bundle.meta.limit', async () => {
    await expect(
      withApi((api) => api.matters.create({ title: '' }, { idempotencyKey: randomKey() })),
    ).rejects.toThrow();
    await sandbox.controls.advanceClock(5);
    const location = await withApi((api) =>
      api.locations.create({ name: 'Versioned' }, { idempotencyKey: randomKey() }),
    );
    await expect(
      withApi((api) =>
        api.locations.update(location.location_id, { name: 'Stale' }, { ifMatch: 9 }),
      ),
    ).rejects.toBeInstanceOf(errors.HaltedError);

    const all = await poll();
    expect(
      all.map((error) => [error.resource_type, error.resource_id, error.details.status]),
    ).toEqual([
      ['location', location.location_id, 412],
      ['matter', null, 422],
    ]);
    expect(Date.parse(all[0]?.occurred_at ?? '')).toBeGreaterThan(
      Date.parse(all[1]?.occurred_at ?? ''),
    );

    const { result, requests } = await sandbox.requestsDuring(authData.access_token, () => poll(1));
    expect(requests).toBe(1);
    expect(result).toEqual([all[0]]);
  });

  it('reads nothing when nothing went wrong', async () => {
    await withApi((api) => api.locations.create({ name: 'Fine' }, { idempotencyKey: randomKey() }));

    await expect(poll()).resolves.toEqual([]);
  });
});

describe('a webhook delivery Snapshots gives up on', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver(() => 500);
    await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  });
  afterEach(() => receiver.close());

  /** Waits until the sandbox's delivery log shows an abandoned delivery. */
  async function abandoned(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const log = await sandbox.controls.deliveries();
      if (log.some((delivery) => delivery.outcome === 'abandoned')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no delivery was abandoned within 10 s');
  }

  it('comes out of the trigger naming the webhook, the event and the attempts', async () => {
    const webhook = await withApi((api) =>
      api.webhooks.create(
        { url: receiver.url, events: ['location.created'] },
        { idempotencyKey: randomKey() },
      ),
    );
    await withApi((api) =>
      api.locations.create({ name: 'Head Office' }, { idempotencyKey: randomKey() }),
    );
    await abandoned();

    const [error, ...rest] = await poll();

    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      code: 'webhook_delivery_abandoned',
      message: expect.stringContaining('was abandoned after 7 attempts'),
      resource_type: 'webhook',
      resource_id: webhook.id,
      details: { event_type: 'location.created', url: receiver.url, attempts: 7, last_status: 500 },
    });
    expect(receiver.deliveries).toHaveLength(7);
  });
});

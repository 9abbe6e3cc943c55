/**
 * What the sandbox's delivery queue keeps stays bounded: the log holds the last
 * MAX_LOG_ENTRIES_PER_SUBSCRIPTION attempts of a subscription, and the versions a subscription has
 * not received are one accumulated entry per record, however many versions failed.
 */
import {
  DeliveryQueue,
  MAX_LOG_ENTRIES_PER_SUBSCRIPTION,
} from '../../../sandbox/events/deliveries';
import type { EventRecord } from '../../../sandbox/events/log';
import { WebhookRegistry } from '../../../sandbox/events/webhooks';
import { SandboxClock } from '../../../sandbox/clock';
import { OBJECTS } from '../../../src/api/objects';
import { eventually } from '../../support/expectations';
import { startReceiver, type Receiver } from '../../support/receiver';

let sequence = 0;
const update = (locationId: string, version: number, changed: string[]): EventRecord => ({
  event_id: `evt_${locationId}_${version}_${++sequence}`,
  sequence,
  type: 'location.updated',
  occurred_at: new Date().toISOString(),
  changed_fields: changed,
  data: { location_id: locationId, name: `v${version}`, version },
});

let receiver: Receiver;
let queue: DeliveryQueue;
let webhooks: WebhookRegistry;
const setUp = async (status: number, delaysMs: number[]) => {
  receiver = await startReceiver(() => status);
  const clock = new SandboxClock();
  webhooks = new WebhookRegistry(clock);
  queue = new DeliveryQueue(clock, webhooks, OBJECTS, () => undefined);
  queue.setSchedule(delaysMs, false);
  return webhooks.create(receiver.url, ['location.updated']);
};
afterEach(async () => {
  queue.stop();
  await receiver.close().catch(() => undefined);
});

describe('the delivery queue keeps a bounded memory', () => {
  it(`the log keeps the last ${MAX_LOG_ENTRIES_PER_SUBSCRIPTION} attempts of a subscription`, async () => {
    // A receiver that is down answers fastest: each attempt is refused, logged and abandoned.
    const subscription = await setUp(200, []);
    await receiver.close();
    const total = MAX_LOG_ENTRIES_PER_SUBSCRIPTION + 50;
    for (let i = 1; i <= total; i++) queue.enqueue(update(`loc_${i}`, 1, ['name']));
    const lastId = `evt_loc_${total}_1_${sequence}`;
    await eventually(
      () => expect(queue.entries().map((entry) => entry.event_id)).toContain(lastId),
      { timeoutMs: 20000 },
    );
    const log = queue.entries();
    expect(log).toHaveLength(MAX_LOG_ENTRIES_PER_SUBSCRIPTION);
    expect(queue.bookkeeping().logEntries).toBe(MAX_LOG_ENTRIES_PER_SUBSCRIPTION);
    expect(log.every((entry) => entry.webhook_id === subscription.id)).toBe(true);
    // The newest are kept; the first event's attempt is gone.
    expect(log.map((entry) => entry.event_id)).not.toContain(`evt_loc_1_1_${sequence - total + 1}`);
  }, 30000);

  it('unreceived versions: one accumulated entry per record, however many versions', async () => {
    const subscription = await setUp(500, [5, 5]);
    const records = ['loc_a', 'loc_b', 'loc_c'];
    const fields = ['name', 'email', 'phone', 'timezone'];
    for (let version = 2; version <= 21; version++) {
      for (const id of records) queue.enqueue(update(id, version, [fields[version % 4]!]));
    }
    // Every version is sent (and fails) or is superseded; the newest is retried, then abandoned.
    await eventually(
      () => {
        const abandoned = queue
          .entries()
          .filter((entry) => entry.outcome === 'abandoned' && /_21_/.test(entry.event_id));
        expect(abandoned).toHaveLength(records.length);
      },
      { timeoutMs: 10000 },
    );
    expect(queue.bookkeeping()).toMatchObject({ unreceivedRecords: 3, sentRecords: 3 });
    // And what they carry: the last delivery of a record lists every field its versions changed.
    const last = JSON.parse(receiver.deliveries.at(-1)!.body) as EventRecord;
    expect(new Set(last.changed_fields)).toEqual(new Set(fields));

    webhooks.delete(subscription.id);
    expect(queue.bookkeeping()).toMatchObject({
      unreceivedRecords: 0,
      sentRecords: 0,
      logEntries: 1,
      loggedSubscriptions: 1,
    });
  });
});

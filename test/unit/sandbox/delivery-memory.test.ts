/**
 * Under a receiver that always fails, what the delivery queue keeps follows the records waiting,
 * not the attempts made: eight times the versions (and far more attempts) leave the same
 * bookkeeping, one entry per record, and a log within its bound.
 */
import {
  DeliveryQueue,
  MAX_LOG_ENTRIES_PER_SUBSCRIPTION,
  type DeliveryBookkeeping,
} from '../../../sandbox/events/deliveries';
import type { EventRecord } from '../../../sandbox/events/log';
import { WebhookRegistry } from '../../../sandbox/events/webhooks';
import { SandboxClock } from '../../../sandbox/clock';
import { OBJECTS } from '../../../src/api/objects';
import { eventually } from '../../support/expectations';
import { startReceiver, type Receiver } from '../../support/receiver';

/** Two quick retries, then a long wait: every record's newest version is left waiting. */
const WAITING_SCHEDULE_MS = [5, 5, 600_000];
const RECORDS = ['loc_a', 'loc_b', 'loc_c'];
const FIELDS = ['name', 'email', 'phone', 'timezone'];

let sequence = 0;
const update = (locationId: string, version: number): EventRecord => ({
  event_id: `evt_${locationId}_${version}_${++sequence}`,
  sequence,
  type: 'location.updated',
  occurred_at: new Date().toISOString(),
  changed_fields: [FIELDS[version % FIELDS.length]!],
  data: { location_id: locationId, name: `v${version}`, version },
});

let receiver: Receiver;
const queues: DeliveryQueue[] = [];
beforeEach(async () => {
  receiver = await startReceiver(() => 500);
});
afterEach(async () => {
  for (const queue of queues.splice(0)) queue.stop();
  await receiver.close();
});

/**
 * Sends `versions` versions of each record to a subscription whose receiver always answers 500,
 * and waits until every record's newest version has failed its quick retries and waits for the
 * long one. Returns the bookkeeping then, and the attempts the receiver got.
 */
async function waitingAfter(
  versions: number,
): Promise<{ kept: DeliveryBookkeeping; attempts: number }> {
  const clock = new SandboxClock();
  const webhooks = new WebhookRegistry(clock);
  const queue = new DeliveryQueue(clock, webhooks, OBJECTS, () => undefined);
  queues.push(queue);
  queue.setSchedule(WAITING_SCHEDULE_MS, false);
  const subscription = webhooks.create(receiver.url, ['location.updated']);
  const before = receiver.deliveries.length;
  for (let version = 2; version <= versions + 1; version++) {
    for (const id of RECORDS) queue.enqueue(update(id, version));
  }
  const newest = (entry: { event_id: string }) => entry.event_id.includes(`_${versions + 1}_`);
  await eventually(
    () => {
      const retried = queue
        .entries()
        .filter((entry) => newest(entry) && entry.attempt === WAITING_SCHEDULE_MS.length);
      expect(retried).toHaveLength(RECORDS.length);
    },
    { timeoutMs: 15_000 },
  );
  const kept = queue.bookkeeping();
  expect(queue.entries().every((entry) => entry.webhook_id === subscription.id)).toBe(true);
  return { kept, attempts: receiver.deliveries.length - before };
}

describe('under a receiver that always fails', () => {
  it('the queue keeps one entry per waiting record, however many versions and attempts', async () => {
    const few = await waitingAfter(5);
    const many = await waitingAfter(40);
    expect(many.attempts).toBeGreaterThan(few.attempts * 2);
    for (const { kept } of [few, many]) {
      expect(kept.unreceivedRecords).toBe(RECORDS.length);
      expect(kept.sentRecords).toBe(RECORDS.length);
      expect(kept.loggedSubscriptions).toBe(1);
      expect(kept.logEntries).toBeLessThanOrEqual(MAX_LOG_ENTRIES_PER_SUBSCRIPTION);
    }
    expect(many.kept.unreceivedRecords).toBe(few.kept.unreceivedRecords);
    expect(many.kept.sentRecords).toBe(few.kept.sentRecords);
  }, 40_000);
});

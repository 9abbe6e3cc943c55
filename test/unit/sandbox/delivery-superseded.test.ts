/**
 * A superseded retry adds nothing a newer delivery already carried: once a newer version listing
 * its changes was received, the next version lists only what is new to the subscription (found
 * by the load test: a Zap filtering on `phone` fired on a later `name` change).
 */
import { DeliveryQueue } from '../../../sandbox/events/deliveries';
import type { EventRecord } from '../../../sandbox/events/log';
import { WebhookRegistry } from '../../../sandbox/events/webhooks';
import { SandboxClock } from '../../../sandbox/clock';
import { OBJECTS } from '../../../src/api/objects';
import { eventually } from '../../support/expectations';
import { startReceiver, type Receiver } from '../../support/receiver';

let sequence = 0;
const update = (version: number, changed: string[]): EventRecord => ({
  event_id: `evt_v${version}_${++sequence}`,
  sequence,
  type: 'location.updated',
  occurred_at: new Date().toISOString(),
  changed_fields: changed,
  data: { location_id: 'loc_1', name: `v${version}`, version },
});

let receiver: Receiver;
let queue: DeliveryQueue;
afterEach(async () => {
  queue.stop();
  await receiver.close();
});

it('a retry superseded after a newer version was received adds nothing to the next one', async () => {
  // The first delivery fails; every later one is received.
  receiver = await startReceiver((_delivery, attempt) => (attempt === 1 ? 500 : 200));
  const clock = new SandboxClock();
  const webhooks = new WebhookRegistry(clock);
  queue = new DeliveryQueue(clock, webhooks, OBJECTS, () => undefined);
  // v2's retry comes well after v3 has been received.
  queue.setSchedule([300], false);
  webhooks.create(receiver.url, ['location.updated']);
  const changedFields = (n: number) =>
    new Set((JSON.parse(receiver.deliveries[n]!.body) as EventRecord).changed_fields);

  queue.enqueue(update(2, ['phone']));
  await eventually(() => expect(receiver.deliveries).toHaveLength(1), { timeoutMs: 5000 });
  queue.enqueue(update(3, ['name']));
  await eventually(() => expect(receiver.deliveries).toHaveLength(2), { timeoutMs: 5000 });
  // v3 carried v2's change, and was received.
  expect(changedFields(1)).toEqual(new Set(['name', 'phone']));
  await eventually(
    () => expect(queue.entries().map((entry) => entry.outcome)).toContain('superseded'),
    { timeoutMs: 5000 },
  );

  queue.enqueue(update(4, ['email']));
  await eventually(() => expect(receiver.deliveries).toHaveLength(3), { timeoutMs: 5000 });
  expect(changedFields(2)).toEqual(new Set(['email']));
});

/** Everything the sandbox remembers, wired together once; `reset` wipes it back to a seed. */
import { OBJECTS, type Registry } from '../src/api/objects';
import { SandboxClock } from './clock';
import { CollectionService, type ResourceKind } from './records/collections';
import { CursorCodec } from './records/cursor';
import { CustomFieldRegistry } from './records/custom-fields';
import { type AbandonedDelivery, DeliveryQueue } from './events/deliveries';
import { EventLog } from './events/log';
import { FaultRegistry } from './http/faults';
import { IdempotencyStore } from './http/idempotency';
import { RateLimiter } from './http/rate-limit';
import { type SeedName, applySeed } from './seed';
import { RecordTable } from './records/store';
import { SyncErrorLog } from './events/sync-errors';
import { TokenStore } from './oauth/tokens';
import { WebhookRegistry } from './events/webhooks';

export class SandboxState {
  readonly clock = new SandboxClock();
  readonly cursors = new CursorCodec();
  readonly tokens = new TokenStore(this.clock);
  readonly customFields: CustomFieldRegistry;
  readonly events = new EventLog(this.clock);
  readonly syncErrors = new SyncErrorLog(this.clock, this.events);
  readonly webhooks = new WebhookRegistry(this.clock);
  readonly deliveries: DeliveryQueue;
  readonly idempotency = new IdempotencyStore(this.clock);
  readonly rateLimiter = new RateLimiter(this.clock);
  readonly faults = new FaultRegistry();
  /** Each object's records, by its name. */
  readonly tables: ReadonlyMap<ResourceKind, RecordTable>;
  readonly collections: ReadonlyMap<ResourceKind, CollectionService>;

  /** `objects`: the registry served, the API's own unless a test adds an object to it. */
  constructor(
    readonly defaultSeed: SeedName,
    readonly objects: Registry = OBJECTS,
  ) {
    this.customFields = new CustomFieldRegistry(objects);
    this.deliveries = new DeliveryQueue(
      this.clock,
      this.webhooks,
      objects,
      (delivery) => this.reportAbandoned(delivery),
      (kind) => this.customFields.list(kind).map((definition) => definition.key),
    );
    this.tables = new Map(objects.map((object) => [object.name, new RecordTable()]));
    this.collections = new Map(
      objects.map((object) => [
        object.name,
        new CollectionService(object, this, (kind) => this.collection(kind)),
      ]),
    );
    this.events.onEvent((event) => this.deliveries.enqueue(event));
    applySeed(defaultSeed, this.clock.nowMs(), (kind) => this.collection(kind), this.syncErrors);
  }

  tableOf(kind: ResourceKind): RecordTable {
    const table = this.tables.get(kind);
    if (!table) throw new Error(`no collection ${kind}`);
    return table;
  }

  collection(kind: ResourceKind): CollectionService {
    const service = this.collections.get(kind);
    if (!service) throw new Error(`no collection ${kind}`);
    return service;
  }

  /**
   * Wipes records, events, webhooks, tokens, faults, idempotency keys, rate-limit counters and
   * the clock offset, then re-seeds. Settings (rate limit, retry schedule) are kept.
   */
  reset(seed: SeedName = this.defaultSeed): void {
    this.deliveries.cancelAll();
    for (const table of this.tables.values()) table.clear();
    this.events.clear();
    this.syncErrors.clear();
    this.webhooks.clear();
    this.tokens.clear();
    this.faults.clear();
    this.idempotency.clear();
    this.rateLimiter.clearCounters();
    this.customFields.reset();
    this.clock.reset();
    applySeed(seed, this.clock.nowMs(), (kind) => this.collection(kind), this.syncErrors);
  }

  /** An abandoned delivery is a sync error, except for `sync.error` events (no loops). */
  private reportAbandoned({
    subscription,
    event,
    attempts,
    lastStatus,
    lastError,
  }: AbandonedDelivery) {
    if (event.type === 'sync.error') return;
    this.syncErrors.record({
      code: 'webhook_delivery_abandoned',
      message: `Delivery of ${event.type} ${event.event_id} to ${subscription.url} was abandoned after ${attempts} attempts.`,
      resource: { type: 'webhook', id: subscription.id },
      details: {
        event_id: event.event_id,
        event_type: event.type,
        url: subscription.url,
        attempts,
        last_status: lastStatus,
        last_error: lastError,
      },
    });
  }
}

/**
 * Webhook deliveries per the Standard Webhooks specification: signed POSTs, retried on failure
 * with a configurable schedule, 410 Gone unsubscribes, an abandoned delivery is reported. Runs on
 * timers, never in a request's path; `stop()` cancels every timer and in-flight request.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { z } from 'zod';
import { objectNamed, objectOfEvent, type Registry } from '../../src/api/objects';
import type { SandboxClock } from '../clock';
import { RETENTION_MS, type EventRecord } from './log';
import { describeNetworkError } from './network-errors';
import type { Subscription, WebhookRegistry } from './webhooks';

const SECOND = 1000;
const MINUTE_MS = 60 * SECOND;
const HOUR = 3600 * SECOND;
export const PRODUCTION_DELAYS_MS = [
  5 * SECOND,
  5 * 60 * SECOND,
  30 * 60 * SECOND,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
];
export const COMPRESSED_DELAYS_MS = [20, 40, 80, 160, 320, 640];
export const ATTEMPT_TIMEOUT_MS = 10 * SECOND;
/**
 * At most this many requests in flight per subscription; further attempts wait their turn (a
 * burst of changes must not open a thousand connections to one receiver at once).
 */
export const MAX_IN_FLIGHT_PER_SUBSCRIPTION = 16;
/** Production delays vary by up to ±10% so that retries from many events do not align. */
const JITTER = 0.1;
/**
 * The delivery log's window: attempts are kept as long as events (30 days), and at most the last
 * this many per subscription. A deleted subscription keeps only its last entry, a tombstone (a 410
 * `gone` still explains why it went), until that ages out too.
 */
export const LOG_RETENTION_MS = RETENTION_MS;
export const MAX_LOG_ENTRIES_PER_SUBSCRIPTION = 1000;

/**
 * `superseded`: dropped before sending, because an event of the same record with a higher
 * version was already sent to this subscription, whatever its answer (a contract rule:
 * WEBHOOK_DELIVERY_RULES).
 */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'abandoned' | 'gone' | 'superseded';

export interface DeliveryLogEntry {
  webhook_id: string;
  event_id: string;
  event_type: string;
  url: string;
  /** 1-based. */
  attempt: number;
  status: number | null;
  error: string | null;
  outcome: DeliveryOutcome;
  at: string;
}

export interface AbandonedDelivery {
  subscription: Subscription;
  event: EventRecord;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

interface LoggedAttempt {
  /** Order of recording, across subscriptions. */
  sequence: number;
  atMs: number;
  entry: DeliveryLogEntry;
}

/** What the queue holds, for tests and the benchmark. */
export interface DeliveryBookkeeping {
  logEntries: number;
  /** Subscriptions with log entries (a deleted one's tombstone included). */
  loggedSubscriptions: number;
  /** Records with changes a subscription has not received, summed over subscriptions. */
  unreceivedRecords: number;
  /** Records sent at least once, summed over subscriptions. */
  sentRecords: number;
}

interface AttemptResult {
  status: number | null;
  error: string | null;
}

/** `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, key = the secret after `whsec_`. */
export function signDelivery(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

interface RecordVersion {
  /** The registry object's name: `location`. */
  kind: string;
  /** `location:loc_1` */
  key: string;
  version: number;
}

/** What one version changed: its `changed_fields`, or every field for a creation. */
const EVERY_FIELD = 'every field';
type Changes = readonly string[] | typeof EVERY_FIELD;
/** What the versions of a record a subscription has not received changed, together. */
type Unreceived = Set<string> | typeof EVERY_FIELD;

const changesOf = (event: EventRecord): Changes =>
  event.type.endsWith('.created') ? EVERY_FIELD : (event.changed_fields ?? []);

/**
 * The stored fields of an object's records, as `changed_fields` names them: the contract's create
 * fields, less the `*_ref` aliases (resolved into `*_id` before storing) and `custom_fields`.
 */
function storedFieldsOf(objects: Registry, kind: string): string[] {
  const create = objectNamed(kind, objects)?.schemas.create;
  const shape = create instanceof z.ZodObject ? create.shape : {};
  return Object.keys(shape).filter((key) => !key.endsWith('_ref') && key !== 'custom_fields');
}

/** The record of a record's event, `location:loc_1` and its version; undefined for `sync.error`. */
function recordOf(event: EventRecord, objects: Registry): RecordVersion | undefined {
  const object = objectOfEvent(event.type, objects);
  if (!object) return undefined;
  const id = event.data[object.idField];
  const version = event.data.version;
  if (typeof id !== 'string' || typeof version !== 'number') return undefined;
  return { kind: object.name, key: `${object.name}:${id}`, version };
}

function outcomeOf(result: AttemptResult, attempt: number, retries: number): DeliveryOutcome {
  if (result.status !== null && result.status >= 200 && result.status < 300) return 'delivered';
  if (result.status === 410) return 'gone';
  return attempt <= retries ? 'retrying' : 'abandoned';
}

export class DeliveryQueue {
  private delaysMs = [...PRODUCTION_DELAYS_MS];
  private jitter = true;
  /** The delivery log, per subscription, oldest first (see LOG_RETENTION_MS). */
  private logs = new Map<string, LoggedAttempt[]>();
  private logSequence = 0;
  /** When the whole log was last pruned by age. */
  private prunedAtMs = 0;
  /**
   * The highest version of each record sent, per subscription, whatever its answer: `whk → record
   * → version`. An older version is never sent after it.
   */
  private sent = new Map<string, Map<string, number>>();
  /**
   * Per subscription, what the versions of each record that it was sent without receiving them
   * (failed, abandoned) or that were superseded changed, accumulated in one set per record until a
   * version is delivered: `whk → record → changed fields` (EVERY_FIELD after a creation). One entry
   * per record however many versions: memory follows the records waiting, not the attempts. As a
   * subscription is never sent an older version after a newer one, every version counted here is
   * older than the next one sent, so the next delivery lists all of it and a 2xx clears it.
   */
  private unreceived = new Map<string, Map<string, Unreceived>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();
  /** Per subscription and record (`whk loc:loc_1`): the attempt under way. */
  private readonly sending = new Map<string, Promise<void>>();
  /** Per subscription: requests in flight, and the attempts waiting for a turn. */
  private readonly slots = new Map<string, { busy: number; waiting: (() => void)[] }>();
  /** Bumped by `cancelAll`, so that attempts already under way do not record or retry. */
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly webhooks: WebhookRegistry,
    /** The registry served: which events are about records, and their stored fields. */
    private readonly objects: Registry,
    private readonly onAbandoned: (delivery: AbandonedDelivery) => void,
    /** The keys of the custom fields defined for a kind of record (`billing_code`, …). */
    private readonly customFieldKeys: (kind: string) => readonly string[] = () => [],
  ) {
    webhooks.onDelete((webhookId) => this.forget(webhookId));
  }

  /**
   * A deleted subscription's bookkeeping (its pending retries find it gone and stop); of its log,
   * the last entry stays as a tombstone.
   */
  private forget(webhookId: string): void {
    this.unreceived.delete(webhookId);
    this.sent.delete(webhookId);
    const log = this.logs.get(webhookId);
    if (log && log.length > 1) log.splice(0, log.length - 1);
    const slot = this.slots.get(webhookId);
    if (slot && slot.busy === 0 && slot.waiting.length === 0) this.slots.delete(webhookId);
  }

  /** Queues the event for every subscription that listens to its type. */
  enqueue(event: EventRecord): void {
    for (const subscription of this.webhooks.subscribersOf(event.type)) {
      this.later(0, () => this.attempt(subscription.id, event, 1));
    }
  }

  setSchedule(delaysMs: number[], jitter: boolean): void {
    this.delaysMs = [...delaysMs];
    this.jitter = jitter;
  }

  schedule(): number[] {
    return [...this.delaysMs];
  }

  /** The delivery log within its window, in the order the attempts were recorded. */
  entries(): DeliveryLogEntry[] {
    this.pruneByAge();
    return [...this.logs.values()]
      .flat()
      .sort((a, b) => a.sequence - b.sequence)
      .map((logged) => logged.entry);
  }

  bookkeeping(): DeliveryBookkeeping {
    this.pruneByAge();
    const sum = (maps: Iterable<Map<string, unknown>>) =>
      [...maps].reduce((total, map) => total + map.size, 0);
    return {
      logEntries: [...this.logs.values()].reduce((total, log) => total + log.length, 0),
      loggedSubscriptions: this.logs.size,
      unreceivedRecords: sum(this.unreceived.values()),
      sentRecords: sum(this.sent.values()),
    };
  }

  /** Forgets every pending and running delivery and the log (used by reset). */
  cancelAll(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
    this.logs.clear();
    this.sent.clear();
    this.unreceived.clear();
    for (const slot of this.slots.values()) for (const wake of slot.waiting.splice(0)) wake();
  }

  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }

  private later(delayMs: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, delayMs);
    this.timers.add(timer);
  }

  private retryDelay(attempt: number): number {
    const base = this.delaysMs[attempt - 1] ?? 0;
    return this.jitter ? Math.round(base * (1 - JITTER + Math.random() * 2 * JITTER)) : base;
  }

  private async attempt(webhookId: string, event: EventRecord, attempt: number): Promise<void> {
    const generation = this.generation;
    const record = recordOf(event, this.objects);
    const finished = record && (await this.recordTurn(`${webhookId} ${record.key}`));
    try {
      const release = await this.turn(webhookId);
      try {
        if (generation === this.generation) await this.attemptNow(webhookId, event, attempt);
      } finally {
        release();
      }
    } finally {
      finished?.();
    }
  }

  /**
   * One attempt at a time per record and subscription: a newer version goes out once the outcome
   * of the one before it is known, so its `changed_fields` can say whether that one was received.
   */
  private async recordTurn(key: string): Promise<() => void> {
    for (let busy = this.sending.get(key); busy; busy = this.sending.get(key)) await busy;
    let finish!: () => void;
    const settled = new Promise<void>((resolve) => (finish = resolve));
    this.sending.set(key, settled);
    return () => {
      if (this.sending.get(key) === settled) this.sending.delete(key);
      finish();
    };
  }

  /** Waits for one of the subscription's MAX_IN_FLIGHT_PER_SUBSCRIPTION slots. */
  private async turn(webhookId: string): Promise<() => void> {
    const slot = this.slots.get(webhookId) ?? { busy: 0, waiting: [] };
    this.slots.set(webhookId, slot);
    if (slot.busy >= MAX_IN_FLIGHT_PER_SUBSCRIPTION) {
      await new Promise<void>((resolve) => slot.waiting.push(resolve));
    }
    slot.busy += 1;
    return () => {
      slot.busy -= 1;
      slot.waiting.shift()?.();
    };
  }

  private async attemptNow(webhookId: string, event: EventRecord, attempt: number): Promise<void> {
    const subscription = this.webhooks.get(webhookId);
    if (!subscription) return; // unsubscribed meanwhile
    const record = recordOf(event, this.objects);
    const newest = record && this.sent.get(webhookId)?.get(record.key);
    if (record && newest !== undefined && newest > record.version) {
      const error = `superseded: version ${newest} of this record was already sent`;
      this.record(subscription, event, attempt, { status: null, error }, 'superseded');
      // A retry's changes were noted when it failed, and the newer version carried them since.
      if (attempt === 1) this.noteUnreceived(webhookId, record, changesOf(event));
      return;
    }
    if (record) this.markSent(webhookId, record);
    const generation = this.generation;
    const result = await this.send(
      subscription,
      record ? this.asDelivered(webhookId, event, record) : event,
    );
    if (generation !== this.generation) return;
    const outcome = outcomeOf(result, attempt, this.delaysMs.length);
    this.record(subscription, event, attempt, result, outcome);
    // Deleted while the request was out: nothing more to remember, retry or report.
    if (!this.webhooks.get(webhookId)) return;
    if (record) {
      if (outcome === 'delivered') this.unreceivedOf(webhookId)?.delete(record.key);
      else this.noteUnreceived(webhookId, record, changesOf(event));
    }
    if (outcome === 'retrying') {
      this.later(this.retryDelay(attempt), () => this.attempt(webhookId, event, attempt + 1));
    } else if (outcome === 'gone') {
      this.webhooks.delete(webhookId);
    } else if (outcome === 'abandoned') {
      this.onAbandoned({ subscription, event, attempts: attempt, ...lastOf(result) });
    }
  }

  private record(
    subscription: Subscription,
    event: EventRecord,
    attempt: number,
    result: AttemptResult,
    outcome: DeliveryOutcome,
  ): void {
    const atMs = this.clock.nowMs();
    const entry: DeliveryLogEntry = {
      webhook_id: subscription.id,
      event_id: event.event_id,
      event_type: event.type,
      url: subscription.url,
      attempt,
      ...result,
      outcome,
      at: new Date(atMs).toISOString(),
    };
    const log = this.logs.get(subscription.id) ?? [];
    this.logs.set(subscription.id, log);
    log.push({ sequence: ++this.logSequence, atMs, entry });
    // A deleted subscription (an answer that came back after it went) keeps one entry.
    const keep = this.webhooks.get(subscription.id) ? MAX_LOG_ENTRIES_PER_SUBSCRIPTION : 1;
    if (log.length > keep) log.splice(0, log.length - keep);
    if (atMs - this.prunedAtMs > MINUTE_MS) this.pruneByAge();
  }

  /** Drops every entry older than LOG_RETENTION_MS, and the subscriptions left with none. */
  private pruneByAge(): void {
    const nowMs = this.clock.nowMs();
    this.prunedAtMs = nowMs;
    const oldest = nowMs - LOG_RETENTION_MS;
    for (const [webhookId, log] of this.logs) {
      let expired = 0;
      while (expired < log.length && log[expired]!.atMs < oldest) expired++;
      if (expired === log.length) this.logs.delete(webhookId);
      else if (expired > 0) log.splice(0, expired);
    }
  }

  /** Every field of a kind of record, the custom fields defined for it included. */
  private everyFieldOf(kind: string): string[] {
    const custom = this.customFieldKeys(kind).map((key) => `custom_fields.${key}`);
    return [...storedFieldsOf(this.objects, kind), ...custom];
  }

  /**
   * Once a version is on its way, whatever the answer (a receiver can run a delivery and still
   * answer 500, or time out), no older one follows it: the older retries are superseded, and this
   * version's retries carry their changes.
   */
  private markSent(webhookId: string, record: RecordVersion): void {
    const versions = this.sent.get(webhookId) ?? new Map<string, number>();
    versions.set(record.key, Math.max(record.version, versions.get(record.key) ?? 0));
    this.sent.set(webhookId, versions);
  }

  private unreceivedOf(webhookId: string): Map<string, Unreceived> | undefined {
    return this.unreceived.get(webhookId);
  }

  private noteUnreceived(webhookId: string, record: RecordVersion, changes: Changes): void {
    const records = this.unreceived.get(webhookId) ?? new Map<string, Unreceived>();
    this.unreceived.set(webhookId, records);
    const known = records.get(record.key);
    if (known === EVERY_FIELD) return;
    if (changes === EVERY_FIELD) {
      records.set(record.key, EVERY_FIELD);
      return;
    }
    const fields = known ?? new Set<string>();
    for (const field of changes) fields.add(field);
    records.set(record.key, fields);
  }

  /**
   * An update as this subscription receives it: its `changed_fields` also list what the earlier
   * versions it has not received (failed, abandoned, superseded, or waiting for a retry) changed (a contract
   * rule: WEBHOOK_DELIVERY_RULES), so a change in a version that fails, or that a newer one
   * supersedes, still reaches a receiver that filters on the field. After a creation it never
   * received, every field is new to it.
   */
  private asDelivered(webhookId: string, event: EventRecord, record: RecordVersion): EventRecord {
    if (!event.changed_fields) return event;
    const pending = this.unreceivedOf(webhookId)?.get(record.key);
    if (!pending) return event;
    const fields = new Set(event.changed_fields);
    const changed = pending === EVERY_FIELD ? this.everyFieldOf(record.kind) : pending;
    for (const field of changed) fields.add(field);
    return fields.size === event.changed_fields.length
      ? event
      : { ...event, changed_fields: [...fields] };
  }

  /** One signed POST; resolves (never rejects) with the status or the network error. */
  private send(subscription: Subscription, event: EventRecord): Promise<AttemptResult> {
    const body = JSON.stringify(event);
    // Wall-clock seconds: receivers check the timestamp against their own clock.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Snapshots-Sandbox-Webhooks/1',
      'webhook-id': event.event_id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signDelivery(subscription.secret, event.event_id, timestamp, body),
    };
    return new Promise((resolve) => {
      const url = new URL(subscription.url);
      const transport = url.protocol === 'https:' ? https : http;
      // No keep-alive agent: nothing lingers to hold a test's receiver or process open. One options
      // object (not `request(url, options)`): zapier-platform-core's logging patch of `http`, active
      // when the sandbox runs in the same process as the app (tests, npm start), reads only that form.
      const request = transport.request({
        ...urlToHttpOptions(url),
        method: 'POST',
        headers,
        agent: false,
      });
      const settle = (result: AttemptResult) => {
        this.inFlight.delete(request);
        resolve(result);
      };
      request.setTimeout(ATTEMPT_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.on('response', (response) => {
        response.resume();
        settle({ status: response.statusCode ?? null, error: null });
      });
      request.on('error', (error) => settle({ status: null, error: describeNetworkError(error) }));
      this.inFlight.add(request);
      request.end(body);
    });
  }
}

const lastOf = (result: AttemptResult) => ({ lastStatus: result.status, lastError: result.error });

/** The change log: every change emits exactly one event; `GET /v1/events` reads it. */
import type { FastifyInstance } from 'fastify';
import { eventListQueryFor } from '../../src/api/schemas';
import { objectOfEvent, recordEventTypesOf, type Registry } from '../../src/api/objects';
import { callerOf, requireEventScopes, scopesToRead } from '../oauth/access';
import { type SandboxClock, DAY_MS } from '../clock';
import { type CursorCodec, takePage } from '../records/cursor';
import { randomId } from '../ids';
import type { JsonObject } from '../json';
import { SequencedLog } from '../records/store';

export const RETENTION_MS = 30 * DAY_MS;

export interface EventRecord {
  event_id: string;
  sequence: number;
  /** `location.created`, …, `sync.error`: the registry's record events, and sync errors. */
  type: string;
  occurred_at: string;
  /** On `*.updated` events: what changed (src/api/schemas/events.ts, `ChangedFields`). */
  changed_fields?: string[];
  /** On record events as sent or read, never stored: `CustomFieldKeys` (withCustomFieldKeys). */
  custom_field_keys?: string[];
  data: JsonObject;
}

/** The keys of the custom fields defined for an object now (`billing_code`, …). */
export type CustomFieldKeysOf = (object: string) => readonly string[];

/**
 * A record's event as it is sent or read: with the custom fields its object has at that moment,
 * so a receiver filtering on one can tell it was deleted (src/api/schemas/events.ts).
 */
export function withCustomFieldKeys(
  event: EventRecord,
  objects: Registry,
  keysOf: CustomFieldKeysOf,
): EventRecord {
  const object = objectOfEvent(event.type, objects);
  return object ? { ...event, custom_field_keys: [...keysOf(object.name)] } : event;
}

interface LoggedEvent {
  sequence: number;
  atMs: number;
  event: EventRecord;
}

type EventListener = (event: EventRecord) => void;

export class EventLog {
  private readonly log: SequencedLog<LoggedEvent>;
  private readonly listeners: EventListener[] = [];
  private nextSequence = 1;

  constructor(private readonly clock: SandboxClock) {
    this.log = new SequencedLog(RETENTION_MS, () => clock.nowMs());
  }

  /** Sequences restart at 1, so a re-seeded sandbox has the same events every time. */
  clear(): void {
    this.log.clear();
    this.nextSequence = 1;
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  emit(
    type: string,
    data: JsonObject,
    {
      eventId = randomId('evt'),
      changedFields,
    }: { eventId?: string; changedFields?: string[] } = {},
  ): EventRecord {
    const atMs = this.clock.nowMs();
    const event: EventRecord = {
      event_id: eventId,
      sequence: this.nextSequence++,
      type,
      occurred_at: new Date(atMs).toISOString(),
      ...(changedFields ? { changed_fields: changedFields } : {}),
      data,
    };
    this.log.append({ sequence: event.sequence, atMs, event });
    for (const listener of this.listeners) listener(event);
    return event;
  }

  *scan(order: 'asc' | 'desc', after?: number, before?: number): Generator<EventRecord> {
    for (const entry of this.log.scan(order, after, before)) yield entry.event;
  }
}

/** Types listed explicitly need their read scopes; otherwise the types the token may read. */
function visibleTypes(
  objects: Registry,
  scopes: ReadonlySet<string>,
  requested?: string[],
): Set<string> {
  if (requested) return new Set(requested);
  return new Set(
    [...recordEventTypesOf(objects), 'sync.error'].filter((type) =>
      scopesToRead(type, objects).every((scope) => scopes.has(scope)),
    ),
  );
}

export function registerEventRoutes(
  app: FastifyInstance,
  deps: {
    events: EventLog;
    cursors: CursorCodec;
    objects: Registry;
    customFields: { list(object: string): { key: string }[] };
  },
): void {
  const eventListQuery = eventListQueryFor(deps.objects);
  app.get('/v1/events', (request) => {
    const auth = callerOf(request);
    const { query, position, cursorAfter } = deps.cursors.resolve(
      'events',
      eventListQuery,
      request.query,
    );
    for (const type of query.types ?? []) requireEventScopes(auth, type, deps.objects);
    const visible = visibleTypes(deps.objects, auth.scopes, query.types);
    const after = query.after_sequence ?? 0;
    const last = typeof position === 'number' ? position : undefined;
    const events =
      query.order === 'asc'
        ? deps.events.scan('asc', Math.max(after, last ?? 0))
        : deps.events.scan('desc', after, last);
    const { page, hasMore } = takePage(events, (event) => visible.has(event.type), query.limit);
    const tail = page.at(-1);
    const keysOf = (object: string) => deps.customFields.list(object).map(({ key }) => key);
    return {
      data: page.map((event) => withCustomFieldKeys(event, deps.objects, keysOf)),
      next_cursor: hasMore && tail ? cursorAfter(tail.sequence) : null,
    };
  });
}

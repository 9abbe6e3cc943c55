/** The change log: every change emits exactly one event; `GET /v1/events` reads it. */
import type { FastifyInstance } from 'fastify';
import { eventListQueryFor } from '../../src/api/schemas';
import { recordEventTypesOf, type Registry } from '../../src/api/objects';
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
  data: JsonObject;
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
  deps: { events: EventLog; cursors: CursorCodec; objects: Registry },
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
    return { data: page, next_cursor: hasMore && tail ? cursorAfter(tail.sequence) : null };
  });
}

/**
 * The sync-error log: rejected writes and abandoned webhook deliveries. Each entry is also
 * emitted as a `sync.error` event. Listed newest first, kept as long as events (30 days).
 */
import type { FastifyInstance } from 'fastify';
import { SyncErrorListQuery, type SyncError } from '../../src/api/schemas';
import { callerOf } from '../oauth/access';
import type { SandboxClock } from '../clock';
import { type CursorCodec, takePage } from '../records/cursor';
import { type EventLog, RETENTION_MS } from './log';
import { randomId } from '../ids';
import { toJsonObject } from '../json';
import { SequencedLog } from '../records/store';

/** A sync error as stored: about a record of the registry served (`matter`), or a webhook. */
type StoredSyncError = Omit<SyncError, 'resource'> & {
  resource: { type: string; id: string | null } | null;
};
export type SyncErrorInput = Pick<StoredSyncError, 'code' | 'message' | 'resource' | 'details'>;

interface LoggedError {
  sequence: number;
  atMs: number;
  error: StoredSyncError;
}

export class SyncErrorLog {
  private readonly log: SequencedLog<LoggedError>;
  private nextSequence = 1;

  constructor(
    private readonly clock: SandboxClock,
    private readonly events: EventLog,
  ) {
    this.log = new SequencedLog(RETENTION_MS, () => clock.nowMs());
  }

  clear(): void {
    this.log.clear();
    this.nextSequence = 1;
  }

  /** `ids` are fixed only by the seed (the same demo data after every reset). */
  record(input: SyncErrorInput, ids: { errorId?: string; eventId?: string } = {}): StoredSyncError {
    const atMs = this.clock.nowMs();
    const error: StoredSyncError = {
      error_id: ids.errorId ?? randomId('err'),
      occurred_at: new Date(atMs).toISOString(),
      ...input,
    };
    this.log.append({ sequence: this.nextSequence++, atMs, error });
    this.events.emit('sync.error', toJsonObject(error), { eventId: ids.eventId });
    return error;
  }

  /** Newest first, strictly before `before` (a log sequence), no older than `since`. */
  *newestFirst(before?: number, since?: string): Generator<LoggedError> {
    for (const entry of this.log.scan('desc', 0, before)) {
      if (since !== undefined && entry.error.occurred_at < since) return;
      yield entry;
    }
  }
}

export function registerSyncErrorRoutes(
  app: FastifyInstance,
  deps: { syncErrors: SyncErrorLog; cursors: CursorCodec },
): void {
  app.get('/v1/sync-errors', (request) => {
    callerOf(request);
    const { query, position, cursorAfter } = deps.cursors.resolve(
      'sync-errors',
      SyncErrorListQuery,
      request.query,
    );
    const before = typeof position === 'number' ? position : undefined;
    const entries = deps.syncErrors.newestFirst(before, query.created_since);
    const { page, hasMore } = takePage(entries, () => true, query.limit);
    const tail = page.at(-1);
    return {
      data: page.map((entry) => entry.error),
      next_cursor: hasMore && tail ? cursorAfter(tail.sequence) : null,
    };
  });
}

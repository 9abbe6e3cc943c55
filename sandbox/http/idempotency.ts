/**
 * `Idempotency-Key` on POST: the first successful response to a key is kept for 24 hours (sandbox
 * clock) and replayed to retries with the same request (a refusal releases the key); a different request under the same key is a 422 and
 * a retry while the first is still running is a 409. Keys are scoped per account and OAuth client
 * (as Stripe scopes them per account), so a retry after the user reconnected (a new grant) is
 * still a replay; a replay needs the scopes the first request was checked for.
 */
import { type SandboxClock, DAY_MS } from '../clock';
import { conflict, invalidParameter, unprocessable } from './problems';

export const MAX_KEY_LENGTH = 255;
const KEY_LIFETIME_MS = DAY_MS;

/** What is replayed: status, the headers that describe the result, and the exact body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The scopes the first request was checked for: a replay needs them too. */
  /** The scopes the first request was checked for. */
  scopes: readonly string[];
}

interface Entry {
  fingerprint: string;
  createdAtMs: number;
  /** Undefined while the first request is still being handled. */
  response?: StoredResponse;
}

export function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw invalidParameter('Idempotency-Key', `must be 1-${MAX_KEY_LENGTH} characters`);
  }
}

export class IdempotencyStore {
  // A Map iterates in insertion order, which is creation order: expired keys are at the front.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: SandboxClock) {}

  clear(): void {
    this.entries.clear();
  }

  /**
   * Registers `key` as in flight, or returns the response to replay. `fingerprint` identifies the
   * request (method, path and canonical body).
   */
  begin(scope: string, key: string, fingerprint: string): StoredResponse | undefined {
    this.forgetExpired();
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) {
      this.entries.set(id, { fingerprint, createdAtMs: this.clock.nowMs() });
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      throw unprocessable(
        'This Idempotency-Key was already used with a different request.',
        [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
        'idempotency-key-reused',
      );
    }
    if (!entry.response) {
      throw conflict(
        'idempotency-request-in-progress',
        'A request with this Idempotency-Key is still being processed; retry later.',
        [{ field: 'Idempotency-Key', message: 'is in use by a request still in progress' }],
      );
    }
    return entry.response;
  }

  complete(scope: string, key: string, response: StoredResponse): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry && !entry.response) entry.response = response;
  }

  /** Forgets an in-flight key whose request failed on our side, so a retry runs again. */
  release(scope: string, key: string): void {
    const id = `${scope}\u0000${key}`;
    if (this.entries.get(id)?.response === undefined) this.entries.delete(id);
  }

  private forgetExpired(): void {
    const oldest = this.clock.nowMs() - KEY_LIFETIME_MS;
    for (const [id, entry] of this.entries) {
      if (entry.createdAtMs > oldest) break;
      this.entries.delete(id);
    }
  }
}

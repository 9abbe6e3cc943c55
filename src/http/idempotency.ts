/**
 * Idempotency keys for POSTs. Zapier runs a step again after a timeout, a server error or a lost
 * connection (see ./errors: those are ThrottledErrors); a POST that reached Snapshots the first
 * time would then create a twin. With the same key, Snapshots replays the first answer instead.
 */
import { createHash } from 'node:crypto';

/**
 * A key derived from what the step sends (the operation and its input), so a retry of the same
 * step carries the same key. Within Snapshots' 24-hour window, two runs with identical input are
 * treated as one: for a Zap, a retry is far likelier than a deliberate identical twin.
 */
export function idempotencyKeyFor(operation: string, input: unknown): string {
  const digest = createHash('sha256')
    .update(canonicalJson([operation, input]))
    .digest('base64url');
  return `zap_${digest}`;
}

/** JSON with object keys sorted, so key order never changes the key. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

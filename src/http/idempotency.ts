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

/**
 * JSON with object keys sorted by UTF-16 code unit (as RFC 8785 does), so key order never changes
 * the key. Not `localeCompare`: its order depends on the runtime's locale (`sv-SE` sorts `ä`
 * after `z`) and treats canonically equivalent keys (`é` and `e` + U+0301) as equal.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJson(item ?? null)).join(',')}]`;
  }
  if (value && typeof value === 'object' && !('toJSON' in value)) {
    // Built by hand: an object would put integer-like keys ("2", "10") first whatever the sort.
    const members = Object.entries(value)
      .filter(([, inner]) => inner !== undefined && typeof inner !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

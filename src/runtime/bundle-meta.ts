/** What Zapier asks of a listing in `bundle.meta`, read once for every trigger. */
import type { Bundle } from 'zapier-platform-core';

const positiveInteger = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;

/**
 * `bundle.meta.limit` (`zapier-platform invoke --limit`, a sample): at most that many items, when
 * Zapier sets a usable one. Some callers pass no `meta` at all.
 */
export function requestedLimit(bundle: Bundle): number | undefined {
  const meta = bundle.meta as Partial<Bundle['meta']> | undefined;
  return positiveInteger(meta?.limit);
}

/** Zapier's page number (0 first); absent (or no `meta` at all) means the first page. */
export function requestedPage(bundle: Bundle): number {
  const meta = bundle.meta as Partial<Bundle['meta']> | undefined;
  return positiveInteger(meta?.page) ?? 0;
}

/**
 * Numbered pages (Zapier's `bundle.meta.page`: 0, 1, 2, … as the user clicks "Load more") over a
 * cursor-paginated Snapshots list, at one request per page.
 *
 * Page N can only be fetched with the cursor that page N−1 returned. So every fetched page
 * remembers where the next one starts, in `z.cache` under the connection and the page number
 * (see ./connection-cache): "Load more" then reads one cache entry and makes one request. When
 * the entry is gone (it lives an hour, or the cache was cleared), the pages before it are walked
 * again from the first, remembering each start on the way; that costs one request per page
 * walked and is bounded by `MAX_PAGES_TO_WALK` and, in time, by `WALK_BUDGET_MS`. A list that ended is remembered too, so asking
 * past its end costs no request at all.
 *
 * Why not `z.cursor` for a dropdown: it holds a single value per Zap, so any page overwrites the
 * start of every other, and a repeated or out-of-order request for page N would get another page's
 * items; per-page entries do not have that problem. (Core's app tester also leaves `z.cursor`
 * unmocked.) A Transfer (`fetchTransferPage`) is the other way round: Zapier asks its pages strictly
 * in order and keeps `z.cursor` per run, so there the cursor is the position, and nothing else is.
 */
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { Cursor } from '../api/schemas';
import { fieldsRejected, halted } from '../http/errors';
import { connectionCache } from './connection-cache';

/** One page as every Snapshots list returns it. */
export interface CursorPage<T> {
  data: T[];
  next_cursor: string | null;
}

/** Where a page starts: after a cursor, or past the end of the list. */
const PageStart = zod.union([
  zod.strictObject({ cursor: Cursor }),
  zod.strictObject({ end: zod.literal(true) }),
]);
type PageStart = zod.infer<typeof PageStart>;

/** About as long as Zapier keeps its own paging cursors. */
export const PAGE_START_TTL_SECONDS = 60 * 60;

/** A miss for a later page than this is not walked (at most this many extra requests). */
export const MAX_PAGES_TO_WALK = 20;

/**
 * Zapier gives a dropdown 30 s. No further page is requested once this much has passed since
 * the walk began, leaving time for one more request (its timeout is 12 s) and Zapier's overhead.
 */
export const WALK_BUDGET_MS = 15_000;

export interface PagedList<T> {
  /** Names the list and everything that shapes its pages (sort, page size); the cache key's stem. */
  list: string;
  /** Fetches the page that starts at `cursor` (the first page without one). */
  fetch: (cursor: string | undefined) => Promise<CursorPage<T>>;
}

/** The items of page `page` (0-based). */
export async function fetchNumberedPage<T>(
  z: ZObject,
  { list, fetch }: PagedList<T>,
  page: number,
): Promise<T[]> {
  const began = Date.now();
  const starts = connectionCache(z, PageStart);
  const keyOf = (n: number) => `${list}:page:${n}`;

  /** Fetches page n and remembers where page n+1 starts. */
  const fetchPage = async (n: number, cursor: string | undefined): Promise<CursorPage<T>> => {
    const result = await fetch(cursor);
    const next: PageStart =
      result.next_cursor === null ? { end: true } : { cursor: result.next_cursor };
    await starts.set(keyOf(n + 1), next, PAGE_START_TTL_SECONDS);
    return result;
  };

  if (page === 0) return (await fetchPage(0, undefined)).data;

  const start = await starts.get(keyOf(page));
  if (start && 'end' in start) return [];
  if (start) {
    try {
      return (await fetchPage(page, start.cursor)).data;
    } catch (error) {
      // A remembered cursor Snapshots no longer accepts (its server restarted, say): walk again.
      if (!fieldsRejected(error).includes('cursor')) throw error;
    }
  }

  if (page > MAX_PAGES_TO_WALK) throw pageExpiredError();
  let cursor: string | undefined;
  for (let n = 0; n < page; n++) {
    if (Date.now() - began > WALK_BUDGET_MS) throw walkTooSlowError();
    const walked = await fetchPage(n, cursor);
    if (walked.next_cursor === null) return [];
    cursor = walked.next_cursor;
  }
  if (Date.now() - began > WALK_BUDGET_MS) throw walkTooSlowError();
  return (await fetchPage(page, cursor)).data;
}

/** Stopped before Zapier's time limit would cut the dropdown off without a word. */
function walkTooSlowError(): Error {
  return halted(
    'Snapshots answered too slowly to load this far into the list in time. Close the dropdown and open it again.',
  );
}

function pageExpiredError(): Error {
  return halted(
    'This list was opened too long ago to load more of it. Close the dropdown and open it again.',
  );
}

/**
 * Page `page` of a Transfer (Zapier's bulk read: pages 0, 1, 2, … until one is empty), at one
 * request a page and none past the end. Page 0 starts the list afresh and never reads the cursor
 * (a previous run's may still be stored); every page stores where the next one starts with
 * `z.cursor.set`, and the last stores '' as Zapier asks.
 */
export async function fetchTransferPage<T>(
  z: ZObject,
  page: number,
  fetch: (cursor: string | undefined) => Promise<CursorPage<T>>,
): Promise<T[]> {
  let cursor: string | undefined;
  if (page > 0) {
    cursor = (await z.cursor.get()) || undefined;
    if (cursor === undefined) return [];
  }
  let result: CursorPage<T>;
  try {
    result = await fetch(cursor);
  } catch (error) {
    if (cursor !== undefined && fieldsRejected(error).includes('cursor')) throw transferLostError();
    throw error;
  }
  await z.cursor.set(result.next_cursor ?? '');
  return result.data;
}

/** Snapshots no longer knows where the run stopped (its cursor expired, or the server restarted). */
function transferLostError(): Error {
  return halted(
    'Snapshots no longer recognises where this transfer stopped. Start the transfer again; records already sent keep their IDs, so you can skip them.',
  );
}

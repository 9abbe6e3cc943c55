/**
 * The hidden polling triggers behind dynamic dropdowns, written once. A domain supplies its key,
 * its noun, how to list one page and how to turn a record into a choice; this module does the
 * rest: newest first (`sort=-last_updated`), Zapier's "Load more" paging (`canPaginate`,
 * `bundle.meta.page`) over Snapshots' cursors at one request per page (./cursor-pages), and the
 * Zapier definition itself.
 */
import type { Bundle, PollingTriggerPerform, Trigger, ZObject } from 'zapier-platform-core';
import { createApiClient, type ApiClient } from '../http/client';
import type { DropdownTriggerKey } from '../keys';
import { tryAgainIn, withoutZapierRetry } from '../http/errors';
import { fetchNumberedPage, type CursorPage } from '../runtime/cursor-pages';

/** The most Snapshots returns per request: the fewest requests for a long list. */
export const DROPDOWN_PAGE_SIZE = 100;
/** Recently changed records first: what a user is most likely looking for. */
export const DROPDOWN_SORT = '-last_updated';

/** What every choice carries: the value Zapier stores (the Snapshots id) and the text shown. */
export interface Choice {
  id: string;
  label: string;
}

/** What the list request of every collection accepts here. */
export interface DropdownQuery {
  sort: typeof DROPDOWN_SORT;
  limit: number;
  cursor?: string;
}

/** What a choice may depend on besides its record. */
export interface ChoiceContext {
  /** The user's time zone (`bundle.meta.timezone`), for dates in labels. */
  timeZone: string | null;
}

export interface DropdownTriggerConfig<K extends DropdownTriggerKey, R, C extends Choice> {
  key: K;
  /** Singular, as Zapier shows it: `Location`. */
  noun: string;
  /** `Locations`. */
  plural: string;
  /** Lists one page of the collection. */
  list: (api: ApiClient, query: DropdownQuery) => Promise<CursorPage<R>>;
  toChoice: (record: R, context: ChoiceContext) => C;
}

export function defineDropdownTrigger<K extends DropdownTriggerKey, R, C extends Choice>(
  config: DropdownTriggerConfig<K, R, C>,
) {
  const perform = (async (z: ZObject, bundle: Bundle) => {
    const api = createApiClient(z);
    const records = await fetchNumberedPage(
      z,
      {
        // Everything that shapes the pages is in the key, so a change of either starts afresh.
        list: `${config.key}:${DROPDOWN_SORT}:${DROPDOWN_PAGE_SIZE}`,
        fetch: (cursor) =>
          config.list(api, {
            sort: DROPDOWN_SORT,
            limit: DROPDOWN_PAGE_SIZE,
            ...(cursor === undefined ? {} : { cursor }),
          }),
      },
      pageOf(bundle),
    ).catch((error: unknown) => {
      // Zapier does not retry a dropdown: the user opens it again.
      throw withoutZapierRetry(error, tryAgainIn);
    });
    const context: ChoiceContext = { timeZone: bundle.meta.timezone ?? null };
    return records.slice(0, limitOf(bundle)).map((record) => config.toChoice(record, context));
  }) satisfies PollingTriggerPerform<Record<string, unknown>, C>;

  return {
    key: config.key,
    noun: config.noun,
    display: {
      label: `List ${config.plural}`,
      description: `Lists ${config.plural.toLowerCase()}, most recently changed first, to pick one from a dropdown.`,
      hidden: true,
    },
    operation: { type: 'polling', canPaginate: true, perform },
  } satisfies Trigger<K>;
}

/**
 * `bundle.meta.limit` (`zapier-platform invoke --limit`, a sample): at most that many choices.
 * The page size stays the same, so the pages "Load more" walks do not shift.
 */
function limitOf(bundle: Bundle): number | undefined {
  const limit: unknown = bundle.meta.limit;
  return typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}

/** Zapier's page number (0 first); absent outside a dropdown, which means the first page. */
function pageOf(bundle: Bundle): number {
  const page: unknown = bundle.meta.page;
  return typeof page === 'number' && Number.isSafeInteger(page) && page > 0 ? page : 0;
}

/**
 * The hidden polling triggers behind dynamic dropdowns, written once. An object's kind supplies
 * its nouns; each dropdown adds its key, how to list one page and how to turn a record into a
 * choice; this module does the rest: newest first (`sort=-last_updated`), Zapier's "Load more"
 * paging (`canPaginate`, `bundle.meta.page`) over Snapshots' cursors at one request per page
 * (../runtime/cursor-pages), and the Zapier definition itself.
 */
import type { Bundle, PollingTriggerPerform, Trigger, ZObject } from 'zapier-platform-core';
import { createApiClient, type ApiClient } from '../http/client';
import type { DropdownTriggerKey } from '../keys';
import { tryAgainIn, withoutZapierRetry } from '../http/errors';
import { requestedLimit, requestedPage } from '../runtime/bundle-meta';
import { fetchNumberedPage, type CursorPage } from '../runtime/cursor-pages';
import type { RecordKind } from './object-kind';

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
  /** Lists one page of the collection. */
  list: (api: ApiClient, query: DropdownQuery) => Promise<CursorPage<R>>;
  toChoice: (record: R, context: ChoiceContext) => C;
}

export function defineDropdownTrigger<K extends DropdownTriggerKey, R, C extends Choice>(
  { noun, plural }: Pick<RecordKind<never>, 'noun' | 'plural'>,
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
      requestedPage(bundle),
    ).catch((error: unknown) => {
      // Zapier does not retry a dropdown: the user opens it again.
      throw withoutZapierRetry(error, tryAgainIn);
    });
    const context: ChoiceContext = { timeZone: bundle.meta.timezone ?? null };
    // The page size stays the same whatever the limit, so the pages "Load more" walks do not shift.
    return records
      .slice(0, requestedLimit(bundle))
      .map((record) => config.toChoice(record, context));
  }) satisfies PollingTriggerPerform<Record<string, unknown>, C>;

  return {
    key: config.key,
    noun,
    display: {
      label: `List ${plural}`,
      description: `Lists ${plural.toLowerCase()}, most recently changed first, to pick one from a dropdown.`,
      hidden: true,
    },
    operation: { type: 'polling', canPaginate: true, perform },
  } satisfies Trigger<K>;
}

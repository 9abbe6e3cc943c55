/**
 * "New Sync Error": polls Snapshots' sync-error log (`GET /v1/sync-errors`), newest first.
 * A sync error is Snapshots' record of something that did not go through: a write it rejected
 * (invalid data, an unknown record, an outdated version) or a webhook delivery it gave up on
 * after every retry. A Zap on this trigger is how a team hears about those.
 */
import type { Bundle, PollingTriggerPerform, Trigger, ZObject } from 'zapier-platform-core';
import type { Read, SyncError } from '../api/schemas';
import { createApiClient } from '../http/client';
import { SYNC_ERROR_NEW } from '../keys';
import {
  syncErrorOutputFields,
  toSyncErrorOutput,
  type SyncErrorOutput,
} from './sync-error.output';
import { syncErrorSample } from './sync-error.sample';

/** The most Snapshots returns per request, and all a poll needs: Zapier dedupes by `id`. */
export const SYNC_ERROR_POLL_SIZE = 100;

const perform = (async (z: ZObject, bundle: Bundle): Promise<SyncErrorOutput[]> => {
  const page = await createApiClient(z).syncErrors.list({ limit: pollSize(bundle) });
  return newestFirst(page.data).map(toSyncErrorOutput);
}) satisfies PollingTriggerPerform<Record<string, unknown>, SyncErrorOutput>;

/**
 * Zapier's `bundle.meta.limit` when it sets one (a sample, say, needs only a few); -1 or none
 * means no limit, which is one full page: the newest errors are what a poll is about.
 */
function pollSize(bundle: Bundle): number {
  const limit: unknown = bundle.meta.limit;
  return typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0
    ? Math.min(limit, SYNC_ERROR_POLL_SIZE)
    : SYNC_ERROR_POLL_SIZE;
}

/**
 * Zapier's dedupe expects the newest item first. Snapshots lists the log newest first already;
 * ordering by `occurred_at` again (a stable sort, so ties keep the API's order) makes that hold
 * whatever the server does.
 */
function newestFirst(errors: readonly Read<SyncError>[]): Read<SyncError>[] {
  return [...errors].sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at));
}

export const syncErrorNew = {
  key: SYNC_ERROR_NEW,
  noun: 'Sync Error',
  display: {
    label: 'New Sync Error',
    description:
      'Triggers when Snapshots logs a sync error: a write it rejected (for example invalid data, ' +
      'an unknown record or an outdated version) or a webhook delivery it gave up on after every ' +
      'retry. Use it to be told when a delivery or a write failed.',
  },
  operation: {
    type: 'polling',
    perform,
    sample: syncErrorSample,
    outputFields: syncErrorOutputFields,
  },
} satisfies Trigger<typeof SYNC_ERROR_NEW>;

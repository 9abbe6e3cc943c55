/**
 * "New Sync Error": an instant trigger on Snapshots' `sync.error` events. A sync error is
 * Snapshots' record of something that did not go through: a write it rejected (invalid data, an
 * unknown record, an outdated version) or a webhook delivery it gave up on after every retry. Its
 * performList reads the sync-error log itself (`GET /v1/sync-errors`), newest first.
 */
import { SyncError, type Read } from '../api/schemas';
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_SYNC_ERROR } from '../keys';
import { syncErrorOutputFields, toSyncErrorOutput } from './sync-error';
import { syncErrorSample } from './sync-error.sample';

export const newSyncError = defineHookTrigger({
  key: NEW_SYNC_ERROR,
  noun: 'Sync Error',
  label: 'New Sync Error',
  description:
    'Triggers when Snapshots logs a sync error: a write it rejected (for example invalid data, ' +
    'an unknown record or an outdated version) or a webhook delivery it gave up on after every ' +
    'retry. Use it to be told when a delivery or a write failed.',
  events: ['sync.error'],
  record: SyncError,
  // A sync error is its own record: it has one event and no versions.
  toOutput: (error: Read<SyncError>) => toSyncErrorOutput(error),
  sample: syncErrorSample,
  outputFields: syncErrorOutputFields,
  list: async (api, limit) =>
    newestFirst((await api.syncErrors.list({ limit })).data).map(toSyncErrorOutput),
});

/**
 * Snapshots lists the log newest first already; ordering by `occurred_at` again (a stable sort,
 * so ties keep the API's order) makes that hold whatever the server does.
 */
function newestFirst(errors: readonly Read<SyncError>[]): Read<SyncError>[] {
  return [...errors].sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at));
}

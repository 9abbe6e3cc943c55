/**
 * "New Sync Error": an instant trigger on Snapshots' `sync.error` events (see ./sync-error). Its
 * performList reads the sync-error log itself (`GET /v1/sync-errors`), newest first.
 */
import type { Read, SyncError } from '../api/schemas';
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_SYNC_ERROR } from './sync-error.keys';
import { syncErrorKind, toSyncErrorOutput } from './sync-error';

export const newSyncError = defineHookTrigger(syncErrorKind, {
  key: NEW_SYNC_ERROR,
  label: 'New Sync Error',
  description:
    'Triggers when a write is rejected or a delivery fails after every retry, so your team can be alerted by email or Slack.',
  events: ['sync.error'],
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

/** Every sync error operation, as the app registers them (one line in ../app.ts). */
import type { ObjectOperations } from '../builders/operations';
import { newSyncError } from './new-sync-error.trigger';

export const syncErrorOperations = {
  triggers: [newSyncError],
  creates: [],
  searches: [],
  searchOrCreates: [],
} as const satisfies ObjectOperations;

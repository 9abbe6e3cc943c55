/**
 * What the sync-error trigger returns for each error: the API's `SyncError` with `id` (Zapier's
 * dedupe key) and `resource` flattened into `resource_type` / `resource_id`, so every field maps
 * directly. Derived from the contract's schema, so a field added there appears here (and the
 * compiler asks for its label below).
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { z } from 'zod';
import { SyncError, SyncErrorId, SyncErrorResourceType, type Read } from '../api/schemas';

export const SyncErrorOutput = SyncError.omit({ resource: true }).extend({
  id: SyncErrorId,
  resource_type: SyncErrorResourceType.nullable(),
  resource_id: z.string().nullable(),
});
/** As read: a resource type newer than this integration passes through (see ../api/schemas/lenient). */
export type SyncErrorOutput = Read<z.infer<typeof SyncErrorOutput>>;

/** The one mapper: the sample and every poll go through it. */
export function toSyncErrorOutput({ resource, ...error }: Read<SyncError>): SyncErrorOutput {
  return {
    id: error.error_id,
    ...error,
    resource_type: resource?.type ?? null,
    resource_id: resource?.id ?? null,
  };
}

/**
 * Labels for every field but `details`: its keys depend on the kind of error and the contract
 * fixes none, so Zapier lists them from the data it sees (`Details Status`, `Details Url`, …).
 */
const FIELDS: Record<Exclude<keyof SyncErrorOutput, 'details'>, Omit<PlainOutputField, 'key'>> = {
  id: { label: 'ID', type: 'string' },
  error_id: { label: 'Sync Error ID', type: 'string' },
  occurred_at: { label: 'Occurred At', type: 'datetime' },
  code: { label: 'Error Code', type: 'string' },
  message: { label: 'Message', type: 'string' },
  resource_type: { label: 'Resource Type (location, matter, activity or webhook)', type: 'string' },
  resource_id: { label: 'Resource ID', type: 'string' },
};

export const syncErrorOutputFields: PlainOutputField[] = Object.entries(FIELDS).map(
  ([key, field]) => ({ key, ...field }),
);

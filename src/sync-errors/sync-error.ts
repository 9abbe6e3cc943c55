/**
 * A sync error, described once for its trigger (`syncErrorKind`). A sync error is Snapshots'
 * record of something that did not go through: a write it rejected (invalid data, an unknown
 * record, an outdated version) or a webhook delivery it gave up on after every retry. What the
 * trigger returns for each error: the API's `SyncError` with `id` (Zapier's
 * dedupe key) and `resource` flattened into `resource_type` / `resource_id`, so every field maps
 * directly. Derived from the contract's schema, so a field added there appears here (and the
 * compiler asks for its label below).
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { z } from 'zod';
import { SyncError, SyncErrorId, SyncErrorResourceType, type Read } from '../api/schemas';
import type { ObjectKind } from '../builders/object-kind';
import { nestedFields, outputFields } from '../fields/outputs';

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

/** Labels for every field but `details`, whose keys depend on the kind of error (below). */
const FIELDS: Record<Exclude<keyof SyncErrorOutput, 'details'>, Omit<PlainOutputField, 'key'>> = {
  id: { label: 'ID', type: 'string' },
  error_id: { label: 'Sync Error ID', type: 'string' },
  occurred_at: { label: 'Occurred At', type: 'datetime' },
  code: { label: 'Error Code', type: 'string' },
  message: { label: 'Message', type: 'string' },
  resource_type: { label: 'Resource Type (location, matter, activity or webhook)', type: 'string' },
  resource_id: { label: 'Resource ID', type: 'string' },
};

/**
 * What Snapshots puts in `details` (the contract fixes none, so these are what it sends): a
 * rejected write's request and field errors, or an abandoned delivery's webhook and attempts.
 * Zapier flattens them as `details__<key>`; each kind of error fills its own.
 */
const DETAILS: PlainOutputField[] = nestedFields('details', 'Details', [
  ...outputFields({
    method: ['Request Method', 'string'],
    path: ['Request Path', 'string'],
    status: ['Response Status', 'integer'],
    request_id: ['Request ID', 'string'],
  }),
  {
    key: 'errors',
    label: 'Field Errors',
    children: [
      { key: 'field', label: 'Field', type: 'string' },
      { key: 'message', label: 'Message', type: 'string' },
    ],
  },
  ...outputFields({
    event_id: ['Event ID', 'string'],
    event_type: ['Event Type', 'string'],
    url: ['Webhook URL', 'string'],
    attempts: ['Delivery Attempts', 'integer'],
    last_status: ['Last Response Status', 'integer'],
    last_error: ['Last Delivery Error', 'string'],
  }),
]);

export const syncErrorOutputFields: PlainOutputField[] = [
  ...Object.entries(FIELDS).map(([key, field]) => ({ key, ...field })),
  ...DETAILS,
];

/** The sample Zapier shows before a real sync error exists: a rejected update of a matter. */
export const SAMPLE_SYNC_ERROR: SyncError = {
  error_id: 'err_4Tq9Zk2LmR7bW1xC',
  occurred_at: '2026-11-27T10:15:00.000Z',
  code: 'validation_failed',
  message: 'The request body is invalid: `due_date` must be a date (YYYY-MM-DD).',
  resource: { type: 'matter', id: 'mat_8f2k3j4h5g6f7d8s' },
  details: {
    method: 'PATCH',
    path: '/v1/matters/mat_8f2k3j4h5g6f7d8s',
    status: 422,
    request_id: 'req_3Jd8Qw1Lp0Vx',
    errors: [{ field: 'due_date', message: 'must be a date (YYYY-MM-DD)' }],
  },
};

export const syncErrorSample: SyncErrorOutput = toSyncErrorOutput(SAMPLE_SYNC_ERROR);

/** A sync error is its own record: it has one event, no versions and no custom fields. */
export const syncErrorKind: ObjectKind<Read<SyncError>, SyncErrorOutput> = {
  noun: 'Sync Error',
  record: SyncError,
  output: (error) => toSyncErrorOutput(error),
  outputs: { trigger: { outputFields: syncErrorOutputFields, sample: syncErrorSample } },
};

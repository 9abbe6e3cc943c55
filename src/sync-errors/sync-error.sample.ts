/** The sample Zapier shows before a real sync error exists: a rejected update of a matter. */
import type { SyncError } from '../api/schemas';
import { toSyncErrorOutput, type SyncErrorOutput } from './sync-error';

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

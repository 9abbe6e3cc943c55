/** `sync_error_new`: one request per poll, newest first, Zapier's limit, flat fields, a true sample. */
import { errors } from 'zapier-platform-core';
import {
  SyncErrorOutput,
  syncErrorOutputFields,
  toSyncErrorOutput,
} from '../../../src/sync-errors/sync-error.output';
import { SAMPLE_SYNC_ERROR, syncErrorSample } from '../../../src/sync-errors/sync-error.sample';
import { syncErrorNew } from '../../../src/sync-errors/sync-error-new.trigger';
import { PROBLEM_JSON, problem, syncError } from '../support/fixtures';
import {
  appTester,
  authData,
  snapshots,
  throttledError,
  useFakeSnapshots,
} from '../support/zapier';

const perform = syncErrorNew.operation.perform;
const poll = (meta: { limit?: number } = {}) => appTester(perform, { authData, meta });
const listed = (...data: ReturnType<typeof syncError>[]) => ({ data, next_cursor: 'more' });

const rejectedWrite = syncError({
  error_id: 'err_write',
  occurred_at: '2026-11-27T10:15:00.000Z',
  code: 'validation_failed',
  message: 'The request body is invalid: `title` is required.',
  resource: { type: 'matter', id: 'mat_1' },
  details: { method: 'PATCH', path: '/v1/matters/mat_1', status: 422, errors: [] },
});
const abandonedDelivery = syncError({
  error_id: 'err_hook',
  occurred_at: '2026-11-27T10:20:00.000Z',
  code: 'webhook_delivery_abandoned',
  message:
    'Delivery of matter.created evt_1 to https://hooks.example/x was abandoned after 7 attempts.',
  resource: { type: 'webhook', id: 'whk_1' },
  details: { event_id: 'evt_1', attempts: 7, last_status: 500 },
});
const unattached = syncError({ error_id: 'err_none', resource: null, details: {} });

describe('sync_error_new', () => {
  useFakeSnapshots();

  it('is a visible trigger that says what a sync error is and what it is for', () => {
    expect(syncErrorNew.display).toEqual({
      label: 'New Sync Error',
      description: expect.stringMatching(/^Triggers when Snapshots logs a sync error: a write/),
    });
    expect(syncErrorNew.display.description).toContain(
      'Use it to be told when a delivery or a write failed.',
    );
  });

  it('polls one page of the newest errors and flattens each for mapping', async () => {
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: '100' })
      .reply(200, listed(abandonedDelivery, rejectedWrite, unattached));

    await expect(poll()).resolves.toEqual([
      {
        id: 'err_hook',
        error_id: 'err_hook',
        occurred_at: '2026-11-27T10:20:00.000Z',
        code: 'webhook_delivery_abandoned',
        message: abandonedDelivery.message,
        resource_type: 'webhook',
        resource_id: 'whk_1',
        details: { event_id: 'evt_1', attempts: 7, last_status: 500 },
      },
      {
        id: 'err_write',
        error_id: 'err_write',
        occurred_at: '2026-11-27T10:15:00.000Z',
        code: 'validation_failed',
        message: rejectedWrite.message,
        resource_type: 'matter',
        resource_id: 'mat_1',
        details: { method: 'PATCH', path: '/v1/matters/mat_1', status: 422, errors: [] },
      },
      {
        id: 'err_none',
        error_id: 'err_none',
        occurred_at: unattached.occurred_at,
        code: unattached.code,
        message: unattached.message,
        resource_type: null,
        resource_id: null,
        details: {},
      },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('returns the newest first even when the page is not in that order (ties keep the API order)', async () => {
    const older = syncError({ error_id: 'err_old', occurred_at: '2026-11-27T09:00:00.000Z' });
    const tieA = syncError({ error_id: 'err_tieA', occurred_at: '2026-11-27T11:00:00.000Z' });
    const tieB = syncError({ error_id: 'err_tieB', occurred_at: '2026-11-27T11:00:00.000Z' });
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: '100' })
      .reply(200, listed(older, tieA, tieB));

    const ids = (await poll()).map((error) => error.id);

    expect(ids).toEqual(['err_tieA', 'err_tieB', 'err_old']);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [3, '3'],
    [100, '100'],
    [250, '100'],
    [-1, '100'],
    [0, '100'],
  ])('bundle.meta.limit %p → asks Snapshots for limit=%s', async (limit, sent) => {
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: sent })
      .reply(200, listed(rejectedWrite));

    await expect(poll({ limit })).resolves.toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it('an expired access token makes Zapier refresh it (401 → RefreshAuthError)', async () => {
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: '100' })
      .reply(401, problem(401, 'unauthorized', 'The access token expired.'), PROBLEM_JSON);

    await expect(poll()).rejects.toBeInstanceOf(errors.RefreshAuthError);
    expect(scope.isDone()).toBe(true);
  });

  it('a rate-limited poll is retried after Retry-After (429 → ThrottledError)', async () => {
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: '100' })
      .reply(429, problem(429, 'rate-limited', 'Slow down.'), {
        ...PROBLEM_JSON,
        'retry-after': '7',
      });

    await expect(poll()).rejects.toMatchObject(
      throttledError('Snapshots is rate limiting this connection', 7),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('an error that breaks the contract is reported, naming the field', async () => {
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ limit: '100' })
      .reply(200, { data: [{ ...rejectedWrite, error_id: 42 }], next_cursor: null });

    await expect(poll()).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('Snapshots returned unexpected data: data[0].error_id'),
    });
    expect(scope.isDone()).toBe(true);
  });
});

describe('sync_error_new sample and output fields', () => {
  it('the sample is what the trigger returns for its own typed error: same mapper, same shape', () => {
    expect(syncErrorNew.operation.sample).toBe(syncErrorSample);
    expect(syncErrorSample).toEqual(toSyncErrorOutput(SAMPLE_SYNC_ERROR));
    expect(SyncErrorOutput.strict().safeParse(syncErrorSample).success).toBe(true);
    expect(Object.keys(syncErrorSample).sort()).toEqual(
      Object.keys(toSyncErrorOutput(unattached)).sort(),
    );
  });

  it('labels every output field but the open-ended details, and nothing else', () => {
    const keys = syncErrorOutputFields.map((field) => field.key);
    expect(keys.sort()).toEqual(
      Object.keys(syncErrorSample)
        .filter((key) => key !== 'details')
        .sort(),
    );
    for (const field of syncErrorOutputFields) expect(field.label).toEqual(expect.any(String));
    expect(syncErrorNew.operation.outputFields).toBe(syncErrorOutputFields);
  });
});

/**
 * Every failure mode of the Snapshots API, through the app tester, so core's own middleware
 * (401 → RefreshAuthError, throwForStatus) runs around ours exactly as in production.
 */
import nock from 'nock';
import { errors, type ZObject } from 'zapier-platform-core';
import { createApiClient, type ApiClient } from '../../../src/http/client';
import { currentExternalRefs } from '../../../src/http/errors';
import { send } from '../../../src/http/send';
import { PROBLEM_JSON, location, matter, problem } from '../../support/fixtures';
import {
  API_ORIGIN,
  appError,
  appTester,
  authData,
  snapshots,
  throttledError,
  useFakeSnapshots,
} from '../../support/zapier';

/** Runs `use` against the API client inside a real Zapier invocation. */
const withClient = <T>(use: (api: ApiClient) => Promise<T>) =>
  appTester((z: ZObject) => use(createApiClient(z)), { authData });

describe('error mapping (afterResponse: mapApiErrors)', () => {
  useFakeSnapshots();

  it('400 → Error with the detail and the request id', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query({ sort: 'name' })
      .reply(400, problem(400, 'invalid-parameter', 'Unknown value for sort: name'), PROBLEM_JSON);

    await expect(
      withClient((api) => api.locations.list({ sort: 'name' as 'created_at' })),
    ).rejects.toMatchObject(
      appError(
        'Snapshots rejected the request as malformed: Unknown value for sort: name. (Snapshots request id req_test_1)',
        { code: 'bad_request', status: 400 },
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('401 → RefreshAuthError (core, before our middleware), so Zapier refreshes and retries', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_1')
      .reply(401, problem(401, 'invalid-token', 'The access token expired.'), PROBLEM_JSON);

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toBeInstanceOf(
      errors.RefreshAuthError,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('403 → ExpiredAuthError naming the missing scope and how to reconnect', async () => {
    const scope = snapshots()
      .post('/v1/matters', { title: 'New' })
      .reply(
        403,
        problem(403, 'insufficient-scope', 'This token lacks saas/matter.write.', {
          required_scope: 'saas/matter.write',
        }),
        PROBLEM_JSON,
      );

    const attempt = withClient((api) =>
      api.matters.create({ title: 'New' }, { idempotencyKey: 'k-403' }),
    );

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'lacks the "saas/matter.write" permission, which is needed to create and update matters. ' +
        'Reconnect Snapshots in Zapier',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('404 → HaltedError saying which record was not found', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_404')
      .reply(404, problem(404, 'not-found', 'No such matter.'), PROBLEM_JSON);

    const attempt = withClient((api) => api.matters.get('mat_404'));

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      'Snapshots has no matter mat_404. Check the ID, or whether the record was deleted.',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('404 on an activity names the activity, decoding the id from the path', async () => {
    const scope = snapshots()
      .get('/v1/activities/act_9')
      .query({ expand: 'matter,location' })
      .reply(404, problem(404, 'not-found', 'No such activity.'), PROBLEM_JSON);

    await expect(
      withClient((api) => api.activities.get('act_9', { expand: ['matter', 'location'] })),
    ).rejects.toThrow('Snapshots has no activity act_9.');
    expect(scope.isDone()).toBe(true);
  });

  it('409 while an earlier attempt with the same Idempotency-Key runs → ThrottledError (its result will be replayed)', async () => {
    const scope = snapshots()
      .post('/v1/locations', { name: 'Main' })
      .matchHeader('idempotency-key', 'zap-run-1')
      .reply(
        409,
        problem(
          409,
          'idempotency-request-in-progress',
          'A request with this Idempotency-Key is still being processed; retry later.',
        ),
        PROBLEM_JSON,
      );

    await expect(
      withClient((api) => api.locations.create({ name: 'Main' }, { idempotencyKey: 'zap-run-1' })),
    ).rejects.toMatchObject(
      throttledError(
        'Snapshots is still saving the location from an earlier attempt of this step. This is usually temporary; Zapier will retry in 10 seconds.',
        10,
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('409 on a link (PATCH): link to another record, or unlink the other first', async () => {
    snapshots()
      .patch('/v1/locations/loc_2')
      .reply(
        409,
        problem(409, 'external-ref-conflict', 'clio:42 already belongs to location loc_1.'),
        PROBLEM_JSON,
      );
    const attempt = withClient((api) =>
      api.locations.update('loc_2', { external_refs: { clio: '42' } }),
    );
    await expect(attempt).rejects.toThrow(
      /; link this location to another record, or unlink that location first\.$/,
    );
  });

  it('409 external-ref-mismatch → HaltedError, with the current links kept for the link step', async () => {
    snapshots()
      .patch('/v1/locations/loc_2')
      .reply(
        409,
        {
          ...problem(
            409,
            'external-ref-mismatch',
            'The location is linked otherwise than expected.',
          ),
          current_external_refs: { clio: '41' },
        },
        PROBLEM_JSON,
      );
    const error: unknown = await withClient((api) =>
      api.locations.update('loc_2', {
        external_refs: { clio: '42' },
        expected_external_refs: { clio: null },
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errors.HaltedError);
    expect((error as Error).message).toBe(
      'The location loc_2 was not changed: The location is linked otherwise than expected. Check which record it should be linked to.',
    );
    expect(currentExternalRefs(error)).toEqual({ clio: '41' });
  });

  it('409 on an external reference already in use → HaltedError saying what to do', async () => {
    const scope = snapshots()
      .post('/v1/locations', { name: 'Main', external_refs: { clio: '42' } })
      .reply(
        409,
        problem(409, 'external-ref-conflict', 'clio:42 already belongs to location loc_1.'),
        PROBLEM_JSON,
      );

    const attempt = withClient((api) =>
      api.locations.create(
        { name: 'Main', external_refs: { clio: '42' } },
        { idempotencyKey: 'k' },
      ),
    );

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      'The location was not saved: clio:42 already belongs to location loc_1. A record in another ' +
        'system can be linked to only one Snapshots location; update that location instead of creating another.',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('any other 409 → Error saying what conflicted', async () => {
    const scope = snapshots()
      .patch('/v1/locations/loc_1', { name: 'Main' })
      .reply(409, problem(409, 'edit-conflict', 'Someone else is editing it.'), PROBLEM_JSON);

    await expect(
      withClient((api) => api.locations.update('loc_1', { name: 'Main' })),
    ).rejects.toMatchObject(
      appError(
        'Snapshots could not change the location loc_1 because of a conflict: Someone else is editing it. (Snapshots request id req_test_1)',
        { code: 'conflict', status: 409 },
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('403 that names no scope (a proxy, a firewall) → plain Error, the connection stays valid', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_1')
      .reply(403, problem(403, 'forbidden', 'Access denied from this network.'), PROBLEM_JSON);

    const attempt = withClient((api) => api.matters.get('mat_1'));

    await expect(attempt).rejects.not.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toMatchObject(
      appError(
        'Snapshots refused access to the matter mat_1: Access denied from this network. (Snapshots request id req_test_1)',
        { code: 'forbidden', status: 403 },
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('412 → HaltedError saying the record changed since the Zap read it', async () => {
    const scope = snapshots()
      .patch('/v1/matters/mat_1', { status: 'closed' })
      .matchHeader('if-match', '"3"')
      .matchHeader('content-type', 'application/merge-patch+json')
      .reply(412, problem(412, 'precondition-failed', 'The matter is at version 4.'), PROBLEM_JSON);

    const attempt = withClient((api) =>
      api.matters.update('mat_1', { status: 'closed' }, { ifMatch: 3 }),
    );

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      'The matter mat_1 changed in Snapshots after this Zap read it, so the update was not applied. Map its latest Version into Expected Version, or leave Expected Version blank to update it anyway.',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('422 → HaltedError listing each field and why', async () => {
    const scope = snapshots()
      .put('/v1/matters/by-ref/clio/42', { title: '', due_date: '31/12/2026' })
      .reply(
        422,
        problem(422, 'validation-failed', 'The matter is invalid.', {
          errors: [
            { field: 'title', message: 'is required' },
            { field: 'due_date', message: 'must be a date (YYYY-MM-DD)' },
          ],
        }),
        PROBLEM_JSON,
      );

    const attempt = withClient((api) =>
      api.matters.upsertByRef('clio', '42', { title: '', due_date: '31/12/2026' }),
    );

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      'Snapshots could not save the matter: title: is required; due_date: must be a date (YYYY-MM-DD).',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('429 → ThrottledError honouring Retry-After, with our message rather than core’s', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .reply(429, problem(429, 'rate-limited', 'Too many requests.'), {
        ...PROBLEM_JSON,
        'retry-after': '7',
      });

    await expect(withClient((api) => api.locations.list())).rejects.toMatchObject(
      throttledError(
        'Snapshots is rate limiting this connection. Zapier will retry in 7 seconds.',
        7,
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it.each([500, 502, 503, 504])('%i → ThrottledError that says it is temporary', async (status) => {
    const scope = snapshots()
      .get('/v1/locations/loc_1')
      .reply(status, problem(status, 'server-error', 'Boom.'), PROBLEM_JSON);

    await expect(withClient((api) => api.locations.get('loc_1'))).rejects.toMatchObject(
      throttledError(
        'Snapshots had a server error (Snapshots request id req_test_1). This is usually temporary; Zapier will retry in 60 seconds.',
        60,
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a 503 from a proxy (HTML, Retry-After) is still retryable and honours the delay', async () => {
    const scope = snapshots().get('/v1/me').reply(503, '<html>Service Unavailable</html>', {
      'content-type': 'text/html',
      'retry-after': '120',
    });

    await expect(withClient((api) => api.me())).rejects.toMatchObject(
      throttledError(/^Snapshots had a server error\. This is usually temporary/, 120),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a dropped connection → ThrottledError that says so', async () => {
    const scope = snapshots()
      .get('/v1/me')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    await expect(withClient((api) => api.me())).rejects.toMatchObject(
      throttledError(
        'The connection to Snapshots failed (ECONNRESET). This is usually temporary',
        60,
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a timeout → ThrottledError that says how long it waited', async () => {
    const scope = snapshots().get('/v1/me').delay(300).reply(200, {});

    await expect(
      appTester((z: ZObject) => send(z, { url: `${API_ORIGIN}/v1/me`, timeout: 50 }), { authData }),
    ).rejects.toMatchObject(
      throttledError('Snapshots did not answer within 1 second. This is usually temporary', 60),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('malformed JSON in a 200 → ThrottledError naming the record', async () => {
    const scope = snapshots()
      .get('/v1/locations/loc_1')
      .reply(200, '{"location_id": "loc_1", ', { 'content-type': 'application/json' });

    await expect(withClient((api) => api.locations.get('loc_1'))).rejects.toMatchObject(
      throttledError(
        'Snapshots sent a response for the location loc_1 that is not valid JSON.',
        60,
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('leaves responses from other hosts to core (which throws its ResponseError)', async () => {
    const scope = nock('https://files.example.test').get('/x').reply(404, 'nope');

    await expect(
      appTester((z: ZObject) => z.request('https://files.example.test/x'), { authData }),
    ).rejects.toMatchObject({ name: 'ResponseError' });
    expect(scope.isDone()).toBe(true);
  });
});

describe('contract-violating responses', () => {
  useFakeSnapshots();

  it('name the field instead of failing later with a TypeError', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .reply(200, {
        data: [location(), location({ email: 42 as unknown as string })],
        next_cursor: null,
      });

    await expect(withClient((api) => api.locations.list())).rejects.toMatchObject(
      appError(
        'Snapshots returned unexpected data: data[1].email: Invalid input: expected string, received number (in the response to GET /v1/locations).',
        { code: 'unexpected_response' },
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('catch a missing required field', async () => {
    const withoutVersion: Partial<ReturnType<typeof matter>> = matter();
    delete withoutVersion.version;
    const scope = snapshots().get('/v1/matters/mat_1').reply(200, withoutVersion);

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toMatchObject(
      appError(/^Snapshots returned unexpected data: version: /),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('catch a body that is not an object at all', async () => {
    const scope = snapshots()
      .get('/v1/me')
      .reply(200, '"hello"', { 'content-type': 'application/json' });

    await expect(withClient((api) => api.me())).rejects.toMatchObject(
      appError(/^Snapshots returned unexpected data: response: Invalid input: expected object/),
    );
    expect(scope.isDone()).toBe(true);
  });
});

/**
 * The client reads protocol bodies as their RFCs allow (OAuth errors, token answers, problem
 * details), statuses and transport faults classed as temporary or permanent, no redirects for
 * API calls, and idempotency keys that do not depend on the locale. All through the app tester.
 */
import nock from 'nock';
import { errors, type ZObject } from 'zapier-platform-core';
import { authentication } from '../../../src/auth/authentication';
import { matterList } from '../../../src/matters/matter-list.trigger';
import { DROPDOWN_PAGE_SIZE, DROPDOWN_SORT } from '../../../src/builders/dropdown-trigger';
import { createApiClient, type ApiClient } from '../../../src/http/client';
import { canonicalJson, idempotencyKeyFor } from '../../../src/http/idempotency';
import { apiOrigin } from '../../../src/config';
import { PROBLEM_JSON, matter, tokens } from '../../support/fixtures';
import {
  ACCESS_TOKEN,
  API_ORIGIN,
  REFRESH_TOKEN,
  appError,
  appTester,
  authData,
  snapshots,
  throttledError,
  useFakeSnapshots,
} from '../../support/zapier';

const { getAccessToken, refreshAccessToken } = authentication.oauth2Config;
const withClient = <T>(use: (api: ApiClient) => Promise<T>) =>
  appTester((z: ZObject) => use(createApiClient(z)), { authData });
const codeBundle = {
  inputData: {
    code: 'snp_code_1',
    redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
    code_verifier: 'verifier-0123456789-0123456789-0123456789-abc',
  },
};
const tokenEndpoint = () => snapshots({ token: null }).post('/oauth/token');

describe('OAuth error bodies (RFC 6749 §5.2: only `error` is required)', () => {
  useFakeSnapshots();

  it('a bare {"error":"invalid_grant"} on refresh still asks the user to reconnect', async () => {
    const scope = tokenEndpoint().reply(400, { error: 'invalid_grant' });

    await expect(appTester(refreshAccessToken, { authData })).rejects.toBeInstanceOf(
      errors.ExpiredAuthError,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('unauthorized_client is the integration’s configuration, not the user’s connection', async () => {
    const scope = tokenEndpoint().reply(400, { error: 'unauthorized_client' });

    await expect(appTester(getAccessToken, codeBundle)).rejects.toMatchObject(
      appError("rejected this integration's OAuth client credentials", { code: 'invalid_client' }),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('an error without a description names the error code, and an unknown code still reads', async () => {
    const scope = tokenEndpoint().reply(400, { error: 'slow_down_please' });

    await expect(appTester(getAccessToken, codeBundle)).rejects.toMatchObject(
      appError('Snapshots refused the authorization: slow_down_please. Try connecting again.', {
        code: 'slow_down_please',
      }),
    );
    expect(scope.isDone()).toBe(true);
  });
});

describe('token answers', () => {
  useFakeSnapshots();

  it('token_type is case-insensitive (RFC 6749 §5.1)', async () => {
    const scope = tokenEndpoint().reply(200, { ...tokens(), token_type: 'bearer' });

    await expect(appTester(getAccessToken, codeBundle)).resolves.toMatchObject({
      access_token: tokens().access_token,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a refresh answer without a new refresh_token keeps the old one (and the old scope)', async () => {
    const answer: Partial<ReturnType<typeof tokens>> = tokens();
    delete answer.refresh_token;
    delete answer.scope;
    const scope = tokenEndpoint().reply(200, answer);

    await expect(
      appTester(refreshAccessToken, { authData: { ...authData, scope: 'saas/location.read' } }),
    ).resolves.toEqual({
      access_token: tokens().access_token,
      refresh_token: REFRESH_TOKEN,
      scope: 'saas/location.read',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a refresh answer that breaks the contract elsewhere still stores the rotated tokens', async () => {
    const scope = tokenEndpoint().reply(200, {
      ...tokens(),
      expires_in: 'soon',
      scope: 42,
    });

    await expect(appTester(refreshAccessToken, { authData })).resolves.toMatchObject({
      access_token: tokens().access_token,
      refresh_token: tokens().refresh_token,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a rotated refresh token is kept even when the access token in the same answer is unusable', async () => {
    const scope = tokenEndpoint().reply(200, { ...tokens(), token_type: 'mac' });

    await expect(appTester(refreshAccessToken, { authData })).resolves.toEqual({
      access_token: '',
      refresh_token: tokens().refresh_token,
      scope: tokens().scope,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a refresh answer with no usable token at all is an error naming the field', async () => {
    const scope = tokenEndpoint().reply(200, { token_type: 'Bearer', expires_in: 3600 });

    await expect(appTester(refreshAccessToken, { authData })).rejects.toMatchObject(
      appError(/^Snapshots returned unexpected data: access_token/),
    );
    expect(scope.isDone()).toBe(true);
  });
});

describe('problem bodies (RFC 9457: every member optional)', () => {
  useFakeSnapshots();

  it('403 with required_scope but no request_id (or any other member) still asks to reconnect', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_1')
      .reply(403, { required_scope: 'saas/matter.read' }, PROBLEM_JSON);

    const attempt = withClient((api) => api.matters.get('mat_1'));
    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow('lacks the "saas/matter.read" permission');
    expect(scope.isDone()).toBe(true);
  });

  it('409 "still in progress" without a request_id is still retried shortly', async () => {
    const scope = snapshots()
      .post('/v1/matters')
      .reply(
        409,
        { type: 'https://snapshots.example/problems/idempotency-request-in-progress' },
        PROBLEM_JSON,
      );

    await expect(
      withClient((api) => api.matters.create({ title: 'T' }, { idempotencyKey: 'k' })),
    ).rejects.toMatchObject(throttledError('still saving the matter', 10));
    expect(scope.isDone()).toBe(true);
  });

  it('a problem with a title only says the title', async () => {
    const scope = snapshots().get('/v1/matters/mat_1').reply(418, { title: 'Teapot' });

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toMatchObject(
      appError('Snapshots rejected the request for the matter mat_1: Teapot.'),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a stale cursor named by a problem without request_id is still recovered from', async () => {
    const query = (cursor?: string) => ({
      sort: DROPDOWN_SORT,
      limit: String(DROPDOWN_PAGE_SIZE),
      ...(cursor ? { cursor } : {}),
    });
    const load = (page: number, fresh = false) =>
      appTester(matterList.operation.perform, { authData, meta: { page } }, fresh);
    snapshots()
      .get('/v1/matters')
      .query(query())
      .reply(200, { data: [matter()], next_cursor: 'old' });
    await load(0, true);
    const scope = snapshots()
      .get('/v1/matters')
      .query(query('old'))
      .reply(400, { errors: [{ field: 'cursor', message: 'is unknown' }] }, PROBLEM_JSON)
      .get('/v1/matters')
      .query(query())
      .reply(200, { data: [matter()], next_cursor: 'new' })
      .get('/v1/matters')
      .query(query('new'))
      .reply(200, { data: [matter({ matter_id: 'mat_2' })], next_cursor: null });

    await expect(load(1)).resolves.toMatchObject([{ id: 'mat_2' }]);
    expect(scope.isDone()).toBe(true);
  });

  it('a 422 naming many fields names the first few and counts the rest, under 250 characters', async () => {
    const fieldErrors = Array.from({ length: 40 }, (_, i) => ({
      field: `custom_fields.field_${i}`,
      message: 'is not a known custom field for matters',
    }));
    snapshots()
      .post('/v1/matters')
      .reply(422, { errors: fieldErrors, detail: 'Invalid.' }, PROBLEM_JSON);

    const error = await withClient((api) =>
      api.matters.create({ title: 'T' }, { idempotencyKey: 'k' }),
    ).then(
      () => new Error('expected a rejection'),
      (caught: unknown) => caught as Error,
    );

    expect(error).toBeInstanceOf(errors.HaltedError);
    expect(error.message).toMatch(/field_0: .*field_2: .*; and 37 more fields\.$/);
    expect(error.message.length).toBeLessThan(250);
  });
});

describe('temporary or permanent', () => {
  useFakeSnapshots();

  it.each([408, 423, 425])('%i is temporary: Zapier retries', async (status) => {
    const scope = snapshots().get('/v1/matters/mat_1').reply(status, {});

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toBeInstanceOf(
      errors.ThrottledError,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a 429 with only RateLimit-Reset waits for that reset', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_1')
      .reply(429, {}, { 'ratelimit-reset': '17', 'ratelimit-remaining': '0' });

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toMatchObject(
      throttledError('Zapier will retry in 17 seconds', 17),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('a 503 with RateLimit-Reset (sent on every answer) keeps the default delay, not the quota window', async () => {
    const scope = snapshots()
      .get('/v1/matters/mat_1')
      .reply(503, {}, { 'ratelimit-reset': '3600', 'ratelimit-remaining': '99' });

    await expect(withClient((api) => api.matters.get('mat_1'))).rejects.toMatchObject(
      throttledError('Zapier will retry in 60 seconds', 60),
    );
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['ENOTFOUND', 'host name does not resolve'],
    ['ECONNREFUSED', 'nothing accepts connections'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate could not be verified'],
    ['CERT_HAS_EXPIRED', 'certificate could not be verified'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificate could not be verified'],
  ])(
    '%s is a configuration fault naming SNAPSHOTS_API_BASE_URL, not "try again"',
    async (code, what) => {
      snapshots()
        .get('/v1/matters/mat_1')
        .replyWithError(Object.assign(new Error(`connect ${code}`), { code }));

      const attempt = withClient((api) => api.matters.get('mat_1'));
      await expect(attempt).rejects.toMatchObject(appError(what, { code: 'api_unreachable' }));
      await expect(attempt).rejects.toThrow('SNAPSHOTS_API_BASE_URL');
      await expect(attempt).rejects.not.toThrow(/retry|try again/i);
    },
  );

  it('a 401 that core turns into RefreshAuthError says what happened and what to do', async () => {
    snapshots().get('/v1/me').reply(401, {});

    const attempt = appTester(authentication.test, { authData });
    await expect(attempt).rejects.toBeInstanceOf(errors.RefreshAuthError);
    await expect(attempt).rejects.toThrow(
      /access token expired or is missing.*npx zapier-platform invoke auth refresh/,
    );
  });

  it('the missing-base-URL message names the right CLI (zapier-platform env:set)', () => {
    expect(() => apiOrigin({})).toThrow(
      '`zapier-platform env:set <version> SNAPSHOTS_API_BASE_URL',
    );
  });
});

describe('redirects', () => {
  useFakeSnapshots();

  it.each([
    'https://evil.api.snapshots.test/v1/matters/mat_1',
    `${API_ORIGIN}:8443/v1/matters/mat_1`,
  ])('the bearer token never follows a redirect (to %s): a 3xx is an error', async (location) => {
    const elsewhere = nock(new URL(location).origin)
      .get(new URL(location).pathname)
      .reply(200, matter());
    const scope = snapshots().get('/v1/matters/mat_1').reply(307, '', { location });

    const attempt = withClient((api) => api.matters.get('mat_1'));
    await expect(attempt).rejects.toMatchObject(
      appError('redirect (307)', { code: 'redirect_refused' }),
    );
    await expect(attempt).rejects.not.toThrow(ACCESS_TOKEN);
    expect(scope.isDone()).toBe(true);
    expect(elsewhere.isDone()).toBe(false);
  });
});

describe('canonical JSON for idempotency keys', () => {
  it('sorts keys by code unit, not by locale (sv-SE sorts ä after z)', () => {
    const input = { z: 1, ä: 2, a: 3, Z: 4 };
    expect(canonicalJson(input)).toBe('{"Z":4,"a":3,"z":1,"ä":2}');
    const swedish = ['z', 'ä'].sort((a, b) => a.localeCompare(b, 'sv-SE'));
    expect(swedish).toEqual(['z', 'ä']); // the locale order the key must not depend on
  });

  it('keeps canonically equivalent but different keys apart, whatever their insertion order', () => {
    const composed = '\u00e9';
    const decomposed = 'e\u0301';
    expect(composed.localeCompare(decomposed)).toBe(0);
    const one = { [composed]: 1, [decomposed]: 2 };
    const other = { [decomposed]: 2, [composed]: 1 };
    expect(idempotencyKeyFor('op', one)).toBe(idempotencyKeyFor('op', other));
    expect(idempotencyKeyFor('op', one)).not.toBe(
      idempotencyKeyFor('op', { [composed]: 2, [decomposed]: 1 }),
    );
  });

  it('orders integer-like keys as text too, and matches JSON.stringify otherwise', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', x: [1, undefined, { b: 1, a: null }] })).toBe(
      '{"10":"a","9":"b","x":[1,null,{"a":null,"b":1}]}',
    );
    expect(canonicalJson({ title: 'T', n: 1.5, ok: true })).toBe(
      JSON.stringify({ n: 1.5, ok: true, title: 'T' }),
    );
  });
});

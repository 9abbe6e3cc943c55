/**
 * Error messages as Zapier shows them. Core enriches an error on its way out unless the error
 * says `doNotContextify`: zapier-platform-core/src/middleware.js appends "What happened:", the
 * bundle as JSON (with inputData: the authorization code and PKCE verifier in getAccessToken)
 * and the message again; create-lambda-handler.js then appends "Console logs:" — but only when
 * `constants.IS_TESTING` is false, which it never is under jest. This file switches that flag
 * off, so the app tester runs core's production path, and measures what comes out: Zapier shows
 * the `message` inside core's JSON errors, and 250 characters of any message.
 */
import nock from 'nock';
import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { authentication } from '../../../src/auth/authentication';
import { matterList } from '../../../src/matters/matter-list.trigger';
import { createApiClient, type ApiClient } from '../../../src/http/client';
import { newSyncError } from '../../../src/sync-errors/new-sync-error.trigger';
import { createMatter } from '../../../src/matters/matter-create.action';
import { findLocation } from '../../../src/locations/location-find.search';
import { PROBLEM_JSON, problem } from '../../support/fixtures';
import {
  ACCESS_TOKEN,
  API_ORIGIN,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  appTester,
  authData,
  snapshots,
  useFakeSnapshots,
} from '../../support/zapier';

jest.mock('zapier-platform-core/src/constants', () => ({
  ...jest.requireActual<object>('zapier-platform-core/src/constants'),
  IS_TESTING: false,
}));

const CODE = 'snp_code_secret_authorization_code_0123';
const VERIFIER = 'verifier-SECRET-0123456789-0123456789-0123456789';
/** Zapier shows this many characters of an error. */
const ZAPIER_SHOWS = 250;
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, CODE, VERIFIER];
const codeBundle = {
  inputData: {
    code: CODE,
    redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
    code_verifier: VERIFIER,
  },
};
const { getAccessToken, refreshAccessToken } = authentication.oauth2Config;

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const client =
  (use: (api: ApiClient) => Promise<unknown>): Perform =>
  (z) =>
    use(createApiClient(z));

/** What Zapier shows: the inner `message` of core's JSON errors, else the message itself. */
function shown(error: Error): string {
  try {
    const parsed: unknown = JSON.parse(error.message);
    if (parsed && typeof parsed === 'object' && 'message' in parsed) return String(parsed.message);
  } catch {
    // not one of core's JSON errors
  }
  return error.message;
}

/** What a test gives as the bundle: only the parts that matter to it. */
type TestBundle = Omit<Partial<Bundle>, 'meta'> & { meta?: Partial<Bundle['meta']> };

async function failureOf(perform: Perform, bundle: TestBundle = { authData }) {
  try {
    const withInput = { ...bundle, inputData: { ...bundle.inputData, note: 'user input' } };
    // A fresh z.cache each run: custom-field definitions must not carry over between tests.
    await appTester(perform, withInput as Partial<Bundle>, true);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail');
}

const manyFields = Array.from({ length: 40 }, (_, i) => ({
  field: `custom_fields.a_rather_long_custom_field_key_${i}`,
  message: 'is not a custom field defined for matters in this Snapshots account',
}));

/** create_matter with every kind of bad input at once, four custom fields unknown to Snapshots. */
const manyBadInputs = {
  title: 'T',
  status: 'Archived',
  due_date: '2027-02-30',
  location_clio_contact_id: 12.5,
  ...Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [`custom_fields__retired_field_${i}`, 'x'.repeat(80)]),
  ),
};
const noCustomFields = () =>
  snapshots().get('/v1/custom-fields').query(true).reply(200, { data: [] });

// Every row has all four columns: jest passes `done` in place of a missing one.
const SCENARIOS: [string, () => void, Perform, TestBundle][] = [
  [
    'getAccessToken without CLIENT_SECRET',
    () => delete process.env.CLIENT_SECRET,
    getAccessToken,
    codeBundle,
  ],
  [
    'getAccessToken with a refused code',
    () => snapshots({ token: null }).post('/oauth/token').reply(400, { error: 'invalid_grant' }),
    getAccessToken,
    codeBundle,
  ],
  [
    'getAccessToken while Snapshots is down',
    () => snapshots({ token: null }).post('/oauth/token').reply(503, ''),
    getAccessToken,
    codeBundle,
  ],
  [
    'refresh with an expired refresh token',
    () => snapshots({ token: null }).post('/oauth/token').reply(400, { error: 'invalid_grant' }),
    refreshAccessToken,
    { authData },
  ],
  [
    'a 401 (RefreshAuthError) in the connection test',
    () => snapshots().get('/v1/me').reply(401, {}),
    authentication.test,
    { authData },
  ],
  [
    'a missing scope (ExpiredAuthError)',
    () =>
      snapshots()
        .get('/v1/matters/mat_1')
        .reply(
          403,
          problem(403, 'insufficient-scope', 'No.', { required_scope: 'saas/matter.read' }),
        ),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'an unknown record (HaltedError)',
    () =>
      snapshots()
        .get('/v1/matters/mat_1')
        .reply(404, problem(404, 'not-found', 'No such matter.')),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'a 422 naming 40 fields',
    () =>
      snapshots()
        .post('/v1/matters')
        .reply(
          422,
          problem(422, 'validation-failed', 'Invalid.', { errors: manyFields }),
          PROBLEM_JSON,
        ),
    client((api) => api.matters.create({ title: 'T' }, { idempotencyKey: 'k' })),
    { authData },
  ],
  [
    'a very long problem detail',
    () =>
      snapshots()
        .get('/v1/matters/mat_1')
        .reply(400, problem(400, 'bad', 'x'.repeat(2000))),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'a server error',
    () => snapshots().get('/v1/matters/mat_1').reply(500, ''),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'a host that does not resolve',
    () =>
      snapshots()
        .get('/v1/matters/mat_1')
        .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'a redirect',
    () =>
      snapshots().get('/v1/matters/mat_1').reply(302, '', { location: 'https://elsewhere.test/' }),
    client((api) => api.matters.get('mat_1')),
    { authData },
  ],
  [
    'a dropdown while Snapshots is down',
    () => snapshots().get('/v1/matters').query(true).reply(503, ''),
    matterList.operation.perform,
    { authData, meta: { page: 0 } },
  ],
  [
    'New Sync Error with data that breaks the contract',
    () =>
      snapshots()
        .get('/v1/sync-errors')
        .query(true)
        .reply(200, { data: [{ error_id: 42 }], next_cursor: null }),
    newSyncError.operation.performList,
    { authData, meta: {} },
  ],
  [
    'create_matter with seven bad inputs (HaltedError)',
    noCustomFields,
    createMatter.operation.perform,
    { authData, inputData: manyBadInputs },
  ],
  [
    'a search with no criteria (HaltedError)',
    () => undefined,
    findLocation.operation.perform,
    { authData, inputData: {} },
  ],
];

describe('error messages as Zapier shows them (core production path)', () => {
  useFakeSnapshots();
  // In production core logs its memory use on every run; keep the test output readable.
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it.each(SCENARIOS)(
    '%s: under 250 characters, nothing secret, not contextified',
    async (_name, arrange, perform, bundle) => {
      arrange();
      const error = await failureOf(perform, bundle);
      const message = shown(error);

      expect(error.message).not.toContain('What happened');
      expect(error.message).not.toContain('Console logs');
      expect(message.trim()).not.toBe('');
      expect(message.length).toBeLessThan(ZAPIER_SHOWS);
      for (const secret of SECRETS) expect(error.message).not.toContain(secret);
      nock.cleanAll();
    },
  );

  it('bad inputs: the first labels with what to do, the rest counted, and nothing sent', async () => {
    const definitions = noCustomFields();
    const write = snapshots().post('/v1/matters').reply(201, {});
    const message = shown(
      await failureOf(createMatter.operation.perform, { authData, inputData: manyBadInputs }),
    );
    expect(message).toMatch(/^Please fix these inputs and try again: "Status" must be Open/);
    // What does not fit in full is still named, by label, and the rest is counted.
    expect(message).toMatch(
      /also check "Due Date", "Location \(Clio Contact ID\)"; and 4 more\. Nothing was sent to Snapshots\.$/,
    );
    expect(definitions.isDone()).toBe(true);
    expect(write.isDone()).toBe(false);
  });

  it('this path is production’s: an error core may contextify gets "What happened" and the console logs', async () => {
    const error = await failureOf(() => Promise.reject(new errors.HaltedError('plain')));
    expect(error.message).toContain('What happened');
    expect(error.message).toContain('Console logs');
    expect(API_ORIGIN).toMatch(/^https:/);
  });

  it('the dropdown and the code exchange do not promise a retry Zapier will not make', async () => {
    snapshots({ token: null }).post('/oauth/token').reply(503, '');
    const exchange = shown(await failureOf(getAccessToken, codeBundle));
    snapshots().get('/v1/matters').query(true).reply(503, '');
    const dropdown = shown(
      await failureOf(matterList.operation.perform, { authData, meta: { page: 0 } }),
    );

    expect(exchange).toMatch(/Try connecting again in a minute\.$/);
    expect(dropdown).toMatch(/Try again in 60 seconds\.$/);
    for (const message of [exchange, dropdown]) expect(message).not.toContain('Zapier will retry');
  });
});

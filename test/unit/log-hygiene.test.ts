/**
 * Everything a run logs, captured where Zapier would see it: core's log stream (what `zapier logs`
 * shows, sent to LOGGING_ENDPOINT) and stdout/stderr (LOG_TO_STDOUT, DETAILED_LOG_TO_STDOUT, and
 * z.console). No access token, refresh token or client secret may appear in any of it.
 */
import nock from 'nock';
import type { ZObject } from 'zapier-platform-core';
import { authentication } from '../../src/auth/authentication';
import { createApiClient } from '../../src/http/client';
import { PROBLEM_JSON, me, problem, tokens } from '../support/fixtures';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  appTester,
  authData,
  snapshots,
  useFakeSnapshots,
} from '../support/zapier';

const LOG_ORIGIN = 'https://logs.zapier.test';
const issued = tokens();
const rotated = tokens({
  access_token: 'snp_at_rotated_in_log_test_0123456789',
  refresh_token: 'snp_rt_rotated_in_log_test_0123456789',
});
const SECRETS = [
  ACCESS_TOKEN,
  REFRESH_TOKEN,
  CLIENT_SECRET,
  issued.access_token,
  issued.refresh_token,
  rotated.access_token,
  rotated.refresh_token,
];
const CODE_INPUT = {
  code: 'snp_code_1_in_log_test',
  redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/',
  code_verifier: 'verifier-0123456789-0123456789-0123456789-abc',
};
// A replayed code revokes the connection it made (RFC 6749 §4.1.2): as secret as a token.
SECRETS.push(CODE_INPUT.code, CODE_INPUT.code_verifier);
const LOG_ENV = {
  LOGGING_ENDPOINT: `${LOG_ORIGIN}/input`,
  LOGGING_TOKEN: 'log-stream-token',
  LOG_TO_STDOUT: 'true',
  DETAILED_LOG_TO_STDOUT: 'true',
};

/** Collects the log stream's ndjson and every console line while `run` goes. */
async function captureLogs(run: () => Promise<void>): Promise<string> {
  const captured: string[] = [];
  nock(LOG_ORIGIN)
    .persist()
    .post('/input')
    .reply(200, (_uri, body) => {
      captured.push(typeof body === 'string' ? body : JSON.stringify(body));
      return 'ok';
    });
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const spies = methods.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    }),
  );
  Object.assign(process.env, LOG_ENV);
  try {
    await run();
  } finally {
    for (const key of Object.keys(LOG_ENV)) delete process.env[key];
    spies.forEach((spy) => spy.mockRestore());
  }
  return captured.join('\n');
}

describe('log hygiene', () => {
  useFakeSnapshots();

  it('a connect, test, refresh and failing calls log no token or client secret', async () => {
    const api = snapshots({ token: null });
    const client = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    const refresh = { grant_type: 'refresh_token', refresh_token: REFRESH_TOKEN, ...client };
    api
      .post('/oauth/token', { grant_type: 'authorization_code', ...CODE_INPUT, ...client })
      .reply(200, issued)
      .post('/oauth/token', refresh)
      .reply(200, rotated)
      .post('/oauth/token', refresh)
      .reply(400, { error: 'invalid_grant', error_description: 'The refresh token was revoked.' });
    const withToken = snapshots();
    withToken.get('/v1/me').reply(200, me());
    withToken
      .get('/v1/matters/mat_1')
      .reply(401, problem(401, 'invalid-token', 'Expired.'), PROBLEM_JSON);
    withToken.post('/v1/matters', { title: '' }).reply(
      422,
      problem(422, 'validation-failed', 'Invalid.', {
        errors: [{ field: 'title', message: 'is required' }],
      }),
      PROBLEM_JSON,
    );

    const logs = await captureLogs(async () => {
      const { getAccessToken, refreshAccessToken } = authentication.oauth2Config;
      await appTester(getAccessToken, { inputData: CODE_INPUT });
      await appTester(authentication.test, { authData });
      await appTester(refreshAccessToken, { authData });
      await expect(appTester(refreshAccessToken, { authData })).rejects.toThrow(/Reconnect/);
      await expect(
        appTester((z: ZObject) => createApiClient(z).matters.get('mat_1'), { authData }),
      ).rejects.toThrow();
      await expect(
        appTester(
          (z: ZObject) =>
            createApiClient(z).matters.create({ title: '' }, { idempotencyKey: 'k-log' }),
          { authData },
        ),
      ).rejects.toThrow(/title: is required/);
    });

    expect(api.isDone() && withToken.isDone()).toBe(true);
    // The capture saw the traffic, on stdout and in the log stream (so the checks below can fail) …
    expect(logs).toContain('POST https://api.snapshots.test/oauth/token');
    expect(logs).toContain('"message":"200 POST https://api.snapshots.test/oauth/token"');
    expect(logs).toContain('GET https://api.snapshots.test/v1/me');
    expect(logs).toContain('authorization: :censored:');
    // … and no secret made it into any of it.
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
  });
});

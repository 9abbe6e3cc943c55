import nock from 'nock';
import { errors } from 'zapier-platform-core';
import { authentication } from '../../../src/auth/authentication';
import { tokens } from '../../support/fixtures';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  appError,
  appTester,
  authData,
  snapshots,
  throttledError,
  useFakeSnapshots,
} from '../../support/zapier';

const { getAccessToken, refreshAccessToken } = authentication.oauth2Config;
const FORM = /^application\/x-www-form-urlencoded(;|$)/;
const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';
const VERIFIER = 'verifier-0123456789-0123456789-0123456789-abc';
const codeBundle = {
  inputData: { code: 'snp_code_1', redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
};
const tokenEndpoint = () => snapshots({ token: null }).matchHeader('content-type', FORM);

describe('getAccessToken', () => {
  useFakeSnapshots();

  it('exchanges the code with the PKCE verifier Zapier gives and the client credentials, form-encoded', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token', {
        grant_type: 'authorization_code',
        code: 'snp_code_1',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      })
      .reply(200, tokens());

    await expect(appTester(getAccessToken, codeBundle)).resolves.toEqual({
      access_token: tokens().access_token,
      refresh_token: tokens().refresh_token,
      scope: tokens().scope,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('never retries a code exchange (codes are single-use: a second try would revoke the grant)', async () => {
    const failed = tokenEndpoint().post('/oauth/token').reply(503, 'upstream down');
    const retry = tokenEndpoint().post('/oauth/token').reply(200, tokens());

    // Zapier does not retry it either, so the message says what to do instead.
    await expect(appTester(getAccessToken, codeBundle)).rejects.toMatchObject(
      appError(/This is usually temporary\. Try connecting again in a minute\.$/),
    );
    expect(failed.isDone()).toBe(true);
    expect(retry.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('sends no bearer token to the token endpoint', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token')
      .reply(function () {
        return [this.req.headers.authorization === undefined ? 200 : 400, tokens()];
      });

    await expect(appTester(getAccessToken, { ...codeBundle, authData })).resolves.toMatchObject({
      access_token: tokens().access_token,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('sends no code_verifier at all when none is given (`zapier-platform invoke auth start`)', async () => {
    let sentForm: Record<string, unknown> | undefined;
    const scope = tokenEndpoint()
      .post('/oauth/token', (form: Record<string, unknown>) => {
        sentForm = form;
        return true;
      })
      .reply(200, tokens());
    const inputData = { code: 'snp_code_1', redirect_uri: REDIRECT_URI };

    await expect(appTester(getAccessToken, { inputData })).resolves.toMatchObject({
      access_token: tokens().access_token,
    });
    expect(sentForm).not.toHaveProperty('code_verifier');
    expect(sentForm).toEqual({
      grant_type: 'authorization_code',
      code: 'snp_code_1',
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('says which field is wrong when an empty code_verifier is given, before any request', async () => {
    const inputData = { code: 'snp_code_1', redirect_uri: REDIRECT_URI, code_verifier: '' };

    await expect(appTester(getAccessToken, { inputData })).rejects.toMatchObject(
      appError('Zapier did not pass the OAuth field(s) code_verifier.', {
        code: 'oauth_input_missing',
      }),
    );
  });

  it('explains a rejected code and suggests connecting again', async () => {
    const scope = tokenEndpoint().post('/oauth/token').reply(400, {
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code_challenge.',
    });

    await expect(appTester(getAccessToken, codeBundle)).rejects.toMatchObject(
      appError(
        'Snapshots refused the authorization: code_verifier does not match the code_challenge. Try connecting again.',
        { code: 'invalid_grant', status: 400 },
      ),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('turns a 401 from the token endpoint (invalid_client) into a configuration error, not a refresh', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token')
      .reply(401, { error: 'invalid_client', error_description: 'Unknown client.' });

    const attempt = appTester(getAccessToken, codeBundle);

    await expect(attempt).rejects.toMatchObject(
      appError("rejected this integration's OAuth client credentials", { code: 'invalid_client' }),
    );
    await expect(attempt).rejects.not.toBeInstanceOf(errors.RefreshAuthError);
    expect(scope.isDone()).toBe(true);
  });

  it('names the field when the token response breaks the contract', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token')
      .reply(200, { ...tokens(), token_type: 'mac' });

    await expect(appTester(getAccessToken, codeBundle)).rejects.toMatchObject(
      appError(/^Snapshots returned unexpected data: token_type: .*POST \/oauth\/token/),
    );
    expect(scope.isDone()).toBe(true);
  });
});

describe('refreshAccessToken', () => {
  useFakeSnapshots();
  const refreshBody = {
    grant_type: 'refresh_token',
    refresh_token: REFRESH_TOKEN,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
  };

  it('stores the rotated refresh token along with the new access token', async () => {
    const rotated = tokens({
      access_token: 'snp_at_rotated_access_0123456789',
      refresh_token: 'snp_rt_rotated_refresh_0123456789',
    });
    const scope = tokenEndpoint().post('/oauth/token', refreshBody).reply(200, rotated);

    await expect(appTester(refreshAccessToken, { authData })).resolves.toEqual({
      access_token: 'snp_at_rotated_access_0123456789',
      refresh_token: 'snp_rt_rotated_refresh_0123456789',
      scope: rotated.scope,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('asks the user to reconnect when the refresh token is refused (invalid_grant)', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token', refreshBody)
      .reply(400, { error: 'invalid_grant', error_description: 'The refresh token was revoked.' });

    const attempt = appTester(refreshAccessToken, { authData });

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(/no longer accepts this connection.*Reconnect Snapshots/);
    expect(scope.isDone()).toBe(true);
  });

  it('against a local sandbox, says how to reconnect locally: a restarted sandbox forgets its tokens', async () => {
    const local = 'http://127.0.0.1:4010';
    const saved = process.env.SNAPSHOTS_API_BASE_URL;
    process.env.SNAPSHOTS_API_BASE_URL = local;
    try {
      const scope = nock(local)
        .post('/oauth/token', refreshBody)
        .reply(400, { error: 'invalid_grant', error_description: 'Unknown refresh token.' });

      const attempt = appTester(refreshAccessToken, { authData });

      await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
      await expect(attempt).rejects.toThrow(
        'The local sandbox forgets every token when it restarts: delete the authData_ lines in .env and run `npx zapier-platform invoke auth start`.',
      );
      await expect(attempt).rejects.not.toThrow(/Reconnect Snapshots in Zapier/);
      expect(scope.isDone()).toBe(true);
    } finally {
      process.env.SNAPSHOTS_API_BASE_URL = saved;
    }
  });

  it('asks the user to reconnect when there is no refresh token at all', async () => {
    await expect(
      appTester(refreshAccessToken, { authData: { access_token: 'x' } }),
    ).rejects.toBeInstanceOf(errors.ExpiredAuthError);
  });

  it('retries later when the token endpoint is rate limited', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token', refreshBody)
      .reply(429, {}, { 'retry-after': '12' });

    await expect(appTester(refreshAccessToken, { authData })).rejects.toMatchObject(
      throttledError('Snapshots is rate limiting this connection', 12),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('retries a refresh once, at once, when its answer was lost (the old token is still in its grace period)', async () => {
    const rotated = tokens({ refresh_token: 'snp_rt_after_retry_0123456789' });
    const scope = tokenEndpoint()
      .post('/oauth/token', refreshBody)
      .reply(503, 'upstream down')
      .post('/oauth/token', refreshBody)
      .reply(200, rotated);

    await expect(appTester(refreshAccessToken, { authData })).resolves.toMatchObject({
      refresh_token: 'snp_rt_after_retry_0123456789',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('retries later when the token endpoint fails twice in a row', async () => {
    const scope = tokenEndpoint()
      .post('/oauth/token', refreshBody)
      .times(2)
      .reply(503, 'upstream down');

    await expect(appTester(refreshAccessToken, { authData })).rejects.toMatchObject(
      throttledError('Snapshots had a server error. This is usually temporary', 60),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('does not retry at once when rate limited (it waits for Retry-After)', async () => {
    const limited = tokenEndpoint()
      .post('/oauth/token', refreshBody)
      .reply(429, {}, { 'retry-after': '12' });
    const retry = tokenEndpoint().post('/oauth/token', refreshBody).reply(200, tokens());

    await expect(appTester(refreshAccessToken, { authData })).rejects.toBeInstanceOf(
      errors.ThrottledError,
    );
    expect(limited.isDone()).toBe(true);
    expect(retry.isDone()).toBe(false);
    nock.cleanAll();
  });
});

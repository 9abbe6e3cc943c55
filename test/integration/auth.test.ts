/**
 * The app's authentication against the real sandbox over loopback: the authorization-code flow
 * driven like a browser and Zapier would drive it, refresh-token rotation, revocation, scopes and
 * rate limiting, each through the app's own functions under core's app tester.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppTester, errors, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import { authentication, type StoredAuthData } from '../../src/auth/authentication';
import { createApiClient } from '../../src/http/client';
import type { FaultRequest } from '../../sandbox/controls/client';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const appTester = createAppTester(app);
const { authorizeUrl, getAccessToken, refreshAccessToken } = authentication.oauth2Config;
// Captured before core wraps the global fetch with its logger: this one plays the browser.
const browserFetch = globalThis.fetch;
const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';

beforeEach(() => sandbox.reset());

// ---------------------------------------------------------------- helpers

/** A grant with chosen scopes, minted without the consent page. */
const mintTokens = (scopes?: string[]): Promise<StoredAuthData> => sandbox.connect(scopes);

const advanceClock = (seconds: number) => sandbox.controls.advanceClock(seconds);

/** PKCE S256 (RFC 7636), generated the way Zapier does when `enablePkce` is on. */
function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/**
 * The whole authorization-code flow over HTTP: the app builds the authorize URL, Zapier appends
 * the PKCE challenge, the "browser" opens the consent page and approves it, Zapier takes the code
 * from the redirect and calls the app's getAccessToken with the verifier.
 */
/** Every authorization code and PKCE verifier used, so the log test can look for them. */
const exchanged: string[] = [];

async function connectLikeZapier(): Promise<StoredAuthData> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString('hex');
  const built = await appTester(authorizeUrl, {
    inputData: { redirect_uri: REDIRECT_URI, state },
  });
  const url = `${built}&code_challenge=${challenge}&code_challenge_method=S256`;

  const page = await browserFetch(url, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const consent = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(consent).toBeDefined();

  const approved = await browserFetch(`${sandbox.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent: String(consent), decision: 'approve' }),
  });
  expect(approved.status).toBe(302);
  const redirect = new URL(String(approved.headers.get('location')));
  expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
  expect(redirect.searchParams.get('state')).toBe(state);

  exchanged.push(String(redirect.searchParams.get('code')), verifier);
  return appTester(getAccessToken, {
    inputData: {
      code: String(redirect.searchParams.get('code')),
      redirect_uri: REDIRECT_URI,
      state,
      code_verifier: verifier,
    },
  });
}

const refresh = (authData: StoredAuthData) => appTester(refreshAccessToken, { authData });
const testConnection = (authData: StoredAuthData) => appTester(authentication.test, { authData });

/** What Zapier does with autoRefresh: on RefreshAuthError, refresh, merge, and run once more. */
async function runLikeZapier<T>(
  operation: (z: ZObject) => Promise<T>,
  authData: StoredAuthData,
): Promise<{ result: T; authData: StoredAuthData }> {
  try {
    return { result: await appTester(operation, { authData }), authData };
  } catch (error) {
    if (!(error instanceof errors.RefreshAuthError)) throw error;
    const refreshed = { ...authData, ...(await refresh(authData)) };
    return { result: await appTester(operation, { authData: refreshed }), authData: refreshed };
  }
}

const me = (z: ZObject) => createApiClient(z).me();

// ---------------------------------------------------------------- the tests

describe('authorization-code flow with PKCE', () => {
  it('connects, passes the connection test and labels the connection', async () => {
    const authData = await connectLikeZapier();

    expect(authData).toEqual({
      access_token: expect.stringMatching(/^snp_at_/),
      refresh_token: expect.stringMatching(/^snp_rt_/),
      scope: authentication.oauth2Config.scope,
    });
    await expect(testConnection(authData)).resolves.toMatchObject({
      account_name: 'Demo Law LLP',
      user_email: 'alex@demo-law.example',
      scopes: authentication.oauth2Config.scope.split(' '),
    });
  });

  it('rejects a code redeemed with the wrong verifier, asking to connect again', async () => {
    const { challenge } = pkcePair();
    const url = `${await appTester(authorizeUrl, {
      inputData: { redirect_uri: REDIRECT_URI, state: 's' },
    })}&code_challenge=${challenge}&code_challenge_method=S256`;
    const page = await (await browserFetch(url)).text();
    const consent = String(/name="consent" value="([^"]+)"/.exec(page)?.[1]);
    const approved = await browserFetch(`${sandbox.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, decision: 'approve' }),
    });
    const code = String(new URL(String(approved.headers.get('location'))).searchParams.get('code'));

    await expect(
      appTester(getAccessToken, {
        inputData: { code, redirect_uri: REDIRECT_URI, code_verifier: pkcePair().verifier },
      }),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'Snapshots refused the authorization: code_verifier does not match the code_challenge. Try connecting again.',
      ),
    });
  });
});

describe('refresh-token rotation', () => {
  it('stores the rotated refresh token, and the new tokens work', async () => {
    const first = await connectLikeZapier();

    const second = await refresh(first);

    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    await expect(testConnection(second)).resolves.toMatchObject({ account_name: 'Demo Law LLP' });
    // The rotated token is the one that keeps the connection alive after the grace period.
    await advanceClock(61);
    await expect(refresh(second)).resolves.toMatchObject({ access_token: expect.any(String) });
  });

  it('two concurrent refreshes inside the grace period both succeed', async () => {
    const authData = await connectLikeZapier();

    const [one, two] = await Promise.all([refresh(authData), refresh(authData)]);

    expect(one.refresh_token).not.toBe(two.refresh_token);
    await expect(testConnection(one)).resolves.toBeDefined();
    await expect(testConnection(two)).resolves.toBeDefined();
  });

  it('a rotated refresh token reused after the grace period asks the user to reconnect (the local way, against the sandbox)', async () => {
    const authData = await connectLikeZapier();
    await refresh(authData);
    await advanceClock(61);

    const attempt = refresh(authData);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'Snapshots no longer accepts this connection (its authorization expired or was revoked). The local sandbox forgets every token when it restarts: delete the authData_ lines in .env and run `npx zapier-platform invoke auth start`.',
    );
  });

  it('an expired access token is refreshed by Zapier and the step runs again', async () => {
    const authData = await connectLikeZapier();
    await advanceClock(3601);

    await expect(appTester(me, { authData })).rejects.toBeInstanceOf(errors.RefreshAuthError);
    const run = await runLikeZapier(me, authData);

    expect(run.result.account.name).toBe('Demo Law LLP');
    expect(run.authData.refresh_token).not.toBe(authData.refresh_token);
  });
});

describe('revoked tokens', () => {
  const revoke = async (token: string) => {
    const response = await browserFetch(`${sandbox.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token,
        client_id: sandbox.clientId,
        client_secret: sandbox.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
  };

  it('a revoked access token makes Zapier refresh, and the refreshed connection works', async () => {
    const authData = await connectLikeZapier();
    await revoke(authData.access_token);

    await expect(testConnection(authData)).rejects.toBeInstanceOf(errors.RefreshAuthError);
    const run = await runLikeZapier(me, authData);
    expect(run.result.user.email).toBe('alex@demo-law.example');
  });

  it('a revoked grant (refresh token) cannot be refreshed: reconnect', async () => {
    const authData = await connectLikeZapier();
    await revoke(authData.refresh_token);

    await expect(runLikeZapier(me, authData)).rejects.toBeInstanceOf(errors.ExpiredAuthError);
  });
});

describe('scopes', () => {
  it('a token without saas/location.read fails the connection test, naming the scope', async () => {
    const authData = await mintTokens(['saas/matter.read', 'saas/matter.write']);

    const attempt = testConnection(authData);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/location.read" permission, which is needed to read locations. Reconnect Snapshots in Zapier (My Apps → Snapshots → Reconnect) and approve every permission it asks for.',
    );
  });

  it('an operation the token has no scope for gets the missing-scope error (403)', async () => {
    const authData = await mintTokens(['saas/location.read', 'saas/matter.read']);

    const attempt = appTester(
      (z: ZObject) =>
        createApiClient(z).matters.create({ title: 'X' }, { idempotencyKey: 'k-scope' }),
      {
        authData,
      },
    );

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'lacks the "saas/matter.write" permission, which is needed to create and update matters.',
    );
  });
});

describe('rate limiting', () => {
  it('a 429 becomes a ThrottledError that honours Retry-After', async () => {
    const authData = await mintTokens();
    await sandbox.controls.setRateLimit({ limit: 2, window_seconds: 30 });

    await testConnection(authData);
    await testConnection(authData);
    const attempt = testConnection(authData);

    await expect(attempt).rejects.toBeInstanceOf(errors.ThrottledError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringMatching(
        /^{"message":"Snapshots is rate limiting this connection\. Zapier will retry in \d+ seconds?\.","delay":([1-9]|[12]\d|30)}$/,
      ),
    });
  });
});

describe('transient faults on the connection test', () => {
  const fault = (spec: Omit<FaultRequest, 'method' | 'path'>) =>
    sandbox.controls.injectFault({ method: 'GET', path: '/v1/me', ...spec });

  it.each([
    ['a 503', { status: 503 }, 'Snapshots had a server error'],
    ['a dropped connection', { drop: true }, 'The connection to Snapshots failed'],
    ['malformed JSON', { malformed: true }, 'that is not valid JSON'],
  ])('%s → a retryable ThrottledError that says so', async (_name, spec, text) => {
    const authData = await mintTokens();
    await fault(spec);

    const attempt = testConnection(authData);

    await expect(attempt).rejects.toBeInstanceOf(errors.ThrottledError);
    await expect(attempt).rejects.toThrow(text);
  });
});

describe('log hygiene over a real run', () => {
  let logServer: Server;
  const received: string[] = [];

  beforeAll(async () => {
    logServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => logServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => logServer.close(() => resolve())));

  it('connect, test, refresh and a refused refresh log no token or client secret', async () => {
    const { port } = logServer.address() as AddressInfo;
    const logEnv = {
      LOGGING_ENDPOINT: `http://127.0.0.1:${port}/input`,
      LOGGING_TOKEN: 'log-stream-token',
      LOG_TO_STDOUT: 'true',
      DETAILED_LOG_TO_STDOUT: 'true',
    };
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    Object.assign(process.env, logEnv);
    const seen: string[] = [sandbox.clientSecret];
    try {
      const first = await connectLikeZapier();
      await testConnection(first);
      const second = await refresh(first);
      await advanceClock(61);
      await expect(refresh(first)).rejects.toBeInstanceOf(errors.ExpiredAuthError);
      seen.push(first.access_token, first.refresh_token, second.access_token, second.refresh_token);
      // The code is single-use, but whoever replays it revokes the connection (RFC 6749 §4.1.2).
      seen.push(...exchanged);
    } finally {
      for (const key of Object.keys(logEnv)) delete process.env[key];
      spies.forEach((spy) => spy.mockRestore());
    }

    const logs = [...received, ...printed].join('\n');
    expect(logs).toContain(`"message":"200 POST ${sandbox.url}/oauth/token"`);
    expect(logs).toContain(`GET ${sandbox.url}/v1/me`);
    for (const secret of seen) expect(logs).not.toContain(secret);
  });
});

/**
 * OAuth 2.0 authorization code + PKCE (RFC 6749, RFC 7636), refresh-token rotation with a 60 s
 * grace period, revocation (RFC 7009) and access-token expiry, driven over real HTTP, including the
 * consent page's HTML form; and the sandbox's second client, for `zapier-platform invoke auth
 * start`, whose PKCE is optional and whose redirects stay on loopback.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Me, TokenResponse } from '../../src/api/schemas';
import { ALL_SCOPES, type ApiResponse, type Harness, useSandbox } from '../support/api';
import { expectOAuthError, expectProblem } from '../support/expectations';
import {
  LOOPBACK_REDIRECT,
  ZAPIER_REDIRECT,
  type AuthorizeParams,
  asCliClient,
  authorizeQuery,
  basicAuth,
  decide,
  exchangeCode,
  obtainCode,
  parseConsentPage,
  pkce,
  postOAuth,
  redirectParams,
  refresh,
} from '../support/oauth';

const h = useSandbox();

beforeEach(async () => {
  await h.fresh();
});

const me = (token: string) => h.call('GET', '/v1/me', { token });

function expectInvalidToken(response: Awaited<ReturnType<typeof me>>): void {
  expectProblem(response, 401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b.*error="invalid_token"/);
}

describe('GET /oauth/authorize', () => {
  it('shows a consent page with a form to approve or deny', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const response = await h.call('GET', '/oauth/authorize', { query });
    const page = parseConsentPage(h, response);
    expect(new URL(page.action).pathname).toBe('/oauth/authorize');
    expect(page.consent.length).toBeGreaterThan(0);
    expect(page.decisions.sort()).toEqual(['approve', 'deny']);
  });

  it.each([
    ['a Zapier redirect URI', ZAPIER_REDIRECT],
    ['a 127.0.0.1 redirect URI', 'http://127.0.0.1:54321/callback'],
    ['a localhost redirect URI', 'http://localhost:3000/oauth/return'],
    ['an [::1] redirect URI', 'http://[::1]:54321/callback'],
  ])('accepts %s', async (_label, redirectUri) => {
    const query = authorizeQuery(h, pkce().challenge, { redirect_uri: redirectUri });
    parseConsentPage(h, await h.call('GET', '/oauth/authorize', { query }));
  });

  it.each([
    ['an unknown client_id', { client_id: 'someone-else' }],
    ['no client_id', { client_id: undefined }],
    ['a redirect URI on another host', { redirect_uri: 'https://evil.example/callback' }],
    [
      'a plain-http redirect URI off loopback',
      { redirect_uri: 'http://zapier.com/dashboard/auth/oauth/return/App1/' },
    ],
    [
      'a Zapier URI outside the OAuth return path',
      { redirect_uri: 'https://zapier.com/elsewhere' },
    ],
    ['no redirect_uri', { redirect_uri: undefined }],
  ])('answers %s with a 400 page, never a redirect', async (_label, overrides) => {
    const query = authorizeQuery(h, pkce().challenge, overrides);
    const response = await h.call('GET', '/oauth/authorize', { query });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^text\/html\b/);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    [
      'response_type=token',
      { response_type: 'token' },
      ['invalid_request', 'unsupported_response_type'],
    ],
    ['no response_type', { response_type: undefined }, ['invalid_request']],
    ['no code_challenge', { code_challenge: undefined }, ['invalid_request']],
    ['a malformed code_challenge', { code_challenge: 'too-short' }, ['invalid_request']],
    ['code_challenge_method=plain', { code_challenge_method: 'plain' }, ['invalid_request']],
    ['no code_challenge_method', { code_challenge_method: undefined }, ['invalid_request']],
    [
      'scopes without saas/location.read',
      { scope: 'saas/matter.read saas/matter.write' },
      ['invalid_scope'],
    ],
    ['an unknown scope', { scope: 'saas/location.read saas/billing.read' }, ['invalid_scope']],
    ['no scope', { scope: undefined }, ['invalid_request', 'invalid_scope']],
  ] as [string, Record<string, string | undefined>, string[]][])(
    'redirects %s back with the error and the state',
    async (_label, overrides, errors) => {
      const query = authorizeQuery(h, pkce().challenge, overrides);
      const response = await h.call('GET', '/oauth/authorize', { query });
      const params = redirectParams(response, LOOPBACK_REDIRECT);
      expect(errors).toContain(params.get('error'));
      expect(params.get('state')).toBe(query.state);
      expect(params.get('code')).toBeNull();
    },
  );

  it('redirects a request without state with invalid_request and no state', async () => {
    const query = authorizeQuery(h, pkce().challenge, { state: undefined });
    const params = redirectParams(
      await h.call('GET', '/oauth/authorize', { query }),
      LOOPBACK_REDIRECT,
    );
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBeNull();
  });
});

describe('POST /oauth/authorize (the consent form)', () => {
  it('redirects with a code and the state on approval', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const { response } = await decide(h, query, 'approve');
    const params = redirectParams(response, LOOPBACK_REDIRECT);
    expect(params.get('code')).toEqual(expect.any(String));
    expect(params.get('state')).toBe(query.state);
    expect(params.get('error')).toBeNull();
  });

  it('redirects with error=access_denied and the state on refusal', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const { response } = await decide(h, query, 'deny');
    const params = redirectParams(response, LOOPBACK_REDIRECT);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(query.state);
    expect(params.get('code')).toBeNull();
  });

  it('keeps the query of a redirect URI that has one (RFC 6749 §3.1.2)', async () => {
    const redirectUri = 'http://127.0.0.1:9/callback?tenant=acme';
    const query = authorizeQuery(h, pkce().challenge, { redirect_uri: redirectUri });
    const { response } = await decide(h, query, 'approve');
    const params = redirectParams(response, redirectUri);
    expect(params.get('tenant')).toBe('acme');
    expect(params.get('code')).toEqual(expect.any(String));
    expect(params.get('state')).toBe(query.state);
  });

  it('redirects to the Zapier redirect URI it was given', async () => {
    const query = authorizeQuery(h, pkce().challenge, { redirect_uri: ZAPIER_REDIRECT });
    const { response } = await decide(h, query, 'approve');
    expect(redirectParams(response, ZAPIER_REDIRECT).get('code')).toEqual(expect.any(String));
  });

  it('accepts a consent only once', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const { page } = await decide(h, query, 'approve');
    const again = await h.call('POST', '/oauth/authorize', {
      form: { consent: page.consent, decision: 'approve' },
    });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  });

  it.each([
    ['an unknown consent', { consent: 'not-a-consent', decision: 'approve' }],
    ['no consent', { decision: 'approve' }],
  ])('400s on %s', async (_label, form) => {
    const response = await h.call('POST', '/oauth/authorize', { form });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('POST /oauth/token: authorization_code', () => {
  it.each(['body', 'basic'] as const)(
    'exchanges a code for tokens (client credentials in the %s)',
    async (auth) => {
      const grant = await obtainCode(h);
      const response = await postOAuth(
        h,
        '/oauth/token',
        {
          grant_type: 'authorization_code',
          code: grant.code,
          redirect_uri: grant.redirectUri,
          code_verifier: grant.verifier,
        },
        auth,
      );
      expect(response.status).toBe(200);
      const tokens = TokenResponse.parse(response.body);
      expect(tokens.token_type).toBe('Bearer');
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.scope.split(' ').sort()).toEqual([...ALL_SCOPES].sort());
      const who = await me(tokens.access_token);
      expect(who.status).toBe(200);
      expect(Me.parse(who.body).scopes.sort()).toEqual([...ALL_SCOPES].sort());
    },
  );

  it('sends Cache-Control: no-store with tokens (RFC 6749 §5.1)', async () => {
    const grant = await obtainCode(h);
    const response = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      code_verifier: grant.verifier,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('grants only the scopes consented to', async () => {
    const scopes = ['saas/location.read', 'saas/matter.read'];
    const tokens = await exchangeCode(h, await obtainCode(h, { scopes }));
    expect(tokens.scope.split(' ').sort()).toEqual(scopes);
    expect(Me.parse((await me(tokens.access_token)).body).scopes.sort()).toEqual(scopes);
  });

  it('accepts a code only once', async () => {
    const grant = await obtainCode(h);
    await exchangeCode(h, grant);
    const again = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      code_verifier: grant.verifier,
    });
    expectOAuthError(again, 400, 'invalid_grant');
  });

  it('accepts a code for 10 minutes, not longer', async () => {
    const young = await obtainCode(h);
    const old = await obtainCode(h);
    await h.advanceClock(9 * 60 + 50);
    await exchangeCode(h, young);
    await h.advanceClock(20);
    const expired = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code: old.code,
      redirect_uri: old.redirectUri,
      code_verifier: old.verifier,
    });
    expectOAuthError(expired, 400, 'invalid_grant');
  });

  it.each([
    ['a code_verifier that does not match the challenge (PKCE S256)', 'verifier'],
    ['another redirect_uri than the authorization request', 'redirect'],
    ['an unknown code', 'code'],
  ])('rejects %s with invalid_grant', async (_label, what) => {
    const grant = await obtainCode(h);
    const response = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code: what === 'code' ? 'no-such-code' : grant.code,
      redirect_uri: what === 'redirect' ? 'http://127.0.0.1:9/other' : grant.redirectUri,
      code_verifier: what === 'verifier' ? pkce().verifier : grant.verifier,
    });
    expectOAuthError(response, 400, 'invalid_grant');
  });

  it('rejects the plain challenge itself as the verifier (S256 is enforced)', async () => {
    const { challenge } = pkce();
    const query = authorizeQuery(h, challenge);
    const params = redirectParams((await decide(h, query, 'approve')).response, LOOPBACK_REDIRECT);
    const response = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: LOOPBACK_REDIRECT,
      code_verifier: challenge,
    });
    expectOAuthError(response, 400, 'invalid_grant');
  });

  it.each([
    ['a wrong secret in the body', 'body', 'wrong-secret'],
    ['a wrong secret with Basic', 'basic', 'wrong-secret'],
    ['no client authentication', 'none', undefined],
  ] as const)('rejects %s with 401 invalid_client', async (_label, auth, secret) => {
    const grant = await obtainCode(h);
    const response = await postOAuth(
      h,
      '/oauth/token',
      {
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      },
      auth,
      secret,
    );
    expectOAuthError(response, 401, 'invalid_client');
  });

  it('rejects an unknown client with 401 invalid_client', async () => {
    const grant = await obtainCode(h);
    const response = await h.call('POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      },
      headers: { authorization: basicAuth('someone-else', h.clientSecret) },
    });
    expectOAuthError(response, 401, 'invalid_client');
  });

  it.each([
    [
      'grant_type=password',
      { grant_type: 'password', username: 'a', password: 'b' },
      'unsupported_grant_type',
    ],
    ['no grant_type', { code: 'x' }, 'invalid_request'],
    [
      'no code',
      {
        grant_type: 'authorization_code',
        redirect_uri: LOOPBACK_REDIRECT,
        code_verifier: pkce().verifier,
      },
      'invalid_request',
    ],
    [
      'no code_verifier',
      { grant_type: 'authorization_code', code: 'x', redirect_uri: LOOPBACK_REDIRECT },
      'invalid_request',
    ],
    [
      'a code_verifier of 42 characters',
      {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: LOOPBACK_REDIRECT,
        code_verifier: 'a'.repeat(42),
      },
      'invalid_request',
    ],
    ['no refresh_token', { grant_type: 'refresh_token' }, 'invalid_request'],
  ] as [string, Record<string, string>, string][])(
    'rejects %s with 400 %s',
    async (_label, params, error) => {
      const response = await postOAuth(h, '/oauth/token', params);
      expectOAuthError(response, 400, error);
    },
  );
});

describe('POST /oauth/token: refresh_token (rotation with a 60 s grace period)', () => {
  async function connect() {
    return exchangeCode(h, await obtainCode(h));
  }

  it.each(['body', 'basic'] as const)(
    'rotates: every refresh returns a new refresh token and a working access token (%s)',
    async (auth) => {
      const first = await connect();
      const response = await refresh(h, first.refresh_token, auth);
      expect(response.status).toBe(200);
      const second = TokenResponse.parse(response.body);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.expires_in).toBe(3600);
      expect(second.scope.split(' ').sort()).toEqual(first.scope.split(' ').sort());
      expect((await me(second.access_token)).status).toBe(200);
    },
  );

  it('lets two concurrent refreshes with the same token both succeed', async () => {
    const first = await connect();
    const [a, b] = await Promise.all([
      refresh(h, first.refresh_token),
      refresh(h, first.refresh_token),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ta, tb] = [TokenResponse.parse(a.body), TokenResponse.parse(b.body)];
    expect((await me(ta.access_token)).status).toBe(200);
    expect((await me(tb.access_token)).status).toBe(200);
    // Both new refresh tokens keep working.
    expect((await refresh(h, ta.refresh_token)).status).toBe(200);
    expect((await refresh(h, tb.refresh_token)).status).toBe(200);
  });

  it('keeps the old refresh token working for 60 s, then refuses it with invalid_grant', async () => {
    const first = await connect();
    const rotated = TokenResponse.parse((await refresh(h, first.refresh_token)).body);
    await h.advanceClock(50);
    expect((await refresh(h, first.refresh_token)).status).toBe(200);
    await h.advanceClock(15);
    expectOAuthError(await refresh(h, first.refresh_token), 400, 'invalid_grant');
    // The rotated one is not affected.
    expect((await refresh(h, rotated.refresh_token)).status).toBe(200);
  });

  it('refreshes after the access token expired', async () => {
    const first = await connect();
    await h.advanceClock(3601);
    expectInvalidToken(await me(first.access_token));
    const renewed = TokenResponse.parse((await refresh(h, first.refresh_token)).body);
    expect((await me(renewed.access_token)).status).toBe(200);
  });

  it('rejects an unknown refresh token with invalid_grant', async () => {
    expectOAuthError(await refresh(h, 'no-such-refresh-token'), 400, 'invalid_grant');
  });

  it('rejects a refresh with a wrong client secret with 401 invalid_client', async () => {
    const first = await connect();
    const response = await postOAuth(
      h,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      'body',
      'wrong-secret',
    );
    expectOAuthError(response, 401, 'invalid_client');
  });

  it('does not accept a refresh token as an access token', async () => {
    const first = await connect();
    expectInvalidToken(await me(first.refresh_token));
  });
});

describe('POST /oauth/revoke (RFC 7009)', () => {
  it.each(['body', 'basic'] as const)('revokes an access token (%s)', async (auth) => {
    const tokens = await exchangeCode(h, await obtainCode(h));
    const response = await postOAuth(h, '/oauth/revoke', { token: tokens.access_token }, auth);
    expect(response.status).toBe(200);
    expectInvalidToken(await me(tokens.access_token));
  });

  it('revokes a refresh token', async () => {
    const tokens = await exchangeCode(h, await obtainCode(h));
    const response = await postOAuth(h, '/oauth/revoke', {
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expectOAuthError(await refresh(h, tokens.refresh_token), 400, 'invalid_grant');
  });

  it('revokes even when the token_type_hint is wrong', async () => {
    const tokens = await exchangeCode(h, await obtainCode(h));
    const response = await postOAuth(h, '/oauth/revoke', {
      token: tokens.access_token,
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expectInvalidToken(await me(tokens.access_token));
  });

  it('answers 200 for an unknown token', async () => {
    const response = await postOAuth(h, '/oauth/revoke', { token: 'never-issued' });
    expect(response.status).toBe(200);
  });

  it('rejects a bad client with 401 invalid_client and revokes nothing', async () => {
    const tokens = await exchangeCode(h, await obtainCode(h));
    const response = await postOAuth(
      h,
      '/oauth/revoke',
      { token: tokens.access_token },
      'body',
      'wrong-secret',
    );
    expectOAuthError(response, 401, 'invalid_client');
    expect((await me(tokens.access_token)).status).toBe(200);
  });
});

describe('request bodies: form-encoded only (RFC 6749 §4.1.3)', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const NOT_FORMS: [string, string, (params: Record<string, string>) => string][] = [
    ['JSON', 'application/json', (params) => JSON.stringify(params)],
    ['merge-patch JSON', 'application/merge-patch+json', (params) => JSON.stringify(params)],
    ['a form body labelled text/plain', 'text/plain', (params) => formText(params)],
    ['multipart/form-data', 'multipart/form-data; boundary=x', (params) => multipart(params)],
  ];

  function formText(params: Record<string, string>): string {
    return new URLSearchParams(params).toString();
  }

  function multipart(params: Record<string, string>): string {
    const parts = Object.entries(params).map(
      ([name, value]) =>
        `--x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    return `${parts.join('')}--x--\r\n`;
  }

  /** The request as `postOAuth` would send it (credentials in the body), in another encoding. */
  const send = (
    path: '/oauth/token' | '/oauth/revoke',
    params: Record<string, string>,
    contentType: string,
    encode: (params: Record<string, string>) => string,
  ) =>
    h.call('POST', path, {
      raw: encode({ ...params, client_id: h.clientId, client_secret: h.clientSecret }),
      contentType,
    });

  function expectFormRequired(response: ApiResponse): void {
    expectOAuthError(response, 400, 'invalid_request');
    expect(response.body.error_description).toContain(FORM);
  }

  it.each(NOT_FORMS)(
    'refuses a code exchange sent as %s with invalid_request naming the form type; the code still works',
    async (_label, contentType, encode) => {
      const grant = await obtainCode(h);
      const params = {
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      };
      expectFormRequired(await send('/oauth/token', params, contentType, encode));
      // Not redeemed: a reused code would fail and revoke its grant.
      const tokens = await exchangeCode(h, grant);
      expect((await me(tokens.access_token)).status).toBe(200);
    },
  );

  it('refuses a JSON body even when the client authenticates with HTTP Basic', async () => {
    const grant = await obtainCode(h);
    const response = await h.call('POST', '/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      },
      headers: { authorization: basicAuth(h.clientId, h.clientSecret) },
    });
    expectFormRequired(response);
    await exchangeCode(h, grant, 'basic');
  });

  it.each(NOT_FORMS)(
    'refuses a refresh sent as %s; the refresh token is not rotated',
    async (_label, contentType, encode) => {
      const tokens = await exchangeCode(h, await obtainCode(h));
      const params = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token };
      expectFormRequired(await send('/oauth/token', params, contentType, encode));
      // A rotated refresh token would stop working 60 s after its rotation.
      await h.advanceClock(61);
      expect((await refresh(h, tokens.refresh_token)).status).toBe(200);
    },
  );

  it.each(NOT_FORMS)(
    'refuses a revocation sent as %s; the token keeps working',
    async (_label, contentType, encode) => {
      const tokens = await exchangeCode(h, await obtainCode(h));
      const response = await send(
        '/oauth/revoke',
        { token: tokens.access_token },
        contentType,
        encode,
      );
      expectFormRequired(response);
      expect((await me(tokens.access_token)).status).toBe(200);
    },
  );

  it('refuses a JSON body with an empty body too', async () => {
    const response = await h.call('POST', '/oauth/revoke', {
      raw: '',
      contentType: 'application/json',
    });
    expectFormRequired(response);
  });

  it('accepts the form type with a charset parameter', async () => {
    const grant = await obtainCode(h);
    const response = await h.call('POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
        client_id: h.clientId,
        client_secret: h.clientSecret,
      },
      contentType: `${FORM}; charset=UTF-8`,
    });
    expect(response.status).toBe(200);
  });

  it('answers a consent decision sent as JSON with the 400 page, never a redirect; the consent still works', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const page = parseConsentPage(h, await h.call('GET', '/oauth/authorize', { query }));
    const response = await h.call('POST', '/oauth/authorize', {
      body: { consent: page.consent, decision: 'approve' },
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^text\/html\b/);
    expect(response.text).toContain(FORM);
    expect(response.headers.get('location')).toBeNull();
    const approved = await h.call('POST', '/oauth/authorize', {
      form: { consent: page.consent, decision: 'approve' },
    });
    expect(redirectParams(approved, LOOPBACK_REDIRECT).get('code')).toEqual(expect.any(String));
  });
});

describe('the OAuth pages cannot be framed (clickjacking)', () => {
  function expectUnframeable(response: ApiResponse): void {
    expect(response.contentType).toMatch(/^text\/html\b/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split(';').map((directive) => directive.trim())).toContain(
      "frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  }

  it('the consent page', async () => {
    const query = authorizeQuery(h, pkce().challenge);
    const response = await h.call('GET', '/oauth/authorize', { query });
    parseConsentPage(h, response);
    expectUnframeable(response);
  });

  it('the error page of GET /oauth/authorize', async () => {
    const query = authorizeQuery(h, pkce().challenge, { client_id: 'someone-else' });
    const response = await h.call('GET', '/oauth/authorize', { query });
    expect(response.status).toBe(400);
    expectUnframeable(response);
  });

  it('the error page of POST /oauth/authorize', async () => {
    const response = await h.call('POST', '/oauth/authorize', {
      form: { consent: 'not-a-consent', decision: 'approve' },
    });
    expect(response.status).toBe(400);
    expectUnframeable(response);
  });
});

describe('access token expiry', () => {
  it('accepts an access token for expires_in seconds, then answers 401 with WWW-Authenticate', async () => {
    const tokens = await exchangeCode(h, await obtainCode(h));
    await h.advanceClock(3590);
    expect((await me(tokens.access_token)).status).toBe(200);
    await h.advanceClock(20);
    expectInvalidToken(await me(tokens.access_token));
  });

  it('honours a short expires_in minted through the sandbox control', async () => {
    const minted = await h.mintToken(undefined, 60);
    expect(minted.expires_in).toBe(60);
    expect((await me(minted.access_token)).status).toBe(200);
    await h.advanceClock(61);
    expectInvalidToken(await me(minted.access_token));
  });
});

describe('the CLI client (zapier-platform invoke auth start, which cannot do PKCE)', () => {
  const CLI_REDIRECT = 'http://127.0.0.1:9000/';
  let cli: Harness;

  beforeEach(() => {
    cli = asCliClient(h);
  });

  /** An authorization request of the CLI client: no PKCE, redirected to CLI_REDIRECT. */
  const cliQuery = (overrides: AuthorizeParams = {}) =>
    authorizeQuery(cli, '', {
      code_challenge: undefined,
      code_challenge_method: undefined,
      redirect_uri: CLI_REDIRECT,
      ...overrides,
    });

  /** Consents to an authorization request of the CLI client; returns the code. */
  async function approvedCode(query: Record<string, string | undefined>): Promise<string> {
    const { response } = await decide(cli, query, 'approve');
    const code = redirectParams(response, query.redirect_uri ?? '').get('code');
    if (!code) throw new Error('no code in the redirect');
    return code;
  }

  const exchange = (code: string, redirectUri: string, extra: Record<string, string> = {}) =>
    postOAuth(cli, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...extra,
    });

  it.each([CLI_REDIRECT, 'http://localhost:9000'])(
    'completes the code flow without PKCE, redirected to %s',
    async (redirectUri) => {
      const code = await approvedCode(cliQuery({ redirect_uri: redirectUri }));
      const response = await exchange(code, redirectUri);
      expect(response.status).toBe(200);
      const tokens = TokenResponse.parse(response.body);
      expect(Me.parse((await me(tokens.access_token)).body).account.name).toBe('Demo Law LLP');
      expect((await refresh(cli, tokens.refresh_token)).status).toBe(200);
    },
  );

  it('completes the code flow without PKCE to a receiver on http://[::1]:<port>', async () => {
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end('You may close this window.');
    });
    await new Promise<void>((resolve, reject) => {
      receiver.once('error', reject);
      receiver.listen(0, '::1', resolve);
    });
    try {
      const { port } = receiver.address() as AddressInfo;
      const redirectUri = `http://[::1]:${port}/callback`;
      const query = cliQuery({ redirect_uri: redirectUri });
      const { response } = await decide(cli, query, 'approve');
      const params = redirectParams(response, redirectUri);
      expect(params.get('state')).toBe(query.state);
      const code = params.get('code') ?? '';
      // The browser follows the redirect to the CLI's local receiver.
      const arrived = await fetch(response.headers.get('location') ?? '');
      expect(arrived.status).toBe(200);
      expect(received.map((url) => new URL(url, redirectUri).searchParams.get('code'))).toEqual([
        code,
      ]);
      const exchanged = await exchange(code, redirectUri);
      expect(exchanged.status).toBe(200);
      const tokens = TokenResponse.parse(exchanged.body);
      expect((await me(tokens.access_token)).status).toBe(200);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("is refused Zapier's redirect URI with a 400 page, never a redirect", async () => {
    const query = cliQuery({ redirect_uri: ZAPIER_REDIRECT });
    const response = await h.call('GET', '/oauth/authorize', { query });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^text\/html\b/);
    expect(response.headers.get('location')).toBeNull();
  });

  it('still verifies a code_challenge it sends: a wrong code_verifier is invalid_grant', async () => {
    const code = await approvedCode(
      authorizeQuery(cli, pkce().challenge, { redirect_uri: CLI_REDIRECT }),
    );
    const response = await exchange(code, CLI_REDIRECT, { code_verifier: pkce().verifier });
    expectOAuthError(response, 400, 'invalid_grant');
  });

  it('accepts the right code_verifier after a code_challenge', async () => {
    const { challenge, verifier } = pkce();
    const code = await approvedCode(authorizeQuery(cli, challenge, { redirect_uri: CLI_REDIRECT }));
    expect((await exchange(code, CLI_REDIRECT, { code_verifier: verifier })).status).toBe(200);
  });

  it('refuses a code issued with a code_challenge when the code_verifier is missing', async () => {
    const code = await approvedCode(
      authorizeQuery(cli, pkce().challenge, { redirect_uri: CLI_REDIRECT }),
    );
    expectOAuthError(await exchange(code, CLI_REDIRECT), 400, 'invalid_grant');
  });

  it('refuses a code_verifier for a code issued without a code_challenge (no PKCE downgrade)', async () => {
    const code = await approvedCode(cliQuery());
    const response = await exchange(code, CLI_REDIRECT, { code_verifier: pkce().verifier });
    expectOAuthError(response, 400, 'invalid_grant');
  });

  it('redirects code_challenge_method=plain back with invalid_request, like any client', async () => {
    const query = cliQuery({ code_challenge: pkce().challenge, code_challenge_method: 'plain' });
    const params = redirectParams(await h.call('GET', '/oauth/authorize', { query }), CLI_REDIRECT);
    expect(params.get('error')).toBe('invalid_request');
  });

  it.each([
    ['without its secret', 'none'],
    ['with a wrong secret', 'wrong'],
    ["with the Zapier client's secret", 'zapier'],
  ] as const)('rejects a token request %s with 401 invalid_client', async (_label, secret) => {
    const code = await approvedCode(cliQuery());
    const secrets: Record<typeof secret, Record<string, string>> = {
      none: {},
      wrong: { client_secret: 'wrong-secret' },
      zapier: { client_secret: h.clientSecret },
    };
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLI_REDIRECT,
      client_id: cli.clientId,
      ...secrets[secret],
    };
    const response = await h.call('POST', '/oauth/token', { form });
    expectOAuthError(response, 401, 'invalid_client');
  });

  it("does not let the Zapier client redeem the CLI client's code", async () => {
    const code = await approvedCode(cliQuery());
    const response = await postOAuth(h, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLI_REDIRECT,
      code_verifier: pkce().verifier,
    });
    expectOAuthError(response, 400, 'invalid_grant');
  });

  it('leaves the Zapier client unchanged: without code_challenge it is redirected with invalid_request', async () => {
    const query = authorizeQuery(h, '', {
      code_challenge: undefined,
      code_challenge_method: undefined,
      redirect_uri: CLI_REDIRECT,
    });
    const params = redirectParams(await h.call('GET', '/oauth/authorize', { query }), CLI_REDIRECT);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe(query.state);
    expect(params.get('code')).toBeNull();
  });
});

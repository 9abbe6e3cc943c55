/**
 * Interoperability: the sandbox's OAuth server driven by `oauth4webapi` (panva), a certified OAuth
 * client nobody here wrote: authorization code + PKCE S256, refresh rotation, revocation, and the
 * Bearer challenge of a dead token. Every response the library receives still goes through the
 * contract checks (OpenAPI document, x-request-id), through the library's `customFetch` hook.
 *
 * oauth4webapi is ESM-only; see test/support/esm.ts for how a CommonJS jest suite loads it.
 */
import type * as OAuth from 'oauth4webapi';
import { Me } from '../../src/api/schemas';
import { ALL_SCOPES, checkResponse, useSandbox } from '../support/api';
import { importEsm } from '../support/esm';
import { LOOPBACK_REDIRECT, decide, redirectParams } from '../support/oauth';

const h = useSandbox();
let oauth: typeof OAuth;

beforeAll(async () => {
  oauth = await importEsm<typeof OAuth>('oauth4webapi');
});

beforeEach(async () => {
  await h.fresh();
});

/** The library's HTTP goes through here: plain fetch, then the contract checks on a clone. */
async function checkedFetch(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  const text = await response.clone().text();
  let body: unknown = text === '' ? undefined : text;
  if (/json/i.test(response.headers.get('content-type') ?? '') && text !== '') {
    body = JSON.parse(text) as unknown;
  }
  checkResponse(
    init.method ?? 'GET',
    new URL(url).pathname,
    response.status,
    response.headers,
    body,
  );
  return response;
}

/** Options every oauth4webapi request needs here: loopback http, and our checked fetch. */
function requestOptions(): OAuth.HttpRequestOptions<'POST', URLSearchParams> &
  OAuth.TokenEndpointRequestOptions {
  return {
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: checkedFetch,
  };
}

function server(): OAuth.AuthorizationServer {
  return {
    issuer: h.url,
    authorization_endpoint: `${h.url}/oauth/authorize`,
    token_endpoint: `${h.url}/oauth/token`,
    revocation_endpoint: `${h.url}/oauth/revoke`,
    code_challenge_methods_supported: ['S256'],
  };
}

const client = (): OAuth.Client => ({ client_id: h.clientId });

/** The authorization request as oauth4webapi's docs build it; the consent page plays the user. */
async function authorize(decision: 'approve' | 'deny', scopes: readonly string[] = ALL_SCOPES) {
  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const state = oauth.generateRandomState();
  const url = new URL(server().authorization_endpoint ?? '');
  url.searchParams.set('client_id', h.clientId);
  url.searchParams.set('redirect_uri', LOOPBACK_REDIRECT);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);

  const { response } = await decide(h, Object.fromEntries(url.searchParams), decision);
  redirectParams(response, LOOPBACK_REDIRECT);
  const callback = new URL(response.headers.get('location') ?? '');
  return { verifier, state, callback };
}

const auths = [
  ['client_secret_post', () => oauth.ClientSecretPost(h.clientSecret)],
  ['client_secret_basic', () => oauth.ClientSecretBasic(h.clientSecret)],
] as const;

describe('oauth4webapi against the sandbox', () => {
  it.each(auths)(
    'completes code + PKCE, calls the API, refreshes (rotation) and revokes (%s)',
    async (_label, clientAuth) => {
      const as = server();
      const { verifier, state, callback } = await authorize('approve');
      const params = oauth.validateAuthResponse(as, client(), callback, state);

      const codeResponse = await oauth.authorizationCodeGrantRequest(
        as,
        client(),
        clientAuth(),
        params,
        LOOPBACK_REDIRECT,
        verifier,
        requestOptions(),
      );
      const tokens = await oauth.processAuthorizationCodeResponse(as, client(), codeResponse);
      expect(tokens.token_type).toBe('bearer'); // oauth4webapi lowercases it
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.refresh_token).toEqual(expect.any(String));
      expect((tokens.scope ?? '').split(' ').sort()).toEqual([...ALL_SCOPES].sort());

      const meResponse = await oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL(`${h.url}/v1/me`),
        undefined,
        undefined,
        requestOptions() as OAuth.ProtectedResourceRequestOptions,
      );
      expect(meResponse.status).toBe(200);
      expect(Me.parse(await meResponse.json()).scopes.sort()).toEqual([...ALL_SCOPES].sort());

      const refreshResponse = await oauth.refreshTokenGrantRequest(
        as,
        client(),
        clientAuth(),
        tokens.refresh_token ?? '',
        requestOptions(),
      );
      const rotated = await oauth.processRefreshTokenResponse(as, client(), refreshResponse);
      expect(rotated.refresh_token).toEqual(expect.any(String));
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
      expect(rotated.access_token).not.toBe(tokens.access_token);

      const revokeResponse = await oauth.revocationRequest(
        as,
        client(),
        clientAuth(),
        rotated.access_token,
        requestOptions(),
      );
      await expect(oauth.processRevocationResponse(revokeResponse)).resolves.toBeUndefined();

      // The revoked token gets a Bearer challenge the library can parse.
      const error = await oauth
        .protectedResourceRequest(
          rotated.access_token,
          'GET',
          new URL(`${h.url}/v1/me`),
          undefined,
          undefined,
          requestOptions() as OAuth.ProtectedResourceRequestOptions,
        )
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
      const challenge = (error as OAuth.WWWAuthenticateChallengeError).cause[0];
      expect(challenge?.scheme).toBe('bearer');
      expect(challenge?.parameters.error).toBe('invalid_token');
    },
  );

  it('grants the consented subset of scopes', async () => {
    const as = server();
    const scopes = ['saas/location.read', 'saas/activity.read'];
    const { verifier, state, callback } = await authorize('approve', scopes);
    const params = oauth.validateAuthResponse(as, client(), callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client(),
      await oauth.authorizationCodeGrantRequest(
        as,
        client(),
        oauth.ClientSecretPost(h.clientSecret),
        params,
        LOOPBACK_REDIRECT,
        verifier,
        requestOptions(),
      ),
    );
    expect((tokens.scope ?? '').split(' ').sort()).toEqual([...scopes].sort());
  });

  it('reports a refused consent as an access_denied authorization error', async () => {
    const { state, callback } = await authorize('deny');
    let error: unknown;
    try {
      oauth.validateAuthResponse(server(), client(), callback, state);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect((error as OAuth.AuthorizationResponseError).error).toBe('access_denied');
  });

  it('reports a reused code and a wrong PKCE verifier as invalid_grant', async () => {
    const as = server();
    const { state, callback } = await authorize('approve');
    const params = oauth.validateAuthResponse(as, client(), callback, state);
    const exchange = (codeVerifier: string) =>
      oauth
        .authorizationCodeGrantRequest(
          as,
          client(),
          oauth.ClientSecretBasic(h.clientSecret),
          params,
          LOOPBACK_REDIRECT,
          codeVerifier,
          requestOptions(),
        )
        .then((response) => oauth.processAuthorizationCodeResponse(as, client(), response));

    const wrong = await exchange(oauth.generateRandomCodeVerifier()).catch(
      (reason: unknown) => reason,
    );
    expect(wrong).toBeInstanceOf(oauth.ResponseBodyError);
    expect((wrong as OAuth.ResponseBodyError).error).toBe('invalid_grant');

    const second = await authorize('approve');
    const secondParams = oauth.validateAuthResponse(as, client(), second.callback, second.state);
    const once = () =>
      oauth
        .authorizationCodeGrantRequest(
          as,
          client(),
          oauth.ClientSecretBasic(h.clientSecret),
          secondParams,
          LOOPBACK_REDIRECT,
          second.verifier,
          requestOptions(),
        )
        .then((response) => oauth.processAuthorizationCodeResponse(as, client(), response));
    await expect(once()).resolves.toMatchObject({ access_token: expect.any(String) });
    const reused = await once().catch((reason: unknown) => reason);
    expect(reused).toBeInstanceOf(oauth.ResponseBodyError);
    expect((reused as OAuth.ResponseBodyError).error).toBe('invalid_grant');
    expect((reused as OAuth.ResponseBodyError).status).toBe(400);
  });

  it('reports a wrong client secret as invalid_client (401)', async () => {
    const as = server();
    const { verifier, state, callback } = await authorize('approve');
    const params = oauth.validateAuthResponse(as, client(), callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client(),
      oauth.ClientSecretPost('wrong-secret'),
      params,
      LOOPBACK_REDIRECT,
      verifier,
      requestOptions(),
    );
    const error = await oauth
      .processAuthorizationCodeResponse(as, client(), response)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(oauth.ResponseBodyError);
    expect((error as OAuth.ResponseBodyError).error).toBe('invalid_client');
    expect((error as OAuth.ResponseBodyError).status).toBe(401);
  });
});

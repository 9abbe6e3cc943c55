/**
 * OAuth 2.0 authorization code with PKCE against the Snapshots authorization server.
 * Zapier generates the PKCE verifier (`enablePkce`), appends `code_challenge` to the URL built
 * here and hands the verifier to `getAccessToken` as `bundle.inputData.code_verifier`.
 * `zapier-platform invoke auth start` (CLI 19) does neither; it works against the sandbox's CLI
 * client, for which PKCE is optional. Whether a verifier was needed is the server's call.
 * Nothing here reads the environment at load time: `zapier validate` loads the app without it.
 */
import {
  type Authentication,
  type Bundle,
  type OAuth2AuthorizeUrl,
  type OAuth2GetAccessToken,
  type ZObject,
} from 'zapier-platform-core';
import { z as zod } from 'zod';
import { REQUIRED_SCOPE, SCOPES, type Me } from '../api/schemas';
import { oauthClient, oauthUrl } from '../config';
import { createApiClient } from '../http/client';
import {
  connectionExpired,
  failure,
  missingScopeError,
  quiet,
  withoutZapierRetry,
} from '../http/errors';
import { requestTokens, type IssuedTokens } from '../http/token';

/** Every scope of the registry (src/api/objects), asked for at connection; REQUIRED_SCOPE must be granted. */
export const REQUESTED_SCOPE = SCOPES.join(' ');

/**
 * What Zapier keeps in `bundle.authData` (it merges a refresh's result into the old one).
 * A type, not an interface, so that it fits core's `{ [x: string]: string }` authData.
 */
export type StoredAuthData = {
  access_token: string;
  /** Rotated on every refresh: storing the new one is what keeps the connection alive. */
  refresh_token: string;
  scope: string;
};

/** A refresh answer may leave out the refresh token or scope: the stored ones then stay. */
const toAuthData = (
  tokens: IssuedTokens,
  previous: Partial<StoredAuthData> = {},
): StoredAuthData => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token ?? previous.refresh_token ?? '',
  scope: tokens.scope ?? previous.scope ?? '',
});

/** What Zapier passes in `bundle.inputData` to the authorize and token steps. */
const AuthorizeInput = zod.object({
  redirect_uri: zod.string().min(1),
  state: zod.string().min(1),
});
const CodeExchangeInput = zod.object({
  code: zod.string().min(1),
  redirect_uri: zod.string().min(1),
  // Zapier always sends it (enablePkce); `zapier-platform invoke auth start` (CLI 19) never does.
  code_verifier: zod.string().min(1, 'is missing').optional(),
});

function readInput<S extends zod.ZodType>(schema: S, bundle: Bundle): zod.output<S> {
  const parsed = schema.safeParse(bundle.inputData);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw failure(`Zapier did not pass the OAuth field(s) ${fields}.`, 'oauth_input_missing');
}

/**
 * Scope is not the first parameter so the CLI's `&scope=` check sees it; values are encoded with
 * %20 for spaces. Core wants a promise (its `Function` type), hence `Promise.resolve`.
 */
const buildAuthorizeUrl = ((_z, bundle) =>
  Promise.resolve(authorizeUrlFor(bundle))) satisfies OAuth2AuthorizeUrl;

function authorizeUrlFor(bundle: Bundle): string {
  const { redirect_uri, state } = readInput(AuthorizeInput, bundle);
  const params = {
    response_type: 'code',
    client_id: oauthClient().clientId,
    redirect_uri,
    scope: REQUESTED_SCOPE,
    state,
  };
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${oauthUrl('/authorize')}?${query}`;
}

/**
 * Any error leaving the code exchange is marked for core to leave alone: core's "What happened"
 * would quote the bundle, whose inputData holds the authorization code and the PKCE verifier.
 * Zapier does not retry a code exchange, so a temporary failure says to connect again instead.
 */
const exchangeCodeForTokens = (async (z, bundle) => {
  try {
    const { code, redirect_uri, code_verifier } = readInput(CodeExchangeInput, bundle);
    // Without a verifier the server refuses codes it issued against a code_challenge
    // (invalid_grant, explained by requestTokens); Zapier's client cannot get a code without one.
    const tokens = await requestTokens(z, {
      grant_type: 'authorization_code',
      code,
      redirect_uri,
      ...(code_verifier === undefined ? {} : { code_verifier }),
    });
    return toAuthData(tokens);
  } catch (error) {
    throw quiet(withoutZapierRetry(error, () => 'Try connecting again in a minute.'));
  }
}) satisfies OAuth2GetAccessToken;

/** Core's OAuth2RefreshAccessToken type is a placeholder, hence the plain signature. */
async function refreshTokens(z: ZObject, bundle: Bundle): Promise<StoredAuthData> {
  const refreshToken = bundle.authData.refresh_token;
  if (!refreshToken) throw connectionExpired();
  try {
    const tokens = await requestTokens(z, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    return toAuthData(tokens, bundle.authData);
  } catch (error) {
    throw quiet(error);
  }
}

/** `/me` plus the two flat fields the connection label shows. */
export type ConnectionInfo = Me & { account_name: string; user_email: string };

/** Checks the token works and holds the scope every connection needs. */
async function testConnection(z: ZObject): Promise<ConnectionInfo> {
  try {
    const me = await createApiClient(z).me();
    if (!me.scopes.includes(REQUIRED_SCOPE)) throw missingScopeError(REQUIRED_SCOPE);
    return { ...me, account_name: me.account.name, user_email: me.user.email };
  } catch (error) {
    throw quiet(error);
  }
}

export const authentication = {
  type: 'oauth2',
  oauth2Config: {
    authorizeUrl: buildAuthorizeUrl,
    getAccessToken: exchangeCodeForTokens,
    refreshAccessToken: refreshTokens,
    scope: REQUESTED_SCOPE,
    enablePkce: true,
    // A 401 makes core throw RefreshAuthError; Zapier then refreshes and retries the step.
    autoRefresh: true,
  },
  test: testConnection,
  // Flat fields: a string label renders the test result's top-level values, in Zapier and the CLI.
  connectionLabel: '{{bundle.inputData.account_name}} ({{bundle.inputData.user_email}})',
} satisfies Authentication;

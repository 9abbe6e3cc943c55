/**
 * The OAuth 2.0 authorization server: authorization code with PKCE S256 only (RFC 6749,
 * RFC 7636), a consent page, rotating refresh tokens and revocation (RFC 7009).
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthorizeQuery,
  REQUIRED_SCOPE,
  SCOPES,
  TokenRequest,
  type Scope,
} from '../src/api/schemas';
import { consentPage, errorPage } from './consent-page';
import { ACCOUNT } from './seed';
import { type AuthorizationRequest, OAuthFailure, type TokenStore } from './tokens';

export interface OAuthClient {
  id: string;
  secret: string;
}

const ZAPIER_RETURN = 'https://zapier.com/dashboard/auth/oauth/return/';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Zapier's return URL, or plain HTTP on loopback (any port) for local clients and tests. */
export function acceptsRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash !== '' || url.username !== '' || url.password !== '') return false;
  if (url.href.startsWith(ZAPIER_RETURN)) return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Shown instead of redirecting: the client or its redirect URI cannot be trusted. */
class ConsentPageError extends Error {}

/** 400 for the page's own refusals and malformed requests; 500 for anything unexpected. */
function clientErrorStatus(error: unknown): 400 | 500 {
  if (error instanceof ConsentPageError) return 400;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? 400 : 500;
}

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : 'Bad request';

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const formOf = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};

function redirectTo(reply: FastifyReply, uri: string, params: Record<string, string>) {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return reply.redirect(url.href, 302);
}

function parseScopes(scope: string): { scopes: Scope[] } | { error: string } {
  const requested = [...new Set(scope.split(' ').filter(Boolean))];
  const unknown = requested.filter((item) => !(SCOPES as readonly string[]).includes(item));
  if (unknown.length > 0) return { error: `Unknown scope: ${unknown.join(' ')}` };
  if (!requested.includes(REQUIRED_SCOPE))
    return { error: `The scope ${REQUIRED_SCOPE} is required.` };
  return { scopes: SCOPES.filter((item) => requested.includes(item)) };
}

/** RFC 6749 §2.3.1: HTTP Basic, each part form-encoded; undefined parts when it is garbled. */
function basicCredentials(header: string): { id?: string; secret?: string } {
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return {};
  const part = (text: string) => decodeURIComponent(text.replaceAll('+', ' '));
  try {
    return { id: part(decoded.slice(0, separator)), secret: part(decoded.slice(separator + 1)) };
  } catch {
    return {};
  }
}

/** HTTP Basic or `client_id` + `client_secret` in the body must name our client. */
function authenticateClient(
  request: FastifyRequest,
  reply: FastifyReply,
  client: OAuthClient,
): void {
  const header = request.headers.authorization;
  const basic = header?.toLowerCase().startsWith('basic ') ?? false;
  const form = formOf(request.body);
  const given =
    header && basic
      ? basicCredentials(header)
      : { id: textOf(form.client_id), secret: textOf(form.client_secret) };
  if (given.id === client.id && given.secret === client.secret) return;
  if (basic) reply.header('www-authenticate', 'Basic realm="snapshots"');
  throw new OAuthFailure('invalid_client', 'Client authentication failed.', 401);
}

const firstIssue = (error: { issues: readonly { path: PropertyKey[]; message: string }[] }) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid request';
};

function tokenRequestOf(body: unknown) {
  const form = formOf(body);
  const grantType = textOf(form.grant_type);
  if (grantType === undefined) throw new OAuthFailure('invalid_request', 'grant_type is required.');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthFailure('unsupported_grant_type', `Unsupported grant_type "${grantType}".`);
  }
  const parsed = TokenRequest.safeParse(form);
  if (!parsed.success) throw new OAuthFailure('invalid_request', firstIssue(parsed.error));
  return parsed.data;
}

type AuthorizeOutcome =
  | { accepted: AuthorizationRequest }
  | { redirectUri: string; error: 'invalid_request' | 'invalid_scope'; description: string };

/**
 * RFC 6749 §4.1.2.1: an unknown client or redirect URI is shown an error page (redirecting could
 * serve an attacker); any other bad parameter is reported to the client's redirect URI.
 */
function checkAuthorizeQuery(rawQuery: unknown, client: OAuthClient): AuthorizeOutcome {
  const query = formOf(rawQuery);
  const redirectUri = textOf(query.redirect_uri);
  if (textOf(query.client_id) !== client.id) throw new ConsentPageError('Unknown client_id.');
  if (redirectUri === undefined || !acceptsRedirectUri(redirectUri)) {
    throw new ConsentPageError('This redirect_uri is not registered for the client.');
  }
  const parsed = AuthorizeQuery.safeParse(query);
  if (!parsed.success) {
    return { redirectUri, error: 'invalid_request', description: firstIssue(parsed.error) };
  }
  const scopes = parseScopes(parsed.data.scope);
  if ('error' in scopes) return { redirectUri, error: 'invalid_scope', description: scopes.error };
  return {
    accepted: {
      clientId: client.id,
      redirectUri,
      scopes: scopes.scopes,
      state: parsed.data.state,
      codeChallenge: parsed.data.code_challenge,
    },
  };
}

/** RFC 6749 §5.2 JSON errors on the token endpoints; an HTML page on the consent page. */
function sendOAuthError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof OAuthFailure) {
    return reply
      .code(error.status)
      .header('cache-control', 'no-store')
      .send({ error: error.error, error_description: error.description });
  }
  const status = clientErrorStatus(error);
  if (status === 500) request.log.error(error);
  const message = status === 500 ? 'Something went wrong on our side.' : errorMessage(error);
  if (request.url.startsWith('/oauth/authorize')) {
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(message));
  }
  const code = status === 500 ? 'server_error' : 'invalid_request';
  return reply.code(status).send({ error: code, error_description: message });
}

export function registerOAuthRoutes(
  app: FastifyInstance,
  deps: { tokens: TokenStore; client: OAuthClient },
): void {
  const { tokens, client } = deps;

  void app.register(async (oauth) => {
    await oauth.register(formbody);
    oauth.setErrorHandler(sendOAuthError);

    oauth.get('/oauth/authorize', async (request, reply) => {
      const outcome = checkAuthorizeQuery(request.query, client);
      if (!('accepted' in outcome)) {
        const state = textOf(formOf(request.query).state);
        return redirectTo(reply, outcome.redirectUri, {
          error: outcome.error,
          error_description: outcome.description,
          ...(state === undefined ? {} : { state }),
        });
      }
      const { accepted } = outcome;
      const consentId = tokens.addPendingConsent(accepted);
      const page = consentPage({ ...accepted, consentId, accountName: ACCOUNT.name });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    });

    oauth.post('/oauth/authorize', async (request, reply) => {
      const form = formOf(request.body);
      const decision = textOf(form.decision);
      if (decision !== 'approve' && decision !== 'deny') {
        throw new ConsentPageError('decision must be "approve" or "deny".');
      }
      const pending = tokens.takePendingConsent(textOf(form.consent) ?? '');
      if (!pending) throw new ConsentPageError('This consent request expired or was already used.');
      const { redirectUri, state } = pending;
      return decision === 'approve'
        ? redirectTo(reply, redirectUri, { code: tokens.issueCode(pending), state })
        : redirectTo(reply, redirectUri, { error: 'access_denied', state });
    });

    oauth.post('/oauth/token', async (request, reply) => {
      authenticateClient(request, reply, client);
      const body = tokenRequestOf(request.body);
      const response =
        body.grant_type === 'authorization_code'
          ? tokens.redeemCode(body.code, client.id, body.redirect_uri, body.code_verifier)
          : tokens.refresh(body.refresh_token, client.id);
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
    });

    oauth.post('/oauth/revoke', async (request, reply) => {
      authenticateClient(request, reply, client);
      const token = textOf(formOf(request.body).token);
      if (!token) throw new OAuthFailure('invalid_request', 'token is required.');
      tokens.revoke(token, client.id);
      return reply.code(200).send();
    });
  });
}

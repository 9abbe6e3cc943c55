/**
 * The OAuth 2.0 authorization server: authorization code with PKCE S256 (RFC 6749, RFC 7636), a
 * consent page, rotating refresh tokens and revocation (RFC 7009). Which client may skip PKCE and
 * where each may redirect is decided by ./clients.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AuthorizeQuery, REQUIRED_SCOPE, TokenRequest } from '../../src/api/schemas';
import { scopesOf, type Registry } from '../../src/api/objects';
import { type OAuthClient, type OAuthClients, acceptsRedirectUri } from './clients';
import { drainBody } from '../http/body';
import { consentPage, errorPage } from './consent-page';
import { rateLimited } from '../http/problems';
import { type RateLimiter, rateLimitHeaders } from '../http/rate-limit';
import { ACCOUNT } from './account';
import { type AuthorizationRequest, OAuthFailure, type TokenStore } from './tokens';

/** For clients whose PKCE is optional, when the request carries no PKCE parameter at all. */
const AuthorizeQueryWithoutPkce = AuthorizeQuery.partial({
  code_challenge: true,
  code_challenge_method: true,
});
const [CodeGrantRequest, RefreshGrantRequest] = TokenRequest.options;
/** The verifier is checked against the code's challenge when the code has one (TokenStore). */
const TokenRequestOptionalVerifier = z.discriminatedUnion('grant_type', [
  CodeGrantRequest.partial({ code_verifier: true }),
  RefreshGrantRequest,
]);

/** Shown instead of redirecting: the client or its redirect URI cannot be trusted. */
class ConsentPageError extends Error {}

/** RFC 6749 §3.2 and §4.1.3 (and RFC 7009 §2.1): every OAuth request body is form-encoded. */
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * The parser for every other body in the OAuth routes (the app-wide JSON parser does not apply
 * there): refused before the handler runs, so such a request changes nothing.
 */
function refuseNonFormBody(
  request: FastifyRequest,
  _payload: unknown,
  done: (error: Error | null, body?: unknown) => void,
): void {
  const given = request.headers['content-type'];
  const sent = given === undefined ? 'a body without a Content-Type' : `Content-Type ${given}`;
  done(
    new OAuthFailure(
      'invalid_request',
      `The request body must be sent as ${FORM_CONTENT_TYPE} (RFC 6749 §4.1.3), not ${sent}.`,
    ),
  );
}

/**
 * The HTML pages of the authorization server may not be framed (clickjacking of the Approve
 * button), nor cached.
 */
function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "frame-ancestors 'none'")
    .header('x-frame-options', 'DENY')
    .send(html);
}

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

/** The scopes asked for, each one of the registry's; the connection's required one among them. */
function parseScopes(scope: string, objects: Registry): { scopes: string[] } | { error: string } {
  const known: string[] = scopesOf(objects);
  const requested = [...new Set(scope.split(' ').filter(Boolean))];
  const unknown = requested.filter((item) => !known.includes(item));
  if (unknown.length > 0) return { error: `Unknown scope: ${unknown.join(' ')}` };
  if (!requested.includes(REQUIRED_SCOPE))
    return { error: `The scope ${REQUIRED_SCOPE} is required.` };
  return { scopes: known.filter((item) => requested.includes(item)) };
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

/** HTTP Basic or `client_id` + `client_secret` in the body must name a known client. */
function authenticateClient(
  request: FastifyRequest,
  reply: FastifyReply,
  clients: OAuthClients,
): OAuthClient {
  const header = request.headers.authorization;
  const basic = header?.toLowerCase().startsWith('basic ') ?? false;
  const form = formOf(request.body);
  const given =
    header && basic
      ? basicCredentials(header)
      : { id: textOf(form.client_id), secret: textOf(form.client_secret) };
  const client = clients.authenticate(given.id, given.secret);
  if (client) return client;
  if (basic) reply.header('www-authenticate', 'Basic realm="snapshots"');
  throw new OAuthFailure('invalid_client', 'Client authentication failed.', 401);
}

const firstIssue = (error: { issues: readonly { path: PropertyKey[]; message: string }[] }) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid request';
};

function tokenRequestOf(body: unknown, client: OAuthClient) {
  const form = formOf(body);
  const grantType = textOf(form.grant_type);
  if (grantType === undefined) throw new OAuthFailure('invalid_request', 'grant_type is required.');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthFailure('unsupported_grant_type', `Unsupported grant_type "${grantType}".`);
  }
  const schema = client.pkce === 'required' ? TokenRequest : TokenRequestOptionalVerifier;
  const parsed = schema.safeParse(form);
  if (!parsed.success) throw new OAuthFailure('invalid_request', firstIssue(parsed.error));
  return parsed.data;
}

type AuthorizeOutcome =
  | { accepted: AuthorizationRequest }
  | { redirectUri: string; error: 'invalid_request' | 'invalid_scope'; description: string };

type ParsedAuthorizeQuery =
  { scope: string; state: string; codeChallenge: string | undefined } | { issue: string };

/** A client that must use PKCE, or any request that names a PKCE parameter, is checked in full. */
function parseAuthorizeQuery(
  query: Record<string, unknown>,
  client: OAuthClient,
): ParsedAuthorizeQuery {
  const usesPkce = query.code_challenge !== undefined || query.code_challenge_method !== undefined;
  const schema =
    client.pkce === 'optional' && !usesPkce ? AuthorizeQueryWithoutPkce : AuthorizeQuery;
  const parsed = schema.safeParse(query);
  if (!parsed.success) return { issue: firstIssue(parsed.error) };
  const { scope, state, code_challenge: codeChallenge } = parsed.data;
  return { scope, state, codeChallenge };
}

/**
 * RFC 6749 §4.1.2.1: an unknown client or redirect URI is shown an error page (redirecting could
 * serve an attacker); any other bad parameter is reported to the client's redirect URI.
 */
function checkAuthorizeQuery(
  rawQuery: unknown,
  clients: OAuthClients,
  objects: Registry,
): AuthorizeOutcome {
  const query = formOf(rawQuery);
  const redirectUri = textOf(query.redirect_uri);
  const client = clients.find(textOf(query.client_id));
  if (!client) throw new ConsentPageError('Unknown client_id.');
  if (redirectUri === undefined || !acceptsRedirectUri(client, redirectUri)) {
    throw new ConsentPageError('This redirect_uri is not registered for the client.');
  }
  const parsed = parseAuthorizeQuery(query, client);
  if ('issue' in parsed) {
    return { redirectUri, error: 'invalid_request', description: parsed.issue };
  }
  const scopes = parseScopes(parsed.scope, objects);
  if ('error' in scopes) return { redirectUri, error: 'invalid_scope', description: scopes.error };
  return {
    accepted: {
      clientId: client.id,
      redirectUri,
      scopes: scopes.scopes,
      state: parsed.state,
      codeChallenge: parsed.codeChallenge,
    },
  };
}

/** RFC 6749 §5.2 JSON errors on the token endpoints; an HTML page on the consent page. */
async function sendOAuthError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  await drainBody(request.raw);
  const consentPageRequest = request.routeOptions.url === '/oauth/authorize';
  if (error instanceof OAuthFailure) {
    if (consentPageRequest) return sendPage(reply, 400, errorPage(error.description));
    return reply
      .code(error.status)
      .header('cache-control', 'no-store')
      .send({ error: error.error, error_description: error.description });
  }
  const status = clientErrorStatus(error);
  if (status === 500) request.log.error(error);
  const message = status === 500 ? 'Something went wrong on our side.' : errorMessage(error);
  if (consentPageRequest) return sendPage(reply, status, errorPage(message));
  const code = status === 500 ? 'server_error' : 'invalid_request';
  return reply.code(status).send({ error: code, error_description: message });
}

/** The endpoints that check a client secret: limited per client address, against guessing. */
const RATE_LIMITED = new Set(['/oauth/token', '/oauth/revoke']);

/**
 * Counts the request against its client address; over the limit, a 429 problem (RFC 6749 has no
 * error code for it) with `Retry-After`, before the body is read.
 */
function limitByAddress(rateLimiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!RATE_LIMITED.has(request.routeOptions.url ?? '')) return;
    const limit = rateLimiter.consume(`oauth:${request.ip}`);
    reply.headers(rateLimitHeaders(limit));
    if (limit.allowed) return;
    const problem = rateLimited(limit.resetSeconds);
    return reply
      .code(429)
      .headers(problem.extras.headers ?? {})
      .type('application/problem+json')
      .send(JSON.stringify(problem.toBody(request.id)));
  };
}

export function registerOAuthRoutes(
  app: FastifyInstance,
  deps: { tokens: TokenStore; clients: OAuthClients; rateLimiter: RateLimiter; objects: Registry },
): void {
  const { tokens, clients, objects } = deps;

  void app.register(async (oauth) => {
    // Only form bodies: the app-wide JSON parsers are removed in this scope.
    oauth.removeAllContentTypeParsers();
    await oauth.register(formbody);
    oauth.addContentTypeParser('*', refuseNonFormBody);
    oauth.setErrorHandler(sendOAuthError);
    oauth.addHook('onRequest', limitByAddress(deps.rateLimiter));

    oauth.get('/oauth/authorize', async (request, reply) => {
      const outcome = checkAuthorizeQuery(request.query, clients, objects);
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
      return sendPage(
        reply,
        200,
        consentPage({ ...accepted, consentId, accountName: ACCOUNT.name, objects }),
      );
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
      const client = authenticateClient(request, reply, clients);
      const body = tokenRequestOf(request.body, client);
      const response =
        body.grant_type === 'authorization_code'
          ? tokens.redeemCode(body.code, client.id, body.redirect_uri, body.code_verifier)
          : tokens.refresh(body.refresh_token, client.id);
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
    });

    oauth.post('/oauth/revoke', async (request, reply) => {
      const client = authenticateClient(request, reply, clients);
      const token = textOf(formOf(request.body).token);
      if (!token) throw new OAuthFailure('invalid_request', 'token is required.');
      tokens.revoke(token, client.id);
      return reply.code(200).send();
    });
  });
}

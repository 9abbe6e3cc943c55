/**
 * The Fastify wiring: body parsers, the request pipeline (request id → `/_sandbox` caller check →
 * rate limit → bearer token → injected faults → idempotency → handler), problem+json errors and
 * every route.
 *
 * Order matters: a request rejected before its handler changes nothing, and an idempotency key is
 * registered before an injected delay, so a retry during the delay sees the key in flight.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { buildOpenApiDocument } from '../../src/api/openapi';
import { objectAt } from '../../src/api/objects';
import { callerOf, requireScope } from '../oauth/access';
import { registerCollectionRoutes, type ResourceKind } from '../records/collections';
import { checkControlCaller, isControlRequest, registerControlRoutes } from '../controls/routes';
import { registerCustomFieldRoutes } from '../records/custom-fields';
import { DelayTimers, type Fault } from './faults';
import { registerEventRoutes } from '../events/log';
import { drainBody, jsonBodyParser, unsupportedMediaType } from './body';
import { checkKey } from './idempotency';
import { randomId } from '../ids';
import { canonicalJson } from '../json';
import type { OAuthClients } from '../oauth/clients';
import { registerOAuthRoutes } from '../oauth/routes';
import { rateLimitHeaders } from './rate-limit';
import {
  ApiProblem,
  badRequest,
  fromFrameworkError,
  internalError,
  notFound,
  rateLimited,
  unauthorized,
} from './problems';
import { ACCOUNT, USER } from '../oauth/account';
import type { SandboxState } from '../state';
import { registerSyncErrorRoutes } from '../events/sync-errors';
import type { AuthContext } from '../oauth/tokens';
import { registerWebhookRoutes } from '../events/webhooks';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once the bearer token checked out (`/v1` only). */
    auth: AuthContext | null;
    /** The idempotency key this request registered, completed when its response is sent. */
    idempotency: { scope: string; key: string } | null;
    /** An injected delay to wait before the handler. */
    faultDelayMs: number;
  }
  interface FastifyContextConfig {
    /** Set on collection writes: their rejections are logged as sync errors. */
    writeOf?: ResourceKind;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * The longest path segment routed, in characters as sent: an external id of 128 UTF-16 units,
 * each percent-encoded (up to 12 characters per astral pair). Longer segments are a 400.
 */
export const MAX_PATH_PARAM_LENGTH = 1536;
/** Response headers that are part of a result, and so replayed with it. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'x-request-id'];

const pathOf = (url: string): string => url.split('?')[0] ?? url;
const isApiPath = (url: string): boolean => url.startsWith('/v1/') || url === '/v1';

export interface ServerOptions {
  state: SandboxState;
  clients: OAuthClients;
  log: boolean;
}

export function buildServer({ state, clients, log }: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: log,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomId('req'),
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // Errors met before routing (a bad percent-escape, an over-long path segment, a malformed or
    // oversized head) are answered in the contract's problem format too.
    frameworkErrors: (error, request, reply) => {
      void answerFrameworkError(state, error, request, reply);
    },
    clientErrorHandler: answerClientError,
    // Tests close the sandbox while clients may hold keep-alive connections.
    forceCloseConnections: true,
  });
  const delays = new DelayTimers();
  app.addHook('preClose', (done) => {
    delays.cancelAll();
    state.deliveries.stop();
    done();
  });
  // Bodies are JSON (README: any other content type is a 415, before the handler runs).
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = jsonBodyParser(app.getDefaultJsonParser('error', 'error'));
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJson);
  // Merge patch is PATCH's format only: a POST or PUT sent as it is a 415.
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'buffer' },
    (request, raw: Buffer, done) =>
      request.method === 'PATCH' ? parseJson(request, raw, done) : done(unsupportedMediaType()),
  );
  registerPipeline(app, state, delays);
  registerErrorHandlers(app, state);
  registerRoutes(app, state, clients);
  return app;
}

/**
 * The hooks every request passes through: request id, the caller check of `/_sandbox` controls
 * (loopback, no Origin), rate limit and bearer token, injected faults, idempotency, injected
 * delay, then the handler; on sending, an idempotent result is kept.
 */
function registerPipeline(app: FastifyInstance, state: SandboxState, delays: DelayTimers): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('idempotency', null);
  app.decorateRequest('faultDelayMs', 0);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    try {
      if (isControlRequest(request)) checkControlCaller(request);
      if (isApiPath(request.url)) authenticate(state, request, reply);
      done();
    } catch (error) {
      done(error as FastifyError);
    }
  });
  app.addHook('preHandler', async (request, reply) => {
    const fault = injectableFault(state, request);
    if (fault) return injectFault(fault, request, reply, delays);
  });
  app.addHook('preHandler', async (request, reply) => {
    const replay = beginIdempotentRequest(state, request);
    if (replay) return reply.code(replay.status).headers(replay.headers).send(replay.body);
  });
  app.addHook('preHandler', async (request) => {
    if (request.faultDelayMs > 0) await delays.sleep(request.faultDelayMs);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    completeIdempotentRequest(state, request, reply, payload);
    return payload;
  });
}

function registerErrorHandlers(app: FastifyInstance, state: SandboxState): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error);
    if (problem.status >= 500) request.log.error(error);
    reportRejectedWrite(state, request, problem);
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, notFound(`No route ${request.method} ${pathOf(request.url)}.`)),
  );
}

function registerRoutes(app: FastifyInstance, state: SandboxState, clients: OAuthClients): void {
  registerOAuthRoutes(app, {
    tokens: state.tokens,
    clients,
    rateLimiter: state.rateLimiter,
    objects: state.objects,
  });
  app.get('/openapi.json', () => buildOpenApiDocument(state.objects));
  app.get('/v1/me', (request) => ({
    account: ACCOUNT,
    user: USER,
    scopes: [...callerOf(request).scopes],
  }));
  for (const service of state.collections.values()) registerCollectionRoutes(app, service);
  registerCustomFieldRoutes(app, state);
  registerEventRoutes(app, state);
  registerWebhookRoutes(app, state);
  registerSyncErrorRoutes(app, state);
  registerControlRoutes(app, { state, client: clients.zapier });
}

// ------------------------------------------------------------------ rate limit and bearer token

/** Counts the request against its token (or address) and checks the bearer token. */
function authenticate(state: SandboxState, request: FastifyRequest, reply: FastifyReply): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const token = match?.[1];
  const auth = token === undefined ? undefined : state.tokens.authenticate(token);
  // Only a real token has its own window: made-up tokens count against the client's address.
  const limit = state.rateLimiter.consume(auth ? `token:${token}` : `ip:${request.ip}`);
  reply.headers(rateLimitHeaders(limit));
  if (!limit.allowed) throw rateLimited(limit.resetSeconds);
  if (token === undefined) throw unauthorized('A bearer access token is required.', false);
  if (!auth) throw unauthorized('The access token is invalid, expired or revoked.', true);
  request.auth = auth;
}

// ------------------------------------------------------------------ injected faults

function injectableFault(state: SandboxState, request: FastifyRequest): Fault | undefined {
  if (isControlRequest(request)) return undefined;
  return state.faults.take(request.method, pathOf(request.url));
}

async function injectFault(
  fault: Fault,
  request: FastifyRequest,
  reply: FastifyReply,
  delays: DelayTimers,
): Promise<FastifyReply | undefined> {
  const respondsItself = fault.drop || fault.malformed || fault.status !== undefined;
  if (!respondsItself && fault.delayMs !== undefined) {
    request.faultDelayMs = fault.delayMs; // a slow handler: waited for after idempotency
    return undefined;
  }
  if (fault.delayMs) await delays.sleep(fault.delayMs);
  if (fault.drop) {
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
  if (fault.malformed) {
    return reply.code(200).header('content-type', 'application/json').send('{"data": [{"trunc');
  }
  const status = fault.status ?? 503;
  reply.code(status);
  if (fault.body === undefined) {
    const problem = new ApiProblem(
      status,
      'injected-fault',
      'Injected fault',
      'A fault injected with /_sandbox/faults.',
    );
    reply.type('application/problem+json').send(JSON.stringify(problem.toBody(request.id)));
  } else {
    reply.type('application/json').send(JSON.stringify(fault.body));
  }
  return reply.headers(fault.headers);
}

// ------------------------------------------------------------------ idempotency

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  return Array.isArray(header) ? header.join(', ') : header;
}

/**
 * Registers the request's key, or returns the stored response to replay. Keys belong to the
 * account and the OAuth client (not the grant: reconnecting makes a new grant, and a retry after
 * that must still be a replay). A replay needs the scopes the first request was checked for.
 */
function beginIdempotentRequest(state: SandboxState, request: FastifyRequest) {
  const key = idempotencyKeyOf(request);
  const auth = request.auth;
  if (request.method !== 'POST' || !auth || key === undefined) return undefined;
  checkKey(key);
  const scope = JSON.stringify([auth.accountId, auth.clientId]);
  const fingerprint = createHash('sha256')
    .update(`POST ${pathOf(request.url)}\n${canonicalJson(request.body ?? null)}`)
    .digest('base64url');
  const stored = state.idempotency.begin(scope, key, fingerprint);
  if (stored) {
    for (const needed of stored.scopes) requireScope(auth, needed);
    return { ...stored, headers: { ...stored.headers, 'idempotent-replayed': 'true' } };
  }
  request.idempotency = { scope, key };
  return undefined;
}

/**
 * Keeps a success for replays. A refusal (4xx) changed nothing and may succeed once the account
 * changes (a custom field defined, a scope granted, a linked record created), and a 5xx is not a
 * result: their key is released, as Stripe saves no result for a request that failed validation.
 */
function completeIdempotentRequest(
  state: SandboxState,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): void {
  const pending = request.idempotency;
  if (!pending) return;
  request.idempotency = null;
  if (reply.statusCode >= 400) {
    state.idempotency.release(pending.scope, pending.key);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  const body =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
  state.idempotency.complete(pending.scope, pending.key, {
    status: reply.statusCode,
    headers,
    body,
    scopes: [...(request.auth?.scopesChecked ?? [])],
  });
}

// ------------------------------------------------------------------ errors

function problemOf(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  const { statusCode, code, message } = (error ?? {}) as Partial<FastifyError>;
  return typeof statusCode === 'number'
    ? fromFrameworkError(statusCode, code ?? '', message ?? '')
    : internalError();
}

async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ApiProblem) {
  await drainBody(request.raw);
  return reply
    .code(problem.status)
    .headers(problem.extras.headers ?? {})
    .type('application/problem+json')
    .send(JSON.stringify(problem.toBody(request.id)));
}

/** Collection writes rejected with a 4xx (other than 401/403/429) are logged as sync errors. */
function reportRejectedWrite(
  state: SandboxState,
  request: FastifyRequest,
  problem: ApiProblem,
  kind = request.routeOptions.config.writeOf,
) {
  const { status } = problem;
  if (!kind || status < 400 || status >= 500 || [401, 403, 429].includes(status)) return;
  state.syncErrors.record({
    code: problem.code,
    message: problem.detail,
    resource: { type: kind, id: existingRecordId(state, kind, request.params) },
    details: {
      method: request.method,
      path: pathOf(request.url),
      status,
      request_id: request.id,
      errors: problem.extras.errors ?? [],
    },
  });
}

/**
 * The record a write's path names (`/{id}` or `/by-ref/{system}/{external_id}`), or null when it
 * names none or one that does not exist: a sync error never points at a nonexistent record.
 */
function existingRecordId(state: SandboxState, kind: ResourceKind, rawParams: unknown) {
  const params = (rawParams ?? {}) as Record<string, string | undefined>;
  const collection = state.collection(kind);
  if (params.id !== undefined) return collection.exists(params.id) ? params.id : null;
  if (params.system && params.external_id) {
    return collection.idByRef(params.system, params.external_id) ?? null;
  }
  return null;
}

// ------------------------------------------------------------------ errors before routing

/** The collection a write's raw path is for, when it is one (for requests never routed). */
function writeKindOfPath(
  state: SandboxState,
  method: string,
  url: string,
): ResourceKind | undefined {
  if (!['POST', 'PATCH', 'PUT'].includes(method)) return undefined;
  const collection = /^\/v1\/([^/]+)(\/|$)/.exec(pathOf(url))?.[1];
  return collection === undefined ? undefined : objectAt(collection, state.objects)?.name;
}

/**
 * A bad percent-escape or an over-long path segment, found before routing: a 400 problem, after
 * the same rate limit and token check as any `/v1` request (so that an unauthenticated request
 * logs nothing); a refused write is logged as a sync error like any other.
 */
function answerFrameworkError(
  state: SandboxState,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  reply.header('x-request-id', request.id);
  let problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? badRequest(`A path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters.`)
      : badRequest('The path is not valid: a percent sign must start an escape such as %20.');
  try {
    if (isApiPath(request.url)) authenticate(state, request, reply);
  } catch (refusal) {
    problem = problemOf(refusal);
  }
  reportRejectedWrite(state, request, problem, writeKindOfPath(state, request.method, request.url));
  return sendProblem(request, reply, problem);
}

/** Why a head could not be read, by Node's error code; any other code is malformed HTTP. */
const UNREADABLE_HEADS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'request-header-fields-too-large',
    detail: 'The request headers are larger than 16 KB.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    detail: 'The request was not received in time.',
  },
};
const MALFORMED_HEAD = {
  status: 400,
  slug: 'bad-request',
  detail: 'The request is not valid HTTP.',
};

/**
 * A request whose head cannot be read (over 16 KB of headers, malformed HTTP): answered on the
 * socket as a problem with a request id, then closed. Nothing was parsed, so there is no token to
 * count or check.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const known = error.code !== undefined && Object.hasOwn(UNREADABLE_HEADS, error.code);
  const { status, slug, detail } = known ? UNREADABLE_HEADS[error.code!]! : MALFORMED_HEAD;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const requestId = randomId('req');
  const body = JSON.stringify(new ApiProblem(status, slug, title, detail).toBody(requestId));
  socket.end(
    [
      `HTTP/1.1 ${status} ${title}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `x-request-id: ${requestId}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/**
 * The one place where a failed exchange with Snapshots becomes the error Zapier acts on.
 * The class decides what Zapier does, so each is picked for its effect:
 * - `ThrottledError`: Zapier runs the step again after the delay (rate limits, server faults,
 *   timeouts, dropped connections, unreadable responses: all transient).
 * - `HaltedError`: the run stops but never counts toward switching the Zap off (the input is at
 *   fault: a validation failure, an unknown record, a stale version).
 * - `ExpiredAuthError`: Zapier marks the connection stale and emails the user to reconnect (a
 *   refresh token that expired or was revoked, a missing scope: only reconnecting fixes those).
 * - `Error`: the rest; a real error that the user, or autoreplay, can replay.
 * Messages quote what Snapshots said and never a secret, a raw status line or a response body.
 * Every error made here is marked `doNotContextify`: otherwise core appends "What happened:", the
 * bundle as JSON (inputData holds the authorization code and PKCE verifier in getAccessToken) and
 * the message again, and Zapier shows only the first 250 characters. Messages are kept below that.
 */
import { errors } from 'zapier-platform-core';
import type { HttpResponse } from 'zapier-platform-core';
import type { ZodError } from 'zod';
import { OBJECTS, scopePurpose } from '../api/objects';
import { OAuthError, PROBLEM_SLUGS, Problem, reader, type FieldError } from '../api/schemas';
import { isLoopbackUrl } from '../api/transport';
import { apiOrigin } from '../config';

/** RFC 9457: every member of a problem is optional, so each is read on its own. */
const ProblemBody = reader(Problem.partial());
type ProblemBody = ReturnType<typeof ProblemBody.parse>;
/** RFC 6749 §5.2: only `error` is required; an unknown code still reads. */
const OAuthErrorBody = reader(OAuthError.partial({ error_description: true }));

export const RECONNECT_HINT =
  'Reconnect Snapshots in Zapier (My Apps → Snapshots → Reconnect) and approve every permission it asks for.';

/** When Snapshots does not say (`Retry-After`), how long Zapier waits before trying again. */
export const DEFAULT_RETRY_SECONDS = 60;

/** An earlier attempt of the same request is still running: it should finish within seconds. */
const IN_PROGRESS_RETRY_SECONDS = 10;

// ---------------------------------------------------------------- errors as Zapier shows them

/** Zapier shows this many characters of an error message. */
export const MAX_MESSAGE_LENGTH = 250;

/** The text cut to fit Zapier's error display, with an ellipsis when cut. */
export function brief(text: string): string {
  return text.length < MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 2)}…`;
}

/**
 * Tells core to show the message as it is (core-lambda-handler and middleware.js skip errors
 * with this flag; core's own `Error` and `ThrottledError` set it, `HaltedError` and the auth
 * errors do not).
 */
export function quiet<E>(error: E): E {
  if (error instanceof Error) Object.assign(error, { doNotContextify: true });
  return error;
}

export const halted = (message: string): Error => quiet(new errors.HaltedError(brief(message)));
export const expired = (message: string): Error =>
  quiet(new errors.ExpiredAuthError(brief(message)));
export const failure = (message: string, code: string, status?: number): Error =>
  new errors.Error(brief(message), code, status);
export const throttled = (message: string, delay: number): Error =>
  new errors.ThrottledError(brief(message), delay);

// ---------------------------------------------------------------- what a request was about

/** The registry's objects by path, and the API's other collections. */
const NOUNS: Record<string, string> = {
  ...Object.fromEntries(OBJECTS.map((object) => [object.path, object.nouns.one])),
  webhooks: 'webhook subscription',
  events: 'event',
  'sync-errors': 'sync error',
  'custom-fields': 'custom field definition',
  me: 'account',
};

export interface Target {
  /** `matter` */
  noun: string;
  /** `matter mat_123`, `matter with clio reference "42"`, `matter` */
  subject: string;
}

/** Names the record an API URL is about, for messages ("matter mat_123"). */
export function describeTarget(url: string): Target {
  const path = URL.canParse(url) ? new URL(url).pathname : '';
  const [collection = '', ...rest] = path
    .replace(/^\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map(decodeSegment);
  const noun = NOUNS[collection] ?? 'record';
  const [first, system, externalId] = rest;
  if (first === 'by-ref' && system && externalId) {
    return { noun, subject: `${noun} with ${system} reference "${externalId}"` };
  }
  return { noun, subject: first ? `${noun} ${first}` : noun };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An ID that cannot go into a path: empty, `.` or `..`; a user's mapping is at fault. */
export function unusableIdError(value: string, what: string): Error {
  return halted(value === '' ? `No ${what} was given.` : `"${value}" is not a valid ${what}.`);
}

// ---------------------------------------------------------------- API responses (problem+json)

interface ProblemContext {
  status: number;
  /** `POST`, `PATCH`, … of the request answered. */
  method: string | undefined;
  target: Target;
  problem: ProblemBody | undefined;
  retryAfter: number | undefined;
}

/** The error for a 4xx/5xx answer from `/v1/...` (401 never gets here: core refreshes first). */
export function errorForApiResponse(response: HttpResponse): Error {
  const context: ProblemContext = {
    status: response.status,
    method: response.request.method?.toUpperCase(),
    target: describeTarget(response.request.url ?? ''),
    problem: readProblem(response),
    retryAfter: retryAfterSeconds(response),
  };
  const specific = BY_STATUS[context.status];
  const error = specific
    ? specific(context)
    : context.status >= 500
      ? serverFault(context)
      : otherClientError(context);
  if (context.problem?.errors) {
    fieldsRejectedBy.set(error, { status: context.status, errors: context.problem.errors });
  }
  if (context.problem?.current_external_refs) {
    currentRefsBy.set(error, context.problem.current_external_refs);
  }
  return error;
}

const currentRefsBy = new WeakMap<Error, Readonly<Record<string, string>>>();

/** On a 409 `external-ref-mismatch`: the record's links as Snapshots holds them. */
export const currentExternalRefs = (
  error: unknown,
): Readonly<Record<string, string>> | undefined =>
  error instanceof Error ? currentRefsBy.get(error) : undefined;

/** Core's errors carry only a message; the fields Snapshots named travel beside them. */
const fieldsRejectedBy = new WeakMap<Error, { status: number; errors: readonly FieldError[] }>();

/** The fields Snapshots named when it rejected a request, for the callers that can recover. */
export const fieldsRejected = (error: unknown): readonly string[] =>
  rejectedFieldErrors(error).map((fieldError) => fieldError.field);

/** The field errors of a 422 (`status`: of another status), for naming the inputs at fault. */
export const rejectedFieldErrors = (error: unknown, status?: number): readonly FieldError[] => {
  const rejected = error instanceof Error ? fieldsRejectedBy.get(error) : undefined;
  return rejected && (status === undefined || rejected.status === status) ? rejected.errors : [];
};

const BY_STATUS: Record<number, (context: ProblemContext) => Error> = {
  400: ({ problem }) =>
    failure(
      `Snapshots rejected the request as malformed: ${describeProblem(problem)}${requestRef(problem)}`,
      'bad_request',
      400,
    ),
  // Only a missing scope is the connection's fault; any other 403 (a proxy, a firewall) would
  // not be cured by reconnecting, so it must not mark the connection expired.
  403: ({ problem, target }) =>
    problem?.required_scope
      ? missingScopeError(problem.required_scope)
      : failure(
          `Snapshots refused access to the ${target.subject}: ${describeProblem(problem)}${requestRef(problem)}`,
          'forbidden',
          403,
        ),
  404: ({ target }) =>
    halted(`Snapshots has no ${target.subject}. Check the ID, or whether the record was deleted.`),
  409: (context) =>
    CONFLICTS[problemSlug(context.problem) ?? '']?.(context) ?? otherConflict(context),
  // Snapshots' own wording ("If-Match does not match …") is jargon to a Zap's owner: say what to do.
  412: ({ target }) =>
    halted(
      `The ${target.subject} changed in Snapshots after this Zap read it, so the update was not applied. Map its latest Version into Expected Version, or leave Expected Version blank to update it anyway.`,
    ),
  413: ({ target }) =>
    failure(
      `The ${target.noun} sent to Snapshots is too large (the limit is 1 MiB). Shorten the longest fields.`,
      'payload_too_large',
      413,
    ),
  422: ({ problem, target }) =>
    problemSlug(problem) === PROBLEM_SLUGS.idempotencyKeyReused
      ? halted(
          `A Snapshots ${target.noun} was already created from this trigger item (the same Deduplication Key) with other values, so no second one was made. Map a value unique to each item, such as the trigger's ID.`,
        )
      : halted(
          `Snapshots could not save the ${target.noun}: ${describeFields(problem) ?? describeProblem(problem)}`,
        ),
  429: ({ retryAfter }) => {
    const delay = retryAfter ?? DEFAULT_RETRY_SECONDS;
    return retryLater(
      throttled(`Snapshots is rate limiting this connection. ${ZAPIER_RETRIES(delay)}`, delay),
      'Snapshots is rate limiting this connection',
      delay,
    );
  },
  // Temporary by definition (RFC 9110 / 4918 / 8470): the same request may succeed shortly.
  408: ({ problem, retryAfter }) =>
    temporarilyUnavailable(
      `Snapshots timed out waiting for the request${requestRef(problem)}`,
      retryAfter,
    ),
  423: ({ target, retryAfter }) =>
    temporarilyUnavailable(
      `The ${target.subject} is locked in Snapshots for the moment`,
      retryAfter,
    ),
  425: ({ retryAfter }) =>
    temporarilyUnavailable('Snapshots asked for the request to be sent again later', retryAfter),
};

/** The 409s that need their own handling, by problem slug. */
const CONFLICTS: Partial<Record<string, (context: ProblemContext) => Error>> = {
  // An earlier attempt of this very step is still running: its result will be replayed.
  [PROBLEM_SLUGS.idempotencyRequestInProgress]: ({ target, retryAfter }) =>
    temporarilyUnavailable(
      `Snapshots is still saving the ${target.noun} from an earlier attempt of this step`,
      retryAfter ?? IN_PROGRESS_RETRY_SECONDS,
    ),
  // The data is at fault: retrying cannot help, and it must not switch the Zap off.
  // A create can update the other record instead; a link or update must pick another reference.
  [PROBLEM_SLUGS.externalRefConflict]: ({ problem, target, method }) =>
    halted(
      `The ${target.noun} was not saved: ${describeProblem(problem)} A record in another system can be ` +
        `linked to only one Snapshots ${target.noun}; ${
          method === 'POST'
            ? `update that ${target.noun} instead of creating another.`
            : `link this ${target.noun} to another record, or unlink that ${target.noun} first.`
        }`,
    ),
  // A link step's condition did not hold; the link builder words it with both ids.
  [PROBLEM_SLUGS.externalRefMismatch]: ({ problem, target }) =>
    halted(
      `The ${target.subject} was not changed: ${describeProblem(problem)} Check which record it should be linked to.`,
    ),
};

function otherConflict({ problem, target }: ProblemContext): Error {
  return failure(
    `Snapshots could not change the ${target.subject} because of a conflict: ${describeProblem(problem)}${requestRef(problem)}`,
    'conflict',
    409,
  );
}

function serverFault({ problem, retryAfter }: ProblemContext): Error {
  return temporarilyUnavailable(`Snapshots had a server error${requestRef(problem)}`, retryAfter);
}

function otherClientError({ status, problem, target }: ProblemContext): Error {
  return failure(
    `Snapshots rejected the request for the ${target.subject}: ${describeProblem(problem)}${requestRef(problem)}`,
    problemCode(problem) ?? 'request_rejected',
    status,
  );
}

/** The connection lacks a scope: only a new authorization can add it. */
export function missingScopeError(scope: string): Error {
  return expired(
    `This Snapshots connection lacks the "${scope}" permission, which is needed to ${scopePurpose(scope) ?? 'do this'}. ${RECONNECT_HINT}`,
  );
}

function readProblem(response: HttpResponse): ProblemBody | undefined {
  const parsed = ProblemBody.safeParse(response.data);
  return parsed.success ? parsed.data : undefined;
}

function describeProblem(problem: ProblemBody | undefined): string {
  const why = problem?.detail?.trim() || problem?.title?.trim();
  return why ? ensureSentence(why) : 'Snapshots did not say why.';
}

/** Fields named in full before the rest are only counted: Zapier shows 250 characters. */
const FIELDS_NAMED = 3;

/** `title: is required; address.country: must be …; and 4 more fields.` */
function describeFields(problem: ProblemBody | undefined): string | undefined {
  const fields = problem?.errors ?? [];
  if (fields.length === 0) return undefined;
  const named = fields
    .slice(0, FIELDS_NAMED)
    .map((field: FieldError) => `${field.field}: ${excerptOf(field.message, 60)}`);
  const rest = fields.length - named.length;
  if (rest > 0) named.push(`and ${rest} more field${rest === 1 ? '' : 's'}`);
  return ensureSentence(named.join('; '));
}

const excerptOf = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** `https://snapshots.example/problems/validation-failed` → `validation-failed`. */
function problemSlug(problem: ProblemBody | undefined): string | undefined {
  return problem?.type?.split('/').pop() || undefined;
}

/** `validation-failed` → `validation_failed`, for Zapier's error code. */
function problemCode(problem: ProblemBody | undefined): string | undefined {
  return problemSlug(problem)?.replace(/-/g, '_');
}

/** Support can find the request from this. */
function requestRef(problem: ProblemBody | undefined): string {
  return problem?.request_id ? ` (Snapshots request id ${excerptOf(problem.request_id, 40)})` : '';
}

function ensureSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

// ---------------------------------------------------------------- the OAuth token endpoint

export type Grant = 'authorization_code' | 'refresh_token';

/** The error for a non-2xx answer from `/oauth/token` (RFC 6749 §5.2 error bodies). */
export function errorForTokenResponse(response: HttpResponse, grant: Grant): Error {
  if (response.status === 429 || response.status >= 500) {
    return errorForApiResponse(response);
  }
  const parsed = OAuthErrorBody.safeParse(response.data);
  const error = parsed.success ? parsed.data : undefined;
  // Both mean this integration's OAuth client is at fault (RFC 6749 §5.2), not the user.
  if (error?.error === 'invalid_client' || error?.error === 'unauthorized_client') {
    return clientCredentialsRejected();
  }
  if (error?.error === 'invalid_grant' && grant === 'refresh_token') return connectionExpired();
  const description = error?.error_description?.trim();
  const why = description
    ? ensureSentence(excerptOf(description, 150))
    : error
      ? `${excerptOf(error.error, 40)}.`
      : 'Snapshots did not say why.';
  const retry = grant === 'authorization_code' ? ' Try connecting again.' : '';
  return failure(
    `Snapshots refused the authorization: ${why}${retry}`,
    error?.error && /^[a-z_]{1,40}$/.test(error.error) ? error.error : 'oauth_error',
    response.status,
  );
}

/**
 * Core turns a 401 into a RefreshAuthError with no message; Zapier then refreshes and runs the
 * step again, but where it surfaces (`zapier-platform invoke`, a connection test) it said nothing.
 */
export function accessTokenRejected(error: Error): Error {
  if (error.message.trim() !== '') return quiet(error);
  return quiet(
    new errors.RefreshAuthError(
      'Your Snapshots access token expired or is missing. Zapier refreshes it and tries again; ' +
        'locally, run `npx zapier-platform invoke auth refresh`, or reconnect Snapshots.',
    ),
  );
}

/**
 * Against a local sandbox (`zapier-platform invoke`), Zapier's Reconnect button does not exist, and
 * the usual cause is a restart: the sandbox keeps tokens in memory only.
 */
export const LOCAL_RECONNECT_HINT =
  'The local sandbox forgets every token when it restarts: delete the authData_ lines in .env and run `npx zapier-platform invoke auth start`.';

function isLocalApi(env?: NodeJS.ProcessEnv): boolean {
  try {
    return isLoopbackUrl(new URL(apiOrigin(env)));
  } catch {
    return false; // unset or unusable: not this message's concern
  }
}

/** The refresh token expired, was revoked, or was rotated away too long ago. */
export function connectionExpired(env?: NodeJS.ProcessEnv): Error {
  return expired(
    `Snapshots no longer accepts this connection (its authorization expired or was revoked). ${isLocalApi(env) ? LOCAL_RECONNECT_HINT : RECONNECT_HINT}`,
  );
}

/** Reconnecting cannot help here: the integration itself is misconfigured. */
export function clientCredentialsRejected(): Error {
  return failure(
    "Snapshots rejected this integration's OAuth client credentials (CLIENT_ID / CLIENT_SECRET), " +
      "so no connection can be made or renewed. Contact the integration's maintainers.",
    'invalid_client',
    401,
  );
}

// ---------------------------------------------------------------- transport and content faults

/** Timeouts and dropped connections from node-fetch (which core's `z.request` uses). */
export function errorForTransportFailure(error: unknown, timeoutMs: number): Error | undefined {
  if (!isFetchError(error)) return undefined;
  if (error.type === 'request-timeout') {
    return temporarilyUnavailable(`Snapshots did not answer within ${seconds(timeoutMs / 1000)}`);
  }
  if (isConfigurationFault(error.code)) return unreachableOrigin(error.code!);
  const reason = error.code ? ` (${error.code})` : '';
  return temporarilyUnavailable(`The connection to Snapshots failed${reason}`);
}

/** No such host, nothing listening, a certificate that does not verify: retrying cannot help. */
function isConfigurationFault(code: string | undefined): boolean {
  if (!code) return false;
  return (
    ['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'ERR_INVALID_URL'].includes(code) ||
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
  );
}

function unreachableOrigin(code: string): Error {
  const what = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
    ? 'its TLS certificate could not be verified'
    : code === 'ECONNREFUSED'
      ? 'nothing accepts connections there'
      : 'its host name does not resolve';
  return failure(
    `The Snapshots API cannot be reached: ${what} (${code}). Check SNAPSHOTS_API_BASE_URL in the integration's environment (zapier-platform env:get).`,
    'api_unreachable',
  );
}

/** API calls do not follow redirects: the bearer token must never go to another address. */
export function redirectRefused(response: HttpResponse): Error {
  return failure(
    `Snapshots answered with a redirect (${response.status}), which this integration does not follow so that your access token goes nowhere else. Check SNAPSHOTS_API_BASE_URL.`,
    'redirect_refused',
    response.status,
  );
}

/** A response that claims JSON but is not. */
export function malformedResponseError(target: Target): Error {
  return temporarilyUnavailable(
    `Snapshots sent a response for the ${target.subject} that is not valid JSON`,
  );
}

/** A response that breaks the contract, named by the first fields at fault. */
export function unexpectedDataError(error: ZodError, what: string): Error {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
    .join('; ');
  return failure(
    `Snapshots returned unexpected data: ${issues} (in the response to ${what}).`,
    'unexpected_response',
  );
}

/** Errors of a fault on the way (server error, timeout, lost connection), not of a rate limit. */
const transientFaults = new WeakSet<Error>();

/** True when the request may simply be sent again at once (not a rate limit). */
export const isTransientFault = (error: unknown): boolean =>
  error instanceof Error && transientFaults.has(error);

function temporarilyUnavailable(what: string, retryAfter?: number): Error {
  const delay = retryAfter ?? DEFAULT_RETRY_SECONDS;
  const error = throttled(`${what}. This is usually temporary; ${ZAPIER_RETRIES(delay)}`, delay);
  transientFaults.add(error);
  return retryLater(error, `${what}. This is usually temporary`, delay);
}

const ZAPIER_RETRIES = (delay: number) => `Zapier will retry in ${seconds(delay)}.`;

/** What a retryable error said before "Zapier will retry", for where Zapier does not retry. */
const retryableWhat = new WeakMap<Error, { what: string; delay: number }>();

function retryLater(error: Error, what: string, delay: number): Error {
  retryableWhat.set(error, { what, delay });
  return error;
}

/**
 * Zapier retries a step after a ThrottledError, but not a dropdown, a connection test or the
 * code exchange: there the error says what the user can do instead (`advice`, e.g. "Try again
 * in a minute."). Any other error is returned unchanged.
 */
export function withoutZapierRetry(error: unknown, advice: (delay: number) => string): unknown {
  const retryable = error instanceof Error ? retryableWhat.get(error) : undefined;
  if (!retryable) return error;
  return failure(`${retryable.what}. ${advice(retryable.delay)}`, 'temporarily_unavailable');
}

/** "Try again in 30 seconds." */
export const tryAgainIn = (delay: number): string => `Try again in ${seconds(delay)}.`;

/** `1 second`, `12 seconds` (at least one: a timeout shorter than that still reads sensibly). */
const seconds = (value: number) => {
  const whole = Math.max(1, Math.round(value));
  return `${whole} second${whole === 1 ? '' : 's'}`;
};

/** `['data', 0, 'email']` → `data[0].email`; the root is `response`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'response';
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

interface FetchError extends Error {
  type?: string;
  code?: string;
}

function isFetchError(error: unknown): error is FetchError {
  return error instanceof Error && error.name === 'FetchError';
}

/**
 * `Retry-After` in seconds (integer or HTTP date), else, for a 429 only, `RateLimit-Reset`
 * (seconds until the quota window resets, IETF draft); undefined when neither is there or usable.
 * Snapshots sends `RateLimit-Reset` on every answer: on a 5xx or a 409 it says nothing about when
 * the server recovers, and with an hour-long window it would make Zapier wait an hour.
 */
function retryAfterSeconds(response: HttpResponse): number | undefined {
  const raw = response.getHeader('retry-after')?.trim();
  if (!raw) {
    if (response.status !== 429) return undefined;
    const reset = response.getHeader('ratelimit-reset')?.trim() ?? '';
    return /^\d+$/.test(reset) ? Math.max(1, Number(reset)) : undefined;
  }
  const seconds = /^\d+$/.test(raw) ? Number(raw) : (Date.parse(raw) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : undefined;
}

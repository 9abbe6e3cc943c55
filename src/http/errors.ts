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
 */
import { errors } from 'zapier-platform-core';
import type { HttpResponse } from 'zapier-platform-core';
import type { ZodError } from 'zod';
import { OAuthError, PROBLEM_SLUGS, Problem, type FieldError } from '../api/schemas';

export const RECONNECT_HINT =
  'Reconnect Snapshots in Zapier (My Apps → Snapshots → Reconnect) and approve every permission it asks for.';

/** When Snapshots does not say (`Retry-After`), how long Zapier waits before trying again. */
export const DEFAULT_RETRY_SECONDS = 60;

/** An earlier attempt of the same request is still running: it should finish within seconds. */
const IN_PROGRESS_RETRY_SECONDS = 10;

// ---------------------------------------------------------------- what a request was about

const NOUNS: Record<string, string> = {
  locations: 'location',
  matters: 'matter',
  activities: 'activity',
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
  return new errors.HaltedError(
    value === '' ? `No ${what} was given.` : `"${value}" is not a valid ${what}.`,
  );
}

// ---------------------------------------------------------------- API responses (problem+json)

interface ProblemContext {
  status: number;
  target: Target;
  problem: Problem | undefined;
  retryAfter: number | undefined;
}

/** The error for a 4xx/5xx answer from `/v1/...` (401 never gets here: core refreshes first). */
export function errorForApiResponse(response: HttpResponse): Error {
  const context: ProblemContext = {
    status: response.status,
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
    fieldsRejectedBy.set(
      error,
      context.problem.errors.map((fieldError) => fieldError.field),
    );
  }
  return error;
}

/** Core's errors carry only a message; the fields Snapshots named travel beside them. */
const fieldsRejectedBy = new WeakMap<Error, readonly string[]>();

/** The fields Snapshots named when it rejected a request, for the callers that can recover. */
export const fieldsRejected = (error: unknown): readonly string[] =>
  (error instanceof Error && fieldsRejectedBy.get(error)) || [];

const BY_STATUS: Record<number, (context: ProblemContext) => Error> = {
  400: ({ problem }) =>
    new errors.Error(
      `Snapshots rejected the request as malformed: ${describeProblem(problem)}${requestRef(problem)}`,
      'bad_request',
      400,
    ),
  // Only a missing scope is the connection's fault; any other 403 (a proxy, a firewall) would
  // not be cured by reconnecting, so it must not mark the connection expired.
  403: ({ problem, target }) =>
    problem?.required_scope
      ? missingScopeError(problem.required_scope)
      : new errors.Error(
          `Snapshots refused access to the ${target.subject}: ${describeProblem(problem)}${requestRef(problem)}`,
          'forbidden',
          403,
        ),
  404: ({ target }) =>
    new errors.HaltedError(
      `Snapshots has no ${target.subject}. Check the ID, or whether the record was deleted.`,
    ),
  409: (context) =>
    CONFLICTS[problemSlug(context.problem) ?? '']?.(context) ?? otherConflict(context),
  412: ({ problem, target }) =>
    new errors.HaltedError(
      `The ${target.subject} changed in Snapshots after this Zap read it, so the update was not applied (version mismatch): ${describeProblem(problem)}`,
    ),
  413: ({ target }) =>
    new errors.Error(
      `The ${target.noun} sent to Snapshots is too large (the limit is 1 MiB). Shorten the longest fields.`,
      'payload_too_large',
      413,
    ),
  422: ({ problem, target }) =>
    new errors.HaltedError(
      `Snapshots could not save the ${target.noun}: ${describeFields(problem) ?? describeProblem(problem)}`,
    ),
  429: ({ retryAfter }) => {
    const delay = retryAfter ?? DEFAULT_RETRY_SECONDS;
    return new errors.ThrottledError(
      `Snapshots is rate limiting this connection. Zapier will retry in ${seconds(delay)}.`,
      delay,
    );
  },
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
  [PROBLEM_SLUGS.externalRefConflict]: ({ problem, target }) =>
    new errors.HaltedError(
      `The ${target.noun} was not saved: ${describeProblem(problem)} A record in another system can be ` +
        `linked to only one Snapshots ${target.noun}; update that ${target.noun} instead of creating another.`,
    ),
};

function otherConflict({ problem, target }: ProblemContext): Error {
  return new errors.Error(
    `Snapshots could not change the ${target.subject} because of a conflict: ${describeProblem(problem)}${requestRef(problem)}`,
    'conflict',
    409,
  );
}

function serverFault({ problem, retryAfter }: ProblemContext): Error {
  return temporarilyUnavailable(`Snapshots had a server error${requestRef(problem)}`, retryAfter);
}

function otherClientError({ status, problem, target }: ProblemContext): Error {
  return new errors.Error(
    `Snapshots rejected the request for the ${target.subject}: ${describeProblem(problem)}${requestRef(problem)}`,
    problemCode(problem) ?? 'request_rejected',
    status,
  );
}

/** The connection lacks a scope: only a new authorization can add it. */
export function missingScopeError(scope: string): Error {
  return new errors.ExpiredAuthError(
    `This Snapshots connection lacks the "${scope}" permission, which is needed to ${scopePurpose(scope)}. ${RECONNECT_HINT}`,
  );
}

/** `saas/matter.write` → "create and update matters". */
function scopePurpose(scope: string): string {
  const match = /^saas\/(location|matter|activity)\.(read|write)$/.exec(scope);
  if (!match) return 'do this';
  const plural = { location: 'locations', matter: 'matters', activity: 'activities' }[
    match[1] as 'location' | 'matter' | 'activity'
  ];
  return match[2] === 'read' ? `read ${plural}` : `create and update ${plural}`;
}

function readProblem(response: HttpResponse): Problem | undefined {
  const parsed = Problem.safeParse(response.data);
  return parsed.success ? parsed.data : undefined;
}

function describeProblem(problem: Problem | undefined): string {
  return problem ? ensureSentence(problem.detail) : 'Snapshots did not say why.';
}

/** `title: is required; address.country: must be …` */
function describeFields(problem: Problem | undefined): string | undefined {
  const fields = problem?.errors ?? [];
  if (fields.length === 0) return undefined;
  return ensureSentence(
    fields.map((field: FieldError) => `${field.field}: ${field.message}`).join('; '),
  );
}

/** `https://snapshots.example/problems/validation-failed` → `validation-failed`. */
function problemSlug(problem: Problem | undefined): string | undefined {
  return problem?.type.split('/').pop() || undefined;
}

/** `validation-failed` → `validation_failed`, for Zapier's error code. */
function problemCode(problem: Problem | undefined): string | undefined {
  return problemSlug(problem)?.replace(/-/g, '_');
}

/** Support can find the request from this. */
function requestRef(problem: Problem | undefined): string {
  return problem ? ` (Snapshots request id ${problem.request_id})` : '';
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
  const parsed = OAuthError.safeParse(response.data);
  const error = parsed.success ? parsed.data : undefined;
  if (error?.error === 'invalid_client') return clientCredentialsRejected();
  if (error?.error === 'invalid_grant' && grant === 'refresh_token') return connectionExpired();
  const why = error ? ensureSentence(error.error_description) : 'Snapshots did not say why.';
  const retry = grant === 'authorization_code' ? ' Try connecting again.' : '';
  return new errors.Error(
    `Snapshots refused the authorization: ${why}${retry}`,
    error?.error ?? 'oauth_error',
    response.status,
  );
}

/** The refresh token expired, was revoked, or was rotated away too long ago. */
export function connectionExpired(): Error {
  return new errors.ExpiredAuthError(
    `Snapshots no longer accepts this connection (its authorization expired or was revoked). ${RECONNECT_HINT}`,
  );
}

/** Reconnecting cannot help here: the integration itself is misconfigured. */
export function clientCredentialsRejected(): Error {
  return new errors.Error(
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
  const reason = error.code ? ` (${error.code})` : '';
  return temporarilyUnavailable(`The connection to Snapshots failed${reason}`);
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
  return new errors.Error(
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
  const error = new errors.ThrottledError(
    `${what}. This is usually temporary; Zapier will retry in ${seconds(delay)}.`,
    delay,
  );
  transientFaults.add(error);
  return error;
}

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

/** `Retry-After` in seconds (integer or HTTP date); undefined when absent or unusable. */
function retryAfterSeconds(response: HttpResponse): number | undefined {
  const raw = response.getHeader('retry-after')?.trim();
  if (!raw) return undefined;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : (Date.parse(raw) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : undefined;
}

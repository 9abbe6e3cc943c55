/** Assertions shared by the contract suites: problem+json errors, unchanged state, polling. */
import { Problem } from '../../src/api/schemas';
import type { ApiResponse, Harness, Json } from './api';
import { listAll } from './api';

export const PROBLEM_TYPE_PREFIX = 'https://snapshots.example/problems/';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * True when the problem names `field`: an `errors[].field` equal to it (or a dotted path inside it,
 * `field.…`), or the detail quoting it as a whole word in backticks or quotes (`` `q` ``, `"q"`,
 * `'q'`). A bare substring is not enough: `q` is in every "request".
 */
export function problemNames(body: Json, field: string): boolean {
  const errors = (Array.isArray(body?.errors) ? body.errors : []) as { field?: unknown }[];
  const named = errors.some(
    (error) =>
      typeof error.field === 'string' &&
      (error.field === field || error.field.startsWith(`${field}.`)),
  );
  const detail: unknown = body?.detail;
  const quoted = new RegExp(`([\`"'])${escapeRegExp(field)}\\1`);
  return named || (typeof detail === 'string' && quoted.test(detail));
}

/**
 * The response is an RFC 9457 problem with this status: `application/problem+json`, the Problem
 * shape, `status` equal to the HTTP status, a problem type URI, `request_id` = `x-request-id`; and,
 * when asked, it names `field` and/or `required_scope`.
 */
export function expectProblem(
  response: ApiResponse,
  status: number,
  options: { field?: string; requiredScope?: string } = {},
): void {
  if (response.status !== status) {
    throw new Error(`expected status ${status}, got ${response.status}: ${response.text}`);
  }
  expect(response.status).toBeLessThan(500);
  expect(response.contentType).toMatch(/^application\/problem\+json\b/);
  const problem = Problem.parse(response.body);
  expect(problem.status).toBe(status);
  expect(problem.type.startsWith(PROBLEM_TYPE_PREFIX)).toBe(true);
  expect(problem.request_id).toBe(response.headers.get('x-request-id'));
  if (options.field !== undefined && !problemNames(response.body, options.field)) {
    throw new Error(
      `expected the problem to name "${options.field}"; errors[].field = ${JSON.stringify(
        (problem.errors ?? []).map((error) => error.field),
      )}, detail = ${JSON.stringify(problem.detail)}`,
    );
  }
  if (options.requiredScope !== undefined) {
    expect(problem.required_scope).toBe(options.requiredScope);
  }
}

/** Expect an OAuth (RFC 6749 §5.2) error response. */
export function expectOAuthError(response: ApiResponse, status: number, error: string): void {
  if (response.status !== status) {
    throw new Error(`expected status ${status}, got ${response.status}: ${response.text}`);
  }
  expect(response.contentType).toMatch(/^application\/json\b/);
  expect(response.body).toEqual({ error, error_description: expect.any(String) });
}

export interface State {
  locations: Json[];
  matters: Json[];
  activities: Json[];
  /** Every event but `sync.error` (rejected writes add those on purpose). */
  resourceEvents: Json[];
  webhooks: Json[];
  syncErrors: Json[];
}

/** Everything the tests can observe, read with a fresh all-scope token. */
export async function snapshotState(h: Harness): Promise<State> {
  const token = (await h.mintToken()).access_token;
  const [locations, matters, activities, events, syncErrors, webhooks] = await Promise.all([
    listAll(h, '/v1/locations', token),
    listAll(h, '/v1/matters', token),
    listAll(h, '/v1/activities', token),
    listAll(h, '/v1/events', token),
    listAll(h, '/v1/sync-errors', token),
    h.call('GET', '/v1/webhooks', { token }),
  ]);
  return {
    locations,
    matters,
    activities,
    resourceEvents: events.filter((event) => event.type !== 'sync.error'),
    webhooks: webhooks.body.data as Json[],
    syncErrors,
  };
}

/**
 * Nothing observable changed between two snapshots, except `syncErrorsAdded` new sync errors
 * (a write the API rejects with a 4xx other than 401/403/429 logs exactly one); `null` when the
 * contract leaves the count open.
 */
export function expectUnchanged(
  before: State,
  after: State,
  syncErrorsAdded: number | null = 0,
): void {
  expect(after.locations).toEqual(before.locations);
  expect(after.matters).toEqual(before.matters);
  expect(after.activities).toEqual(before.activities);
  expect(after.resourceEvents).toEqual(before.resourceEvents);
  expect(after.webhooks).toEqual(before.webhooks);
  if (syncErrorsAdded !== null) {
    expect(after.syncErrors).toHaveLength(before.syncErrors.length + syncErrorsAdded);
  }
}

/**
 * Retries `probe` (every `intervalMs`) until it returns without throwing, or rethrows its last
 * error after `timeoutMs`. For things the sandbox does asynchronously (webhook deliveries).
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 3000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(intervalMs);
    }
  }
}

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The version in an ETag: `"3"` → 3. */
export const etagOf = (version: number): string => `"${version}"`;

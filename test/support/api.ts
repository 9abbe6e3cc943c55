/**
 * The one way the contract tests talk to the sandbox: real loopback HTTP with Node's fetch.
 *
 * Every response from a contract endpoint (anything but `/_sandbox/*`) goes through `checkResponse`:
 * it must be described by the generated OpenAPI document, carry an `x-request-id` (equal to the
 * problem's `request_id` on errors) and, under `/v1`, the three `RateLimit-*` headers. Nobody can
 * forget these checks, because `call` is the only request function the suites use.
 */
import { startSandbox } from '../../sandbox';
import { type SandboxControls, sandboxControls } from '../../sandbox/controls/client';
import { SCOPES, type Scope, type TokenResponse } from '../../src/api/schemas';
import { expectResponseToMatchOpenApi } from './openapi';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Parsed JSON bodies are poked at freely in tests (the zod schemas check their shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const ALL_SCOPES = SCOPES;
export type ScopeName = (typeof SCOPES)[number];

export interface CallOptions {
  /** Bearer access token. */
  token?: string;
  query?: Record<string, string | number | boolean | undefined> | URLSearchParams;
  /** Sent as JSON (content type `application/json` unless `contentType` says otherwise). */
  body?: unknown;
  /** Sent as is (e.g. broken JSON, or bytes that are not UTF-8). */
  raw?: string | Uint8Array;
  /** Sent form-encoded (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * Skip the contract checks for a response the test provoked on purpose through
   * `/_sandbox/faults` (it is the fault's, not the contract's). Give the reason.
   */
  unchecked?: 'injected fault';
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  contentType: string | null;
  /** The raw body text. */
  text: string;
  /** Parsed JSON when the content type is JSON and the text parses; the text otherwise; undefined when empty. */
  body: Json;
  /** Milliseconds from sending the request to reading the whole body. */
  elapsedMs: number;
}

const isJsonType = (contentType: string | null) =>
  /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType ?? '');

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!isJsonType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The contract checks every non-`/_sandbox` response must pass. Throws with a readable reason.
 * Also used by the `oauth4webapi` suite's custom fetch, so the library's responses are checked too.
 */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  headers: Headers,
  body: unknown,
): void {
  const where = `${method} ${path} → ${status}`;
  expectResponseToMatchOpenApi(method, path, status, headers.get('content-type'), body);
  const requestId = headers.get('x-request-id');
  if (!requestId) throw new Error(`${where}: no x-request-id header`);
  if (/^application\/problem\+json\b/i.test(headers.get('content-type') ?? '')) {
    const problemRequestId = (body as { request_id?: unknown } | undefined)?.request_id;
    if (problemRequestId !== requestId) {
      throw new Error(
        `${where}: problem request_id ${String(problemRequestId)} differs from x-request-id ${requestId}`,
      );
    }
  }
  if (path.startsWith('/v1/')) {
    for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
      const value = headers.get(name);
      if (value === null || !/^\d+$/.test(value)) {
        throw new Error(`${where}: header ${name} is ${value === null ? 'missing' : `"${value}"`}`);
      }
    }
  }
}

/** `/_sandbox/…` as the sandbox routes it: `/%5Fsandbox/reset` is a control request too. */
function isControlPath(pathname: string): boolean {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // not percent-decodable: compared as sent
  }
  return decoded === '/_sandbox' || decoded.startsWith('/_sandbox/');
}

function buildUrl(origin: string, path: string, query: CallOptions['query']): URL {
  const url = new URL(path, origin);
  if (query instanceof URLSearchParams) {
    query.forEach((value, key) => url.searchParams.append(key, value));
  } else if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
  }
  return url;
}

/** One HTTP request to the sandbox. Never follows redirects; never throws on an HTTP status. */
export async function request(
  origin: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  let payload: string | Uint8Array | undefined;
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
  } else if (options.raw !== undefined) {
    payload = options.raw;
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);

  const url = buildUrl(origin, path, options.query);
  const started = performance.now();
  const response = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const contentType = response.headers.get('content-type');
  const body = parseBody(text, contentType);
  if (!isControlPath(url.pathname) && options.unchecked === undefined) {
    checkResponse(method, url.pathname, response.status, response.headers, body);
  }
  return { status: response.status, headers: response.headers, contentType, text, body, elapsedMs };
}

export interface Harness {
  readonly url: string;
  /** The Zapier client (PKCE required). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The client for `zapier-platform invoke auth start` (PKCE optional, loopback redirects only). */
  readonly cliClientId: string;
  readonly cliClientSecret: string;
  /**
   * A request to the API (checked against the contract; see `request`). Also the raw way to a
   * `/_sandbox` control, for tests of how it answers; everything else uses `controls`.
   */
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** The sandbox's `/_sandbox` controls, typed. */
  readonly controls: SandboxControls;
  /** `POST /_sandbox/reset`. */
  reset(seed?: 'empty' | 'demo'): Promise<void>;
  /** `POST /_sandbox/tokens`: a fresh grant (every scope of the registry by default). */
  mintToken(scopes?: readonly string[], expiresIn?: number): Promise<TokenResponse>;
  /**
   * Reset, raise the rate limit out of the way (the rate-limit suite tests it), and mint an
   * all-scope access token. The usual `beforeEach`.
   */
  fresh(seed?: 'empty' | 'demo'): Promise<string>;
  /** `POST /_sandbox/clock`. */
  advanceClock(seconds: number): Promise<void>;
}

/**
 * Starts a sandbox on a free loopback port for the current test file (beforeAll) and closes it
 * afterwards (afterAll). The returned harness is usable inside tests and hooks.
 */
export function useSandbox(options: { seed?: 'empty' | 'demo' } = {}): Harness {
  let sandbox: Sandbox | undefined;
  const current = (): Sandbox => {
    if (!sandbox) throw new Error('the sandbox is not started (use the harness inside tests)');
    return sandbox;
  };
  const controls = (): SandboxControls => sandboxControls(current().url);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: options.seed ?? 'empty', log: false });
  });
  afterAll(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  const harness: Harness = {
    get url() {
      return current().url;
    },
    get clientId() {
      return current().clientId;
    },
    get clientSecret() {
      return current().clientSecret;
    },
    get cliClientId() {
      return current().cliClientId;
    },
    get cliClientSecret() {
      return current().cliClientSecret;
    },
    get controls() {
      return controls();
    },
    call: (method, path, callOptions) => request(current().url, method, path, callOptions),
    reset: (seed) => controls().reset(seed),
    mintToken: (scopes, expiresIn) =>
      controls().mintToken({
        // Scope names as the tests write them; the sandbox validates them.
        ...(scopes ? { scopes: scopes as Scope[] } : {}),
        ...(expiresIn === undefined ? {} : { expires_in: expiresIn }),
      }),
    async fresh(seed) {
      await harness.reset(seed);
      await controls().setRateLimit({ limit: 100_000, window_seconds: 10 });
      return (await harness.mintToken()).access_token;
    },
    async advanceClock(seconds) {
      await controls().advanceClock(seconds);
    },
  };
  return harness;
}

/** Every page of a cursor-paginated list, in order. */
export async function listAll(
  h: Harness,
  path: string,
  token: string,
  query: Record<string, string | number> = {},
): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const response = await h.call('GET', path, {
      token,
      query: { limit: 100, ...query, ...(cursor ? { cursor } : {}) },
    });
    if (response.status !== 200) {
      throw new Error(`GET ${path} → ${response.status}: ${response.text}`);
    }
    items.push(...(response.body.data as Json[]));
    cursor = response.body.next_cursor as string | null;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path}: more than 1000 pages`);
}

/** `YYYY…` strings of `n` characters, for length limits. */
export const longString = (n: number, char = 'x'): string => char.repeat(n);

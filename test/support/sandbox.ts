/**
 * What the integration suites share: the real sandbox for the test file on a free loopback port,
 * the environment Zapier would set, nock letting nothing but loopback through, the sandbox's
 * controls, and a request counter read from the sandbox's own rate-limit headers.
 */
import nock from 'nock';
import { startSandbox } from '../../sandbox';
import { type SandboxControls, sandboxControls } from '../../sandbox/controls/client';
import type { Scope } from '../../src/api/schemas';
import type { StoredAuthData } from '../../src/auth/authentication';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

// Captured before core wraps the global fetch with its logger (every app tester run does): the
// test's own requests stay out of the integration's logs and out of its middleware.
const sandboxFetch = globalThis.fetch;
const ENV_KEYS = ['SNAPSHOTS_API_BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET'] as const;

export interface SandboxHarness {
  readonly url: string;
  /** The OAuth client Zapier uses (also in CLIENT_ID / CLIENT_SECRET while the file runs). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The sandbox's `/_sandbox` controls, typed. */
  readonly controls: SandboxControls;
  /** Wipes and re-seeds the sandbox, and lifts the rate limit out of the way (one hour window). */
  reset(seed?: 'empty' | 'demo'): Promise<void>;
  /** A connection's authData, minted without the consent page (every scope of the registry by default). */
  connect(scopes?: readonly string[]): Promise<StoredAuthData>;
  /** `GET /v1/...` as the test itself, with the connection's token. */
  get(path: string, token: string, query?: Record<string, string>): Promise<unknown>;
  /**
   * Runs `run` and counts the API requests it made with `token`: the sandbox's
   * `RateLimit-Remaining` of a probe request before and after (the second probe counts itself).
   */
  requestsDuring<T>(token: string, run: () => Promise<T>): Promise<{ result: T; requests: number }>;
}

export function useSandboxOverLoopback(): SandboxHarness {
  let sandbox: Sandbox | undefined;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const current = () => {
    if (!sandbox) throw new Error('the sandbox is not started (use the harness inside tests)');
    return sandbox;
  };
  const controls = () => sandboxControls(current().url, { fetch: sandboxFetch });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
    process.env.CLIENT_ID = sandbox.clientId;
    process.env.CLIENT_SECRET = sandbox.clientSecret;
    // Only loopback: nothing in these tests may leave the machine.
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1:'));
  });

  afterAll(async () => {
    nock.enableNetConnect();
    nock.restore();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await sandbox?.close();
    sandbox = undefined;
  });

  async function call(path: string, token: string, query: Record<string, string> = {}) {
    const url = new URL(`/v1${path}`, current().url);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await sandboxFetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return { body, headers: response.headers };
  }

  const remaining = async (token: string) => {
    const { headers } = await call('/me', token);
    const value = Number(headers.get('ratelimit-remaining'));
    if (!Number.isInteger(value)) throw new Error('the sandbox sent no RateLimit-Remaining');
    return value;
  };

  return {
    get url() {
      return current().url;
    },
    get clientId() {
      return current().clientId;
    },
    get clientSecret() {
      return current().clientSecret;
    },
    get controls() {
      return controls();
    },
    async reset(seed) {
      await controls().reset(seed);
      await controls().setRateLimit({ limit: 100_000, window_seconds: 3600 });
    },
    async connect(scopes) {
      // Scope names as the tests write them; the sandbox validates them.
      const minted = await controls().mintToken(scopes ? { scopes: scopes as Scope[] } : {});
      return {
        access_token: minted.access_token,
        refresh_token: minted.refresh_token,
        scope: minted.scope,
      };
    },
    get: async (path, token, query) => (await call(path, token, query)).body,
    async requestsDuring(token, run) {
      const before = await remaining(token);
      const result = await run();
      const after = await remaining(token);
      return { result, requests: before - after - 1 };
    },
  };
}

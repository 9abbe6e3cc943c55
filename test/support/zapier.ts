/**
 * What the unit tests share: the app under core's app tester, a fake Snapshots origin served by
 * nock, the environment Zapier would provide, and a matcher for core's JSON-encoded error messages.
 */
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';
import { app } from '../../src/app';
import { allowOnlyLoopback } from './setup/network';

export const API_ORIGIN = 'https://api.snapshots.test';
export const CLIENT_ID = 'client-id-for-tests';
export const CLIENT_SECRET = 'client-secret-for-tests-0123456789';
export const ACCESS_TOKEN = 'snp_at_unit_test_access_token_0123456789';
export const REFRESH_TOKEN = 'snp_rt_unit_test_refresh_token_0123456789';

export const appTester = createAppTester(app);
export const authData = { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN };

/** Runs an operation's `perform` through the app tester, as Zapier runs a step with these inputs. */
export const runOperation = (
  operation: { operation: { perform: unknown } },
  inputData: Record<string, unknown>,
) =>
  appTester(
    operation.operation.perform as Parameters<typeof appTester>[0],
    { authData, inputData },
    true,
  );

const ENV_KEYS = ['SNAPSHOTS_API_BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET'] as const;

/** Sets the environment Zapier provides and blocks the network; undoes both after each test. */
export function useFakeSnapshots(): void {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.SNAPSHOTS_API_BASE_URL = API_ORIGIN;
    process.env.CLIENT_ID = CLIENT_ID;
    process.env.CLIENT_SECRET = CLIENT_SECRET;
    nock.disableNetConnect();
  });
  // Jest gives each file its own nock but shares Node's http module within a worker: switch this
  // file's interception off so the next file's nock sees the requests.
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
  });
  afterAll(() => nock.restore());
  afterEach(() => {
    nock.cleanAll();
    allowOnlyLoopback();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}

/**
 * The fake Snapshots API. Every request must carry our bearer token unless `token` is null (the
 * OAuth endpoints); `badheaders` lists headers that must be absent.
 */
export function snapshots({
  token = ACCESS_TOKEN,
  badheaders = [],
}: { token?: string | null; badheaders?: string[] } = {}): nock.Scope {
  return nock(API_ORIGIN, {
    reqheaders: token === null ? {} : { authorization: `Bearer ${token}` },
    badheaders: token === null ? [...badheaders, 'authorization'] : badheaders,
  });
}

// core's `z.errors.Error` and `ThrottledError` put `{ message, code, status }` / `{ message, delay }`
// as JSON into `message`; this matcher looks inside.
expect.extend({
  jsonContaining(received: unknown, expected: Record<string, unknown>) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(received));
    } catch {
      return {
        pass: false,
        message: () => `expected JSON, got ${this.utils.printReceived(received)}`,
      };
    }
    const pass = this.equals(parsed, expect.objectContaining(expected));
    return {
      pass,
      message: () =>
        `expected ${this.utils.printReceived(parsed)} ${pass ? 'not ' : ''}to contain ` +
        this.utils.printExpected(expected),
    };
  },
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Expect {
      /** A JSON string whose parsed value contains these properties. */
      jsonContaining(expected: Record<string, unknown>): unknown;
    }
  }
}

/** `z.errors.Error` (core names it AppError) with a user-facing message matching `message`. */
export const appError = (message: string | RegExp, extra: Record<string, unknown> = {}) => ({
  name: 'AppError',
  message: expect.jsonContaining({ message: textMatching(message), ...extra }),
});

/** `z.errors.ThrottledError` with its message and delay in seconds. */
export const throttledError = (message: string | RegExp, delay: number) => ({
  name: 'ThrottledError',
  message: expect.jsonContaining({ message: textMatching(message), delay }),
});

const textMatching = (text: string | RegExp): unknown =>
  typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text);

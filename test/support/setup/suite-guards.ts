/**
 * Suite-wide security checks, run around every test file (jest `setupFilesAfterEnv`):
 *
 * 1. No secret in any output. Every token, refresh token, authorization code, consent id, PKCE
 *    verifier, webhook secret and client secret the sandbox issues or receives, and the unit tests'
 *    constants, is recorded; every line core logs (z.console and its HTTP logs, exactly as Zapier
 *    stores them, through the logger's `customLogger` hook), every console line and every error
 *    message the app tester rejects with is recorded too. After the file's tests, any secret found
 *    in any line fails the file, naming the line (never the secret).
 * 2. No request leaves the machine. nock refuses every host but loopback (./network), and every
 *    real TCP connection is checked underneath nock: one to another host is refused and fails the
 *    file. Every request the integration makes (core's HTTP log) must go to the configured
 *    SNAPSHOTS_API_BASE_URL or loopback, or to a host the test itself mocked with nock.
 *
 * The module mocks below only wrap (record, then call the real code), and only load when a test
 * file loads the module. A test can register a secret of its own with `recordSecret` from
 * ./guard-records. ./summary prints the totals after the run.
 */
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import nock from 'nock';
import {
  counts,
  isLoopback,
  leakedSecrets,
  recordLine,
  recordSecret,
  refusedHosts,
  totals,
} from './guard-records';
import { recordingConsole } from './console-lines';
import { allowOnlyLoopback } from './network';
// Types only (erased): the mocks load the real modules lazily, when a test file needs them.
import type * as SandboxIds from '../../../sandbox/ids';
import type * as SandboxIndex from '../../../sandbox/index';
import type * as SandboxTokens from '../../../sandbox/oauth/tokens';
import type * as SandboxWebhooks from '../../../sandbox/events/webhooks';
import type * as UnitFixtures from '../fixtures';
import type * as UnitZapier from '../zapier';
import type * as GuardRecords from './guard-records';

type Records = typeof GuardRecords;
type AnyFunction = (...args: never[]) => unknown;
/* eslint-disable @typescript-eslint/no-require-imports -- jest.mock factories must require lazily */

// ---------------------------------------------------------------- what core logs and rejects with

jest.mock('zapier-platform-core/src/tools/create-logger', () => {
  type Logger = (message: unknown, data?: Record<string, unknown>) => unknown;
  type Event = { customLogger?: Logger } | undefined;
  const createLogger = jest.requireActual<(event: Event, options: unknown) => unknown>(
    'zapier-platform-core/src/tools/create-logger',
  );
  const records = require('./guard-records') as Records;
  return (event: Event, options: unknown) => {
    const target = event ?? {};
    const next = target.customLogger;
    // Called with the scrubbed message and data: what Zapier's log shows.
    target.customLogger = (message, data = {}) => {
      records.recordLine('core log', message);
      records.recordLine('core log data', data);
      if (data.log_type === 'http' && typeof data.request_url === 'string') {
        records.recordApiRequest(data.request_url);
      }
      return next?.(message, data);
    };
    return createLogger(target, options);
  };
});

jest.mock('zapier-platform-core/src/tools/create-app-tester', () => {
  const createAppTester = jest.requireActual<(...args: unknown[]) => AnyFunction>(
    'zapier-platform-core/src/tools/create-app-tester',
  );
  const records = require('./guard-records') as Records;
  return (...args: unknown[]) =>
    new Proxy(createAppTester(...args), {
      apply: (tester, self, runArgs: never[]) =>
        (Reflect.apply(tester, self, runArgs) as Promise<unknown>).catch((error: unknown) => {
          records.recordLine('app tester rejected', error);
          throw error;
        }),
    });
});

// ---------------------------------------------------------------- what is issued

jest.mock('../../../sandbox/ids', () => {
  const actual = jest.requireActual<typeof SandboxIds>('../../../sandbox/ids');
  const records = require('./guard-records') as Records;
  return {
    ...actual,
    randomToken: (prefix: string) => {
      const token = actual.randomToken(prefix);
      records.recordSecret(`a sandbox token, code or consent id (${prefix || 'no prefix'})`, token);
      return token;
    },
  };
});

jest.mock('../../../sandbox/oauth/tokens', () => {
  const actual = jest.requireActual<typeof SandboxTokens>('../../../sandbox/oauth/tokens');
  const records = require('./guard-records') as Records;
  class RecordingTokenStore extends actual.TokenStore {
    override redeemCode(...args: Parameters<InstanceType<typeof actual.TokenStore>['redeemCode']>) {
      records.recordSecret('a PKCE verifier sent to the token endpoint', args[3]);
      return super.redeemCode(...args);
    }
  }
  return { ...actual, TokenStore: RecordingTokenStore };
});

jest.mock('../../../sandbox/events/webhooks', () => {
  const actual = jest.requireActual<typeof SandboxWebhooks>('../../../sandbox/events/webhooks');
  const records = require('./guard-records') as Records;
  class RecordingWebhookRegistry extends actual.WebhookRegistry {
    override create(...args: Parameters<InstanceType<typeof actual.WebhookRegistry>['create']>) {
      const subscription = super.create(...args);
      records.recordSecret('a webhook signing secret', subscription.secret);
      return subscription;
    }
  }
  return { ...actual, WebhookRegistry: RecordingWebhookRegistry };
});

jest.mock('../../../sandbox/index', () => {
  const actual = jest.requireActual<typeof SandboxIndex>('../../../sandbox/index');
  const records = require('./guard-records') as Records;
  return {
    ...actual,
    startSandbox: async (...args: Parameters<typeof actual.startSandbox>) => {
      const sandbox = await actual.startSandbox(...args);
      records.recordSecret("the sandbox's OAuth client secret", sandbox.clientSecret);
      records.recordSecret("the sandbox's CLI client secret", sandbox.cliClientSecret);
      return sandbox;
    },
  };
});

jest.mock('../zapier', () => {
  const actual = jest.requireActual<typeof UnitZapier>('../zapier');
  const records = require('./guard-records') as Records;
  records.recordSecret('the unit tests’ access token', actual.ACCESS_TOKEN);
  records.recordSecret('the unit tests’ refresh token', actual.REFRESH_TOKEN);
  records.recordSecret('the unit tests’ client secret', actual.CLIENT_SECRET);
  return actual;
});

jest.mock('../fixtures', () => {
  const actual = jest.requireActual<typeof UnitFixtures>('../fixtures');
  const records = require('./guard-records') as Records;
  return {
    ...actual,
    tokens: (...args: Parameters<typeof actual.tokens>) => {
      const issued = actual.tokens(...args);
      records.recordSecret('a token response of the unit tests', issued.access_token);
      records.recordSecret('a token response of the unit tests', issued.refresh_token);
      return issued;
    },
  };
});

// nock scopes name the hosts a test mocks on purpose (e.g. to prove no token goes there).
jest.mock('nock/lib/scope', () => {
  type ScopeModule = { Scope: new (...args: unknown[]) => { urlParts?: { hostname?: string } } };
  const actual = jest.requireActual<ScopeModule>('nock/lib/scope');
  const records = require('./guard-records') as Records;
  class RecordingScope extends actual.Scope {
    constructor(...args: unknown[]) {
      super(...args);
      if (this.urlParts?.hostname) records.recordMockedHost(this.urlParts.hostname);
    }
  }
  return { ...actual, Scope: RecordingScope };
});

/* eslint-enable @typescript-eslint/no-require-imports */

// ---------------------------------------------------------------- console

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  // eslint-disable-next-line no-console -- recording console output is the point
  console[method] = recordingConsole(console[method].bind(console), {
    record: (line) => recordLine(`console.${method}`, line),
    show: process.env.TEST_CONSOLE === '1',
  });
}

// ---------------------------------------------------------------- real connections

interface ConnectGuard {
  /** The current test file's check; the patch itself is installed once per worker process. */
  onConnect: (host: string, port: unknown) => boolean;
}
const GUARD = Symbol.for('snapshots-for-zapier.connect-guard');
type GuardedPrototype = typeof net.Socket.prototype & { [GUARD]?: ConnectGuard };

/** The host a `socket.connect(...)` call names (undefined: a local IPC path). */
function connectTarget(args: unknown[]): { host?: string; port?: unknown; path?: unknown } {
  // net.connect() passes its normalized arguments as one array.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: string; port?: unknown; path?: unknown };
    return options.path !== undefined
      ? { path: options.path }
      : { host: options.host ?? 'localhost', port: options.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const prototype = net.Socket.prototype as GuardedPrototype;
if (!prototype[GUARD]) {
  const connect = prototype.connect;
  const guard: ConnectGuard = { onConnect: () => true };
  prototype[GUARD] = guard;
  prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target.host !== undefined && !guard.onConnect(target.host, target.port)) {
      const error = Object.assign(
        new Error(`The test suite allows no connection outside loopback: ${target.host}`),
        { code: 'ENETUNREACH' },
      );
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
}
prototype[GUARD].onConnect = (host, port) => {
  counts.connections += 1;
  if (isLoopback(host)) return true;
  refusedHosts.push(`a connection to ${host}:${String(port)}`);
  return false;
};

// ---------------------------------------------------------------- before and after each file

beforeAll(() => allowOnlyLoopback());

afterAll(() => {
  // Hand Node's http module back, so the next file's nock can take it (see test/support/zapier.ts).
  if (nock.isActive()) nock.restore();
  const directory = process.env.SUITE_GUARDS_DIR;
  const file = expect.getState().testPath ?? 'unknown';
  if (directory) {
    const name = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
    writeFileSync(join(directory, name), JSON.stringify({ file, ...totals() }));
  }
  const problems = [
    ...leakedSecrets().map(({ kind, line }) => `${kind} appeared in the output, in: ${line}`),
    ...[...new Set(refusedHosts)].map((what) => `outside loopback and the base URL: ${what}`),
  ];
  if (problems.length > 0) {
    throw new Error(`The suite guards failed ${file}:\n- ${problems.join('\n- ')}`);
  }
});

export { recordSecret };

/**
 * What the flow suites play on: a fresh sandbox (with a log of the requests it answered) and a
 * fresh Clio stand-in for each test, the environment Zapier would set, and only loopback reachable.
 */
import nock from 'nock';
import { type SandboxRequest, startSandbox } from '../../sandbox';
import { type ClioStandIn, startClioStandIn } from '../../sandbox/clio';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const ENV_KEYS = ['SNAPSHOTS_API_BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET'] as const;

export interface FlowServers {
  readonly sandbox: Sandbox;
  readonly clio: ClioStandIn;
  /** Every request the sandbox answered in this test, in order. */
  readonly requests: SandboxRequest[];
}

export function useFreshFlowServers(seed: 'demo' | 'empty'): FlowServers {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let current: FlowServers | undefined;
  const now = () => {
    if (!current) throw new Error('the flow servers run inside tests only');
    return current;
  };

  beforeAll(() => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1:'));
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  beforeEach(async () => {
    const requests: SandboxRequest[] = [];
    const sandbox = await startSandbox({ seed, onResponse: (request) => requests.push(request) });
    current = { sandbox, clio: await startClioStandIn(), requests };
    process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
    process.env.CLIENT_ID = sandbox.clientId;
    process.env.CLIENT_SECRET = sandbox.clientSecret;
  });
  afterEach(async () => {
    await current?.clio.close();
    await current?.sandbox.close();
    current = undefined;
  });

  return {
    get sandbox() {
      return now().sandbox;
    },
    get clio() {
      return now().clio;
    },
    get requests() {
      return now().requests;
    },
  };
}

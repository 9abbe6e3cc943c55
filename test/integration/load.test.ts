/**
 * The instant triggers under load and faults (dev/load/, the scenario the benchmark prints at
 * 1,000 changes): six Zaps over four triggers, filtered and not, take a burst of changes from six
 * concurrent writers while their receivers answer 500 after running, go through an outage and
 * answer slower than the sandbox's timeout. `perform` runs through core's app handler with
 * Zapier's RPC stood in over loopback, so the version memory's z.cache makes real round trips.
 * Per Zap: nothing matching lost, nothing doubled, nothing older after newer, nothing
 * non-matching fired, and every record's last state reached it.
 */
import { app } from '../../src/app';
import {
  LOAD_RETRY_DELAYS_MS,
  LOAD_ZAPS,
  runLoadScenario,
  testerRunning,
} from '../../dev/load/scenario';
import { useSandboxOverLoopback } from '../support/sandbox';
import { startZapierRpc, zapierRunner, type RpcStandIn } from '../support/zapier-rpc';

// Captured before core wraps the global fetch with its logger: the writers are not the app.
const writersFetch = globalThis.fetch;
const sandbox = useSandboxOverLoopback();
let rpc: RpcStandIn;
let runner: ReturnType<typeof zapierRunner>;

beforeAll(async () => {
  // A cache round trip of 1–2 ms, as Zapier's is.
  rpc = await startZapierRpc({ delayMs: () => 1 + Math.random() });
  runner = zapierRunner(app, rpc);
});
afterAll(async () => {
  runner.restore();
  await rpc.close();
});

it('per Zap: nothing lost, doubled, older after newer or non-matching; every last state arrives', async () => {
  await sandbox.reset('empty');
  const authData = await sandbox.connect();
  const report = await runLoadScenario({
    origin: sandbox.url,
    controls: sandbox.controls,
    authData: { ...authData },
    zaps: LOAD_ZAPS,
    size: { writers: 6, records: 3, changes: 96 },
    // Each Zap's 8th delivery answers after the sandbox's 10 s timeout: the longest wait.
    faults: { runThenFailEvery: 7, outageAfterMs: 300, outageMs: 1_500, slowDeliveries: [8] },
    retryDelaysMs: LOAD_RETRY_DELAYS_MS,
    // Generous for a loaded machine (about 15 s idle); a change that never arrives shows in the figures.
    settleLimitMs: 35_000,
    tester: testerRunning(runner.run),
    fetch: writersFetch,
  });
  // Each Zap's figures that are not what they must be, by name (all of them, on failure).
  const problems = report.zaps.flatMap((zap) =>
    Object.entries({
      'nothing fired': zap.fired === 0 ? 1 : 0,
      lost: zap.lost,
      doubled: zap.doubled,
      'older after newer': zap.olderAfterNewer,
      'non-matching fired': zap.nonMatching,
      'last state missed': zap.lastStateMissed,
    })
      .filter(([, count]) => count > 0)
      .map(([what, count]) => `${zap.zap}: ${what} ${count}`),
  );
  const verdict = { settled: report.settled, problems };
  expect(verdict).toEqual({ settled: true, problems: [] });
  // The faults happened: each kind reached the receivers.
  const faults = report.zaps.map((zap) => zap.faults);
  expect(faults.some((fault) => fault.runThenFail > 0)).toBe(true);
  expect(faults.some((fault) => fault.outage > 0)).toBe(true);
  expect(faults.some((fault) => fault.slow > 0)).toBe(true);
}, 90_000);

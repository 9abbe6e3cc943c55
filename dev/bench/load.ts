/**
 * The load figures at 1,000 changes (dev/load/, the scenario the suite's load test checks at a
 * smaller size): per Zap what was lost, doubled, fired older after newer, fired without matching,
 * and whose last state was missed, under receiver faults; and the writers' throughput and the
 * time until every Zap had every record's last state. `perform` runs through the app tester, whose
 * z.cache is core's in-memory mock (the suite's test runs the real one over a loopback RPC).
 */
import { runLoadScenario, LOAD_RETRY_DELAYS_MS, LOAD_ZAPS } from '../load/scenario';
import { figuresTable } from '../load/figures';
import { bareFetch, type Sandbox } from './sandbox-process';

const SIZE = { writers: 6, records: 10, changes: 1_000 };
const FAULTS = {
  runThenFailEvery: 10,
  outageAfterMs: 1_000,
  outageMs: 5_000,
  slowDeliveries: [25],
};

export async function benchLoad(sandbox: Sandbox): Promise<void> {
  const { controls } = sandbox;
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await controls.reset('empty');
  await controls.setRateLimit({ limit: 10_000_000, window_seconds: 3600 });
  const { access_token, refresh_token, scope } = await controls.mintToken();
  // Core echoes every z.console line of perform ("delivery ignored: …", hundreds here) to the
  // console: muted while the Zaps run, so the figures stay readable.
  const { log, error } = console;
  console.log = console.error = () => undefined;
  const report = await runLoadScenario({
    origin: sandbox.origin,
    controls,
    authData: { access_token, refresh_token, scope },
    zaps: LOAD_ZAPS,
    size: SIZE,
    faults: FAULTS,
    retryDelaysMs: LOAD_RETRY_DELAYS_MS,
    settleLimitMs: 120_000,
    fetch: bareFetch,
  }).finally(() => Object.assign(console, { log, error }));
  console.log(
    `\n## Instant triggers under load: ${report.changes.toLocaleString('en')} changes ` +
      `(${report.records} records) from ${report.writers} concurrent writers, ${LOAD_ZAPS.length} Zaps\n`,
  );
  console.log(
    `Faults: every ${FAULTS.runThenFailEvery}th delivery a 500 after perform ran; a ` +
      `${FAULTS.outageMs / 1000} s outage from ${FAULTS.outageAfterMs / 1000} s; delivery ` +
      `${FAULTS.slowDeliveries.join(', ')} of each Zap answered after the sandbox's timeout.\n`,
  );
  console.log(figuresTable(report.zaps));
  const fired = report.zaps.reduce((total, zap) => total + zap.fired, 0);
  console.log(
    `\nwrites: ${report.writeSeconds.toFixed(1)} s (${Math.round(report.changes / report.writeSeconds)} changes/s); ` +
      `every Zap had every record's last state after ${report.settleSeconds.toFixed(1)} s` +
      `${report.settled ? '' : ' (NOT settled: the limit ran out)'}; ${fired} Zap runs fired ` +
      `(${Math.round(fired / report.settleSeconds)}/s)`,
  );
}

/**
 * `npm run bench`: prints measured figures, never asserts them (timings belong here, not in tests).
 * Each measurement is in dev/bench/:
 *
 * - operations.ts: one table of all the integration's operations, taken from the app definition
 *   (connection test, dropdowns, each hook trigger's performList and a delivery's perform, every
 *   action and search, find-or-create): requests sent against each budget, latency through core's
 *   app tester, and ratios against a raw `fetch` and the framework's floor; CPU and peak memory.
 *   To benchmark a new action or search, add its input to operation-list.ts;
 * - list-latency.ts: list-query latency at 100 and at 100,000 records;
 * - webhook-throughput.ts: webhook delivery throughput;
 * - pacing.ts: a 1,000-change burst under a cap of 60 deliveries a minute (scaled window): the
 *   peak in any window, the time to drain, nothing lost. `npm run bench -- pacing` runs it alone;
 * - custom-field-inputs.ts: the custom-field input loads, cold and cached;
 * - trigger-latency.ts: the instant-trigger latency from a change to the hook's output;
 * - cold-start.ts: cold start of the BUILT app (build/build.zip unpacked, loaded through
 *   zapierwrapper.js as Zapier loads it) over zapier-platform-core alone;
 * - build-size.ts: the size of build.zip.
 *
 * NODE_ENV=test (set by the npm script) keeps core's per-invocation memory report out of the output.
 * The sandbox runs as a child process, so the client and the server do not share an event loop.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { benchCustomFieldInputs } from '../dev/bench/custom-field-inputs';
import { benchBuildSize } from '../dev/bench/build-size';
import { ensureZip } from '../dev/bench/build-zip';
import { benchColdStart } from '../dev/bench/cold-start';
import { benchListLatency } from '../dev/bench/list-latency';
import { benchOperations } from '../dev/bench/operations';
import { benchPacing } from '../dev/bench/pacing';
import { type Sandbox, startSandboxProcess } from '../dev/bench/sandbox-process';
import { benchTriggerLatency } from '../dev/bench/trigger-latency';
import { benchWebhookThroughput } from '../dev/bench/webhook-throughput';

function header(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return (
    `# Snapshots for Zapier benchmark\n\n` +
    `${new Date().toISOString()} · ${availableParallelism()} × ${cpu} · Node ${process.version} · ` +
    `load average ${load}`
  );
}

/** The sections `npm run bench -- <name>` runs alone (each needs only the sandbox). */
const ALONE: Record<string, (sandbox: Sandbox) => Promise<void>> = { pacing: benchPacing };

async function runAlone(name: string): Promise<void> {
  const section = ALONE[name];
  if (!section) throw new Error(`no section "${name}"; alone: ${Object.keys(ALONE).join(', ')}`);
  console.log(header());
  const sandbox = await startSandboxProcess();
  try {
    await section(sandbox);
  } finally {
    sandbox.process.kill();
  }
}

async function main(): Promise<void> {
  const alone = process.argv[2];
  if (alone !== undefined) return runAlone(alone);
  ensureZip();
  console.log(header());
  const sandbox = await startSandboxProcess();
  try {
    await benchOperations(sandbox);
    await benchListLatency(sandbox);
    await benchWebhookThroughput(sandbox);
    await benchPacing(sandbox);
    await benchCustomFieldInputs(sandbox.origin);
    await benchTriggerLatency(sandbox);
  } finally {
    sandbox.process.kill();
  }
  benchColdStart();
  benchBuildSize();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

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
 *   peak in any window, the time to drain, nothing lost (`npm run bench -- pacing` alone);
 * - custom-field-inputs.ts: the custom-field input loads, cold and cached;
 * - trigger-latency.ts: the instant-trigger latency from a change to the hook's output;
 * - cold-start.ts: cold start of the BUILT app (build/build.zip unpacked, loaded through
 *   zapierwrapper.js as Zapier loads it) over zapier-platform-core alone;
 * - build-size.ts: the size of build.zip;
 * - sandbox-memory.ts: the sandbox's RSS and live heap after 10,000 changes with no subscriber, a
 *   healthy one and one that always fails (each in its own child process, after a forced GC);
 * - load.ts: the load figures per Zap at 1,000 changes under receiver faults (../dev/load/).
 *
 * Sections run alone when named: `npm run bench -- memory load` (names in SECTIONS).
 * `--write-docs` also writes the printed report into docs/benchmark.md (./bench-report.ts).
 *
 * NODE_ENV=test (set by the npm script) keeps core's per-invocation memory report out of the output.
 * The sandbox runs as a child process, so the client and the server do not share an event loop.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
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
import { benchLoad } from '../dev/bench/load';
import {
  benchSandboxMemory,
  MEMORY_CHILD_ARGUMENT,
  runSandboxMemoryChild,
} from '../dev/bench/sandbox-memory';
import { recordConsoleLog, withReport, WRITE_DOCS_FLAG } from './bench-report';

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

/** The sections in the order they run; `sandbox` ones share one sandbox child process. */
const SECTIONS = {
  operations: { sandbox: benchOperations },
  'list-latency': { sandbox: benchListLatency },
  'webhook-throughput': { sandbox: benchWebhookThroughput },
  pacing: { sandbox: benchPacing },
  'custom-field-inputs': { sandbox: (sandbox: Sandbox) => benchCustomFieldInputs(sandbox.origin) },
  'trigger-latency': { sandbox: benchTriggerLatency },
  load: { sandbox: benchLoad },
  memory: { alone: benchSandboxMemory },
  'cold-start': { alone: benchColdStart, zip: true },
  'build-size': { alone: benchBuildSize, zip: true },
} satisfies Record<string, Section>;

type Section =
  | { sandbox: (sandbox: Sandbox) => Promise<void> }
  | { alone: () => void | Promise<void>; zip?: boolean };
type SectionName = keyof typeof SECTIONS;

/** The sections named on the command line, every one when none is. */
function chosenSections(names: string[]): [SectionName, Section][] {
  const known = Object.keys(SECTIONS);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown bench section ${unknown.join(', ')}; the sections: ${known.join(', ')}.`,
    );
  }
  return (Object.entries(SECTIONS) as [SectionName, Section][]).filter(
    ([name]) => names.length === 0 || names.includes(name),
  );
}

async function main(names: string[]): Promise<void> {
  const sections = chosenSections(names);
  if (sections.some(([, section]) => 'zip' in section && section.zip)) ensureZip();
  console.log(header());
  const withSandbox = sections.flatMap(([, section]) => ('sandbox' in section ? [section] : []));
  if (withSandbox.length > 0) {
    const sandbox = await startSandboxProcess();
    try {
      for (const section of withSandbox) await section.sandbox(sandbox);
    } finally {
      sandbox.process.kill();
    }
  }
  for (const [, section] of sections) if ('alone' in section) await section.alone();
}

/** Runs the sections, then writes what they printed into docs/benchmark.md, laid out by Prettier. */
async function mainWritingDocs(names: string[]): Promise<void> {
  const recording = recordConsoleLog();
  try {
    await main(names);
  } finally {
    recording.stop();
  }
  const root = join(__dirname, '..', '..');
  const page = join(root, 'docs', 'benchmark.md');
  writeFileSync(page, withReport(readFileSync(page, 'utf8'), recording.lines.join('\n')));
  execFileSync(join(root, 'node_modules', '.bin', 'prettier'), ['--write', page], { cwd: root });
  console.log(`\nwrote the report into ${page}`);
}

const args = process.argv.slice(2);
const names = args.filter((arg) => arg !== WRITE_DOCS_FLAG);
const run =
  names[0] === MEMORY_CHILD_ARGUMENT
    ? runSandboxMemoryChild(names[1] ?? '')
    : args.includes(WRITE_DOCS_FLAG)
      ? mainWritingDocs(names)
      : main(names);
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

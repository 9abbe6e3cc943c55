/**
 * The sandbox's memory under a stream of changes: RSS and live heap after 10,000 changes (1,000
 * locations created, then updated 9 times each, round robin) with no subscriber, with a healthy
 * one, and with one whose receiver always fails, each measured after a forced GC once the
 * deliveries have gone quiet.
 *
 * Each case runs in a fresh child process (this same bundled script, `--expose-gc`), so one
 * case's garbage and heap growth do not leak into the next. The child holds the sandbox's state
 * itself, not behind HTTP: changes go straight to its collections, deliveries go over loopback to
 * a receiver in the same process (which keeps nothing).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SandboxState } from '../../sandbox/state';
import type { DeliveryBookkeeping } from '../../sandbox/events/deliveries';
import { mib } from './stats';

export const MEMORY_CHILD_ARGUMENT = 'sandbox-memory-child';
const RECEIVERS = ['none', 'healthy', 'failing'] as const;
type ReceiverCase = (typeof RECEIVERS)[number];

const RECORDS = 1_000;
const VERSIONS_PER_RECORD = 10;
const CHANGES = RECORDS * VERSIONS_PER_RECORD;
/** Retries 20 ms to 640 ms apart: a failing receiver's deliveries are abandoned within seconds. */
const RETRY_DELAYS_MS = [20, 40, 80, 160, 320, 640];
/** The deliveries are quiet once nothing reached the receiver for this long (> the last delay). */
const QUIET_MS = 1_500;
const QUIET_LIMIT_MS = 120_000;

interface MemoryFigures {
  receiver: ReceiverCase;
  baseline: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  peakRss: number;
  requests: number;
  seconds: number;
  events: number;
  syncErrors: number;
  bookkeeping: DeliveryBookkeeping;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

function measured(): { rss: number; heapUsed: number } {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/** A loopback receiver that counts requests and answers 200 or 500. */
async function startCountingReceiver(status: number) {
  let requests = 0;
  let lastAt = Date.now();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      lastAt = Date.now();
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests: () => requests,
    lastAt: () => lastAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const yieldToTimers = () => new Promise((resolve) => setImmediate(resolve));

/** One case, in this (child) process. */
async function measureCase(receiverCase: ReceiverCase): Promise<MemoryFigures> {
  const state = new SandboxState('empty');
  state.deliveries.setSchedule(RETRY_DELAYS_MS, false);
  const receiver =
    receiverCase === 'none'
      ? undefined
      : await startCountingReceiver(receiverCase === 'healthy' ? 204 : 500);
  if (receiver) state.webhooks.create(receiver.url, ['location.created', 'location.updated']);
  const baseline = measured();
  let peakRss = baseline.rss;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();

  const locations = state.collection('location');
  const ids: string[] = [];
  for (let n = 1; n <= RECORDS; n++) ids.push(locations.create({ name: `Memory ${n}` }).id);
  for (let version = 2; version <= VERSIONS_PER_RECORD; version++) {
    for (const [index, id] of ids.entries()) {
      locations.patch(id, { name: `Memory ${index + 1} v${version}` }, undefined);
    }
    await yieldToTimers(); // let deliveries start, as they would between requests
  }
  if (receiver) {
    const deadline = Date.now() + QUIET_LIMIT_MS;
    while (Date.now() - receiver.lastAt() < QUIET_MS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sample);
  const after = measured();
  const figures: MemoryFigures = {
    receiver: receiverCase,
    baseline,
    after,
    peakRss,
    requests: receiver?.requests() ?? 0,
    seconds,
    events: [...state.events.scan('asc')].length,
    syncErrors: [...state.syncErrors.newestFirst()].length,
    bookkeeping: state.deliveries.bookkeeping(),
  };
  state.deliveries.stop();
  await receiver?.close();
  return figures;
}

/** The child's side: measures the case named on its command line and sends the figures back. */
export async function runSandboxMemoryChild(receiverCase: string): Promise<void> {
  if (!RECEIVERS.includes(receiverCase as ReceiverCase)) {
    throw new Error(`unknown receiver case ${receiverCase}; one of ${RECEIVERS.join(', ')}`);
  }
  const figures = await measureCase(receiverCase as ReceiverCase);
  await new Promise<void>((resolve) => process.send!(figures, () => resolve()));
}

function measureInChild(receiverCase: ReceiverCase): Promise<MemoryFigures> {
  const child = fork(process.argv[1]!, [MEMORY_CHILD_ARGUMENT, receiverCase], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let figures: MemoryFigures | undefined;
    child.on('message', (message) => (figures = message as MemoryFigures));
    child.on('error', reject);
    child.on('exit', (code) =>
      figures
        ? resolve(figures)
        : reject(new Error(`memory child (${receiverCase}) exited ${code}`)),
    );
  });
}

const signed = (bytes: number) => `${bytes < 0 ? '−' : '+'}${mib(Math.abs(bytes))}`;

export async function benchSandboxMemory(): Promise<void> {
  const rows: MemoryFigures[] = [];
  for (const receiverCase of RECEIVERS) rows.push(await measureInChild(receiverCase));
  console.log(
    `\n## Sandbox memory after ${CHANGES.toLocaleString('en')} changes ` +
      `(${RECORDS.toLocaleString('en')} locations × ${VERSIONS_PER_RECORD} versions), forced GC\n`,
  );
  console.log(
    '| subscriber | RSS | Δ RSS | live heap | Δ live heap | peak RSS | requests | time | events | sync errors | log entries | records waiting | records sent |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const { bookkeeping: kept } = row;
    console.log(
      `| ${row.receiver} | ${mib(row.after.rss)} | ${signed(row.after.rss - row.baseline.rss)} | ` +
        `${mib(row.after.heapUsed)} | ${signed(row.after.heapUsed - row.baseline.heapUsed)} | ` +
        `${mib(row.peakRss)} | ${row.requests} | ${row.seconds.toFixed(1)} s | ${row.events} | ` +
        `${row.syncErrors} | ${kept.logEntries} | ${kept.unreceivedRecords} | ${kept.sentRecords} |`,
    );
  }
  console.log(
    '\nEvents and sync errors are kept 30 days by design; the delivery log keeps the last ' +
      '1,000 attempts per subscription; "records waiting" is the per-record bookkeeping of ' +
      'versions a subscription has not received (one entry per record, however many attempts).',
  );
}

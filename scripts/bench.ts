/**
 * `npm run bench`: prints measured figures, never asserts them (timings belong here, not in tests).
 *
 * - one table of the integration's operations: requests sent, latency through core's app tester,
 *   and two ratios against the same endpoint on the same sandbox in the same run: a raw `fetch`
 *   (the network and the server's share) and the framework's floor, a bare `z.request` in an app
 *   with no middleware through the same app tester (core's share); peak memory;
 * - cold start of the BUILT app (build/build.zip unpacked, loaded through zapierwrapper.js as
 *   Zapier loads it) over zapier-platform-core alone, and the size of build.zip;
 * - list-query latency at 100 and at 100,000 records, and webhook delivery throughput.
 *
 * To benchmark a new operation, append one entry to `operations()` below.
 *
 * The three variants of an operation run interleaved (app, raw, floor, app, raw, floor, …), so a
 * noisy neighbour on a shared machine slows all three alike and the ratios stay meaningful.
 * NODE_ENV=test (set by the npm script) keeps core's per-invocation memory report out of the output.
 * The sandbox runs as a child process, so the client and the server do not share an event loop.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import {
  createAppTester,
  defineApp,
  version as platformVersion,
  type Bundle,
  type ZObject,
} from 'zapier-platform-core';
import { app } from '../src/app';
import { benchTriggerLatency } from './bench-triggers';
import { authentication } from '../src/auth/authentication';
import { createApiClient } from '../src/http/client';
import { benchActionRequests } from './bench-actions';
import { locationList } from '../src/locations/location-list.trigger';
import { LIST_SIZE as HOOK_LIST_SIZE } from '../src/common/hook-trigger';
import { newSyncError } from '../src/sync-errors/new-sync-error.trigger';

const ROOT = join(__dirname, '..', '..');
const ZIP = join(ROOT, 'build/build.zip');
/** Core wraps the global fetch with its logger on every app tester run: keep the bare one. */
const bareFetch = globalThis.fetch;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One row of the operations table. */
interface Operation {
  name: string;
  /** The operation as Zapier runs it: through the app tester, with the app's middleware. */
  run: () => Promise<unknown>;
  /** The same endpoint with a bare `fetch` (the harness reads the body). */
  raw: () => Promise<Response>;
  /** The same endpoint as one bare `z.request` in an app without middleware, same app tester. */
  floor: { method: HttpMethod; path: string; body?: object };
}

/** What an operation entry is written with. */
interface Context {
  /** Runs `perform` through the integration's app tester with a connected bundle. */
  viaApp: (
    perform: (z: ZObject, bundle: Bundle) => Promise<unknown>,
    bundle?: Partial<Bundle>,
  ) => Promise<unknown>;
  /** A bare `fetch` of `path` on the sandbox with the connection's token (POST: a fresh key). */
  fetchApi: (method: HttpMethod, path: string, body?: object) => Promise<Response>;
  /** A value no other call of this run used (idempotency keys, names). */
  unique: () => string;
}

/** The integration's operations. Append one entry per operation to benchmark it. */
function operations({ viaApp, fetchApi, unique }: Context): Operation[] {
  const pollBundle = { meta: { page: 0, limit: -1 } } as Partial<Bundle>;
  return [
    {
      name: 'connection test (GET /v1/me)',
      run: () => viaApp((z) => authentication.test(z)),
      raw: () => fetchApi('GET', '/v1/me'),
      floor: { method: 'GET', path: '/v1/me' },
    },
    {
      name: 'API client: list 100 locations',
      run: () => viaApp((z) => createApiClient(z).locations.list({ limit: 100 })),
      raw: () => fetchApi('GET', '/v1/locations?limit=100'),
      floor: { method: 'GET', path: '/v1/locations?limit=100' },
    },
    {
      name: 'location dropdown, first page',
      run: () => viaApp((z, bundle) => locationList.operation.perform(z, bundle), pollBundle),
      raw: () => fetchApi('GET', '/v1/locations?limit=100&sort=-last_updated'),
      floor: { method: 'GET', path: '/v1/locations?limit=100&sort=-last_updated' },
    },
    {
      name: 'New Sync Error sample (performList)',
      run: () => viaApp((z, bundle) => newSyncError.operation.performList(z, bundle), pollBundle),
      raw: () => fetchApi('GET', `/v1/sync-errors?limit=${HOOK_LIST_SIZE}`),
      floor: { method: 'GET', path: `/v1/sync-errors?limit=${HOOK_LIST_SIZE}` },
    },
    {
      name: 'API client: create a location',
      run: () =>
        viaApp((z) =>
          createApiClient(z).locations.create(
            { name: 'Bench location' },
            { idempotencyKey: unique() },
          ),
        ),
      raw: () => fetchApi('POST', '/v1/locations', { name: 'Bench location' }),
      floor: { method: 'POST', path: '/v1/locations', body: { name: 'Bench location' } },
    },
  ];
}

// ---------------------------------------------------------------- the sandbox

interface Sandbox {
  origin: string;
  clientId: string;
  clientSecret: string;
  process: ChildProcess;
}

/** Starts `dist/sandbox/cli.js` on a free port and reads its three announcement lines. */
async function startSandboxProcess(): Promise<Sandbox> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/sandbox/cli.js')], {
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_SEED: 'empty' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const announced: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const [key, ...rest] = line.split(': ');
    if (key) announced[key] = rest.join(': ');
    if (announced.origin && announced.client_id && announced.client_secret) break;
  }
  return {
    origin: announced.origin!,
    clientId: announced.client_id!,
    clientSecret: announced.client_secret!,
    process: child,
  };
}

async function control(sandbox: Sandbox, method: string, path: string, body: unknown = {}) {
  const response = await bareFetch(`${sandbox.origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
}

async function freshToken(sandbox: Sandbox): Promise<string> {
  await control(sandbox, 'PUT', '/_sandbox/rate-limit', {
    limit: 10_000_000,
    window_seconds: 3600,
  });
  const grant = await control(sandbox, 'POST', '/_sandbox/tokens', {});
  return String(grant!.access_token);
}

// ---------------------------------------------------------------- statistics

interface Stats {
  p50: number;
  p95: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}×`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function time(runs: number, operation: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < 20; i++) await operation(); // warm-up: JIT, sockets
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await operation();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

/**
 * Times several variants round-robin, `runs` each, after a warm-up. Besides the latency, the
 * median CPU time this process spent per run (the sandbox is another process): on a shared
 * machine it shows what the client itself costs, where latency also shows the neighbours.
 */
async function timeInterleaved(
  runs: number,
  variants: readonly (() => Promise<unknown>)[],
  afterEachRun: () => void = () => undefined,
): Promise<(Stats & { cpu: number })[]> {
  for (let i = 0; i < 20; i++) for (const variant of variants) await variant();
  const samples = variants.map(() => ({ latency: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    for (const [index, variant] of variants.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await variant();
      samples[index]!.latency.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      samples[index]!.cpu.push((cpu.user + cpu.system) / 1000);
      if (index === 0) afterEachRun();
    }
  }
  return samples.map(({ latency, cpu }) => ({ ...stats(latency), cpu: stats(cpu).p50 }));
}

async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  const response = await bareFetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

// ---------------------------------------------------------------- the operations table

/** The framework's floor: no authentication, no middleware, nothing but core. */
const floorApp = defineApp({ version: '0.0.0', platformVersion, triggers: {} });

/** Requests one run sent with `token`: the server's own count, from RateLimit-Remaining. */
async function requestsSent(sandbox: Sandbox, token: string, run: () => Promise<unknown>) {
  const remaining = async () =>
    Number(
      (
        await bareFetch(`${sandbox.origin}/v1/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).headers.get('ratelimit-remaining'),
    );
  const before = await remaining();
  await run();
  return before - (await remaining()) - 1; // the second probe counts itself
}

/** Tracks the process's memory high-water mark over the runs of one operation. */
function memoryWatch() {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  return {
    sample: () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    },
    /** Heap growth over the start (what the operation's runs allocated and kept alive at once). */
    heapGrowth: () => peakHeap - start.heapUsed,
    peakRss: () => peakRss,
  };
}

async function benchOperations(sandbox: Sandbox): Promise<void> {
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await control(sandbox, 'POST', '/_sandbox/reset', { seed: 'demo' });
  await control(sandbox, 'POST', '/_sandbox/generate', { kind: 'location', count: 100 });
  const token = await freshToken(sandbox);
  const authData = { access_token: token, refresh_token: 'unused', scope: '' };
  const appTester = createAppTester(app);
  const floorTester = createAppTester(floorApp);
  let sequence = 0;
  const unique = () => `bench-${process.pid}-${++sequence}`;
  const headersFor = (method: HttpMethod, body?: object): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(method === 'POST' ? { 'idempotency-key': unique() } : {}),
  });
  const context: Context = {
    viaApp: (perform, bundle = {}) => appTester(perform, { authData, ...bundle } as Bundle),
    fetchApi: (method, path, body) =>
      bareFetch(`${sandbox.origin}${path}`, {
        method,
        headers: headersFor(method, body),
        body: body ? JSON.stringify(body) : undefined,
      }),
    unique,
  };
  const floor = ({ method, path, body }: Operation['floor']) =>
    floorTester(
      async (z: ZObject): Promise<unknown> => {
        const response = await z.request({
          method,
          url: `${sandbox.origin}${path}`,
          headers: headersFor(method, body),
          body,
        });
        return response.data;
      },
      // The same bundle as the app's: core scrubs its authData from every log line.
      { authData } as Partial<Bundle> as Bundle,
    );
  const readRaw = async (operation: Operation) => {
    const response = await operation.raw();
    if (!response.ok) throw new Error(`${operation.name}: raw fetch → ${response.status}`);
    return response.json();
  };

  const runs = 150;
  console.log(
    `\n## Operations (${runs} runs of each variant, interleaved; one sandbox, one run)\n\n` +
      '× raw: the app tester run over a bare `fetch` of the same endpoint. ' +
      '× floor: over one bare `z.request` to it in an app without middleware, through the same ' +
      'app tester. CPU: median CPU time of this process per run (the sandbox runs apart). ' +
      'Peak memory: heap growth over the start of the runs, and the process RSS.\n',
  );
  console.log(
    '| operation | requests | app p50 | app p95 | raw p50 | floor p50 | × raw | × floor | ' +
      'app CPU | floor CPU | CPU × floor | heap peak | RSS peak |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const operation of operations(context)) {
    const requests = await requestsSent(sandbox, token, operation.run);
    const floorRequests = await requestsSent(sandbox, token, () => floor(operation.floor));
    if (floorRequests !== 1) throw new Error(`${operation.name}: the floor sent ${floorRequests}`);
    const memory = memoryWatch();
    const [viaApp, viaRaw, viaFloor] = await timeInterleaved(
      runs,
      [operation.run, () => readRaw(operation), () => floor(operation.floor)],
      memory.sample,
    );
    console.log(
      `| ${operation.name} | ${requests} | ${ms(viaApp!.p50)} | ${ms(viaApp!.p95)} | ` +
        `${ms(viaRaw!.p50)} | ${ms(viaFloor!.p50)} | ${ratio(viaApp!.p50 / viaRaw!.p50)} | ` +
        `${ratio(viaApp!.p50 / viaFloor!.p50)} | ${ms(viaApp!.cpu)} | ${ms(viaFloor!.cpu)} | ` +
        `${ratio(viaApp!.cpu / viaFloor!.cpu)} | ${mib(memory.heapGrowth())} | ${mib(memory.peakRss())} |`,
    );
  }
  reportDefinitionCompile();
}

/**
 * Core compiles the whole app definition on every invocation (create-lambda-handler.js: createApp
 * and prepareApp, a deep copy and a deep freeze each), so its cost grows with the definition and
 * is part of every operation's distance to the floor.
 */
function reportDefinitionCompile(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- core's internals have no types
  const schema = require('zapier-platform-core/src/tools/schema') as {
    prepareApp: (definition: object) => unknown;
  };
  const cost = (definition: object) => {
    for (let i = 0; i < 50; i++) schema.prepareApp(definition);
    const start = performance.now();
    for (let i = 0; i < 500; i++) schema.prepareApp(definition);
    return (performance.now() - start) / 500;
  };
  const operationCount = [app.triggers, app.creates, app.searches]
    .map((operations) => Object.keys(operations ?? {}).length)
    .reduce((sum, count) => sum + count, 0);
  console.log(
    `\nCore compiles the app definition twice per invocation (prepareApp: deep copy + freeze): ` +
      `${(cost(app) * 1000).toFixed(0)} µs each for this app (${operationCount} operations, ` +
      `${(JSON.stringify(app).length / 1024).toFixed(1)} KiB of JSON), ` +
      `${(cost(floorApp) * 1000).toFixed(0)} µs for the floor app.`,
  );
}

// ---------------------------------------------------------------- list latency

async function benchListLatency(sandbox: Sandbox): Promise<void> {
  console.log('\n## List-query latency (GET /v1/locations?limit=100, 300 runs each)\n');
  console.log('| records | newest page p50 | p95 | second page p50 | updated_since p50 |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const count of [100, 100_000]) {
    await control(sandbox, 'POST', '/_sandbox/reset', { seed: 'empty' });
    const token = await freshToken(sandbox);
    await control(sandbox, 'POST', '/_sandbox/generate', { kind: 'location', count });
    const list = `${sandbox.origin}/v1/locations?limit=100`;
    const first = await getJson(list, token);
    const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const newest = await time(300, () => getJson(list, token));
    // With exactly 100 records there is no second page.
    const secondPage = first.next_cursor
      ? ms(
          (
            await time(300, () =>
              getJson(`${list}&cursor=${encodeURIComponent(String(first.next_cursor))}`, token),
            )
          ).p50,
        )
      : 'n/a';
    const filtered = await time(300, () => getJson(`${list}&updated_since=${since}`, token));
    console.log(
      `| ${count.toLocaleString('en')} | ${ms(newest.p50)} | ${ms(newest.p95)} | ${secondPage} | ${ms(filtered.p50)} |`,
    );
  }
}

// ---------------------------------------------------------------- webhook throughput

async function startReceiver(onDelivery: () => void): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      onDelivery();
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks` };
}

async function benchWebhookThroughput(sandbox: Sandbox): Promise<void> {
  const count = 2_000;
  await control(sandbox, 'POST', '/_sandbox/reset', { seed: 'empty' });
  const token = await freshToken(sandbox);
  let received = 0;
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const receiver = await startReceiver(() => {
    received += 1;
    if (received === count) allReceived();
  });
  const subscribed = await bareFetch(`${sandbox.origin}/v1/webhooks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-webhook-${process.pid}`,
    },
    body: JSON.stringify({ url: receiver.url, events: ['location.created'] }),
  });
  if (subscribed.status !== 201) throw new Error(`subscribe → ${subscribed.status}`);
  const start = performance.now();
  await control(sandbox, 'POST', '/_sandbox/generate', { kind: 'location', count });
  await done;
  const seconds = (performance.now() - start) / 1000;
  receiver.server.close();
  console.log('\n## Webhook delivery throughput\n');
  console.log(
    `${count} location.created events signed and delivered to a loopback receiver in ${seconds.toFixed(2)} s: ` +
      `${Math.round(count / seconds)} deliveries/s`,
  );
}

// ---------------------------------------------------------------- the build: zip and cold start

/** The newest modification time under `path` (a file or a folder), in ms. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Runs the zip build when build/build.zip is missing or older than what goes into it. */
function ensureZip(): void {
  const inputs = [
    'src',
    'index.js',
    'package.json',
    'package-lock.json',
    '.zapierapprc',
    'scripts/zapier-build.sh',
    'scripts/bundle-app.ts',
  ];
  const newestInput = Math.max(...inputs.map((input) => newestChange(join(ROOT, input))));
  if (existsSync(ZIP) && statSync(ZIP).mtimeMs >= newestInput) return;
  console.error('build/build.zip is missing or stale: running npm run zapier:build …');
  execFileSync('bash', [join(ROOT, 'scripts/zapier-build.sh')], { cwd: ROOT, stdio: 'ignore' });
}

/**
 * From process start until `code` has run, in a fresh Node process in `cwd`: the wall time and
 * the CPU time, both reported by the child itself (so teardown is not counted). On a shared
 * machine the CPU time is the steadier of the two.
 */
function startup(cwd: string, code: string): { wall: number; cpu: number } {
  const report =
    'const cpu = process.cpuUsage(); ' +
    'console.log(JSON.stringify({ wall: performance.now(), cpu: (cpu.user + cpu.system) / 1000 }))';
  const child = spawnSync(
    process.execPath,
    ['-e', `(async () => { ${code} })().then(() => { ${report} })`],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  if (child.status !== 0) throw new Error(`cold start of "${code}" failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { wall: number; cpu: number };
}

function benchBuild(): void {
  const unpacked = mkdtempSync(join(tmpdir(), 'snapshots-bench-zip-'));
  try {
    execFileSync('unzip', ['-q', ZIP, '-d', unpacked]);
    const runs = 15;
    const variants = [
      ['an empty Node process', ''],
      ['zapier-platform-core alone', "require('zapier-platform-core');"],
      ['the app alone: index.js (the bundle, which requires core)', "require('./index.js');"],
      [
        'the built app: zapierwrapper.js, its definition (loads index.js)',
        "await require('./zapierwrapper.js').handler({ command: 'definition' }, {});",
      ],
    ] as const;
    // Round-robin, so load on the machine affects each variant alike.
    const samples = variants.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (let i = 0; i < runs; i++) {
      variants.forEach(([, code], index) => {
        const { wall, cpu } = startup(unpacked, code);
        samples[index]!.wall.push(wall);
        samples[index]!.cpu.push(cpu);
      });
    }
    const medians = samples.map(({ wall, cpu }) => ({
      wall: stats(wall).p50,
      cpu: stats(cpu).p50,
    }));
    const core = medians[1]!;
    const built = medians[3]!;
    console.log(
      `\n## Cold start of build/build.zip, unpacked (fresh Node process each, median of ${runs})\n`,
    );
    console.log('| loaded | wall | CPU | wall over core | CPU over core |');
    console.log('|---|---:|---:|---:|---:|');
    variants.forEach(([what], index) => {
      const { wall, cpu } = medians[index]!;
      const over = index <= 1 ? ' | ' : `${ms(wall - core.wall)} | ${ms(cpu - core.cpu)}`;
      console.log(`| ${what} | ${ms(wall)} | ${ms(cpu)} | ${over} |`);
    });
    console.log(
      `\nThe built app is ready ${ms(built.cpu - core.cpu)} of CPU (${ms(built.wall - core.wall)} ` +
        'of wall time) after zapier-platform-core alone.',
    );
    const size = statSync(ZIP).size;
    console.log('\n## Build size\n');
    console.log(
      `build/build.zip: ${size.toLocaleString('en')} bytes (${(size / 1024).toFixed(0)} KiB), ` +
        `${execFileSync('unzip', ['-Z1', ZIP], { encoding: 'utf8' }).trim().split('\n').length} files`,
    );
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

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

async function main(): Promise<void> {
  ensureZip();
  console.log(header());
  const sandbox = await startSandboxProcess();
  try {
    await benchOperations(sandbox);
    await benchListLatency(sandbox);
    await benchWebhookThroughput(sandbox);
    await benchActionRequests(sandbox.origin);
    await benchTriggerLatency(sandbox, (method, path, body) =>
      control(sandbox, method, path, body),
    );
  } finally {
    sandbox.process.kill();
  }
  benchBuild();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run bench`: prints measured figures, never asserts them (timings belong here, not in tests).
 *
 * - list-query latency at 100 and at 100,000 records (the sandbox's indexes at work);
 * - webhook delivery throughput;
 * - the integration: requests per operation and its latency against raw HTTP to the same server;
 * - cold start of the compiled app, and the size of build/build.zip.
 *
 * NODE_ENV=test (set by the npm script) keeps core's per-invocation memory report out of the output.
 * The sandbox runs as a child process, so the client and the server do not share an event loop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { app } from '../src/app';
import { benchTriggerLatency } from './bench-triggers';
import { authentication } from '../src/auth/authentication';
import { createApiClient } from '../src/http/client';
import { locationList } from '../src/locations/location-list.trigger';
import { newSyncError } from '../src/sync-errors/new-sync-error.trigger';

const ROOT = join(__dirname, '..', '..');

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
  const response = await fetch(`${sandbox.origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
}

async function freshToken(sandbox: Sandbox): Promise<string> {
  await control(sandbox, 'PUT', '/_sandbox/rate-limit', { limit: 1_000_000, window_seconds: 10 });
  const grant = await control(sandbox, 'POST', '/_sandbox/tokens', {});
  return String(grant!.access_token);
}

interface Stats {
  p50: number;
  p95: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

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

async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

// ---------------------------------------------------------------- list latency
async function benchListLatency(sandbox: Sandbox): Promise<void> {
  console.log('\n## List-query latency (GET /v1/locations?limit=100, 300 runs each)');
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
  const subscribed = await fetch(`${sandbox.origin}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events: ['location.created'] }),
  });
  if (subscribed.status !== 201) throw new Error(`subscribe → ${subscribed.status}`);
  const start = performance.now();
  await control(sandbox, 'POST', '/_sandbox/generate', { kind: 'location', count });
  await done;
  const seconds = (performance.now() - start) / 1000;
  receiver.server.close();
  console.log('\n## Webhook delivery throughput');
  console.log(
    `${count} location.created events signed and delivered to a loopback receiver in ${seconds.toFixed(2)} s: ` +
      `${Math.round(count / seconds)} deliveries/s`,
  );
}

// ---------------------------------------------------------------- the integration
/** Requests one run of `operation` sent: the server's own count, read from RateLimit-Remaining. */
async function requestsSent(sandbox: Sandbox, operation: (token: string) => Promise<unknown>) {
  const token = await freshToken(sandbox);
  await operation(token);
  const probe = await fetch(`${sandbox.origin}/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const limit = Number(probe.headers.get('ratelimit-limit'));
  const remaining = Number(probe.headers.get('ratelimit-remaining'));
  return limit - remaining - 1; // the probe itself counts once
}

async function benchIntegration(sandbox: Sandbox): Promise<void> {
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await control(sandbox, 'POST', '/_sandbox/reset', { seed: 'demo' });
  await control(sandbox, 'POST', '/_sandbox/generate', { kind: 'location', count: 100 });
  const appTester = createAppTester(app);
  const asApp = (perform: (z: ZObject, bundle: Bundle) => Promise<unknown>) => (token: string) =>
    appTester(perform, {
      authData: { access_token: token, refresh_token: 'unused', scope: '' },
      meta: { page: 0, limit: -1 },
    });
  const raw =
    (path: string, init: RequestInit = {}) =>
    async (token: string) => {
      const response = await fetch(`${sandbox.origin}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      await response.json();
    };
  let n = 0;
  const operations = [
    {
      name: 'connection test (GET /v1/me)',
      viaApp: asApp((z) => authentication.test(z)),
      viaRaw: raw('/v1/me'),
    },
    {
      name: 'list 100 locations',
      viaApp: asApp((z) => createApiClient(z).locations.list({ limit: 100 })),
      viaRaw: raw('/v1/locations?limit=100'),
    },
    {
      name: 'location dropdown, first page',
      viaApp: asApp((z, bundle) => locationList.operation.perform(z, bundle)),
      viaRaw: raw('/v1/locations?limit=100&sort=-last_updated'),
    },
    {
      name: 'New Sync Error sample (performList)',
      viaApp: asApp((z, bundle) => newSyncError.operation.performList(z, bundle)),
      viaRaw: raw('/v1/sync-errors?limit=10'),
    },
    {
      name: 'create a location',
      viaApp: asApp((z) =>
        createApiClient(z).locations.create(
          { name: `Bench ${++n}` },
          { idempotencyKey: `bench-${n}` },
        ),
      ),
      viaRaw: raw('/v1/locations', { method: 'POST', body: JSON.stringify({ name: 'Bench raw' }) }),
    },
  ];
  console.log('\n## The integration against raw HTTP to the same sandbox (200 runs each)');
  console.log('| operation | requests | via the app p50 | raw fetch p50 | overhead p50 |');
  console.log('|---|---:|---:|---:|---:|');
  for (const operation of operations) {
    const requests = await requestsSent(sandbox, operation.viaApp);
    const token = await freshToken(sandbox);
    const viaApp = await time(200, () => operation.viaApp(token));
    const viaRaw = await time(200, () => operation.viaRaw(token));
    console.log(
      `| ${operation.name} | ${requests} | ${ms(viaApp.p50)} | ${ms(viaRaw.p50)} | ${ms(viaApp.p50 - viaRaw.p50)} |`,
    );
  }
}

// ---------------------------------------------------------------- cold start and build size
function benchColdStart(): void {
  const runs = 10;
  const medianOf = (code: string) =>
    stats(
      Array.from({ length: runs }, () => {
        const start = performance.now();
        const result = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, stdio: 'ignore' });
        if (result.status !== 0) throw new Error(`node -e ${code} failed`);
        return performance.now() - start;
      }),
    ).p50;
  const baseline = medianOf('0');
  console.log(
    '\n## Cold start (a fresh Node process each time, median of 10, minus an empty process)',
  );
  console.log(`empty Node process: ${ms(baseline)}`);
  for (const [what, code] of [
    ['zapier-platform-core alone', "require('zapier-platform-core')"],
    ['zod alone', "require('zod')"],
    ['the whole app (index.js)', "require('./index.js')"],
  ] as const) {
    console.log(`${what}: +${ms(medianOf(code) - baseline)}`);
  }
}

function reportBuildSize(): void {
  const zip = join(ROOT, 'build/build.zip');
  console.log('\n## Build size');
  if (!existsSync(zip)) {
    console.log('build/build.zip not found: run `npm run zapier:build` first.');
    return;
  }
  console.log(`build/build.zip: ${(statSync(zip).size / 1024).toFixed(0)} KiB`);
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  try {
    console.log(
      `# Snapshots for Zapier benchmark (${new Date().toISOString()}, Node ${process.version})`,
    );
    await benchListLatency(sandbox);
    await benchWebhookThroughput(sandbox);
    await benchIntegration(sandbox);
    await benchTriggerLatency(sandbox, (method, path, body) =>
      control(sandbox, method, path, body),
    );
  } finally {
    sandbox.process.kill();
  }
  benchColdStart();
  reportBuildSize();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

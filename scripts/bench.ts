/**
 * `npm run bench`: prints measured figures, never asserts them (timings belong here, not in tests).
 *
 * - one table of all the integration's operations (connection test, dropdowns, each hook trigger's
 *   performList and a delivery's perform, every action and search, find-or-create): requests sent
 *   against each budget, latency through core's app tester, and ratios against three baselines,
 *   all the same requests on the same sandbox in the same run: a raw `fetch` (the network and the
 *   server's share), the framework's floor, bare `z.request`s in an otherwise empty app through
 *   the same app tester (core's share), and that floor inside this app's definition without its
 *   middleware (core's share for a definition this size: the app over it is the app's own
 *   code); CPU and peak memory;
 * - the custom-field input loads, cold and cached (./bench-actions), and the instant-trigger
 *   latency from a change to the hook's output (./bench-triggers);
 * - cold start of the BUILT app (build/build.zip unpacked, loaded through zapierwrapper.js as
 *   Zapier loads it) over zapier-platform-core alone, and the size of build.zip;
 * - list-query latency at 100 and at 100,000 records, and webhook delivery throughput.
 *
 * To benchmark a new operation, append one entry to `operations()` below.
 *
 * The variants of an operation run interleaved (app, raw, def. floor, floor, app, …), so a noisy
 * neighbour on a shared machine slows them all alike and the ratios stay meaningful.
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
import { benchTriggerLatency } from '../dev/bench/triggers';
import { authentication } from '../src/auth/authentication';
import { createApiClient } from '../src/http/client';
import { benchCustomFieldInputs } from '../dev/bench/actions';
import { locationList } from '../src/locations/location-list.trigger';
import { LIST_SIZE as HOOK_LIST_SIZE } from '../src/builders/hook-trigger';
import { Webhook } from 'standardwebhooks';
import { createActivity } from '../src/activities/activity-create.action';
import { findActivity } from '../src/activities/activity-find.search';
import { linkActivityToClio } from '../src/activities/activity-link.action';
import { updateActivity } from '../src/activities/activity-update.action';
import { upsertActivityFromClio } from '../src/activities/activity-upsert.action';
import { createLocation } from '../src/locations/location-create.action';
import { findLocation } from '../src/locations/location-find.search';
import { linkLocationToClio } from '../src/locations/location-link.action';
import { updateLocation } from '../src/locations/location-update.action';
import { upsertLocationFromClio } from '../src/locations/location-upsert.action';
import { createMatter } from '../src/matters/matter-create.action';
import { findMatter } from '../src/matters/matter-find.search';
import { linkMatterToClio } from '../src/matters/matter-link.action';
import { updateMatter } from '../src/matters/matter-update.action';
import { upsertMatterFromClio } from '../src/matters/matter-upsert.action';
import { deliveryHeaders, startHookEmulator } from '../dev/hook-emulator';
import { type SandboxControls, sandboxControls } from '../sandbox/controls/client';

const ROOT = join(__dirname, '..', '..');
const ZIP = join(ROOT, 'build/build.zip');
/** Core wraps the global fetch with its logger on every app tester run: keep the bare one. */
const bareFetch = globalThis.fetch;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** One app-tester invocation: what Zapier runs for one step (or one hook delivery). */
interface Invocation {
  perform: Perform;
  bundle?: Partial<Bundle>;
  /** Run with an empty z.cache (a delivery the hook memory must not take for a replay). */
  freshCache?: boolean;
}

/**
 * One row of the operations table: the invocations of one run, built afresh for each run (a
 * create gets a new name, so its idempotency key is new and Snapshots really creates). The raw
 * `fetch` and the floor replay the very requests the app sent in its first run, captured in its
 * middleware: the same method, URL and body.
 */
interface Operation {
  name: string;
  run: () => Invocation[];
  /** The most requests the operation may send (the actions' and searches' budgets). */
  budget?: number;
}

/** What an operation entry is written with. */
interface Context {
  /** A value no other call of this run used (names, idempotency keys). */
  unique: () => string;
  /** Records made before the table runs, with their Clio ids. */
  ids: { location: string; matter: string; activity: string };
  /** A signed delivery of a location change, for a hook's perform (0 requests). */
  delivery: () => Partial<Bundle>;
}

type Input = Record<string, unknown>;
/** A row of one invocation; `input` a function when each run needs its own (a new name). */
const op = (
  name: string,
  budget: number | undefined,
  perform: unknown,
  input: Input | (() => Input) = {},
) => ({
  name,
  budget,
  run: () => [
    {
      perform: perform as Perform,
      bundle: { inputData: typeof input === 'function' ? input() : input },
    },
  ],
});
const performOf = (operation: { operation: { perform: unknown } }) => operation.operation.perform;
const HOOK_TRIGGERS = Object.entries(app.triggers).flatMap(([key, { operation }]) =>
  operation.type === 'hook' ? [{ key, performList: operation.performList }] : [],
);

/** The integration's operations. Append one entry per operation to benchmark it. */
function operations({ unique, ids, delivery }: Context): Operation[] {
  const pollBundle = { meta: { page: 0, limit: -1 } } as Partial<Bundle>;
  /** Zapier's search-or-create: the search, then (never found) the create, both requests. */
  const findOrCreate = (noun: string, search: unknown, field: string, create: unknown) => ({
    name: `find-or-create ${noun} (none found: created)`,
    budget: 2,
    run: () => {
      const value = `Bench ${unique()}`;
      return [
        { perform: search as Perform, bundle: { inputData: { [`search_${field}`]: value } } },
        { perform: create as Perform, bundle: { inputData: { [field]: value } } },
      ];
    },
  });
  return [
    op('connection test (GET /v1/me)', 1, authentication.test),
    op('API client: list 100 locations', 1, (z: ZObject) =>
      createApiClient(z).locations.list({ limit: 100 }),
    ),
    {
      name: 'location dropdown, first page',
      run: () => [{ perform: locationList.operation.perform, bundle: pollBundle }],
    },
    ...HOOK_TRIGGERS.map(({ key, performList }) => ({
      name: `${key}: performList`,
      budget: 1,
      run: () => [
        {
          perform: performList,
          bundle: { meta: { limit: HOOK_LIST_SIZE } } as Partial<Bundle>,
        },
      ],
    })),
    {
      name: 'new_or_updated_location: perform of a signed delivery',
      budget: 0,
      run: () => [
        {
          perform: app.triggers.new_or_updated_location.operation.perform,
          bundle: delivery(),
          freshCache: true,
        },
      ],
    },
    // Actions and searches: 1 request each, find-or-create at most 2.
    {
      name: 'create_location',
      budget: 1,
      run: () => [
        {
          perform: performOf(createLocation) as Perform,
          bundle: { inputData: { name: unique() } },
        },
      ],
    },
    op('update_location', 1, performOf(updateLocation), {
      location_id: ids.location,
      city: 'Salem',
      fields_to_clear: ['email'],
    }),
    op('upsert_location_from_clio', 1, performOf(upsertLocationFromClio), {
      clio_contact_id: '91001',
      name: 'Bench site (Clio)',
    }),
    op('link_location_to_clio_contact', 1, performOf(linkLocationToClio), {
      location_id: ids.location,
      clio_contact_id: 91001,
    }),
    op('find_location by Clio contact id', 1, performOf(findLocation), {
      search_clio_contact_id: 91001,
    }),
    op('find_location by name', 1, performOf(findLocation), { search_name: 'bench site' }),
    findOrCreate('location', performOf(findLocation), 'name', performOf(createLocation)),
    op('create_matter (client by Clio contact id)', 1, performOf(createMatter), () => ({
      title: unique(),
      status: 'Open',
      location_clio_contact_id: 91001,
    })),
    op('update_matter', 1, performOf(updateMatter), { matter_id: ids.matter, status: 'PENDING' }),
    op('upsert_matter_from_clio', 1, performOf(upsertMatterFromClio), {
      clio_matter_id: 92002,
      title: 'Bench matter',
      location_clio_contact_id: 91001,
    }),
    op('link_matter_to_clio_matter', 1, performOf(linkMatterToClio), {
      matter_id: ids.matter,
      clio_matter_id: 92002,
    }),
    op('find_matter by Clio matter id', 1, performOf(findMatter), { search_clio_matter_id: 92002 }),
    findOrCreate('matter', performOf(findMatter), 'title', performOf(createMatter)),
    op('create_activity (matter by Clio matter id)', 1, performOf(createActivity), () => ({
      type: 'task',
      date: '2027-03-01',
      notes: unique(),
      matter_clio_matter_id: 92002,
    })),
    op('update_activity', 1, performOf(updateActivity), {
      activity_id: ids.activity,
      duration_seconds: 1800,
    }),
    op('upsert_activity_from_clio', 1, performOf(upsertActivityFromClio), {
      clio_id: 93003,
      clio_kind: 'clio_time_entry',
      type: 'task',
      date: '2027-03-01',
    }),
    op('link_activity_to_clio_record', 1, performOf(linkActivityToClio), {
      activity_id: ids.activity,
      clio_id: 93003,
      clio_kind: 'clio_time_entry',
    }),
    op('find_activity by Clio id and kind', 1, performOf(findActivity), {
      search_clio_id: 93003,
      search_clio_kind: 'clio_time_entry',
    }),
  ];
}

// ---------------------------------------------------------------- the sandbox

interface Sandbox {
  origin: string;
  clientId: string;
  clientSecret: string;
  process: ChildProcess;
  controls: SandboxControls;
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
    controls: sandboxControls(announced.origin!, { fetch: bareFetch }),
  };
}

async function freshToken(sandbox: Sandbox): Promise<string> {
  await sandbox.controls.setRateLimit({ limit: 10_000_000, window_seconds: 3600 });
  return (await sandbox.controls.mintToken()).access_token;
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

/**
 * The floor's operation: the requests of `floorRequests` as bare `z.request`s. It is registered
 * (an ad-hoc function makes the app tester search the whole definition for it on every run).
 */
let floorRequests: { request: Sent; headers: Record<string, string>; merge: boolean }[] = [];
const floorProbe = {
  key: 'floor_probe',
  noun: 'Probe',
  display: { label: 'Floor Probe', description: 'Creates nothing: sends the captured requests.' },
  operation: {
    perform: async (z: ZObject): Promise<object> => {
      let data: unknown = {};
      for (const { request, headers, merge } of floorRequests) {
        const options: Sent & { headers: Record<string, string>; merge?: false } = {
          ...request,
          headers,
          ...(merge ? {} : { merge: false as const }),
        };
        data = (await z.request(options)).data;
      }
      return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : { data };
    },
  },
};

/** The framework's floor: no authentication, no middleware, nothing but core. */
const floorApp = defineApp({
  version: '0.0.0',
  platformVersion,
  creates: { [floorProbe.key]: floorProbe },
});

/**
 * The same floor inside this app's definition (its authentication, triggers, actions and searches,
 * but none of its middleware), sending as the app does (core's request merge off, see
 * src/http/send.ts): what core costs for a definition of this size. The app over this floor is
 * what the integration's own code adds.
 */
const definitionFloorApp = {
  ...app,
  beforeRequest: [],
  afterResponse: [],
  creates: { ...app.creates, [floorProbe.key]: floorProbe },
} as typeof app;

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

/** A request the app sent, as its middleware saw it: what the raw fetch and the floor replay. */
interface Sent {
  method: HttpMethod;
  url: string;
  body?: string;
}

/** The app with one more beforeRequest step that records each request (the first run only). */
function recordingApp(sent: Sent[]) {
  const record = (request: {
    method?: string;
    url: string;
    params?: Record<string, unknown>;
    body?: unknown;
  }) => {
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.params ?? {}))
      url.searchParams.set(key, String(value));
    const body = request.body;
    sent.push({
      method: (request.method ?? 'GET') as HttpMethod,
      url: url.toString(),
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    });
    return request;
  };
  return { ...app, beforeRequest: [...(app.beforeRequest as unknown[]), record] } as typeof app;
}

/** Subscribes a hook emulator, makes one change and keeps its delivery to re-sign per run. */
async function signedDelivery(sandbox: Sandbox, authData: Record<string, string>) {
  const hook = await startHookEmulator({ trigger: app.triggers.new_or_updated_location, authData });
  const subscribeData = await hook.subscribe();
  await bareFetch(`${sandbox.origin}/v1/locations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${authData.access_token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'Delivered location' }),
  });
  while (hook.deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await hook.settled();
  await hook.close();
  const content = hook.deliveries[0]!.rawRequest.content;
  const signer = new Webhook(subscribeData.secret);
  let sequence = 0;
  return (): Partial<Bundle> => {
    const id = `msg_bench_${++sequence}`;
    const at = new Date();
    return {
      subscribeData,
      rawRequest: {
        method: 'POST',
        querystring: '',
        headers: deliveryHeaders(id, at, signer.sign(id, at, content)),
        content,
      },
      cleanedRequest: JSON.parse(content) as object,
    };
  };
}

/** Records with Clio ids for the updates, links and finds to work on. */
async function seedRecords(sandbox: Sandbox, token: string) {
  const post = async (path: string, body: object) => {
    const response = await bareFetch(`${sandbox.origin}/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-seed-${process.pid}${path}`,
      },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const location = await post('/locations', {
    name: 'Bench site',
    external_refs: { clio: '91001' },
  });
  const matter = await post('/matters', {
    title: 'Bench matter',
    location_id: location.location_id,
    external_refs: { clio: '92002' },
  });
  const activity = await post('/activities', {
    type: 'task',
    date: '2027-03-01T09:00:00Z',
    matter_id: matter.matter_id,
    external_refs: { clio_time_entry: '93003' },
  });
  return {
    location: location.location_id!,
    matter: matter.matter_id!,
    activity: activity.activity_id!,
  };
}

async function benchOperations(sandbox: Sandbox): Promise<void> {
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await sandbox.controls.reset('demo');
  await sandbox.controls.generate({ kind: 'location', count: 100 });
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  const token = await freshToken(sandbox);
  const authData = { access_token: token, refresh_token: 'unused', scope: '' };
  const appTester = createAppTester(app);
  const floorTester = createAppTester(floorApp);
  const definitionFloorTester = createAppTester(definitionFloorApp);
  let sequence = 0;
  const unique = () => `bench-${process.pid}-${++sequence}`;
  const context: Context = {
    unique,
    ids: await seedRecords(sandbox, token),
    delivery: await signedDelivery(sandbox, authData),
  };
  const headersFor = ({ method, body }: Sent): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(method === 'POST' ? { 'idempotency-key': unique() } : {}),
  });
  const invoke = (tester: typeof appTester, operation: Operation) => async () => {
    for (const { perform, bundle, freshCache } of operation.run()) {
      await tester(perform, { authData, ...bundle } as Bundle, freshCache);
    }
  };
  const raw = (sent: Sent[]) => async () => {
    for (const request of sent) {
      const response = await bareFetch(request.url, {
        method: request.method,
        headers: headersFor(request),
        body: request.body,
      });
      if (!response.ok)
        throw new Error(`raw ${request.method} ${request.url} → ${response.status}`);
      await response.json();
    }
  };
  // The framework's floor: the same requests as bare `z.request`s in an app without middleware
  // (none at all for an operation that sends none), through the same app tester; the same
  // bundle as the app's, since core scrubs its authData from every log line.
  const floor = (tester: typeof appTester, sent: Sent[]) => () => {
    const merge = tester === floorTester; // the bare floor: z.request's defaults
    floorRequests = sent.map((request) => ({ request, headers: headersFor(request), merge }));
    return tester(floorProbe.operation.perform, { authData } as Partial<Bundle> as Bundle);
  };
  const runs = 100;
  console.log(
    `\n## Operations (${runs} runs of each variant, interleaved; one sandbox, one run)\n\n` +
      'requests: counted by the sandbox (RateLimit-Remaining), against the budget. ' +
      '× raw: the app tester run over a bare `fetch` of the same requests (captured from the ' +
      "app's first run: method, URL, body). × floor: over the same requests as bare `z.request`s " +
      'in an app without middleware, through the same app tester (for a perform that sends ' +
      "none: an empty operation). def. floor: the same floor inside this app's definition " +
      "(no middleware; core's request merge off, as the app sends): core's cost for a " +
      "definition this size; × def. floor is what the app's own code adds. " +
      'CPU: median CPU time of this process per run (the sandbox ' +
      'runs apart). Peak memory: heap growth over the start of the runs, and the process RSS.\n',
  );
  console.log(
    '| operation | requests | app p50 | app p95 | raw p50 | floor p50 | × raw | × floor | ' +
      'app CPU | floor CPU | CPU × floor | def. floor p50 | × def. floor | def. floor CPU | ' +
      'CPU × def. floor | heap peak | RSS peak |',
  );
  console.log(
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const overBudget: string[] = [];
  for (const operation of operations(context)) {
    const sent: Sent[] = [];
    const recorder = createAppTester(recordingApp(sent));
    const requests = await requestsSent(sandbox, token, invoke(recorder, operation));
    if (requests !== sent.length)
      throw new Error(`${operation.name}: ${requests} ≠ ${sent.length}`);
    for (const tester of [floorTester, definitionFloorTester]) {
      const floorSent = await requestsSent(sandbox, token, floor(tester, sent));
      if (floorSent !== requests) throw new Error(`${operation.name}: the floor sent ${floorSent}`);
    }
    const within = operation.budget === undefined || requests <= operation.budget;
    if (!within) overBudget.push(operation.name);
    const variants = [
      invoke(appTester, operation),
      floor(definitionFloorTester, sent),
      floor(floorTester, sent),
    ];
    if (sent.length > 0) variants.splice(1, 0, raw(sent));
    const memory = memoryWatch();
    const timed = await timeInterleaved(runs, variants, memory.sample);
    const viaApp = timed[0]!;
    const viaFloor = timed.at(-1)!;
    const viaDefinitionFloor = timed.at(-2)!;
    const viaRaw = sent.length > 0 ? timed[1] : undefined;
    const budget =
      operation.budget === undefined ? '' : ` (≤ ${operation.budget}${within ? '' : ' **NO**'})`;
    console.log(
      `| ${operation.name} | ${requests}${budget} | ${ms(viaApp.p50)} | ${ms(viaApp.p95)} | ` +
        `${viaRaw ? ms(viaRaw.p50) : 'n/a'} | ${ms(viaFloor.p50)} | ` +
        `${viaRaw ? ratio(viaApp.p50 / viaRaw.p50) : 'n/a'} | ` +
        `${ratio(viaApp.p50 / viaFloor.p50)} | ${ms(viaApp.cpu)} | ${ms(viaFloor.cpu)} | ` +
        `${ratio(viaApp.cpu / viaFloor.cpu)} | ${ms(viaDefinitionFloor.p50)} | ` +
        `${ratio(viaApp.p50 / viaDefinitionFloor.p50)} | ${ms(viaDefinitionFloor.cpu)} | ` +
        `${ratio(viaApp.cpu / viaDefinitionFloor.cpu)} | ` +
        `${mib(memory.heapGrowth())} | ${mib(memory.peakRss())} |`,
    );
  }
  console.log(
    overBudget.length === 0
      ? '\nEvery operation with a budget sent at most its budget of requests.'
      : `\nOver budget: ${overBudget.join(', ')}.`,
  );
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
    await sandbox.controls.reset('empty');
    const token = await freshToken(sandbox);
    await sandbox.controls.generate({ kind: 'location', count });
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
  await sandbox.controls.reset('empty');
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
  await sandbox.controls.generate({ kind: 'location', count });
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
    await benchCustomFieldInputs(sandbox.origin);
    await benchTriggerLatency(sandbox, sandbox.controls);
  } finally {
    sandbox.process.kill();
  }
  benchBuild();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

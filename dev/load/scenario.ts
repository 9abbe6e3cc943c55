/**
 * The load scenario of the instant triggers, shared by the suite's load test
 * (test/integration/load.test.ts) and the benchmark (dev/bench/load.ts), so both check and print
 * the same figures (./figures.ts):
 *
 * - several Zaps over different triggers and "Only When These Fields Change" filters, each a hook
 *   emulator (../hook-emulator.ts) running its deliveries through `perform`;
 * - a burst of changes from several concurrent writers over the API: the records are created,
 *   then updated round robin, one field a change, each writer taking the next change;
 * - receiver faults: every few deliveries a 500 after `perform` ran, an outage window answering
 *   500, and answers slower than the sandbox's attempt timeout;
 * - `perform` through the `tester` given: the suite passes core's app handler over a loopback
 *   stand-in for Zapier's RPC, so `z.cache` makes a real round trip.
 *
 * It waits until every record's last version reached every Zap that should fire it, then for
 * the deliveries to go quiet (bounded by `settleLimitMs`: a lost change shows in the figures,
 * it does not hang the run).
 */
import { performance } from 'node:perf_hooks';
import { createAppTester } from 'zapier-platform-core';
import type { SandboxControls } from '../../sandbox/controls/client';
import { OBJECT } from '../../src/api/objects';
import { app } from '../../src/app';
import { CHANGED_FIELDS_INPUT } from '../../src/builders/hook-trigger';
import {
  startHookEmulator,
  type EmulatedDelivery,
  type HookEmulator,
  type HookEmulatorOptions,
  type Reaction,
} from '../hook-emulator';
import {
  type Change,
  type FiredRun,
  type History,
  matches,
  type SeenDelivery,
  type Version,
  type ZapFigures,
  zapFigures,
  type ZapSpec,
} from './figures';

type AppTester = ReturnType<typeof createAppTester>;
type Kind = ZapSpec['object'];

export interface LoadSize {
  writers: number;
  /** Records of each kind, created at the start of the burst. */
  records: number;
  /** Changes in all, creations included. */
  changes: number;
}

export interface LoadFaults {
  /** Every this many deliveries to a Zap, `perform` runs and the answer is a 500. */
  runThenFailEvery: number;
  /** From this long after the burst starts, the receivers answer 500 for `outageMs`. */
  outageAfterMs: number;
  outageMs: number;
  /** The arrival numbers of the deliveries each Zap answers after the sandbox's timeout. */
  slowDeliveries: readonly number[];
}

export interface LoadOptions {
  origin: string;
  controls: SandboxControls;
  authData: HookEmulatorOptions['authData'];
  zaps: readonly ZapSpec[];
  size: LoadSize;
  faults: LoadFaults;
  /** The sandbox's retry delays: together longer than the outage. */
  retryDelaysMs: readonly number[];
  settleLimitMs: number;
  /** How `perform` runs: the app tester by default (its z.cache is an in-memory mock). */
  tester?: AppTester;
  /** The fetch the writers use (the bare one, before core wraps the global fetch). */
  fetch?: typeof fetch;
}

export interface LoadReport {
  changes: number;
  writers: number;
  records: number;
  /** From the first write to the last answer. */
  writeSeconds: number;
  /** From the first write until every Zap has its records' last versions and all is quiet. */
  settleSeconds: number;
  settled: boolean;
  zaps: ZapFigures[];
}

/** Zaps over every record trigger of locations and matters, filtered and not. */
export const LOAD_ZAPS: readonly ZapSpec[] = [
  { name: 'New Location', object: 'location', updates: false },
  { name: 'New or Updated Location', object: 'location', updates: true },
  { name: 'Location, phone changed', object: 'location', updates: true, onlyWhen: ['phone'] },
  { name: 'New Matter', object: 'matter', updates: false },
  { name: 'Matter, status changed', object: 'matter', updates: true, onlyWhen: ['status'] },
  {
    name: 'Matter, title or description changed',
    object: 'matter',
    updates: true,
    onlyWhen: ['title', 'description'],
  },
];

/** The sandbox's retries, 50 ms to 3.2 s apart: 6.35 s in all, longer than the outages. */
export const LOAD_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200];

/**
 * A tester that runs each trigger method through `run`, by its path in the app
 * (`triggers.new_location.operation.perform`): core's app handler over Zapier's RPC, say.
 */
export function testerRunning(
  run: (method: string, bundle: Record<string, unknown>) => Promise<unknown>,
): AppTester {
  const paths = new Map<unknown, string>();
  for (const [key, trigger] of Object.entries(app.triggers)) {
    for (const [name, method] of Object.entries(trigger.operation as object)) {
      if (typeof method === 'function') paths.set(method, `triggers.${key}.operation.${name}`);
    }
  }
  const tester = (method: unknown, bundle: Record<string, unknown>) => {
    const path = paths.get(method);
    if (!path) throw new Error('testerRunning runs trigger methods only');
    return run(path, bundle);
  };
  return tester;
}

/** The fields each kind's updates change, one a change, in turn. */
const UPDATED_FIELDS: Record<Kind, readonly string[]> = {
  location: ['name', 'phone', 'email'],
  matter: ['title', 'status', 'description'],
};
const MATTER_STATUSES = ['open', 'pending', 'closed'];
/** Deliveries are quiet when no Zap got one for this long. */
const QUIET_MS = 1_000;

function valueOf(field: string, n: number): unknown {
  switch (field) {
    case 'phone':
      return `+1604555${String(n % 10_000).padStart(4, '0')}`;
    case 'email':
      return `load${n}@example.com`;
    case 'status':
      return MATTER_STATUSES[n % MATTER_STATUSES.length];
    default:
      return `Load ${field} ${n}`;
  }
}

const triggerKey = (zap: ZapSpec) => `${zap.updates ? 'new_or_updated' : 'new'}_${zap.object}`;

/** A change the writers make: a creation, or one field of a record. */
interface Write {
  kind: Kind;
  /** The record's index among its kind's records. */
  index: number;
  field?: string;
}

function plannedWrites(size: LoadSize): { creations: Write[]; updates: Write[] } {
  const kinds: Kind[] = ['location', 'matter'];
  const creations = kinds.flatMap((kind) =>
    Array.from({ length: size.records }, (_, index) => ({ kind, index })),
  );
  const updates: Write[] = [];
  for (let n = 0; updates.length < size.changes - creations.length; n++) {
    const kind = kinds[n % kinds.length]!;
    const index = Math.floor(n / kinds.length) % size.records;
    const round = Math.floor(n / (kinds.length * size.records));
    const fields = UPDATED_FIELDS[kind];
    updates.push({ kind, index, field: fields[round % fields.length]! });
  }
  return { creations, updates };
}

/** The writers: each takes the next write until none is left (the creations first). */
async function write(options: LoadOptions): Promise<void> {
  const send = options.fetch ?? globalThis.fetch;
  const ids: Record<Kind, string[]> = { location: [], matter: [] };
  let n = 0;
  const call = async ({ kind, index, field }: Write): Promise<void> => {
    n += 1;
    const object = OBJECT[kind];
    const body = field ? { [field]: valueOf(field, n) } : object.example(index + 1);
    const response = await send(
      `${options.origin}/v1/${object.path}${field ? `/${ids[kind][index]}` : ''}`,
      {
        method: field ? 'PATCH' : 'POST',
        headers: {
          authorization: `Bearer ${options.authData.access_token ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      },
    );
    const record = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${kind} write → ${response.status}: ${JSON.stringify(record)}`);
    if (!field) ids[kind][index] = String(record[object.idField]);
  };
  const writers = async (writes: Write[]) => {
    const queue = [...writes];
    await Promise.all(
      Array.from({ length: options.size.writers }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await call(next);
      }),
    );
  };
  const { creations, updates } = plannedWrites(options.size);
  await writers(creations);
  await writers(updates);
}

/**
 * Every version the writers made, from the sandbox's change log: one event per change, with what
 * that change alone changed (a write that changed nothing made none).
 */
async function readHistory(options: LoadOptions): Promise<Record<Kind, History>> {
  const send = options.fetch ?? globalThis.fetch;
  const histories: Record<Kind, Map<string, Map<number, Version>>> = {
    location: new Map(),
    matter: new Map(),
  };
  const kinds = Object.keys(histories) as Kind[];
  const types = kinds.flatMap((kind) => [`${kind}.created`, `${kind}.updated`]).join(',');
  for (let after = 0; ;) {
    const url = `${options.origin}/v1/events?order=asc&limit=100&types=${types}&after_sequence=${after}`;
    const response = await send(url, {
      headers: { authorization: `Bearer ${options.authData.access_token ?? ''}` },
    });
    if (!response.ok) throw new Error(`GET /v1/events → ${response.status}`);
    const page = (await response.json()) as { data: LoggedEvent[] };
    if (page.data.length === 0) return histories;
    for (const event of page.data) {
      const kind = event.type.split('.')[0] as Kind;
      const recordId = String(event.data[OBJECT[kind].idField]);
      const version = Number(event.data.version);
      const versions = histories[kind].get(recordId) ?? new Map<number, Version>();
      histories[kind].set(recordId, versions);
      const change: Change = event.type.endsWith('.created')
        ? 'created'
        : (event.changed_fields ?? []);
      versions.set(version, { version, change, state: event.data });
      after = event.sequence;
    }
  }
}

interface LoggedEvent {
  sequence: number;
  type: string;
  changed_fields?: string[];
  data: Record<string, unknown>;
}

/**
 * A tester that records each `perform` run of `operation`: when it started and ended, the
 * delivery's id, and what it fired.
 */
function recordingTester(tester: AppTester, perform: unknown, runs: FiredRun[]): AppTester {
  const recording = async (method: unknown, bundle: Record<string, unknown>) => {
    const startedMs = performance.now();
    const result: unknown = await tester(method as never, bundle as never);
    if (method === perform && Array.isArray(result)) {
      const headers = (bundle.rawRequest as { headers: Record<string, string> }).headers;
      const eventId = headers['Http-Webhook-Id'] ?? '';
      const finishedMs = performance.now();
      for (const output of result as Record<string, unknown>[]) {
        runs.push({ startedMs, finishedMs, eventId, output });
      }
    }
    return result;
  };
  return recording;
}

/** The event a delivery carries: its id, record and version. */
function seen(delivery: EmulatedDelivery, idField: string): SeenDelivery {
  let event: { event_id?: string; data?: Record<string, unknown> } = {};
  try {
    event = JSON.parse(delivery.rawRequest.content) as typeof event;
  } catch {
    // Not JSON: it counts as a delivery, of no record.
  }
  const recordId = event.data?.[idField];
  const version = event.data?.version;
  return {
    n: delivery.n,
    eventId: event.event_id ?? '',
    recordId: typeof recordId === 'string' ? recordId : undefined,
    version: typeof version === 'number' ? version : undefined,
    reaction: delivery.reaction,
  };
}

interface Zap {
  spec: ZapSpec;
  hook: HookEmulator;
  runs: FiredRun[];
}

async function startZaps(options: LoadOptions, burstStart: () => number): Promise<Zap[]> {
  const tester = options.tester ?? createAppTester(app);
  const { faults } = options;
  const respond = (_delivery: EmulatedDelivery, n: number): Reaction => {
    const sinceBurst = performance.now() - burstStart();
    if (faults.slowDeliveries.includes(n)) return 'slow';
    if (sinceBurst >= faults.outageAfterMs && sinceBurst < faults.outageAfterMs + faults.outageMs) {
      return 'fail';
    }
    return n % faults.runThenFailEvery === 0 ? 'run-then-fail' : 'accept';
  };
  const zaps: Zap[] = [];
  for (const spec of options.zaps) {
    const trigger = app.triggers[triggerKey(spec) as keyof typeof app.triggers];
    const runs: FiredRun[] = [];
    const perform = (trigger.operation as { perform: unknown }).perform;
    const hook = await startHookEmulator({
      trigger,
      authData: options.authData,
      inputData: spec.onlyWhen ? { [CHANGED_FIELDS_INPUT]: [...spec.onlyWhen] } : {},
      tester: recordingTester(tester, perform, runs),
      respond,
    });
    await hook.subscribe();
    zaps.push({ spec, hook, runs });
  }
  return zaps;
}

/** Every Zap has fired the last version of every record it should fire it of. */
function lastVersionsReached(zaps: readonly Zap[], histories: Record<Kind, History>): boolean {
  return zaps.every(({ spec, runs }) => {
    const idField = OBJECT[spec.object].idField;
    return [...histories[spec.object]].every(([recordId, versions]) => {
      const last = versions.get(Math.max(...versions.keys()));
      if (!last || !matches(spec, last.change)) return true;
      return runs.some(
        (run) => run.output[idField] === recordId && run.output.version === last.version,
      );
    });
  });
}

async function settle(zaps: readonly Zap[], histories: Record<Kind, History>, limitMs: number) {
  const deadline = performance.now() + limitMs;
  const deliveries = () => zaps.reduce((total, zap) => total + zap.hook.deliveries.length, 0);
  let count = deliveries();
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await Promise.all(zaps.map((zap) => zap.hook.settled()));
    if (deliveries() !== count) {
      count = deliveries();
      quietSince = performance.now();
    }
    const quiet = performance.now() - quietSince >= QUIET_MS;
    if (quiet && lastVersionsReached(zaps, histories)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export async function runLoadScenario(options: LoadOptions): Promise<LoadReport> {
  await options.controls.setRateLimit({ limit: 10_000_000, window_seconds: 3600 });
  await options.controls.setWebhookSchedule({ delays_ms: [...options.retryDelaysMs] });
  let startedMs = Number.POSITIVE_INFINITY;
  const zaps = await startZaps(options, () => startedMs);
  try {
    startedMs = performance.now();
    await write(options);
    const writeSeconds = (performance.now() - startedMs) / 1000;
    const histories = await readHistory(options);
    const settled = await settle(zaps, histories, options.settleLimitMs);
    const settleSeconds = (performance.now() - startedMs) / 1000;
    const figures = zaps.map(({ spec, hook, runs }) => {
      const object = OBJECT[spec.object];
      return zapFigures({
        zap: spec,
        history: histories[spec.object],
        idField: object.idField,
        writtenFields: UPDATED_FIELDS[spec.object],
        deliveries: hook.deliveries.map((delivery) => seen(delivery, object.idField)),
        runs,
      });
    });
    return {
      changes: options.size.changes,
      writers: options.size.writers,
      records: options.size.records * 2,
      writeSeconds,
      settleSeconds,
      settled,
      zaps: figures,
    };
  } finally {
    for (const { hook } of zaps) {
      await hook.unsubscribe().catch(() => undefined);
      await hook.settled();
      await hook.close();
    }
  }
}

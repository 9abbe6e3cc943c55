/**
 * The operations table: every operation of the app (./operation-list.ts) with the requests it
 * sent against its budget, its latency through core's app tester, and ratios against three
 * baselines, all the same requests on the same sandbox in the same run: a raw `fetch` (the
 * network and the server's share), the framework's floor, bare `z.request`s in an otherwise empty
 * app through the same app tester (core's share), and that floor inside this app's definition
 * without its middleware (core's share for a definition this size: the app over it is the app's
 * own code); CPU and peak memory.
 *
 * The variants of an operation run interleaved (app, raw, def. floor, floor, app, …), so a noisy
 * neighbour on a shared machine slows them all alike and the ratios stay meaningful.
 */
import { Webhook } from 'standardwebhooks';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import { app } from '../../src/app';
import { deliveryHeaders, startHookEmulator } from '../hook-emulator';
import { reportDefinitionCompile } from './definition-compile';
import {
  type Sent,
  definitionFloorApp,
  floorApp,
  floorProbe,
  recordingApp,
  setFloorRequests,
} from './floor';
import { type Context, type Operation, operations, unmeasured } from './operation-list';
import { bareFetch, freshToken, requestsSent, type Sandbox } from './sandbox-process';
import { memoryWatch, mib, ms, ratio, timeInterleaved } from './stats';

const RUNS = 100;
type AppTester = ReturnType<typeof createAppTester>;

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
  let posted = 0;
  const post = async (path: string, body: object) => {
    posted += 1;
    const response = await bareFetch(`${sandbox.origin}/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-seed-${process.pid}-${posted}`,
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
  // Unlinked twins for the Unlink rows, so they leave the links above in place.
  const unlinked = {
    location: (await post('/locations', { name: 'Bench site, unlinked' })).location_id!,
    matter: (await post('/matters', { title: 'Bench matter, unlinked' })).matter_id!,
    activity: (await post('/activities', { type: 'task', date: '2027-03-01T09:00:00Z' }))
      .activity_id!,
  };
  return {
    location: location.location_id!,
    matter: matter.matter_id!,
    activity: activity.activity_id!,
    unlinked,
  };
}

function printTableHeader(): void {
  console.log(
    `\n## Operations (${RUNS} runs of each variant, interleaved; one sandbox, one run)\n\n` +
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
}

/** How one operation is run: through the app, as a raw fetch, on a floor. */
interface Variants {
  sandbox: Sandbox;
  token: string;
  appTester: AppTester;
  floorTester: AppTester;
  definitionFloorTester: AppTester;
  invoke: (tester: AppTester, operation: Operation) => () => Promise<void>;
  raw: (sent: Sent[]) => () => Promise<void>;
  floor: (tester: AppTester, sent: Sent[]) => () => Promise<unknown>;
}

function variantsFor(
  sandbox: Sandbox,
  token: string,
  authData: Record<string, string>,
  unique: () => string,
): Variants {
  const appTester = createAppTester(app);
  const floorTester = createAppTester(floorApp);
  const definitionFloorTester = createAppTester(definitionFloorApp);
  const headersFor = ({ method, body }: Sent): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(method === 'POST' ? { 'idempotency-key': unique() } : {}),
  });
  return {
    sandbox,
    token,
    appTester,
    floorTester,
    definitionFloorTester,
    invoke: (tester, operation) => async () => {
      for (const { perform, bundle, freshCache } of operation.run()) {
        await tester(perform, { authData, ...bundle } as Bundle, freshCache);
      }
    },
    raw: (sent) => async () => {
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
    },
    // The framework's floor: the same requests as bare `z.request`s in an app without middleware
    // (none at all for an operation that sends none), through the same app tester; the same
    // bundle as the app's, since core scrubs its authData from every log line.
    floor: (tester, sent) => () => {
      const merge = tester === floorTester; // the bare floor: z.request's defaults
      setFloorRequests(sent.map((request) => ({ request, headers: headersFor(request), merge })));
      return tester(floorProbe.operation.perform, { authData } as Partial<Bundle> as Bundle);
    },
  };
}

/** Counts the requests of one run (the app's, the floors' the same), then times the variants. */
async function measure(
  v: Variants,
  operation: Operation,
): Promise<{ row: string; within: boolean }> {
  const sent: Sent[] = [];
  const recorder = createAppTester(recordingApp(sent));
  const requests = await requestsSent(v.sandbox, v.token, v.invoke(recorder, operation));
  if (requests !== sent.length) throw new Error(`${operation.name}: ${requests} ≠ ${sent.length}`);
  for (const tester of [v.floorTester, v.definitionFloorTester]) {
    const floorSent = await requestsSent(v.sandbox, v.token, v.floor(tester, sent));
    if (floorSent !== requests) throw new Error(`${operation.name}: the floor sent ${floorSent}`);
  }
  const within = operation.budget === undefined || requests <= operation.budget;
  const variants = [
    v.invoke(v.appTester, operation),
    v.floor(v.definitionFloorTester, sent),
    v.floor(v.floorTester, sent),
  ];
  if (sent.length > 0) variants.splice(1, 0, v.raw(sent));
  const memory = memoryWatch();
  const timed = await timeInterleaved(RUNS, variants, memory.sample);
  const viaApp = timed[0]!;
  const viaFloor = timed.at(-1)!;
  const viaDefinitionFloor = timed.at(-2)!;
  const viaRaw = sent.length > 0 ? timed[1] : undefined;
  const budget =
    operation.budget === undefined ? '' : ` (≤ ${operation.budget}${within ? '' : ' **NO**'})`;
  const row =
    `| ${operation.name} | ${requests}${budget} | ${ms(viaApp.p50)} | ${ms(viaApp.p95)} | ` +
    `${viaRaw ? ms(viaRaw.p50) : 'n/a'} | ${ms(viaFloor.p50)} | ` +
    `${viaRaw ? ratio(viaApp.p50 / viaRaw.p50) : 'n/a'} | ` +
    `${ratio(viaApp.p50 / viaFloor.p50)} | ${ms(viaApp.cpu)} | ${ms(viaFloor.cpu)} | ` +
    `${ratio(viaApp.cpu / viaFloor.cpu)} | ${ms(viaDefinitionFloor.p50)} | ` +
    `${ratio(viaApp.p50 / viaDefinitionFloor.p50)} | ${ms(viaDefinitionFloor.cpu)} | ` +
    `${ratio(viaApp.cpu / viaDefinitionFloor.cpu)} | ` +
    `${mib(memory.heapGrowth())} | ${mib(memory.peakRss())} |`;
  return { row, within };
}

export async function benchOperations(sandbox: Sandbox): Promise<void> {
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await sandbox.controls.reset('demo');
  await sandbox.controls.generate({ kind: 'location', count: 100 });
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  const token = await freshToken(sandbox);
  const authData = { access_token: token, refresh_token: 'unused', scope: '' };
  let sequence = 0;
  const unique = () => `bench-${process.pid}-${++sequence}`;
  const variants = variantsFor(sandbox, token, authData, unique);
  const context: Context = {
    unique,
    ids: await seedRecords(sandbox, token),
    delivery: await signedDelivery(sandbox, authData),
  };
  printTableHeader();
  const overBudget: string[] = [];
  for (const operation of operations(context)) {
    const { row, within } = await measure(variants, operation);
    if (!within) overBudget.push(operation.name);
    console.log(row);
  }
  console.log(
    overBudget.length === 0
      ? '\nEvery operation with a budget sent at most its budget of requests.'
      : `\nOver budget: ${overBudget.join(', ')}.`,
  );
  const missing = unmeasured(context);
  if (missing.length > 0) {
    console.log(`Not measured (no input in dev/bench/operation-list.ts): ${missing.join(', ')}.`);
  }
  reportDefinitionCompile();
}

/**
 * The three Clio flows from the recipe data, against the real sandbox and the Clio stand-in over
 * loopback, through the real operations (`dev/flows/flows.ts`, what `npm start` prints): every
 * mapping row of every recipe (the README's tables) carries a value in some step, the Clio
 * records end up linked as the recipes promise, and a step that fails is named.
 */
import nock from 'nock';
import { type SandboxRequest, startSandbox } from '../../sandbox';
import { type ClioStandIn, startClioStandIn } from '../../sandbox/clio';
import { sandboxControls } from '../../sandbox/controls/client';
import { RECIPES } from '../../dev/zaps/recipes';
import { type FlowsReport, StepFailure, rowsExercised } from '../../dev/flows/report';
import { playFlows } from '../../dev/flows/scenario';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const sandboxFetch = globalThis.fetch;
const ENV_KEYS = ['SNAPSHOTS_API_BASE_URL', 'CLIENT_ID', 'CLIENT_SECRET'] as const;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

let sandbox: Sandbox;
let clio: ClioStandIn;
let requests: SandboxRequest[];

beforeAll(() => {
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1:'));
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});
beforeEach(async () => {
  requests = [];
  sandbox = await startSandbox({ seed: 'demo', onResponse: (request) => requests.push(request) });
  clio = await startClioStandIn();
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
});
afterEach(async () => {
  await clio.close();
  await sandbox.close();
});

const controls = () => sandboxControls(sandbox.url, { fetch: sandboxFetch });

async function play(): Promise<FlowsReport> {
  const minted = await controls().mintToken();
  const authData = {
    access_token: minted.access_token,
    refresh_token: minted.refresh_token,
    scope: minted.scope,
  };
  return playFlows({ sandboxUrl: sandbox.url, sandboxRequests: requests, clio, authData });
}

describe('the three flows', () => {
  let report: FlowsReport;
  beforeEach(async () => {
    report = await play();
  }, 30_000);

  it('exercise every mapping row of every recipe (each README table row)', () => {
    const rows = RECIPES.flatMap((r) =>
      r.paths.flatMap((path) =>
        path.steps.flatMap((step) =>
          step.mapping.map(
            (row) => `${r.flow}|${step.name}|${'input' in row ? row.input : row.field}`,
          ),
        ),
      ),
    );
    const seen = rowsExercised(report);
    expect(rows.filter((row) => !seen.has(row))).toEqual([]);
    // And every path of every recipe ran.
    const ran = new Set(
      report.changes.flatMap((c) => c.runs.map((run) => `${c.flow}|${run.path}`)),
    );
    expect(ran.size).toBeGreaterThanOrEqual(RECIPES.reduce((n, r) => n + r.paths.length, 0));
  });

  it('cost what the report totals say: 13 tasks, 7 Clio calls, 1 Snapshots request per action step, 0 per trigger run (each run as costOf, checked in playFlows)', () => {
    const runs = report.changes.flatMap((change) => change.runs);
    const steps = runs.flatMap((run) => run.steps);
    expect(
      steps.filter((s) => s.app === 'Snapshots').map((s) => s.snapshotsRequests.length),
    ).toEqual(Array(7).fill(1));
    expect(
      steps.filter((s) => s.app === 'Clio').every((s) => s.snapshotsRequests.length === 0),
    ).toBe(true);
    const triggerRuns = [
      ...runs.filter((run) => !run.trigger.startsWith('Clio')).map((run) => run.triggerRequests),
      ...report.changes.flatMap((change) => change.notFired.map((n) => n.triggerRequests)),
    ];
    expect(triggerRuns).toHaveLength(12);
    expect(triggerRuns.every((list) => list.length === 0)).toBe(true);
    expect(runs.reduce((n, run) => n + run.cost.tasks, 0)).toBe(13);
    expect(runs.reduce((n, run) => n + run.cost.clioCalls, 0)).toBe(7);
    // The Clio calls counted are the stand-in's log: the firm's 2 own changes plus the Zaps' 7.
    expect(clio.requests).toHaveLength(2 + 7);
  });

  it('leave Clio with one contact updated in place, one matter per direction, three linked records', () => {
    const contacts = [...clio.records.contacts.values()];
    expect(contacts).toHaveLength(2); // the demo contact and the Harbor Office, no twin
    const harbor = contacts.find((c) => c.name === 'Harbor Office')!;
    expect(harbor.addresses).toEqual([expect.objectContaining({ street: '1 Seaport Lane' })]);
    expect(harbor.custom_field_values).toEqual([
      expect.objectContaining({
        field_name: 'Snapshots ID',
        value: expect.stringMatching(/^loc_/),
      }),
      expect.objectContaining({ field_name: 'Last Seen', value: '2026-12-01T08:00:00.000Z' }),
    ]);
    const matters = [...clio.records.matters.values()];
    expect(matters).toHaveLength(3); // the demo matter, the one opened in Clio, the one from Snapshots
    const fromSnapshots = matters.find((m) => m.description === 'Harbor Office lease')!;
    expect(fromSnapshots.client).toEqual({ id: harbor.id });
    for (const collection of ['notes', 'communications', 'activities'] as const) {
      const records = [...clio.records[collection].values()];
      expect([collection, records.length]).toEqual([collection, 1]);
      expect(records[0]?.matter).toEqual({ id: fromSnapshots.id });
    }
    expect([...clio.records.communications.values()][0]?.receivers).toEqual([
      expect.objectContaining({ id: harbor.id }),
    ]);
  });
});

it('names the step that failed', async () => {
  // Snapshots refuses the upsert from Clio: flow 2's first step fails, after flow 1 succeeded.
  await controls().injectFault({
    method: 'PATCH',
    path: '/v1/matters/by-ref/*',
    status: 403,
    times: 10,
  });
  const failure = await play().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(StepFailure);
  expect((failure as StepFailure).message).toMatch(/^step 2\.1: /);
  expect((failure as StepFailure).done.map((change) => change.label)).toEqual([
    '1.1',
    '1.2',
    '1.3',
  ]);
}, 30_000);

/**
 * The three Clio flows from the recipe data, against the real sandbox and the Clio stand-in over
 * loopback, through the real operations (`dev/flows/flows.ts`, what `npm start` prints): every
 * mapping row of every recipe (docs/zaps.md's tables) carries a value in some step, the Clio
 * records end up linked as the recipes promise, and a step that fails is named.
 */
import { useFreshFlowServers } from '../support/flow-servers';
import { sandboxControls } from '../../sandbox/controls/client';
import { RECIPES } from '../../dev/zaps/recipes';
import { type FlowsReport, StepFailure, rowsExercised } from '../../dev/flows/report';
import { playFlows } from '../../dev/flows/scenario';

const sandboxFetch = globalThis.fetch;
const servers = useFreshFlowServers('demo');

const controls = () => sandboxControls(servers.sandbox.url, { fetch: sandboxFetch });

async function play(): Promise<FlowsReport> {
  const minted = await controls().mintToken();
  const authData = {
    access_token: minted.access_token,
    refresh_token: minted.refresh_token,
    scope: minted.scope,
  };
  return playFlows({
    sandboxUrl: servers.sandbox.url,
    sandboxRequests: servers.requests,
    clio: servers.clio,
    authData,
  });
}

describe('the flows', () => {
  let report: FlowsReport;
  beforeEach(async () => {
    report = await play();
  }, 30_000);

  it('exercise every mapping row of every recipe (each docs/zaps.md table row)', () => {
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

  it('cost what the report totals say: 24 tasks, 13 Clio calls, 1 Snapshots request per action step, 0 per trigger run (each run as costOf, checked in playFlows)', () => {
    const runs = report.changes.flatMap((change) => change.runs);
    const steps = runs.flatMap((run) => run.steps);
    expect(
      steps.filter((s) => s.app === 'Snapshots').map((s) => s.snapshotsRequests.length),
    ).toEqual(Array(13).fill(1));
    expect(
      steps.filter((s) => s.app === 'Clio').every((s) => s.snapshotsRequests.length === 0),
    ).toBe(true);
    const triggerRuns = [
      ...runs.filter((run) => !run.trigger.startsWith('Clio')).map((run) => run.triggerRequests),
      ...report.changes.flatMap((change) => change.notFired.map((n) => n.triggerRequests)),
    ];
    expect(triggerRuns).toHaveLength(23);
    expect(triggerRuns.every((list) => list.length === 0)).toBe(true);
    expect(runs.reduce((n, run) => n + run.cost.tasks, 0)).toBe(24);
    expect(runs.reduce((n, run) => n + run.cost.clioCalls, 0)).toBe(13);
    // The Clio calls counted are the stand-in's log: the firm's 4 own changes, the read that
    // gives 2.4's New Matter payload, and the Zaps' 13.
    expect(servers.clio.requests).toHaveLength(4 + 1 + 13);
    // Every one conforms to Clio's document (the stand-in answers a departure with 500).
    expect(servers.clio.violations).toEqual([]);
    expect(servers.clio.requests.every((request) => request.status < 300)).toBe(true);
  });

  it('leave Clio with one contact updated in place, one matter per direction, the linked records', () => {
    const contacts = [...servers.clio.records.contacts.values()];
    // the demo contact, the Harbor Office (no twin), the Auckland Office, the one made in Clio
    expect(contacts.map((c) => c.name)).toEqual([
      'Head Office',
      'Harbor Office',
      'Auckland Office',
      'Vancouver Office',
    ]);
    const harbor = contacts.find((c) => c.name === 'Harbor Office')!;
    expect(harbor.addresses).toEqual([expect.objectContaining({ street: '1 Seaport Lane' })]);
    expect(harbor.custom_field_values).toEqual([
      expect.objectContaining({
        field_name: 'Snapshots ID',
        value: expect.stringMatching(/^loc_/),
      }),
      expect.objectContaining({ field_name: 'Last Seen', value: '2026-12-01T08:00:00.000Z' }),
    ]);
    const matters = [...servers.clio.records.matters.values()];
    // the demo matter, the one opened in Clio, the one from Snapshots, the long description
    expect(matters).toHaveLength(4);
    const fromSnapshots = matters.find((m) => m.description === 'Harbor Office lease')!;
    expect(fromSnapshots.client).toEqual({ id: harbor.id });
    // 3.1–3.3, then 3.5 (a communication), 3.6 (a note), 3.7 (a time entry); 3.4 sent nothing
    for (const [collection, count] of [
      ['notes', 2],
      ['communications', 2],
      ['activities', 2],
    ] as const) {
      const records = [...servers.clio.records[collection].values()];
      expect([collection, records.length]).toEqual([collection, count]);
      for (const record of records) expect(record.matter).toEqual({ id: fromSnapshots.id });
    }
    for (const communication of servers.clio.records.communications.values()) {
      expect(communication.receivers).toEqual([expect.objectContaining({ id: harbor.id })]);
    }
  });

  it('play the off-demo cases: each Clio step succeeds, or the recipe’s own rule stops it', () => {
    const change = (label: string) => report.changes.find((c) => c.label === label)!;
    const onlyRun = (label: string) => {
      const runs = change(label).runs;
      expect([label, runs.length]).toEqual([label, 1]);
      return runs[0]!;
    };
    // 3.4: a note with no matter: clio_record none, its reason, stopped at Paths at no cost.
    const stopped = onlyRun('3.4');
    expect(stopped.output).toMatchObject({
      clio_record: 'none',
      clio_no_record_reason: expect.stringMatching(/no matter/),
    });
    expect(stopped.path).toBeUndefined();
    expect(stopped.cost).toEqual({ tasks: 0, clioCalls: 0, snapshotsCalls: 0 });
    expect(change('3.4').checks.join('\n')).toContain(String(stopped.output.clio_no_record_reason));
    // 3.5: a call with no notes: the communication's body is its subject.
    const call = onlyRun('3.5').steps[0]!;
    expect(call.name).toBe('Create Communication');
    expect(call.result.body).toBe(call.result.subject);
    expect(servers.clio.records.communications.get(Number(call.result.id))).toMatchObject({
      body: 'Call on 2026-12-01',
      subject: 'Call on 2026-12-01',
    });
    // 3.6: a meeting with no duration on a linked matter: a Matter note.
    const note = onlyRun('3.6').steps[0]!;
    expect(note.name).toBe('Create Matter Note');
    expect(servers.clio.records.notes.get(Number(note.result.id))).toMatchObject({
      type: 'Matter',
    });
    // 3.7: a day at a location in Pacific/Auckland: Clio gets the same day.
    const auckland = onlyRun('3.7');
    expect(auckland.output.clio_date).toBe('2026-12-02');
    const entry = servers.clio.records.activities.get(Number(auckland.steps[0]!.result.id));
    expect(entry).toMatchObject({ type: 'TimeEntry', date: '2026-12-02' });
    // 2.4: a long Clio Description: Title fitted with "…", the full text kept in Description.
    const [long] = change('2.4').runs;
    const description = String(long!.output.description);
    expect(description.length).toBeGreaterThan(1000);
    const matter = long!.steps[0]!.result;
    expect(String(matter.title)).toHaveLength(300);
    expect(String(matter.title).endsWith('…')).toBe(true);
    expect(description.startsWith(String(matter.title).slice(0, -1))).toBe(true);
    expect(matter.description).toBe(description);
    expect(matter.clio_description).toBe(description);
    // 4.1: a Clio contact with "Canada" and a national phone: stored as CA and E.164.
    const [fromClio, echo] = change('4.1').runs;
    expect(fromClio!.steps.map((s) => s.name)).toEqual([
      'Create or Update Location from Clio Contact',
    ]);
    expect(fromClio!.steps[0]!.result).toMatchObject({
      address: expect.objectContaining({ country: 'CA' }),
      phone: '+16045550100',
      external_refs: { clio: '1004' },
    });
    expect(echo!.steps.map((s) => [s.name, s.result.id])).toEqual([
      ['Update Company Contact', 1004],
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
    '1.4',
  ]);
}, 30_000);

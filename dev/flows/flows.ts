/**
 * The three Clio flows, played end to end: the firm changes something in Snapshots (or Clio's
 * trigger hands on a matter), the hook emulator plays Zapier's part (the delivery becomes a
 * `perform` run of our trigger through core's app tester), and each step of the Zap runs as it
 * would in Zapier: our actions through the app tester against the sandbox, Clio's actions through
 * `performClioStep` against the Clio stand-in, all from the recipe data (`sandbox/clio/recipes.ts`).
 * `npm start` prints what `playFlows` returns; the flow tests assert on it.
 *
 * Every check the issue names is made here, and a failed one stops the play with the step's
 * label: the update lands on the same Clio contact, a change outside the chosen fields fires
 * nothing, two Clio payloads make one Snapshots matter, the Clio records link to the Clio matter
 * and contact, one Snapshots request per action step and none per trigger run, and each run costs
 * what `costOf` says (the README's task counts).
 */
import { randomUUID } from 'node:crypto';
import { createAppTester } from 'zapier-platform-core';
import type { ClioStandIn } from '../../sandbox/clio';
import { performClioStep } from '../zaps/clio-app';
import {
  type ClioStep,
  type Recipe,
  type RecipePath,
  type RunCost,
  type SnapshotsStep,
  type StepResults,
  costOf,
  fieldOf,
  pathFor,
  recipe,
  snapshotsInputs,
} from '../zaps/recipes';
import { CLIO_MATTER_STATUS_UPDATED, CLIO_NEW_MATTER } from '../zaps/trigger-payloads';
import { sandboxControls } from '../../sandbox/controls/client';
import type { SandboxRequest } from '../../sandbox/index';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { type HookEmulator, startHookEmulator } from '../hook-emulator';

type Fields = Record<string, unknown>;

export interface Request {
  method: string;
  url: string;
  status: number;
}

/** One mapped field of a step: the step's field, where its value came from, the value. */
export interface MappedRow {
  field: string;
  from: string;
  value: unknown;
  /** Where Clio's request carries it, or `action input`. */
  sentAs: string;
}

export interface StepRun {
  app: 'Clio' | 'Snapshots';
  name: string;
  rows: MappedRow[];
  snapshotsRequests: Request[];
  clioRequests: Request[];
  result: Fields;
}

export interface ZapRun {
  /** The trigger's name: ours by key, Clio's by its name in Clio's app. */
  trigger: string;
  /** The trigger's output (Clio's payload for flow 2a). */
  output: Fields;
  /** Requests our trigger's `perform` made (0: the hook delivers the record). */
  triggerRequests: Request[];
  /** The Paths rule that held, or undefined when none did (the Zap stops: no task). */
  path: string | undefined;
  steps: StepRun[];
  cost: RunCost;
}

export interface Change {
  /** e.g. `1.1` */
  label: string;
  flow: Recipe['flow'];
  title: string;
  /** Where the firm made the change: its own requests there, not the Zap's. */
  madeIn: 'Snapshots' | 'Clio';
  made: Request[];
  runs: ZapRun[];
  /** Deliveries our trigger received and, as configured, did not fire on (its perform's requests). */
  notFired: { trigger: string; reason: string; triggerRequests: Request[] }[];
  /** What was checked, in words. */
  checks: string[];
}

export interface FlowsReport {
  connectedAs: string;
  changes: Change[];
}

/** A failed step: its label names it in the report and the exit message. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
    readonly done: Change[],
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface FlowsOptions {
  sandboxUrl: string;
  /** The sandbox's answered requests, as they happen (`startSandbox({ onResponse })`). */
  sandboxRequests: SandboxRequest[];
  clio: ClioStandIn;
  /** The Zap's connection (from the OAuth flow). */
  authData: StoredAuthData;
  /** Called as each change is done (the report printed as it goes). */
  onChange?: (change: Change) => void;
}

const DELIVERY_TIMEOUT_MS = 10_000;
const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function fromText(from: ClioStep['mapping'][number]['from']): string {
  if ('fixed' in from) return `(picked) ${String(from.fixed)}`;
  if ('step' in from) return `${from.step}: ${from.field.toUpperCase()}`;
  return from.output;
}

function ruleText(path: RecipePath): string {
  if (path.when.length === 0) return 'every run';
  return path.when
    .map((rule) =>
      'equals' in rule ? `${rule.field} is ${rule.equals}` : `${rule.field} is ${rule.is}`,
    )
    .join(' and ');
}

export async function playFlows(options: FlowsOptions): Promise<FlowsReport> {
  const { clio, authData, sandboxRequests } = options;
  const tester = createAppTester(app);
  const zapAuthorization = `Bearer ${authData.access_token}`;
  const changes: Change[] = [];
  const hooks: HookEmulator[] = [];

  // The firm's own connection to Snapshots (its staff changing records), told apart from the Zap's.
  const minted = await sandboxControls(options.sandboxUrl).mintToken();
  const firmAuthorization = `Bearer ${minted.access_token}`;

  const mark = () => sandboxRequests.length;
  const zapRequestsSince = (start: number): Request[] =>
    sandboxRequests
      .slice(start)
      .filter((request) => request.authorization === zapAuthorization)
      .map(({ method, url, status }) => ({ method, url, status }));

  /** A request of the firm's staff to Snapshots (`body` undefined for a GET). */
  async function firm(method: string, path: string, body?: Fields): Promise<Fields> {
    const response = await fetch(`${options.sandboxUrl}/v1${path}`, {
      method,
      headers: {
        authorization: firmAuthorization,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body && JSON.stringify(body),
    });
    const answer = (await response.json()) as Fields;
    check(response.ok, `Snapshots refused ${method} ${path} (HTTP ${response.status}).`);
    return answer;
  }
  const firmRequestsSince = (start: number): Request[] =>
    sandboxRequests
      .slice(start)
      .filter((request) => request.authorization === firmAuthorization)
      .map(({ method, url, status }) => ({ method, url, status }));

  async function subscribe(key: string, inputs?: Record<string, string[]>) {
    const trigger = (
      app.triggers as unknown as Record<string, { key: string; operation: unknown }>
    )[key];
    if (!trigger) throw new Error(`The app has no trigger ${key}.`);
    const hook = await startHookEmulator({ trigger, authData, inputData: inputs, tester });
    hooks.push(hook);
    await hook.subscribe();
    return hook;
  }

  /** Waits for `count` new deliveries to `hook`, and for their perform runs; returns the outputs. */
  async function delivered(hook: HookEmulator, before: { deliveries: number; outputs: number }) {
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (hook.deliveries.length <= before.deliveries) {
      check(Date.now() < deadline, `no webhook delivery reached ${hook.url} within 10 s.`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await hook.settled();
    return hook.outputs.slice(before.outputs);
  }
  const stateOf = (hook: HookEmulator) => ({
    deliveries: hook.deliveries.length,
    outputs: hook.outputs.length,
  });

  async function runAction(step: SnapshotsStep, inputs: Fields): Promise<Fields> {
    const create = (app.creates as unknown as Record<string, { operation: { perform: unknown } }>)[
      step.key
    ];
    if (!create) throw new Error(`The app has no action ${step.key}.`);
    const result: unknown = await tester(
      create.operation.perform as never,
      { authData, inputData: inputs } as never,
    );
    return result as Fields;
  }

  /** One Zap run on one trigger output: the path that holds, each of its steps. */
  async function runZap(
    flow: Recipe['flow'],
    trigger: string,
    output: Fields,
    triggerRequests: Request[],
  ): Promise<ZapRun> {
    const zap = recipe(flow);
    const path = pathFor(zap, output);
    const run: ZapRun = {
      trigger,
      output,
      triggerRequests,
      path: path && ruleText(path),
      steps: [],
      cost: { tasks: 0, clioCalls: 0, snapshotsCalls: 0 },
    };
    if (!path) return run;
    const results: StepResults = {};
    for (const step of path.steps) {
      const start = mark();
      if (step.app === 'Clio') {
        const clioRun = await performClioStep(clio, step, output, results);
        results[step.name] = clioRun.result;
        run.steps.push({
          app: 'Clio',
          name: step.name,
          rows: step.mapping.map((row) => ({
            field: row.field,
            from: fromText(row.from),
            value:
              'fixed' in row.from
                ? row.from.fixed
                : 'output' in row.from
                  ? fieldOf(output, row.from.output)
                  : results[row.from.step]?.[row.from.field],
            sentAs: row.api === ':id' ? 'URL (the record to update)' : row.api,
          })),
          snapshotsRequests: zapRequestsSince(start),
          clioRequests: clioRun.calls.map(({ method, path: url, status }) => ({
            method,
            url,
            status,
          })),
          result: clioRun.result,
        });
      } else {
        const inputs = snapshotsInputs(step, output, results);
        const result = await runAction(step, inputs);
        results[step.name] = result;
        run.steps.push({
          app: 'Snapshots',
          name: step.name,
          rows: step.mapping.map((row) => ({
            field: row.input,
            from: fromText(row.from),
            value: inputs[row.input],
            sentAs: 'action input',
          })),
          snapshotsRequests: zapRequestsSince(start),
          clioRequests: [],
          result,
        });
      }
    }
    run.cost = {
      tasks: run.steps.length,
      clioCalls: run.steps.reduce((n, step) => n + step.clioRequests.length, 0),
      snapshotsCalls: run.steps.reduce((n, step) => n + step.snapshotsRequests.length, 0),
    };
    for (const step of run.steps) {
      if (step.app === 'Snapshots') {
        check(
          step.snapshotsRequests.length === 1,
          `"${step.name}" made ${step.snapshotsRequests.length} Snapshots requests, not 1.`,
        );
      }
    }
    const expected = costOf(path);
    check(
      JSON.stringify(run.cost) === JSON.stringify(expected),
      `the run cost ${JSON.stringify(run.cost)}, the recipe says ${JSON.stringify(expected)}.`,
    );
    return run;
  }

  /** Runs the Zap on each output the trigger fired, checking the trigger made no request. */
  async function zapRunsOn(
    flow: Recipe['flow'],
    trigger: string,
    outputs: Fields[],
    triggerRequests: Request[],
  ) {
    check(
      triggerRequests.length === 0,
      `the trigger's perform made ${triggerRequests.length} Snapshots requests, not 0.`,
    );
    const runs: ZapRun[] = [];
    for (const output of outputs) runs.push(await runZap(flow, trigger, output, triggerRequests));
    return runs;
  }

  async function step(label: string, play: () => Promise<Omit<Change, 'label'>>): Promise<Change> {
    try {
      const change = { label, ...(await play()) };
      changes.push(change);
      options.onChange?.(change);
      return change;
    } catch (error) {
      throw new StepFailure(`step ${label}`, error, changes);
    }
  }

  /**
   * A change the firm makes in Snapshots that `hook` receives: the firm's requests, then the
   * delivery and the trigger's perform runs (whose requests are the Zap's, made in that window).
   */
  async function firmChange(hook: HookEmulator, make: () => Promise<Fields>) {
    const before = stateOf(hook);
    const start = mark();
    const record = await make();
    const made = firmRequestsSince(start);
    const afterMade = mark();
    const outputs = await delivered(hook, before);
    return { record, made, outputs, triggerRequests: zapRequestsSince(afterMade) };
  }

  /** After a Zap's link-back step: its own change is delivered, and the trigger must not fire. */
  async function linkBackIgnored(
    hook: HookEmulator,
    before: ReturnType<typeof stateOf>,
    trigger: string,
  ) {
    const start = mark();
    const outputs = await delivered(hook, before);
    check(outputs.length === 0, `the link-back's own change fired ${trigger} again.`);
    return {
      trigger,
      triggerRequests: zapRequestsSince(start),
      reason: 'the link-back step changed only external_refs, not a field the trigger watches',
    };
  }

  try {
    const flow1 = recipe('1');
    const flow3 = recipe('3');
    const locationHook = await subscribe(flow1.trigger.names[0]!, flow1.trigger.inputs);
    const matterHook = await subscribe(recipe('2b').trigger.names[0]!);
    const activityHook = await subscribe(flow3.trigger.names[0]!, flow3.trigger.inputs);
    const locationTrigger = flow1.trigger.names[0]!;

    // ---------------------------------------------------------------- 1. Location → Clio contact
    let locationId = '';
    let contactId = 0;
    await step('1.1', async () => {
      const contactsBefore = clio.records.contacts.size;
      const { record, made, outputs, triggerRequests } = await firmChange(locationHook, () =>
        firm('POST', '/locations', {
          name: 'Harbor Office',
          address: {
            line1: '75 Harbor Way',
            line2: 'Suite 300',
            city: 'Boston',
            region: 'MA',
            postal_code: '02210',
            country: 'US',
          },
          email: 'harbor@demo-law.example',
          phone: '+16175550199',
          timezone: 'America/New_York',
          last_seen: '2026-11-30T16:00:00Z',
        }),
      );
      locationId = String(record.location_id);
      check(outputs.length === 1, `${locationTrigger} fired ${outputs.length} times, not once.`);
      const linkBefore = stateOf(locationHook);
      const runs = await zapRunsOn('1', locationTrigger, outputs, triggerRequests);
      const [create] = runs[0]!.steps;
      contactId = Number(create?.result.id);
      check(create?.name === 'Create Company Contact', 'the Zap did not take the create path.');
      check(clio.records.contacts.size === contactsBefore + 1, 'Clio did not get one new contact.');
      const notFired = [await linkBackIgnored(locationHook, linkBefore, locationTrigger)];
      return {
        flow: '1',
        madeIn: 'Snapshots',
        title: 'A location is created in Snapshots',
        made,
        runs,
        notFired,
        checks: [
          `one Clio Company contact created (id ${contactId}), with the Snapshots ID and Last Seen custom field values`,
          `link_location_to_clio_contact stored it: the location's clio_contact_id is now ${contactId}`,
        ],
      };
    });

    await step('1.2', async () => {
      const contactsBefore = clio.records.contacts.size;
      const { made, outputs, triggerRequests } = await firmChange(locationHook, () =>
        firm('PATCH', `/locations/${locationId}`, {
          address: { line1: '1 Seaport Lane', line2: null },
          last_seen: '2026-12-01T08:00:00Z',
        }),
      );
      check(outputs.length === 1, `${locationTrigger} fired ${outputs.length} times, not once.`);
      check(
        outputs[0]?.clio_contact_id === String(contactId),
        `the output carries clio_contact_id ${String(outputs[0]?.clio_contact_id)}, not ${contactId}.`,
      );
      const runs = await zapRunsOn('1', locationTrigger, outputs, triggerRequests);
      const [update] = runs[0]!.steps;
      check(update?.name === 'Update Company Contact', 'the Zap did not take the update path.');
      check(Number(update.result.id) === contactId, 'Clio updated another contact.');
      check(clio.records.contacts.size === contactsBefore, 'Clio got a second contact (a twin).');
      const contact = clio.records.contacts.get(contactId)!;
      const addresses = contact.addresses as { street: string }[];
      check(
        addresses.length === 1 && addresses[0]?.street === '1 Seaport Lane',
        'the contact does not hold the one new address.',
      );
      return {
        flow: '1',
        madeIn: 'Snapshots',
        title: 'The location is updated (address, last seen)',
        made,
        runs,
        notFired: [],
        checks: [
          `the output carried clio_contact_id ${contactId}: the same Clio contact was updated`,
          `no twin: Clio still holds ${contactsBefore} contacts; the contact has one address, changed in place`,
        ],
      };
    });

    await step('1.3', async () => {
      const { made, outputs, triggerRequests } = await firmChange(locationHook, () =>
        firm('PATCH', `/locations/${locationId}`, { timezone: 'America/Chicago' }),
      );
      check(outputs.length === 0, `${locationTrigger} fired on a change of timezone only.`);
      check(triggerRequests.length === 0, 'the trigger made Snapshots requests.');
      return {
        flow: '1',
        madeIn: 'Snapshots',
        title: 'The location is updated, time zone only',
        made,
        runs: [],
        notFired: [
          {
            trigger: locationTrigger,
            triggerRequests,
            reason: `"Only When These Fields Change" is ${flow1.trigger.inputs?.only_when_changed?.join(', ')}`,
          },
        ],
        checks: ['the delivery arrived and the trigger fired nothing: no task, no Clio call'],
      };
    });

    // ---------------------------------------------------------------- 2a. Clio matter → Snapshots
    let upsertedMatterId = '';
    const countMatters = async () =>
      ((await firm('GET', '/matters?limit=100')) as { data: unknown[] }).data.length;
    /** A change the firm's staff make in Clio (its own requests, before Clio's trigger fires). */
    async function inClio(method: 'POST' | 'PATCH', path: string, data: Fields) {
      const response = await fetch(`${clio.url}${path}?fields=id`, {
        method,
        headers: { authorization: `Bearer ${clio.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data }),
      });
      const answer = (await response.json()) as { data?: { id: number } };
      check(
        response.ok && answer.data !== undefined,
        `Clio refused ${method} ${path} (HTTP ${response.status}).`,
      );
      return { id: answer.data.id, made: [{ method, url: path, status: response.status }] };
    }
    const dueDate = (id: number) => ({ value: '2027-04-30', custom_field: { id } });

    await step('2.1', async () => {
      const mattersBefore = await countMatters();
      const { id, made } = await inClio('POST', '/api/v4/matters.json', {
        client: { id: CLIO_NEW_MATTER.client.id },
        description: CLIO_NEW_MATTER.description,
        status: 'open',
        open_date: CLIO_NEW_MATTER.open_date,
        custom_field_values: [dueDate(CLIO_NEW_MATTER.custom_field_values[0]!.custom_field.id)],
      });
      check(
        id === CLIO_NEW_MATTER.id,
        `Clio gave the new matter id ${id}, the payload says ${CLIO_NEW_MATTER.id}.`,
      );
      const before = stateOf(matterHook);
      const runs = await zapRunsOn('2a', 'Clio: New Matter', [CLIO_NEW_MATTER], []);
      const [upsert] = runs[0]!.steps;
      upsertedMatterId = String(upsert?.result.matter_id);
      check(
        upsert?.result.location_id === 'loc_demoHeadOffice',
        'the matter is not at the location linked to Clio contact 1001.',
      );
      // Its matter.created event runs flow 2b's Zap, which stops: the matter is linked to Clio.
      const echoes = await delivered(matterHook, before);
      check(echoes.length === 1, 'new_matter did not fire once for the upserted matter.');
      const echo = await runZap('2b', 'new_matter', echoes[0]!, []);
      check(echo.path === undefined, 'flow 2b would create the Clio matter it came from again.');
      check((await countMatters()) === mattersBefore + 1, 'Snapshots did not get one new matter.');
      return {
        flow: '2a',
        madeIn: 'Clio',
        title: 'A matter is opened in Clio (New Matter)',
        made,
        runs: [...runs, echo],
        notFired: [],
        checks: [
          'New Matter handed on ids as numbers, Status Open and a plain date',
          `one Snapshots matter created (${upsertedMatterId}), linked to Clio matter ${CLIO_NEW_MATTER.id}, at the location of Clio contact ${CLIO_NEW_MATTER.client.id}`,
          'its own New Matter run in flow 2b stopped at Paths (clio_matter_id is set): no loop',
        ],
      };
    });

    await step('2.2', async () => {
      const mattersBefore = await countMatters();
      const { made } = await inClio(
        'PATCH',
        `/api/v4/matters/${CLIO_MATTER_STATUS_UPDATED.id}.json`,
        {
          status: CLIO_MATTER_STATUS_UPDATED.status.toLowerCase(),
          pending_date: CLIO_MATTER_STATUS_UPDATED.pending_date,
        },
      );
      const runs = await zapRunsOn(
        '2a',
        'Clio: Matter Status Updated',
        [CLIO_MATTER_STATUS_UPDATED],
        [],
      );
      const [upsert] = runs[0]!.steps;
      check(upsert?.result.matter_id === upsertedMatterId, 'the update landed on another matter.');
      check(upsert.result.status === 'pending', `the status is ${String(upsert.result.status)}.`);
      check(
        upsert.result.due_date === '2027-05-14',
        `the due date is ${String(upsert.result.due_date)}.`,
      );
      check((await countMatters()) === mattersBefore, 'Snapshots got a second matter (a twin).');
      return {
        flow: '2a',
        madeIn: 'Clio',
        title: 'Its status changes in Clio (Matter Status Updated)',
        made,
        runs,
        notFired: [],
        checks: [
          'Matter Status Updated handed on ids as numeric strings and a date with an offset',
          `the same Snapshots matter ${upsertedMatterId} updated: status pending, due date 2027-05-14; never two`,
        ],
      };
    });

    // ---------------------------------------------------------------- 2b. Snapshots matter → Clio
    let matterId = '';
    let clioMatterId = 0;
    await step('2.3', async () => {
      const { record, made, outputs, triggerRequests } = await firmChange(matterHook, () =>
        firm('POST', '/matters', {
          title: 'Harbor Office lease',
          status: 'open',
          due_date: '2027-02-15',
          location_id: locationId,
        }),
      );
      matterId = String(record.matter_id);
      check(outputs.length === 1, `new_matter fired ${outputs.length} times, not once.`);
      const runs = await zapRunsOn('2b', 'new_matter', outputs, triggerRequests);
      const [create] = runs[0]!.steps;
      clioMatterId = Number(create?.result.id);
      const client = create?.result.client as { id?: number } | undefined;
      check(
        client?.id === contactId,
        `the Clio matter's client is ${String(client?.id)}, not ${contactId}.`,
      );
      return {
        flow: '2b',
        madeIn: 'Snapshots',
        title: 'A matter is created in Snapshots at that location',
        made,
        runs,
        notFired: [],
        checks: [
          `Clio matter ${clioMatterId} created, its client the location's Clio contact ${contactId}`,
          `link_matter_to_clio_matter stored it on ${matterId}`,
        ],
      };
    });

    // ---------------------------------------------------------------- 3. Activity → Clio record
    const activityTrigger = flow3.trigger.names[0]!;
    const activities: [string, string, Fields][] = [
      [
        '3.1',
        'A call is logged in Snapshots',
        { type: 'call', notes: 'Call with the landlord about the lease.', duration_minutes: 20 },
      ],
      [
        '3.2',
        'A meeting is logged in Snapshots',
        { type: 'meeting', notes: 'Site meeting at the Harbor Office.', duration_minutes: 45 },
      ],
      [
        '3.3',
        'A note is written in Snapshots',
        { type: 'note', notes: 'Landlord agreed to a 5-year term.' },
      ],
    ];
    for (const [label, title, fields] of activities) {
      await step(label, async () => {
        const { record, made, outputs, triggerRequests } = await firmChange(activityHook, () =>
          firm('POST', '/activities', {
            date: '2026-12-01T15:00:00Z',
            matter_id: matterId,
            location_id: locationId,
            ...fields,
          }),
        );
        check(outputs.length === 1, `${activityTrigger} fired ${outputs.length} times, not once.`);
        const linkBefore = stateOf(activityHook);
        const runs = await zapRunsOn('3', activityTrigger, outputs, triggerRequests);
        const [made2, link] = runs[0]!.steps;
        check(made2 !== undefined && link !== undefined, 'the Zap took no path.');
        const linked = made2.result;
        const matter = linked.matter as { id?: number } | undefined;
        check(
          matter?.id === clioMatterId,
          `the Clio record is not on Clio matter ${clioMatterId}.`,
        );
        const receivers = (linked.receivers ?? []) as { id?: number }[];
        if (made2.name === 'Create Communication') {
          check(
            receivers[0]?.id === contactId,
            `the communication is not to contact ${contactId}.`,
          );
        }
        const kind = String(outputs[0]!.clio_record);
        const refs = link.result.external_refs as Record<string, string> | undefined;
        check(
          refs?.[kind] === String(linked.id),
          `the activity does not store ${kind} ${String(linked.id)}.`,
        );
        const notFired = [await linkBackIgnored(activityHook, linkBefore, activityTrigger)];
        return {
          flow: '3',
          madeIn: 'Snapshots',
          title,
          made,
          runs,
          notFired,
          checks: [
            `clio_record ${kind}: Clio ${made2.name.replace('Create ', '').toLowerCase()} ${String(linked.id)} on Clio matter ${clioMatterId}` +
              (made2.name === 'Create Communication' ? `, to contact ${contactId}` : ''),
            `link_activity_to_clio_record stored it on ${String(record.activity_id)}`,
          ],
        };
      });
    }
    return { connectedAs: '', changes };
  } finally {
    for (const hook of hooks) {
      await hook.settled();
      await hook.unsubscribe().catch(() => undefined);
      await hook.close();
    }
  }
}

/** Every mapping row of every recipe, as `flow|step|field` (the README's table rows). */
export function rowsExercised(report: FlowsReport): Set<string> {
  const seen = new Set<string>();
  for (const change of report.changes) {
    for (const run of change.runs) {
      for (const step of run.steps) {
        for (const row of step.rows) {
          if (!isEmpty(row.value)) seen.add(`${change.flow}|${step.name}|${row.field}`);
        }
      }
    }
  }
  return seen;
}

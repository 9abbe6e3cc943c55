/**
 * The three Clio flows, played end to end: the firm changes something in Snapshots (or Clio's
 * trigger hands on a matter), the hook emulator plays Zapier's part (the delivery becomes a
 * `perform` run of our trigger through core's app tester), and each step of the Zap runs as it
 * would in Zapier (./runner.ts), all from the recipe data (dev/zaps/recipes.ts). `npm start`
 * prints what `playFlows` returns (./report.ts); the flow tests assert on it.
 *
 * Each step below is one change and its checks; a failed one stops the play with the step's
 * label: the update lands on the same Clio contact, a change outside the chosen fields fires
 * nothing, two Clio payloads make one Snapshots matter, the Clio records link to the Clio matter
 * and contact. Every run is checked too (./checks.ts): one Snapshots request per action step and
 * none per trigger run, and each run costs what `costOf` says (the README's task counts).
 */
import { createAppTester } from 'zapier-platform-core';
import type { ClioStandIn } from '../../sandbox/clio';
import type { SandboxRequest } from '../../sandbox/index';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import type { HookEmulator } from '../hook-emulator';
import { recipe } from '../zaps/recipes';
import { CLIO_MATTER_STATUS_UPDATED, CLIO_NEW_MATTER } from '../zaps/trigger-payloads';
import { check, checkFiredOnce, checkLinkBackIgnored } from './checks';
import { type Firm, connectFirm } from './firm';
import { type HookState, closeHooks, delivered, hookState, subscribeTrigger } from './hooks';
import { type Change, type FlowsReport, type NotFired, StepFailure } from './report';
import { type ZapRunner, createZapRunner } from './runner';

type Fields = Record<string, unknown>;

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

/** What the steps share: the Zaps, the firm, and the ids one step leaves for the next. */
interface Scene {
  runner: ZapRunner;
  firm: Firm;
  clio: ClioStandIn;
  hooks: { location: HookEmulator; matter: HookEmulator; activity: HookEmulator };
  ids: {
    locationId: string;
    contactId: number;
    upsertedMatterId: string;
    matterId: string;
    clioMatterId: number;
  };
}

type Play = (scene: Scene) => Promise<Omit<Change, 'label'>>;

const flow1 = recipe('1');
const flow3 = recipe('3');
const locationTrigger = flow1.trigger.names[0]!;
const matterTrigger = recipe('2b').trigger.names[0]!;
const activityTrigger = flow3.trigger.names[0]!;

/**
 * A change the firm makes in Snapshots that `hook` receives: the firm's requests, then the
 * delivery and the trigger's perform runs (whose requests are the Zap's, made in that window).
 */
async function firmChange(scene: Scene, hook: HookEmulator, make: () => Promise<Fields>) {
  const { runner, firm } = scene;
  const before = hookState(hook);
  const start = runner.mark();
  const record = await make();
  const made = firm.requestsSince(start);
  const afterMade = runner.mark();
  const outputs = await delivered(hook, before);
  return { record, made, outputs, triggerRequests: runner.zapRequestsSince(afterMade) };
}

/** After a Zap's link-back step: its own change is delivered, and the trigger must not fire. */
async function linkBackIgnored(
  scene: Scene,
  hook: HookEmulator,
  before: HookState,
  trigger: string,
): Promise<NotFired> {
  const start = scene.runner.mark();
  const outputs = await delivered(hook, before);
  checkLinkBackIgnored(trigger, outputs);
  return {
    trigger,
    triggerRequests: scene.runner.zapRequestsSince(start),
    reason: 'the link-back step changed only external_refs, not a field the trigger watches',
  };
}

// ---------------------------------------------------------------- 1. Location → Clio contact

const locationCreated: Play = async (scene) => {
  const { clio, firm, runner, hooks, ids } = scene;
  const contactsBefore = clio.records.contacts.size;
  const { record, made, outputs, triggerRequests } = await firmChange(scene, hooks.location, () =>
    firm.inSnapshots('POST', '/locations', {
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
  ids.locationId = String(record.location_id);
  checkFiredOnce(locationTrigger, outputs);
  const linkBefore = hookState(hooks.location);
  const runs = await runner.zapRunsOn('1', locationTrigger, outputs, triggerRequests);
  const [create] = runs[0]!.steps;
  ids.contactId = Number(create?.result.id);
  check(create?.name === 'Create Company Contact', 'the Zap did not take the create path.');
  check(clio.records.contacts.size === contactsBefore + 1, 'Clio did not get one new contact.');
  const notFired = [await linkBackIgnored(scene, hooks.location, linkBefore, locationTrigger)];
  return {
    flow: '1',
    madeIn: 'Snapshots',
    title: 'A location is created in Snapshots',
    made,
    runs,
    notFired,
    checks: [
      `one Clio Company contact created (id ${ids.contactId}), with the Snapshots ID and Last Seen custom field values`,
      `link_location_to_clio_contact stored it: the location's clio_contact_id is now ${ids.contactId}`,
    ],
  };
};

const locationUpdated: Play = async (scene) => {
  const { clio, firm, runner, hooks, ids } = scene;
  const { contactId } = ids;
  const contactsBefore = clio.records.contacts.size;
  const { made, outputs, triggerRequests } = await firmChange(scene, hooks.location, () =>
    firm.inSnapshots('PATCH', `/locations/${ids.locationId}`, {
      address: { line1: '1 Seaport Lane', line2: null },
      last_seen: '2026-12-01T08:00:00Z',
    }),
  );
  checkFiredOnce(locationTrigger, outputs);
  check(
    outputs[0]?.clio_contact_id === String(contactId),
    `the output carries clio_contact_id ${String(outputs[0]?.clio_contact_id)}, not ${contactId}.`,
  );
  const runs = await runner.zapRunsOn('1', locationTrigger, outputs, triggerRequests);
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
};

const timezoneChanged: Play = async (scene) => {
  const { made, outputs, triggerRequests } = await firmChange(scene, scene.hooks.location, () =>
    scene.firm.inSnapshots('PATCH', `/locations/${scene.ids.locationId}`, {
      timezone: 'America/Chicago',
    }),
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
};

// ---------------------------------------------------------------- 2a. Clio matter → Snapshots

const countMatters = async (firm: Firm) =>
  ((await firm.inSnapshots('GET', '/matters?limit=100')) as { data: unknown[] }).data.length;
const dueDate = (id: number) => ({ value: '2027-04-30', custom_field: { id } });

const matterOpenedInClio: Play = async (scene) => {
  const { firm, runner, hooks, ids } = scene;
  const mattersBefore = await countMatters(firm);
  const { id, made } = await firm.inClio('POST', '/api/v4/matters.json', {
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
  const before = hookState(hooks.matter);
  const runs = await runner.zapRunsOn('2a', 'Clio: New Matter', [CLIO_NEW_MATTER], []);
  const [upsert] = runs[0]!.steps;
  ids.upsertedMatterId = String(upsert?.result.matter_id);
  check(
    upsert?.result.location_id === 'loc_demoHeadOffice',
    'the matter is not at the location linked to Clio contact 1001.',
  );
  // Its matter.created event runs flow 2b's Zap, which stops: the matter is linked to Clio.
  const echoes = await delivered(hooks.matter, before);
  check(echoes.length === 1, 'new_matter did not fire once for the upserted matter.');
  const echo = await runner.runZap('2b', 'new_matter', echoes[0]!, []);
  check(echo.path === undefined, 'flow 2b would create the Clio matter it came from again.');
  check((await countMatters(firm)) === mattersBefore + 1, 'Snapshots did not get one new matter.');
  return {
    flow: '2a',
    madeIn: 'Clio',
    title: 'A matter is opened in Clio (New Matter)',
    made,
    runs: [...runs, echo],
    notFired: [],
    checks: [
      'New Matter handed on ids as numbers, Status Open and a plain date',
      `one Snapshots matter created (${ids.upsertedMatterId}), linked to Clio matter ${CLIO_NEW_MATTER.id}, at the location of Clio contact ${CLIO_NEW_MATTER.client.id}`,
      'its own New Matter run in flow 2b stopped at Paths (clio_matter_id is set): no loop',
    ],
  };
};

const matterStatusChangedInClio: Play = async ({ firm, runner, ids }) => {
  const mattersBefore = await countMatters(firm);
  const { made } = await firm.inClio(
    'PATCH',
    `/api/v4/matters/${CLIO_MATTER_STATUS_UPDATED.id}.json`,
    {
      status: CLIO_MATTER_STATUS_UPDATED.status.toLowerCase(),
      pending_date: CLIO_MATTER_STATUS_UPDATED.pending_date,
    },
  );
  const runs = await runner.zapRunsOn(
    '2a',
    'Clio: Matter Status Updated',
    [CLIO_MATTER_STATUS_UPDATED],
    [],
  );
  const [upsert] = runs[0]!.steps;
  check(upsert?.result.matter_id === ids.upsertedMatterId, 'the update landed on another matter.');
  check(upsert.result.status === 'pending', `the status is ${String(upsert.result.status)}.`);
  check(
    upsert.result.due_date === '2027-04-30',
    `the due date is ${String(upsert.result.due_date)}.`,
  );
  check((await countMatters(firm)) === mattersBefore, 'Snapshots got a second matter (a twin).');
  return {
    flow: '2a',
    madeIn: 'Clio',
    title: 'Its status changes in Clio (Matter Status Updated)',
    made,
    runs,
    notFired: [],
    checks: [
      'Matter Status Updated handed on ids as numbers, Status Pending and a plain date',
      `the same Snapshots matter ${ids.upsertedMatterId} updated: status pending, due date 2027-04-30 (unchanged); never two`,
    ],
  };
};

// ---------------------------------------------------------------- 2b. Snapshots matter → Clio

const matterCreated: Play = async (scene) => {
  const { firm, runner, hooks, ids } = scene;
  const { record, made, outputs, triggerRequests } = await firmChange(scene, hooks.matter, () =>
    firm.inSnapshots('POST', '/matters', {
      title: 'Harbor Office lease',
      status: 'open',
      due_date: '2027-02-15',
      location_id: ids.locationId,
    }),
  );
  ids.matterId = String(record.matter_id);
  checkFiredOnce(matterTrigger, outputs);
  const runs = await runner.zapRunsOn('2b', matterTrigger, outputs, triggerRequests);
  const [create] = runs[0]!.steps;
  ids.clioMatterId = Number(create?.result.id);
  const client = create?.result.client as { id?: number } | undefined;
  check(
    client?.id === ids.contactId,
    `the Clio matter's client is ${String(client?.id)}, not ${ids.contactId}.`,
  );
  return {
    flow: '2b',
    madeIn: 'Snapshots',
    title: 'A matter is created in Snapshots at that location',
    made,
    runs,
    notFired: [],
    checks: [
      `Clio matter ${ids.clioMatterId} created, its client the location's Clio contact ${ids.contactId}`,
      `link_matter_to_clio_matter stored it on ${ids.matterId}`,
    ],
  };
};

// ---------------------------------------------------------------- 3. Activity → Clio record

const activityLogged =
  (title: string, fields: Fields): Play =>
  async (scene) => {
    const { firm, runner, hooks, ids } = scene;
    const { clioMatterId, contactId } = ids;
    const { record, made, outputs, triggerRequests } = await firmChange(scene, hooks.activity, () =>
      firm.inSnapshots('POST', '/activities', {
        date: '2026-12-01T15:00:00Z',
        matter_id: ids.matterId,
        location_id: ids.locationId,
        ...fields,
      }),
    );
    checkFiredOnce(activityTrigger, outputs);
    const linkBefore = hookState(hooks.activity);
    const runs = await runner.zapRunsOn('3', activityTrigger, outputs, triggerRequests);
    const [created, link] = runs[0]!.steps;
    check(created !== undefined && link !== undefined, 'the Zap took no path.');
    const linked = created.result;
    const matter = linked.matter as { id?: number } | undefined;
    check(matter?.id === clioMatterId, `the Clio record is not on Clio matter ${clioMatterId}.`);
    const receivers = (linked.receivers ?? []) as { id?: number }[];
    if (created.name === 'Create Communication') {
      check(receivers[0]?.id === contactId, `the communication is not to contact ${contactId}.`);
    }
    const kind = String(outputs[0]!.clio_record);
    const refs = link.result.external_refs as Record<string, string> | undefined;
    check(
      refs?.[kind] === String(linked.id),
      `the activity does not store ${kind} ${String(linked.id)}.`,
    );
    const notFired = [await linkBackIgnored(scene, hooks.activity, linkBefore, activityTrigger)];
    return {
      flow: '3',
      madeIn: 'Snapshots',
      title,
      made,
      runs,
      notFired,
      checks: [
        `clio_record ${kind}: Clio ${created.name.replace('Create ', '').toLowerCase()} ${String(linked.id)} on Clio matter ${clioMatterId}` +
          (created.name === 'Create Communication' ? `, to contact ${contactId}` : ''),
        `link_activity_to_clio_record stored it on ${String(record.activity_id)}`,
      ],
    };
  };

/** The flow script: each change by its label, in the order played. */
const STEPS: [label: string, play: Play][] = [
  ['1.1', locationCreated],
  ['1.2', locationUpdated],
  ['1.3', timezoneChanged],
  ['2.1', matterOpenedInClio],
  ['2.2', matterStatusChangedInClio],
  ['2.3', matterCreated],
  [
    '3.1',
    activityLogged('A call is logged in Snapshots', {
      type: 'call',
      notes: 'Call with the landlord about the lease.',
      duration_minutes: 20,
    }),
  ],
  [
    '3.2',
    activityLogged('A meeting is logged in Snapshots', {
      type: 'meeting',
      notes: 'Site meeting at the Harbor Office.',
      duration_minutes: 45,
    }),
  ],
  [
    '3.3',
    activityLogged('A note is written in Snapshots', {
      type: 'note',
      notes: 'Landlord agreed to a 5-year term.',
    }),
  ],
];

export async function playFlows(options: FlowsOptions): Promise<FlowsReport> {
  const { clio, authData, sandboxRequests } = options;
  const tester = createAppTester(app);
  const changes: Change[] = [];
  const started: HookEmulator[] = [];
  const firm = await connectFirm(options);
  const runner = createZapRunner({ tester, authData, clio, sandboxRequests });
  try {
    const subscribing = { tester, authData, started };
    const hooks = {
      location: await subscribeTrigger(locationTrigger, flow1.trigger.inputs, subscribing),
      matter: await subscribeTrigger(matterTrigger, undefined, subscribing),
      activity: await subscribeTrigger(activityTrigger, flow3.trigger.inputs, subscribing),
    };
    const scene: Scene = {
      runner,
      firm,
      clio,
      hooks,
      ids: { locationId: '', contactId: 0, upsertedMatterId: '', matterId: '', clioMatterId: 0 },
    };
    for (const [label, play] of STEPS) {
      try {
        const change = { label, ...(await play(scene)) };
        changes.push(change);
        options.onChange?.(change);
      } catch (error) {
        throw new StepFailure(`step ${label}`, error, changes);
      }
    }
    return { connectedAs: '', changes };
  } finally {
    await closeHooks(started);
  }
}

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
 * none per trigger run, and each run costs what `costOf` says (docs/zaps.md's task counts).
 */
import { createAppTester } from 'zapier-platform-core';
import type { ClioStandIn } from '../../sandbox/clio';
import type { SandboxRequest } from '../../sandbox/index';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import type { HookEmulator } from '../hook-emulator';
import { recipe } from '../zaps/recipes';
import { clioConformance } from '../../sandbox/clio/conformance';
import {
  CLIO_MATTER_STATUS_UPDATED,
  CLIO_NEW_CONTACT,
  CLIO_NEW_MATTER,
} from '../zaps/trigger-payloads';
import { check, checkFiredOnce, checkLinkBackIgnored } from './checks';
import { type Firm, connectFirm } from './firm';
import { type HookState, closeHooks, delivered, hookState, subscribeTrigger } from './hooks';
import { type Change, type FlowsReport, type NotFired, type StepRun, StepFailure } from './report';
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
    /** The location in Pacific/Auckland (1.4), for the activity dated by a day there (3.7). */
    aucklandLocationId: string;
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

/**
 * Flow 1's Zap on a location new to Clio: the trigger fired once, the Zap took the create path
 * (Create Company Contact, then the link-back), and the link-back's own change fired nothing.
 */
async function contactCreatedFor(
  scene: Scene,
  outputs: Awaited<ReturnType<typeof firmChange>>['outputs'],
  triggerRequests: Awaited<ReturnType<typeof firmChange>>['triggerRequests'],
) {
  const { runner, hooks } = scene;
  checkFiredOnce(locationTrigger, outputs);
  const linkBefore = hookState(hooks.location);
  const runs = await runner.zapRunsOn('1', locationTrigger, outputs, triggerRequests);
  const [create] = runs[0]!.steps;
  check(create?.name === 'Create Company Contact', 'the Zap did not take the create path.');
  const notFired = [await linkBackIgnored(scene, hooks.location, linkBefore, locationTrigger)];
  return { runs, create, notFired };
}

const locationCreated: Play = async (scene) => {
  const { clio, firm, hooks, ids } = scene;
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
  const { runs, create, notFired } = await contactCreatedFor(scene, outputs, triggerRequests);
  ids.contactId = Number(create.result.id);
  check(clio.records.contacts.size === contactsBefore + 1, 'Clio did not get one new contact.');
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

/** A location in New Zealand (UTC+13 in December): flow 1 gives it a Clio contact as any other. */
const aucklandLocationCreated: Play = async (scene) => {
  const { firm, hooks, ids } = scene;
  const { record, made, outputs, triggerRequests } = await firmChange(scene, hooks.location, () =>
    firm.inSnapshots('POST', '/locations', {
      name: 'Auckland Office',
      address: { line1: '1 Queen Street', city: 'Auckland', postal_code: '1010', country: 'NZ' },
      phone: '+6495550100',
      timezone: 'Pacific/Auckland',
    }),
  );
  ids.aucklandLocationId = String(record.location_id);
  const { runs, create, notFired } = await contactCreatedFor(scene, outputs, triggerRequests);
  return {
    flow: '1',
    madeIn: 'Snapshots',
    title: 'A location in Pacific/Auckland is created in Snapshots',
    made,
    runs,
    notFired,
    checks: [
      `one Clio Company contact created (id ${String(create.result.id)}) and linked; the location's time zone is Pacific/Auckland (UTC+13 in December)`,
    ],
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

/** A Clio matter Description of over 1,000 characters: Clio sets no limit, our Title holds 300. */
const LONG_DESCRIPTION = [
  'Commercial lease renewal for the Head Office at 75 Harbor Way.',
  'The landlord proposes a five-year term with an option to renew for five more, a rent review',
  'every two years indexed to the consumer price index, and a fit-out allowance for the third',
  'floor. Open points: the service charge cap, the break clause after year three, the landlord’s',
  'repair obligations for the roof and the lifts, parking for twelve cars, signage on the street',
  'front, access for the after-hours cleaning contractor, the deposit (three months or a bank',
  'guarantee), insurance of the tenant’s fixtures, and the reinstatement duties at the end of the',
  'term. The client wants the fit-out allowance paid before works begin, not on completion, and a',
  'rent-free period of four months to cover the works. Next steps: review the heads of terms',
  'received on 18 November, compare them with the current lease, and send the client a report',
  'with a recommendation on each open point before the meeting with the landlord’s agent. Keep',
  'the surveyor’s schedule of condition on file; it settles the dilapidations claim at the end of',
  'the current term.',
].join(' ');

/** Clio's matter as its trigger hands it on: the stand-in's record, in the payload's fields. */
async function clioMatterPayload(clio: ClioStandIn, id: number): Promise<Fields> {
  const fields =
    'id,number,display_number,description,status,open_date,pending_date,close_date,client{id,name},' +
    'custom_field_values{id,field_name,field_type,value,custom_field},created_at,updated_at';
  const response = await fetch(
    `${clio.url}/api/v4/matters/${id}.json?fields=${encodeURIComponent(fields)}`,
    { headers: { authorization: `Bearer ${clio.token}` } },
  );
  check(response.ok, `Clio refused to read matter ${id} (HTTP ${response.status}).`);
  return ((await response.json()) as { data: Fields }).data;
}

const longDescriptionInClio: Play = async (scene) => {
  const { clio, firm, runner, hooks } = scene;
  check(LONG_DESCRIPTION.length > 1000, 'the description is not over 1,000 characters.');
  const { id, made } = await firm.inClio('POST', '/api/v4/matters.json', {
    client: { id: CLIO_NEW_MATTER.client.id },
    description: LONG_DESCRIPTION,
    status: 'open',
    open_date: '2026-11-24',
  });
  const payload = await clioMatterPayload(clio, id);
  const before = hookState(hooks.matter);
  const runs = await runner.zapRunsOn('2a', 'Clio: New Matter', [payload], []);
  const [upsert] = runs[0]!.steps;
  const title = String(upsert?.result.title);
  check(
    title.length === 300 && title.endsWith('…') && LONG_DESCRIPTION.startsWith(title.slice(0, -1)),
    `the title is not the description fitted to 300 characters with "…": ${title.slice(0, 40)}….`,
  );
  check(
    upsert?.result.description === LONG_DESCRIPTION,
    "the matter's description does not hold Clio's full text.",
  );
  check(
    upsert.result.clio_description === LONG_DESCRIPTION,
    'the output Clio Description does not give Clio its text uncut.',
  );
  const echoes = await delivered(hooks.matter, before);
  check(echoes.length === 1, 'new_matter did not fire once for the upserted matter.');
  const echo = await runner.runZap('2b', 'new_matter', echoes[0]!, []);
  check(echo.path === undefined, 'flow 2b would create the Clio matter it came from again.');
  return {
    flow: '2a',
    madeIn: 'Clio',
    title: `A matter with a ${LONG_DESCRIPTION.length.toLocaleString('en-US')}-character description is opened in Clio`,
    made,
    runs: [...runs, echo],
    notFired: [],
    checks: [
      `Snapshots matter ${String(upsert.result.matter_id)}: Title is the description fitted to 300 characters, ending in "…" (no halt)`,
      `its Description keeps Clio's full ${LONG_DESCRIPTION.length} characters, and the output Clio Description gives them back uncut`,
      'its own New Matter run in flow 2b stopped at Paths (clio_matter_id is set): no loop',
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

/** What an off-demo activity step checks of its Clio record beyond the link: its lines. */
type RecordCheck = (created: StepRun, output: Fields) => string[];

const activityLogged =
  (title: string, fields: Fields, checkRecord?: RecordCheck): Play =>
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
    const recordChecks = checkRecord?.(created, outputs[0]!) ?? [];
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
        ...recordChecks,
        `link_activity_to_clio_record stored it on ${String(record.activity_id)}`,
      ],
    };
  };

/** An activity no Clio record fits: the trigger says so, and recipe 3's Paths stop the run. */
const activityStopped =
  (title: string, fields: Fields): Play =>
  async (scene) => {
    const { clio, firm, runner, hooks, ids } = scene;
    const clioRequestsBefore = clio.requests.length;
    const { made, outputs, triggerRequests } = await firmChange(scene, hooks.activity, () =>
      firm.inSnapshots('POST', '/activities', {
        date: '2026-12-01T15:00:00Z',
        location_id: ids.locationId,
        ...fields,
      }),
    );
    checkFiredOnce(activityTrigger, outputs);
    const output = outputs[0]!;
    const reason = output.clio_no_record_reason;
    check(output.clio_record === 'none', `clio_record is ${String(output.clio_record)}, not none.`);
    check(typeof reason === 'string' && reason !== '', 'clio_no_record_reason is empty.');
    const runs = await runner.zapRunsOn('3', activityTrigger, outputs, triggerRequests);
    check(runs[0]?.path === undefined, 'a Paths branch took an activity with no Clio record.');
    check(clio.requests.length === clioRequestsBefore, 'the stopped run sent Clio a request.');
    return {
      flow: '3',
      madeIn: 'Snapshots',
      title,
      made,
      runs,
      notFired: [],
      checks: [
        `clio_record none, clio_no_record_reason: "${reason}"`,
        "recipe 3's Paths stopped the run (no branch takes none): no task, no Clio request",
      ],
    };
  };

const bodyIsSubject: RecordCheck = (created, output) => {
  const { body, subject } = created.result;
  check(
    typeof body === 'string' && body !== '' && body === subject && body === output.clio_subject,
    `the communication's body is ${JSON.stringify(body)}, not the subject.`,
  );
  return [`no notes: the body is clio_body, the subject "${String(body)}" (Clio requires a body)`];
};

const matterNote: RecordCheck = (created) => {
  check(created.name === 'Create Matter Note', `the Zap took "${created.name}", not a note.`);
  check(created.result.type === 'Matter', `the note is a ${String(created.result.type)} note.`);
  return ['no duration, so no time entry: a Matter note on the linked Clio matter'];
};

const AUCKLAND_DAY = '2026-12-02';
const sameDayInClio: RecordCheck = (created, output) => {
  check(output.clio_date === AUCKLAND_DAY, `clio_date is ${String(output.clio_date)}.`);
  check(created.result.date === AUCKLAND_DAY, `Clio got the date ${String(created.result.date)}.`);
  return [
    `entered for ${AUCKLAND_DAY} at a location in Pacific/Auckland (UTC+13): clio_date and Clio's date are ${AUCKLAND_DAY}`,
  ];
};

// ---------------------------------------------------------------- 4. Clio contact → Snapshots

const contactCreatedInClio: Play = async (scene) => {
  const { firm, runner, hooks } = scene;
  const address = CLIO_NEW_CONTACT.primary_address;
  const { id, made } = await firm.inClio('POST', '/api/v4/contacts.json', {
    type: CLIO_NEW_CONTACT.type,
    name: CLIO_NEW_CONTACT.name,
    addresses: [
      {
        name: address.name,
        street: address.street,
        city: address.city,
        province: address.province,
        postal_code: address.postal_code,
        country: address.country,
      },
    ],
    email_addresses: [{ name: 'Work', address: CLIO_NEW_CONTACT.primary_email_address }],
    phone_numbers: [{ name: 'Work', number: CLIO_NEW_CONTACT.primary_phone_number }],
  });
  check(
    id === CLIO_NEW_CONTACT.id,
    `Clio gave the new contact id ${id}, the payload says ${CLIO_NEW_CONTACT.id}.`,
  );
  const problems = clioConformance()({
    method: 'GET',
    path: `/api/v4/contacts/${id}.json`,
    status: 200,
    requestBody: undefined,
    responseBody: { data: CLIO_NEW_CONTACT },
  });
  check(problems.length === 0, `the New Contact payload is not Clio's Contact: ${problems[0]}`);
  const before = hookState(hooks.location);
  const runs = await runner.zapRunsOn('4', 'Clio: New Contact', [CLIO_NEW_CONTACT], []);
  const [upsert] = runs[0]!.steps;
  const result = upsert!.result;
  const stored = result.address as { country?: string } | undefined;
  check(stored?.country === 'CA', `the country is stored as ${String(stored?.country)}, not CA.`);
  check(result.phone === '+16045550100', `the phone is stored as ${String(result.phone)}.`);
  const refs = result.external_refs as Record<string, string> | undefined;
  check(refs?.clio === String(id), `the location is not linked to Clio contact ${id}.`);
  // Its own location event runs flow 1's Zap, linked: the same Clio contact, no twin.
  const echoes = await delivered(hooks.location, before);
  checkFiredOnce(locationTrigger, echoes);
  const echo = await runner.runZap('1', locationTrigger, echoes[0]!, []);
  const [update] = echo.steps;
  check(update?.name === 'Update Company Contact', 'flow 1 did not take the linked path.');
  check(Number(update.result.id) === id, 'flow 1 updated another Clio contact.');
  const [inClio] = (scene.clio.records.contacts.get(id)?.addresses ?? []) as { country?: string }[];
  check(inClio?.country === 'Canada', `Clio's country became ${String(inClio?.country)}.`);
  return {
    flow: '4',
    madeIn: 'Clio',
    title: 'A contact is created in Clio with a country name and a national phone (New Contact)',
    made,
    runs: [...runs, echo],
    notFired: [],
    checks: [
      `New Contact handed on the country as Clio holds it ("${address.country}") and the phone as typed ("${CLIO_NEW_CONTACT.primary_phone_number}")`,
      `Snapshots location ${String(result.location_id)} stores them as CA and +16045550100, linked to Clio contact ${id}`,
      `its own event ran flow 1 on the linked path: Update Company Contact ${id}, the same contact (no twin)`,
    ],
  };
};

/** The flow script: each change by its label, in the order played. */
const STEPS: [label: string, play: Play][] = [
  ['1.1', locationCreated],
  ['1.2', locationUpdated],
  ['1.3', timezoneChanged],
  ['1.4', aucklandLocationCreated],
  ['2.1', matterOpenedInClio],
  ['2.2', matterStatusChangedInClio],
  ['2.3', matterCreated],
  ['2.4', longDescriptionInClio],
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
  // Off the demo path (issue 16): each Clio step succeeds, or recipe 3's own rule stops it.
  [
    '3.4',
    activityStopped('A note with no matter is written in Snapshots', {
      type: 'note',
      notes: 'The landlord called back; no matter opened yet.',
    }),
  ],
  [
    '3.5',
    activityLogged(
      'A call with no notes is logged in Snapshots',
      { type: 'call', duration_minutes: 5 },
      bodyIsSubject,
    ),
  ],
  [
    '3.6',
    activityLogged(
      'A meeting with no duration is logged in Snapshots',
      { type: 'meeting', notes: 'Walk-through of the third floor with the surveyor.' },
      matterNote,
    ),
  ],
  [
    '3.7',
    (scene) =>
      activityLogged(
        `A meeting is logged for ${AUCKLAND_DAY} (a day, no time) at the Auckland location`,
        {
          type: 'meeting',
          date: AUCKLAND_DAY,
          location_id: scene.ids.aucklandLocationId,
          notes: 'Video call with the Auckland office about the lease.',
          duration_minutes: 30,
        },
        sameDayInClio,
      )(scene),
  ],
  ['4.1', contactCreatedInClio],
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
      ids: {
        locationId: '',
        contactId: 0,
        upsertedMatterId: '',
        matterId: '',
        clioMatterId: 0,
        aucklandLocationId: '',
      },
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

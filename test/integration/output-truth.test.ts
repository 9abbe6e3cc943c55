/**
 * Issue 17's Done-when: every visible operation, live against the sandbox through core's app
 * tester, tells the truth about its output. Triggers fire on the sandbox's real signed deliveries
 * (the hook emulator plays Zapier's part); creates, searches and find-or-creates run as a Zap
 * runs them; records with and without links, custom fields and embedded records. For each
 * operation it fails when:
 * - an output key (as Zapier flattens it) is not among the operation's output fields (static, or
 *   the dynamic custom fields), or a static one is not in its sample;
 * - a promised key never comes back in any case;
 * - a value differs from its field's type or list-ness;
 * - the same record (the same change id) gives other values from a trigger than from an action
 *   or a search (the linked Clio ids, the embedded records, `clio_date` in the location's zone).
 */
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { FILTER_NOT_APPLIED } from '../../src/builders/hook-trigger';
import type { HookEmulator } from '../../dev/hook-emulator';
import { flattened, misfit, staticOutputFields } from '../support/output-truth';
import { createApiClient } from '../../src/http/client';
import { useHookEmulators } from '../support/hook-emulators';
import { startReceiver, type Receiver } from '../support/receiver';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const appTester = createAppTester(app);
let authData: StoredAuthData;

type Output = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
interface Operation {
  key: string;
  display?: { hidden?: boolean };
  operation: { perform: unknown; outputFields?: unknown[]; sample?: object };
}

const creates = app.creates as unknown as Record<string, Operation>;
const searches = app.searches as unknown as Record<string, Operation>;
const triggers = app.triggers as unknown as Record<string, Operation>;
const searchOrCreates = app.searchOrCreates ?? {};

/** What the operation promises: its output fields and sample (a find-or-create shows its search's). */
const promiseOf = (key: string): Operation => {
  const [name = key, outcome] = key.split(' ');
  const operation = outcome ? searches[name] : (creates[name] ?? searches[name] ?? triggers[name]);
  if (!operation) throw new Error(`no operation ${key}`);
  return operation;
};

/** Every operation a user can pick, and a find-or-create's two outcomes. */
const VISIBLE = [
  ...Object.values(triggers).filter((trigger) => trigger.display?.hidden !== true),
  ...Object.values(creates).filter((create) => create.display?.hidden !== true),
  ...Object.values(searches),
].map((operation) => operation.key);
const FIND_OR_CREATE = Object.keys(searchOrCreates).flatMap((key) => [
  `${key} (found)`,
  `${key} (created)`,
]);

/** The outputs each operation gave, across the cases. */
const outputs = new Map<string, Output[]>();
const keep = (key: string, result: unknown) => {
  const list = Array.isArray(result) ? (result as Output[]) : [result as Output];
  outputs.set(key, [...(outputs.get(key) ?? []), ...list]);
  return list;
};

const run = async (key: string, inputData: Record<string, unknown>): Promise<Output> => {
  const operation = creates[key] ?? searches[key];
  if (!operation) throw new Error(`no create or search ${key}`);
  const result = await appTester(operation.operation.perform as Perform, { authData, inputData });
  const [first] = keep(key, result);
  if (!first) throw new Error(`${key} returned nothing for ${JSON.stringify(inputData)}`);
  return first;
};

/** Zapier's find-or-create: the search, and the create only when it finds nothing. */
const findOrCreate = async (
  key: string,
  search: Record<string, unknown>,
  create: Record<string, unknown>,
) => {
  const definition = searchOrCreates[key] as { search: string; create: string };
  const found = (await appTester(searches[definition.search]!.operation.perform as Perform, {
    authData,
    inputData: search,
  })) as Output[];
  if (found.length > 0) return keep(`${key} (found)`, found.slice(0, 1));
  const created = await appTester(creates[definition.create]!.operation.perform as Perform, {
    authData,
    inputData: create,
  });
  keep(definition.create, created);
  return keep(`${key} (created)`, created);
};

/** The custom fields' output fields, as the editor loads them for this connection. */
async function dynamicFields(operation: Operation) {
  const functions = (operation.operation.outputFields ?? []).filter(
    (field) => typeof field === 'function',
  );
  const loaded = await Promise.all(
    functions.map(
      async (load) => (await appTester(load as Perform, { authData })) as { key: string }[],
    ),
  );
  return staticOutputFields(loaded.flat());
}

/** What only a trigger tells: the change it fired for, and whether its field filter applied. */
const CHANGE_FIELDS = [
  'event_id',
  'event_type',
  'occurred_at',
  'changed_fields',
  FILTER_NOT_APPLIED,
];
const withoutChange = (output: Output) =>
  Object.fromEntries(Object.entries(output).filter(([key]) => !CHANGE_FIELDS.includes(key)));

let hookOf: Record<string, HookEmulator> = {};
let failing: Receiver | undefined;
afterAll(() => failing?.close());

beforeAll(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  authData = await sandbox.connect();
  // An account's own custom field of every remaining type, beside the seeded ones.
  await sandbox.controls.addCustomField({
    object: 'activity',
    key: 'follow_up_at',
    label: 'Follow Up At',
    type: 'datetime',
  });
  // A receiver that always fails: Snapshots abandons its delivery, a sync error of its own kind.
  const receiver = await startReceiver(() => 500);
  failing = receiver;
  await appTester(
    (async (z: ZObject) =>
      createApiClient(z).webhooks.create(
        { url: receiver.url, events: ['location.created'] },
        { idempotencyKey: 'output-truth-failing-receiver' },
      )) as never,
    { authData },
  );
  hookOf = Object.fromEntries(
    await Promise.all(
      VISIBLE.filter((key) => triggers[key]).map(async (key) => {
        const hook = await hooks.start({ trigger: triggers[key]!, authData });
        await hook.subscribe();
        return [key, hook] as const;
      }),
    ),
  );

  // Locations: one with every field, a custom field of each kind and a Clio contact; one bare.
  const full = await run('create_location', {
    name: 'Harbour Office',
    email: 'harbour@firm.example',
    phone: '+1 (415) 555-0123',
    street: '1 Quay St\nFloor 2',
    city: 'Portland',
    province: 'OR',
    postal_code: '97201',
    country: 'us',
    timezone: 'Pacific/Auckland',
    last_seen: '2027-03-01T09:00:00-05:00',
    custom_fields__practice_area: 'Family',
    custom_fields__client_since: '2019-04-01',
  });
  const bare = await run('create_location', { name: 'Back Office' });
  await run('link_location_to_clio_contact', {
    location_id: full.location_id,
    clio_contact_id: '501',
  });
  await run('update_location', { location_id: bare.location_id, city: 'Salem' });
  await run('update_location', { location_id: full.location_id, email: 'quay@firm.example' });
  await run('upsert_location_from_clio', { clio_contact_id: '501', name: 'Harbour Office' });
  const fromClio = await run('upsert_location_from_clio', {
    clio_contact_id: '502',
    name: 'From Clio',
    custom_fields__practice_area: 'Corporate',
    custom_fields__client_since: '2020-01-31',
  });
  await findOrCreate(
    'find_location',
    { search_name: 'Harbour Office' },
    { name: 'Harbour Office' },
  );
  await findOrCreate('find_location', { search_name: 'Annex' }, { name: 'Annex' });

  // Matters: one at the linked location, by its Clio contact, with custom fields; one bare.
  const linked = await run('create_matter', {
    title: 'Smith v. Jones',
    status: 'Pending',
    due_date: '2027-03-01',
    description: 'Lease dispute.',
    location_clio_contact_id: '501',
    custom_fields__billing_code: 'SJ-1',
    custom_fields__budget: '2500.50',
    custom_fields__court_date: '2027-01-15',
  });
  const lone = await run('create_matter', { title: 'Unfiled' });
  await run('link_matter_to_clio_matter', { matter_id: linked.matter_id, clio_matter_id: '701' });
  // Unlinked and linked again, before any activity embeds it.
  await run('unlink_matter_from_clio_matter', { matter_id: linked.matter_id });
  await run('link_matter_to_clio_matter', { matter_id: linked.matter_id, clio_matter_id: '701' });
  await run('update_matter', { matter_id: lone.matter_id, status: 'closed' });
  await run('update_matter', { matter_id: linked.matter_id, description: 'Lease dispute, 2027.' });
  await run('upsert_matter_from_clio', { clio_matter_id: '701', title: 'Smith v. Jones' });
  await run('upsert_matter_from_clio', {
    clio_matter_id: '702',
    title: 'From Clio',
    location_id: bare.location_id,
  });
  await findOrCreate(
    'find_matter',
    { search_title: 'Smith v. Jones' },
    { title: 'Smith v. Jones' },
  );
  await findOrCreate('find_matter', { search_title: 'Estate' }, { title: 'Estate' });

  // Activities: a call late in the day in Auckland (another date there than in UTC), a note on a
  // Clio matter, a timed meeting on a matter not in Clio, and a note with neither.
  const call = await run('create_activity', {
    type: 'call',
    date: '2026-11-27T20:30:00Z',
    notes: 'Intake call',
    duration_minutes: 25,
    matter_clio_matter_id: '701',
    location_clio_contact_id: '501',
    custom_fields__billable: 'true',
    custom_fields__outcome: 'Agreed to send the draft.',
    custom_fields__follow_up_at: '2026-12-01T09:00:00Z',
  });
  const note = await run('create_activity', {
    type: 'note',
    date: '2026-11-28',
    notes: 'Lease terms.',
    matter_id: linked.matter_id,
  });
  const meeting = await run('create_activity', {
    type: 'meeting',
    date: '2026-11-29',
    duration_minutes: 60,
    matter_id: lone.matter_id,
    location_id: bare.location_id,
  });
  const orphan = await run('create_activity', { type: 'note', date: '2026-11-30' });
  await run('link_activity_to_clio_record', {
    activity_id: call.activity_id,
    clio_id: '901',
    clio_kind: 'clio_communication',
  });
  await run('link_activity_to_clio_record', {
    activity_id: note.activity_id,
    clio_id: '902',
    clio_kind: 'clio_note',
  });
  await run('update_activity', { activity_id: call.activity_id, custom_fields__billable: 'false' });
  await run('link_activity_to_clio_record', {
    activity_id: meeting.activity_id,
    clio_id: '906',
    clio_kind: 'clio_time_entry',
  });
  await run('update_activity', { activity_id: meeting.activity_id, notes: 'Site visit prep.' });
  await run('update_activity', { activity_id: note.activity_id, notes: 'Lease terms, signed.' });
  await run('update_activity', { activity_id: orphan.activity_id, notes: 'Voicemail.' });
  await run('upsert_activity_from_clio', {
    clio_id: '903',
    clio_kind: 'clio_time_entry',
    type: 'task',
    date: '2026-11-30',
    duration_minutes: 15,
    matter_id: lone.matter_id,
  });
  for (const [clioId, kind, type] of [
    ['904', 'clio_note', 'note'],
    ['905', 'clio_communication', 'email'],
  ]) {
    await run('upsert_activity_from_clio', {
      clio_id: clioId,
      clio_kind: kind,
      type,
      date: '2026-12-01T10:00:00Z',
      location_clio_contact_id: '501',
      matter_clio_matter_id: '701',
    });
  }
  await run('upsert_activity_from_clio', {
    clio_id: '901',
    clio_kind: 'clio_communication',
    type: 'call',
    date: '2026-11-27T20:30:00Z',
    custom_fields__outcome: 'Draft sent.',
  });
  await run('upsert_activity_from_clio', {
    clio_id: '902',
    clio_kind: 'clio_note',
    type: 'note',
    date: '2026-11-28',
  });

  // Unlinks, of records the searches below do not look for by their Clio id.
  await run('unlink_location_from_clio_contact', {
    location_id: fromClio.location_id,
    clio_contact_id: '502',
  });
  await run('unlink_activity_from_clio_record', {
    activity_id: meeting.activity_id,
    clio_kind: 'clio_time_entry',
  });
  await run('unlink_activity_from_clio_record', {
    activity_id: call.activity_id,
    clio_kind: 'clio_communication',
    clio_id: '901',
  });

  // The searches, last: every record is at its final version, with its links as they are.
  for (const record of [full, bare]) {
    await run('find_location', { search_location_id: record.location_id });
  }
  await run('find_location', { search_clio_contact_id: '501' });
  for (const record of [linked, lone]) {
    await run('find_matter', { search_matter_id: record.matter_id });
  }
  await run('find_matter', { search_clio_matter_id: '701' });
  for (const record of [call, note, meeting, orphan]) {
    await run('find_activity', { search_activity_id: record.activity_id });
  }
  await run('find_activity', { search_clio_id: '903', search_clio_kind: 'clio_time_entry' });
  await run('find_activity', { search_clio_id: '905', search_clio_kind: 'clio_communication' });

  // A write Snapshots refuses: what the sync-error trigger fires for.
  await expect(
    run('create_matter', { title: 'Nowhere', location_clio_contact_id: '999' }),
  ).rejects.toThrow(/999/);

  // Every record's latest change reaches the triggers that watch it.
  const latest = new Map<string, Output>();
  for (const output of [...outputs.values()].flat()) {
    const [recordId, version] = output.id.split(':');
    const seen = latest.get(recordId!);
    if (!seen || Number(seen.id.split(':')[1]) < Number(version)) latest.set(recordId!, output);
  }
  await hooks.waitFor(() => {
    for (const [recordId, output] of latest) {
      const object = { loc: 'location', mat: 'matter', act: 'activity' }[recordId.slice(0, 3)]!;
      const fired = hookOf[`new_or_updated_${object}`]!.outputs.map((out) => out.id);
      expect(fired).toContain(output.id);
    }
    expect(hookOf.new_sync_error!.outputs.map((output) => output.code)).toEqual(
      expect.arrayContaining(['validation_failed', 'webhook_delivery_abandoned']),
    );
  }, 20_000);
  for (const [key, hook] of Object.entries(hookOf)) outputs.set(key, hook.outputs as Output[]);
}, 60_000);

describe('every visible operation tells the truth about its output', () => {
  it('each one is run here: a new operation needs its cases', () => {
    expect(VISIBLE.filter((key) => !outputs.get(key)?.length)).toEqual([]);
    expect(FIND_OR_CREATE.filter((key) => !outputs.get(key)?.length)).toEqual([]);
  });

  it.each([...VISIBLE, ...FIND_OR_CREATE])(
    '%s: every key promised, every promise kept, typed as declared',
    async (key) => {
      const operation = promiseOf(key);
      const fields = [
        ...staticOutputFields(operation.operation.outputFields ?? []),
        ...(await dynamicFields(operation)),
      ];
      const byKey = new Map(fields.map((field) => [field.key, field]));
      const sample = flattened(operation.operation.sample ?? {});
      const results = (outputs.get(key) ?? []).map((output) => flattened(output));
      expect(results.length).toBeGreaterThan(0);

      const unpromised = new Set<string>();
      const misfits: string[] = [];
      for (const output of results) {
        for (const [name, value] of output) {
          const field = byKey.get(name);
          if (!field) unpromised.add(name);
          else {
            const problem = misfit(field, value);
            if (problem) misfits.push(problem);
          }
        }
      }
      expect([...unpromised]).toEqual([]);
      expect(misfits).toEqual([]);
      // A static field is in the sample, but for a map whose keys vary by record (the systems a
      // record is linked to, one kind of error's details): a sibling stands for it there.
      const inSample = (name: string) =>
        sample.has(name) ||
        (name.includes('__') &&
          [...sample.keys()].some((other) => other.startsWith(`${name.split('__')[0]!}__`)));
      expect(
        staticOutputFields(operation.operation.outputFields ?? [])
          .map((field) => field.key)
          .filter((name) => !inSample(name)),
      ).toEqual([]);
      // Every promise, static or dynamic, comes back in some case (a find-or-create's in either
      // outcome: the editor shows the search's fields for both).
      const [name, outcome] = key.split(' ');
      const cases = outcome
        ? [...(outputs.get(`${name!} (found)`) ?? []), ...(outputs.get(`${name!} (created)`) ?? [])]
        : (outputs.get(key) ?? []);
      const returned = new Set(cases.flatMap((output) => [...flattened(output).keys()]));
      expect(
        fields.map((field) => field.key).filter((promised) => !returned.has(promised)),
      ).toEqual([]);
    },
  );

  // Issue 17, finding 6: Find Matter's client id came back empty and Find Activity's date was
  // the UTC day, both for want of the linked records.
  it("a search fills the linked Clio ids and dates the activity in its location's zone", () => {
    const found = outputs.get('find_activity') ?? [];
    expect(found.find((output) => output.date === '2026-11-27T20:30:00.000Z')).toMatchObject({
      clio_date: '2026-11-28',
      clio_matter_id: '701',
      clio_contact_id: '501',
      location: { timezone: 'Pacific/Auckland' },
    });
    expect(
      (outputs.get('find_matter') ?? []).find((output) => output.title === 'Smith v. Jones'),
    ).toMatchObject({
      clio_matter_id: '701',
      clio_client_id: '501',
      location_name: 'Harbour Office',
    });
  });

  it('the same change gives the same values from a trigger, an action and a search', () => {
    const fired = new Map<string, Output>();
    for (const object of ['location', 'matter', 'activity']) {
      for (const output of outputs.get(`new_or_updated_${object}`) ?? []) {
        fired.set(output.id, output);
      }
    }
    let compared = 0;
    for (const key of [...Object.keys(creates), ...Object.keys(searches)]) {
      for (const output of outputs.get(key) ?? []) {
        const trigger = fired.get(output.id);
        if (!trigger) continue;
        compared += 1;
        expect([key, output]).toEqual([key, withoutChange(trigger)]);
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

/**
 * The recipes' mappings, run on trigger outputs and sent to the Clio stand-in over loopback: each
 * Clio step's request is exactly the body Clio's Zapier action would send, and Clio accepts it.
 */
import { type ClioStandIn, startClioStandIn } from '../../../../sandbox/clio';
import { performClioStep } from '../../../../dev/zaps/clio-app';
import {
  type ClioStep,
  type Recipe,
  RECIPES,
  type SnapshotsStep,
  CLIO_REQUESTS_PER_MINUTE,
  clioRequest,
  costOf,
  pacingAdvice,
  pathFor,
  recipe,
  snapshotsInputs,
} from '../../../../dev/zaps/recipes';
import {
  CLIO_MATTER_STATUS_UPDATED,
  CLIO_NEW_CONTACT,
  CLIO_NEW_MATTER,
} from '../../../../dev/zaps/trigger-payloads';
import { toActivityOutput } from '../../../../src/activities/activity';
import { MAX_DELIVERIES_PER_MINUTE } from '../../../../src/api/schemas';
import {
  callOutput,
  locationOutput,
  matterOutput,
  meetingOutput,
  noteOutput,
} from '../../../support/clio-outputs';

let clio: ClioStandIn;
beforeEach(async () => {
  clio = await startClioStandIn({ port: 0 });
});
afterEach(() => clio.close());

type Output = Record<string, unknown>;

/** The steps of the path the output takes, which must exist. */
function stepsFor(flow: Recipe['flow'], output: Output): [ClioStep, SnapshotsStep | undefined] {
  const path = pathFor(recipe(flow), output);
  if (!path) throw new Error(`no path of flow ${flow} for this output`);
  const [clioStep, linkStep] = path.steps;
  if (clioStep?.app !== 'Clio') throw new Error('the first step is not a Clio step');
  return [clioStep, linkStep?.app === 'Snapshots' ? linkStep : undefined];
}

/** Every (output field → body) pair the tests saw, to prove each mapping row is exercised. */
const exercised = new Set<string>();
async function playClio(flow: Recipe['flow'], output: Output) {
  const [step, link] = stepsFor(flow, output);
  const run = await performClioStep(clio, step, output);
  const last = run.calls.at(-1)!;
  const body = JSON.stringify(last.body);
  for (const row of step.mapping) {
    if ('fixed' in row.from) {
      if (body.includes(JSON.stringify(row.from.fixed)))
        exercised.add(`${flow}|${step.name}|${row.field}`);
      continue;
    }
    if (!('output' in row.from)) continue;
    const raw = output[row.from.output];
    if (raw === null || raw === undefined || raw === '') continue;
    const landed =
      row.api === ':id'
        ? last.path.includes(`/${JSON.stringify(Number(raw))}.json`)
        : [JSON.stringify(raw), JSON.stringify(Number(raw))].some((form) => body.includes(form));
    if (landed) exercised.add(`${flow}|${step.name}|${row.field}`);
  }
  const inputs = link && snapshotsInputs(link, output, { [step.name]: run.result });
  if (link) for (const row of link.mapping) exercised.add(`${flow}|${link.name}|${row.input}`);
  return { step, run, inputs };
}

describe('flow 1: location → Clio Company contact', () => {
  it('creates the contact with its address, email, phone and custom field values, then links it', async () => {
    const { step, run, inputs } = await playClio('1', locationOutput);
    expect(step.name).toBe('Create Company Contact');
    expect(run.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', '/api/v4/contacts.json', 201],
    ]);
    expect(run.calls[0]?.body).toEqual({
      data: {
        type: 'Company',
        name: 'Boston Branch',
        addresses: [
          {
            name: 'Work',
            street: '200 State Street\nFloor 4',
            city: 'Boston',
            province: 'MA',
            postal_code: '02109',
            country: 'United States',
          },
        ],
        email_addresses: [{ name: 'Work', address: 'boston@demo-law.example' }],
        phone_numbers: [{ name: 'Work', number: '+16175550142' }],
        custom_field_values: [
          { value: 'loc_demoBoston', custom_field: { id: 9001 } },
          { value: '2026-11-20T10:00:00.000Z', custom_field: { id: 9002 } },
        ],
      },
    });
    expect(inputs).toEqual({ location_id: 'loc_demoBoston', clio_contact_id: run.result.id });
  });

  it('leaves out what the location does not have (no empty email or phone item)', () => {
    const bare = { ...locationOutput, email: null, phone: '', last_seen: null };
    const [step] = stepsFor('1', bare);
    const { data } = clioRequest(step, bare, clio).body;
    expect(Object.keys(data).sort()).toEqual(['addresses', 'custom_field_values', 'name', 'type']);
  });

  it('updates the linked contact in place: same id, one address, custom field values changed, no twin', async () => {
    const created = await playClio('1', locationOutput);
    const contactId = created.run.result.id;
    const updated = {
      ...locationOutput,
      street: '1 Federal Street',
      email: 'federal@demo-law.example',
      last_seen: '2026-11-21T08:00:00.000Z',
      clio_contact_id: String(contactId), // as the trigger outputs it, a string
    };
    const { step, run, inputs } = await playClio('1', updated);
    expect(step.name).toBe('Update Company Contact');
    expect(inputs).toBeUndefined();
    expect(run.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['GET', `/api/v4/contacts/${contactId}.json`, 200],
      ['PATCH', `/api/v4/contacts/${contactId}.json`, 200],
    ]);
    const before = created.run.result as unknown as {
      addresses: { id: number }[];
      email_addresses: { id: number }[];
      custom_field_values: { id: number }[];
    };
    expect(run.calls[1]?.body).toMatchObject({
      data: {
        addresses: [{ id: before.addresses[0]!.id, street: '1 Federal Street' }],
        email_addresses: [
          { id: before.email_addresses[0]!.id, address: 'federal@demo-law.example' },
        ],
        custom_field_values: [
          { id: before.custom_field_values[0]!.id, value: 'loc_demoBoston' },
          { id: before.custom_field_values[1]!.id, value: '2026-11-21T08:00:00.000Z' },
        ],
      },
    });
    expect(clio.records.contacts.size).toBe(2); // the demo contact and this one
    const stored = clio.records.contacts.get(contactId)!;
    expect(stored.addresses).toEqual([expect.objectContaining({ street: '1 Federal Street' })]);
    expect(stored.email_addresses).toEqual([
      expect.objectContaining({ address: 'federal@demo-law.example' }),
    ]);
    expect(stored.custom_field_values).toEqual([
      expect.objectContaining({ field_name: 'Snapshots ID', value: 'loc_demoBoston' }),
      expect.objectContaining({ field_name: 'Last Seen', value: '2026-11-21T08:00:00.000Z' }),
    ]);
  });
});

describe('flow 2a: Clio matter → upsert_matter_from_clio', () => {
  const [upsert] = recipe('2a').paths[0]!.steps as [SnapshotsStep];

  it('takes New Matter’s fields as Clio emits them (numbers, Status Open, plain dates)', () => {
    expect(upsert.key).toBe('upsert_matter_from_clio');
    expect(snapshotsInputs(upsert, CLIO_NEW_MATTER)).toEqual({
      clio_matter_id: 2002,
      title: 'Lease renewal for the Head Office',
      status: 'Open',
      due_date: '2027-04-30',
      location_clio_contact_id: 1001,
    });
  });

  it('takes Matter Status Updated’s fields as Clio emits them', () => {
    expect(snapshotsInputs(upsert, CLIO_MATTER_STATUS_UPDATED)).toEqual({
      clio_matter_id: 2002,
      title: 'Lease renewal for the Head Office',
      status: 'Pending',
      due_date: '2027-04-30',
      location_clio_contact_id: 1001,
    });
    for (const row of upsert.mapping) exercised.add(`2a|${upsert.name}|${row.input}`);
  });

  it('takes the values as Zapier’s mapping may hand them on (ids as text, dates with offsets)', () => {
    const asMapped = {
      ...CLIO_MATTER_STATUS_UPDATED,
      id: '2002',
      client: { id: '1001', name: 'Head Office' },
      custom_field_values: [
        {
          ...CLIO_MATTER_STATUS_UPDATED.custom_field_values[0]!,
          value: '2027-04-30T00:00:00-04:00',
        },
      ],
    };
    expect(snapshotsInputs(upsert, asMapped)).toEqual({
      clio_matter_id: '2002',
      title: 'Lease renewal for the Head Office',
      status: 'Pending',
      due_date: '2027-04-30T00:00:00-04:00',
      location_clio_contact_id: '1001',
    });
  });
});

describe('flow 2b: Snapshots matter → Clio matter', () => {
  it('creates the Clio matter for the location’s Clio contact, then links it', async () => {
    const { step, run, inputs } = await playClio('2b', matterOutput);
    expect(step.name).toBe('Create Matter');
    expect(run.calls[0]?.body).toEqual({
      data: {
        client: { id: 1001 },
        description: 'Acme Corp acquisition',
        status: 'pending',
        custom_field_values: [{ value: '2027-05-01', custom_field: { id: 9003 } }],
      },
    });
    expect(run.result).toMatchObject({ client: { id: 1001 }, status: 'Pending' });
    expect(inputs).toEqual({ matter_id: 'mat_demoAcmeMerger', clio_matter_id: run.result.id });
  });

  it('does nothing for a matter already linked to Clio (it came from Clio) or whose location is not', () => {
    expect(pathFor(recipe('2b'), { ...matterOutput, clio_matter_id: '2001' })).toBeUndefined();
    expect(pathFor(recipe('2b'), { ...matterOutput, clio_client_id: null })).toBeUndefined();
  });
});

describe('flow 3: activity → the Clio record its output suggests', () => {
  it('a call becomes a phone communication on the matter, to the contact', async () => {
    const { step, run, inputs } = await playClio('3', callOutput);
    expect(step.name).toBe('Create Communication');
    expect(run.calls[0]?.body).toEqual({
      data: {
        type: 'PhoneCommunication',
        subject: 'Call: Intake call with Ms. Smith.',
        body: 'Intake call with Ms. Smith.',
        date: '2026-11-02',
        received_at: '2026-11-02T15:00:00.000Z',
        matter: { id: 2001 },
        receivers: [{ type: 'Contact', id: 1001 }],
      },
    });
    expect(inputs).toEqual({
      activity_id: 'act_demoIntakeCall',
      clio_kind: 'clio_communication',
      clio_id: run.result.id,
    });
  });

  it('a meeting becomes a time entry on the matter, its duration in seconds', async () => {
    const { step, run } = await playClio('3', meetingOutput);
    expect(step.name).toBe('Create Time Entry');
    expect(run.calls[0]?.body).toEqual({
      data: {
        type: 'TimeEntry',
        matter: { id: 2001 },
        date: '2026-11-05',
        quantity: 5400,
        note: 'Board meeting on the Acme term sheet.',
      },
    });
  });

  it('a note becomes a matter note', async () => {
    const { step, run, inputs } = await playClio('3', noteOutput);
    expect(step.name).toBe('Create Matter Note');
    expect(run.calls[0]?.body).toEqual({
      data: {
        type: 'Matter',
        matter: { id: 2001 },
        subject: 'Note: Probate file archived.',
        detail: 'Probate file archived.',
        date: '2026-11-06',
      },
    });
    expect(inputs?.clio_kind).toBe('clio_note');
  });

  // Finding 2 of issue 16: Body came from `notes`, and Clio refuses a communication without one.
  it('a call logged without notes is a communication whose body is its subject', async () => {
    const bare = toActivityOutput({ ...callOutput, notes: null });
    const { step, run } = await playClio('3', bare);
    expect(step.name).toBe('Create Communication');
    expect(run.calls[0]?.body).toMatchObject({
      data: { subject: 'Call on 2026-11-02', body: 'Call on 2026-11-02' },
    });
    expect(run.calls[0]?.status).toBe(201);
  });

  // Finding 1 of issue 16: such notes were routed to Create Matter Note with no matter.
  it('a note with no matter takes no path: no Clio step runs, and the output says why', () => {
    const orphan = toActivityOutput({ ...noteOutput, matter_id: null, matter: null });
    expect(orphan.clio_record).toBe('none');
    expect(orphan.clio_no_record_reason).toMatch(/creates notes on a matter only/);
    expect(pathFor(recipe('3'), orphan)).toBeUndefined();
  });

  it('does not create a second Clio record for an activity already linked', () => {
    expect(pathFor(recipe('3'), { ...noteOutput, clio_note_id: '4001' })).toBeUndefined();
  });
});

describe('Clio refuses what the mapping cannot fill', () => {
  it('names the step and Clio’s message (a matter note with no Clio matter)', async () => {
    // An output no mapper emits (the recipe stops such a note), to see Clio's refusal named.
    const orphan = { ...noteOutput, clio_matter_id: null };
    const [step] = stepsFor('3', orphan);
    await expect(performClioStep(clio, step, orphan)).rejects.toThrow(
      /Clio refused "Create Matter Note" \(POST \/api\/v4\/notes\.json, HTTP 422\): .*data\.matter is required/,
    );
  });
});

describe('costOf', () => {
  it('counts a task per action step, and the Clio and Snapshots requests of one run', async () => {
    const [create, update] = recipe('1').paths;
    expect(costOf(create!)).toEqual({ tasks: 2, clioCalls: 1, snapshotsCalls: 1 });
    expect(costOf(update!)).toEqual({ tasks: 1, clioCalls: 2, snapshotsCalls: 0 });
    expect(costOf(recipe('2a').paths[0]!)).toEqual({ tasks: 1, clioCalls: 0, snapshotsCalls: 1 });
    // The Clio calls counted are the ones Clio's app makes (the stand-in's request log).
    await playClio('1', locationOutput);
    const id = clio.requests.at(-1)?.response as { data: { id: number } };
    await playClio('1', { ...locationOutput, clio_contact_id: String(id.data.id) });
    expect(clio.requests).toHaveLength(costOf(create!).clioCalls + costOf(update!).clioCalls);
  });
});

describe('pacingAdvice (Max Runs per Minute)', () => {
  it('gives each Zap our trigger starts that writes to Clio a share of Clio’s limit', () => {
    const advice = pacingAdvice();
    expect(
      advice.map((zap) => [zap.recipe.flow, zap.clioCallsPerRun, zap.maxRunsPerMinute]),
    ).toEqual([
      ['1', 2, 6],
      ['2b', 1, 13],
      ['3', 1, 13],
    ]);
    // All of them at full speed together stay under Clio's limit, with headroom.
    const together = advice.reduce(
      (sum, zap) => sum + zap.maxRunsPerMinute * zap.clioCallsPerRun,
      0,
    );
    expect(together).toBeLessThan(CLIO_REQUESTS_PER_MINUTE);
    // Every value is one the trigger takes.
    for (const zap of advice) {
      expect(zap.maxRunsPerMinute).toBeGreaterThanOrEqual(MAX_DELIVERIES_PER_MINUTE.min);
      expect(zap.maxRunsPerMinute).toBeLessThanOrEqual(MAX_DELIVERIES_PER_MINUTE.max);
    }
  });
});

describe('flow 4: Clio contact → Snapshots location', () => {
  it('takes New Contact’s fields as Clio emits them (the country’s name, a national phone)', () => {
    const [upsert] = recipe('4').paths[0]!.steps as [SnapshotsStep];
    expect(upsert.key).toBe('upsert_location_from_clio');
    expect(snapshotsInputs(upsert, CLIO_NEW_CONTACT)).toEqual({
      clio_contact_id: 1004,
      name: 'Vancouver Office',
      email: 'vancouver@demo-law.example',
      phone: '604-555-0100',
      street: '200 Burrard Street',
      city: 'Vancouver',
      province: 'BC',
      postal_code: 'V6C 3L6',
      country: 'Canada',
    });
    for (const row of upsert.mapping) exercised.add(`4|${upsert.name}|${row.input}`);
  });
});

afterAll(() => {
  // Every row of every recipe was run by a test above (docs/zaps.md's tables show exactly these).
  const rows = RECIPES.flatMap((r) =>
    r.paths.flatMap((path) =>
      path.steps.flatMap((step) =>
        step.app === 'Clio'
          ? step.mapping.map((row) => `${r.flow}|${step.name}|${row.field}`)
          : step.mapping.map((row) => `${r.flow}|${step.name}|${row.input}`),
      ),
    ),
  );
  expect(rows.filter((key) => !exercised.has(key))).toEqual([]);
});

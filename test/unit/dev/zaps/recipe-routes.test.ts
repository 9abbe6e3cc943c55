/**
 * Issue 16's table: every valid activity, location and matter the triggers emit, over types,
 * with and without matter, duration, notes, address parts and client link, in zones from UTC-12
 * to UTC+14. Each either takes a path of its recipe to a Clio request whose required fields are
 * all filled (Clio's API v4 document, below) and which the Clio stand-in accepts, or stops by
 * the recipe's own rule at no task cost: never a Clio step that fails.
 */
import { type ClioStandIn, startClioStandIn } from '../../../../sandbox/clio';
import { performClioStep } from '../../../../dev/zaps/clio-app';
import {
  type ClioRequest,
  type ClioStep,
  type Recipe,
  clioRequest,
  pathFor,
  recipe,
} from '../../../../dev/zaps/recipes';
import type { ActivityExpanded, Location, Matter } from '../../../../src/api/schemas';
import { toActivityOutput } from '../../../../src/activities/activity';
import { toLocationOutput } from '../../../../src/locations/location';
import { toMatterOutput } from '../../../../src/matters/matter';

type Fields = Record<string, unknown>;

// ------------------------------------------------------------------ Clio's required fields
/*
 * From Clio's API v4 document (default version 4.0.9), create bodies:
 * - POST /activities.json: `type` (TimeEntry…) and `date` (ISO date) only.
 * - POST /notes.json: `type` (Matter | Contact) and, in the prose, `matter.id` "required only if
 *   the Note type is Matter" (`contact.id` for Contact). The schema lists both as required: the
 *   prose is what Clio does, so it is followed here.
 * - POST /communications.json: `body`, `subject` and `type` (PhoneCommunication | EmailCommunication).
 * - POST /contacts.json: `name` and `type` (Person | Company).
 * - POST /matters.json: `client.id` and `description`; `status` lowercase on write.
 * Ids are integers ("the keyword null is not valid"); Clio refuses a blank required text.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isId = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
const idOf = (value: unknown) => (value as { id?: unknown } | undefined)?.id;

const REQUIRED: Record<string, (data: Fields) => string[]> = {
  activities: (data) => [
    ...(['TimeEntry', 'ExpenseEntry', 'HardCostEntry', 'SoftCostEntry'].includes(
      data.type as string,
    )
      ? []
      : ['type']),
    ...(ISO_DATE.test(String(data.date)) ? [] : ['date']),
  ],
  notes: (data) => {
    if (data.type === 'Matter') return isId(idOf(data.matter)) ? [] : ['matter.id'];
    if (data.type === 'Contact') return isId(idOf(data.contact)) ? [] : ['contact.id'];
    return ['type'];
  },
  communications: (data) => [
    ...(['PhoneCommunication', 'EmailCommunication'].includes(data.type as string) ? [] : ['type']),
    ...(filled(data.subject) ? [] : ['subject']),
    ...(filled(data.body) ? [] : ['body']),
  ],
  contacts: (data) => [
    ...(filled(data.name) ? [] : ['name']),
    ...(['Person', 'Company'].includes(data.type as string) ? [] : ['type']),
  ],
  matters: (data) => [
    ...(isId(idOf(data.client)) ? [] : ['client.id']),
    ...(filled(data.description) ? [] : ['description']),
  ],
};

/** What Clio's document says of the optional fields the recipes fill, when they are sent. */
function malformed(data: Fields): string[] {
  const problems: string[] = [];
  if ('matter' in data && !isId(idOf(data.matter))) problems.push('matter.id');
  if ('date' in data && !ISO_DATE.test(String(data.date))) problems.push('date');
  if ('received_at' in data && !ISO_DATE_TIME.test(String(data.received_at)))
    problems.push('received_at');
  if ('quantity' in data && !(typeof data.quantity === 'number' && data.quantity > 0))
    problems.push('quantity');
  if ('status' in data && !['open', 'pending', 'closed'].includes(data.status as string))
    problems.push('status');
  for (const list of ['receivers', 'addresses', 'email_addresses', 'phone_numbers']) {
    for (const item of (data[list] ?? []) as Fields[]) {
      if (list === 'receivers' && !isId(item.id)) problems.push(`${list}[].id`);
      for (const [key, value] of Object.entries(item))
        if (value === '' || value === null) problems.push(`${list}[].${key}`);
    }
  }
  return problems;
}

function problemsOf(step: ClioStep, request: ClioRequest): string[] {
  const { data } = request.body;
  const required = step.method === 'POST' ? REQUIRED[step.collection]!(data) : [];
  const id = /\/(\d+)\.json$/.exec(request.path);
  const url = step.method === 'PATCH' && !id ? [':id'] : [];
  return [...required, ...url, ...malformed(data)];
}

// ------------------------------------------------------------------ the table

/**
 * Zones from UTC-12 to UTC+14, with their offset on 2 December 2026 (New Zealand and Tonga on
 * summer time), and the activity's day there.
 */
const ZONES: [zone: string, offset: string][] = [
  ['Etc/GMT+12', '-12:00'],
  ['America/Los_Angeles', '-08:00'],
  ['UTC', '+00:00'],
  ['Asia/Kolkata', '+05:30'],
  ['Pacific/Fiji', '+12:00'],
  ['Pacific/Auckland', '+13:00'],
  ['Pacific/Tongatapu', '+13:00'],
  ['Pacific/Kiritimati', '+14:00'],
];
const DAY = '2026-12-02';
const server = { created_at: '2026-12-01T00:00:00.000Z', last_updated: '2026-12-01T00:00:00.000Z' };
const SEEDED_CONTACT = '1001';
const SEEDED_MATTER = '2001';

const address = (parts: number) => ({
  line1: parts & 1 ? '1 Harbour St' : null,
  line2: parts & 2 ? 'Level 4' : null,
  city: parts & 4 ? 'Auckland' : null,
  region: parts & 8 ? 'AUK' : null,
  postal_code: parts & 16 ? '1010' : null,
  country: parts & 32 ? 'NZ' : null,
});

function location(zone: string | null, linked: boolean, parts = 63): Location {
  return {
    ...server,
    version: 1,
    location_id: 'loc_table',
    name: 'Harbour Office',
    address: address(parts),
    email: parts & 1 ? 'harbour@demo-law.example' : null,
    phone: parts & 2 ? '+6495550100' : null,
    timezone: zone,
    last_seen: parts & 4 ? '2026-12-01T20:00:00.000Z' : null,
    external_refs: linked ? { clio: SEEDED_CONTACT } : {},
    custom_fields: {},
  };
}

const matter = (linked: boolean): Matter => ({
  ...server,
  version: 1,
  matter_id: 'mat_table',
  title: 'Harbour lease',
  status: 'open',
  due_date: null,
  description: null,
  location_id: null,
  external_refs: linked ? { clio: SEEDED_MATTER } : {},
  custom_fields: {},
});

interface ActivityCase {
  name: string;
  record: ActivityExpanded;
  /** The day the user meant. */
  day: string;
}

/** A type newer than this version, as the lenient reader passes it on. */
const TYPES = [
  'call',
  'email',
  'meeting',
  'note',
  'task',
  'visit',
  'sms',
] as ActivityExpanded['type'][];

function* activityCases(): Generator<ActivityCase> {
  const places: [string, Location | null, string][] = [['no location', null, '+00:00']];
  for (const [zone, offset] of ZONES) {
    places.push([`${zone}, linked`, location(zone, true), offset]);
    places.push([`${zone}, not linked`, location(zone, false), offset]);
  }
  const matters: [string, Matter | null][] = [
    ['no matter', null],
    ['Clio matter', matter(true)],
    ['matter not in Clio', matter(false)],
  ];
  for (const type of TYPES)
    for (const [placeName, place, offset] of places)
      for (const [matterName, onMatter] of matters)
        for (const duration of [null, 0, 45])
          for (const notes of [null, '', '  ', 'Walked the site with the landlord.'])
            // The day alone, and early and late on that day where the activity happened.
            for (const date of [DAY, `${DAY}T00:30:00${offset}`, `${DAY}T23:30:00${offset}`]) {
              const utc = date === DAY ? DAY : new Date(date).toISOString();
              yield {
                name: `${type}, ${placeName}, ${matterName}, ${duration} min, notes ${JSON.stringify(notes)}, ${date}`,
                day: DAY,
                record: {
                  ...server,
                  version: 1,
                  activity_id: 'act_table',
                  type,
                  date: utc,
                  notes,
                  duration_minutes: duration,
                  matter_id: onMatter?.matter_id ?? null,
                  location_id: place?.location_id ?? null,
                  external_refs: {},
                  custom_fields: {},
                  matter: onMatter,
                  location: place,
                },
              };
            }
}

let clio: ClioStandIn;
beforeAll(async () => {
  clio = await startClioStandIn({ port: 0 });
});
afterAll(() => clio.close());

/** One request per distinct body is enough to know Clio's answer. */
const sent = new Map<string, number>();
async function clioAccepts(step: ClioStep, output: Fields): Promise<void> {
  const key = `${step.name} ${JSON.stringify(clioRequest(step, output, clio))}`;
  if (sent.has(key)) return;
  const run = await performClioStep(clio, step, output);
  sent.set(key, run.calls.at(-1)!.status);
}

interface Verdict {
  routed: string[];
  stopped: number;
  failures: string[];
}

async function judge(
  flow: Recipe['flow'],
  cases: Iterable<{
    name: string;
    output: Fields;
    mustRoute?: boolean;
    check?: (data: Fields) => string[];
  }>,
): Promise<Verdict> {
  const verdict: Verdict = { routed: [], stopped: 0, failures: [] };
  for (const { name, output, mustRoute, check } of cases) {
    const path = pathFor(recipe(flow), output);
    if (!path) {
      if (mustRoute) verdict.failures.push(`${name}: stopped, but a Clio record fits`);
      verdict.stopped += 1;
      continue;
    }
    if (mustRoute === false) {
      verdict.failures.push(`${name}: routed, but its output says no Clio record fits`);
      continue;
    }
    const step = path.steps[0];
    if (step?.app !== 'Clio') {
      verdict.failures.push(`${name}: the path starts with no Clio step`);
      continue;
    }
    const request = clioRequest(step, output, clio);
    const problems = [...problemsOf(step, request), ...(check?.(request.body.data) ?? [])];
    if (problems.length > 0)
      verdict.failures.push(`${name}: ${step.name} lacks ${problems.join(', ')}`);
    else {
      await clioAccepts(step, output);
      verdict.routed.push(step.name);
    }
  }
  return verdict;
}

describe('flow 3: every activity goes to a Clio record Clio accepts, or stops at Paths saying why', () => {
  it('over types, matter, duration, notes, location and zones from UTC-12 to UTC+14', async () => {
    let count = 0;
    const unexplained: string[] = [];
    const cases = function* () {
      for (const { name, record, day } of activityCases()) {
        count += 1;
        const output = toActivityOutput(record) as unknown as Fields;
        const none = output.clio_record === 'none';
        const reason = output.clio_no_record_reason;
        // Stopping is the output's own verdict, said in words; never a silent gap.
        if (none !== (typeof reason === 'string' && reason.length > 20)) unexplained.push(name);
        yield {
          name,
          output,
          mustRoute: !none,
          // The day the user meant, in every zone.
          check: (data: Fields) => (data.date === day ? [] : [`date ${String(data.date)}`]),
        };
      }
    };
    const verdict = await judge('3', cases());
    expect(verdict.failures.slice(0, 10)).toEqual([]);
    expect(unexplained.slice(0, 10)).toEqual([]);
    expect(count).toBe(7 * 17 * 3 * 3 * 4 * 3);
    expect(verdict.routed.length + verdict.stopped).toBe(count);
    // Every Clio route of the recipe is taken, and some activities stop.
    expect(new Set(verdict.routed)).toEqual(
      new Set(['Create Communication', 'Create Time Entry', 'Create Matter Note']),
    );
    expect(verdict.stopped).toBeGreaterThan(0);
    expect([...sent.values()].filter((status) => status !== 201)).toEqual([]);
  });

  it('an activity already linked to its Clio record stops (Clio’s app cannot update it)', () => {
    for (const { record } of activityCases()) {
      const output = toActivityOutput({
        ...record,
        external_refs: { clio_note: '1', clio_communication: '2', clio_time_entry: '3' },
      }) as unknown as Fields;
      expect(pathFor(recipe('3'), output)).toBeUndefined();
    }
  });
});

describe('flow 1: every location becomes a Company contact Clio accepts', () => {
  it('with and without each address part, email and phone, linked or not, in every zone', async () => {
    const cases = function* () {
      for (const [zone] of ZONES)
        for (let parts = 0; parts < 64; parts += 1)
          for (const linked of [false, true])
            yield {
              name: `${zone}, address parts ${parts}, ${linked ? 'linked' : 'not linked'}`,
              output: toLocationOutput(location(zone, linked, parts)) as unknown as Fields,
              mustRoute: true,
            };
    };
    const verdict = await judge('1', cases());
    expect(verdict.failures.slice(0, 10)).toEqual([]);
    expect(verdict.routed).toHaveLength(ZONES.length * 64 * 2);
    expect([...sent.values()].filter((status) => status >= 300)).toEqual([]);
  });
});

describe('flow 2b: every Snapshots matter becomes a Clio matter, or waits by its Filter', () => {
  it('with and without a client link, linked to Clio or not, every status, with and without a due date', async () => {
    const cases = function* () {
      for (const client of ['no location', 'location not in Clio', 'Clio client'])
        for (const linked of [false, true])
          for (const status of ['open', 'pending', 'closed'] as const)
            for (const due of [null, '2027-05-01']) {
              const place =
                client === 'no location' ? null : location('UTC', client === 'Clio client');
              yield {
                name: `${client}, ${linked ? 'in Clio' : 'not in Clio'}, ${status}, due ${due}`,
                output: toMatterOutput({
                  ...matter(linked),
                  status,
                  due_date: due,
                  location_id: place?.location_id ?? null,
                  location: place,
                }) as unknown as Fields,
                // Only a matter not in Clio yet, whose client is, has a Clio matter to create.
                mustRoute: client === 'Clio client' && !linked,
              };
            }
    };
    const verdict = await judge('2b', cases());
    expect(verdict.failures).toEqual([]);
    expect(verdict.routed).toHaveLength(6);
    expect(verdict.stopped).toBe(30);
  });
});

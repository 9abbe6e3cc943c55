/**
 * The output mappers the triggers, actions and searches use: one id per change, the API record kept
 * under its own names, the Clio-ready fields, and samples whose keys are exactly the labelled
 * output fields.
 */
import { ActivityExpanded, Location, MatterExpanded } from '../../../src/api/schemas';
import type { RoleOutput } from '../../../src/builders/object-kind';
import {
  activityKind,
  calendarDate,
  clioRouteOf,
  SAMPLE_ACTIVITY,
  toActivityOutput,
} from '../../../src/activities/activity';
import {
  customFieldOutputs,
  embeddedCustomFieldOutputs,
} from '../../../src/fields/custom-field-outputs';
import { locationKind, SAMPLE_LOCATION, toLocationOutput } from '../../../src/locations/location';
import { matterKind, SAMPLE_MATTER, toMatterOutput } from '../../../src/matters/matter';
import { activity, location, matter } from '../../support/fixtures';
import { flattened, misfit, staticOutputFields } from '../../support/output-truth';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

/** Zapier's view of an output: nested objects flattened with `__`. */
const flatKeys = (value: object): string[] => [...flattened(value).keys()];

const change = {
  event_id: 'evt_1',
  event_type: 'location.updated',
  occurred_at: '2026-11-27T10:15:00.000Z',
  changed_fields: ['name'],
};

const TRIGGER_ONLY = ['event_id', 'event_type', 'occurred_at', 'changed_fields'];

describe.each([
  ['location', locationKind, Location, SAMPLE_LOCATION, 1],
  ['matter', matterKind, MatterExpanded, SAMPLE_MATTER, 2],
  ['activity', activityKind, ActivityExpanded, SAMPLE_ACTIVITY, 3],
] as const)('the %s outputs', (_object, kind, schema, record, embeddedCount) => {
  const roles = Object.entries(kind.outputs) as [string, RoleOutput][];

  it('the sample record is a valid API record, with ISO timestamps carrying their offset', () => {
    expect(schema.safeParse(record).success).toBe(true);
    for (const [key, value] of flattened(kind.outputs.trigger.sample)) {
      if (!/(_at|last_updated|last_seen)$/.test(key) || value === null) continue;
      expect([key, value]).toEqual([
        key,
        expect.stringMatching(/T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/),
      ]);
    }
  });

  // Zapier's publishing checks T004 and T005: the sample's keys are exactly the static output
  // fields, each value of its declared type and list-ness.
  it.each(roles)('%s: sample keys are exactly the static output fields, typed', (_role, output) => {
    const sample = flattened(output.sample);
    const fields = staticOutputFields(output.outputFields);
    const keys = fields.map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    const sampleKeys = flatKeys(output.sample);
    expect(sampleKeys.filter((key) => !keys.includes(key))).toEqual([]);
    // `external_refs` holds the systems a record happens to be linked to: some, in a sample.
    expect(
      keys.filter((key) => !key.startsWith('external_refs__') && !sampleKeys.includes(key)),
    ).toEqual([]);
    expect(fields.map((field) => misfit(field, sample.get(field.key))).filter(Boolean)).toEqual([]);
    for (const field of fields) {
      expect([field.key, field.label]).toEqual([field.key, expect.stringMatching(/^[A-Z]/)]);
    }
    expect(keys[0]).toBe('id');
    expect(sample.get('id')).toMatch(/^(loc|mat|act)_[A-Za-z0-9]+:\d+$/);
  });

  // Issue 17, finding 6: creates and searches advertised the trigger's change fields.
  it.each(roles)('%s: the change fields only in a trigger', (role, output) => {
    const keys = staticOutputFields(output.outputFields).map((field) => field.key);
    const expected = role === 'trigger' ? TRIGGER_ONLY : [];
    expect(keys.filter((key) => TRIGGER_ONLY.includes(key))).toEqual(expected);
  });

  // Issue 17, finding 6: `changed_fields` was declared a string, though it is a list.
  it('changed_fields is declared a list of strings', () => {
    expect(
      staticOutputFields(kind.outputs.trigger.outputFields).find(
        (field) => field.key === 'changed_fields',
      ),
    ).toEqual({ key: 'changed_fields', label: 'Changed Fields', type: 'string', list: true });
  });

  it.each(roles)(
    '%s: custom fields are dynamic, never an account’s own in the sample',
    (_role, output) => {
      expect(flatKeys(output.sample).filter((key) => key.startsWith('custom_fields'))).toEqual([]);
      // Its own custom fields, and each embedded record's.
      expect(output.outputFields.filter((field) => typeof field === 'function')).toHaveLength(
        embeddedCount,
      );
    },
  );

  it('a create promises no reference to another system: a new record has none yet', () => {
    const keys = staticOutputFields(kind.outputs.create.outputFields).map((field) => field.key);
    expect(keys.filter((key) => key.startsWith('external_refs__'))).toEqual([]);
    expect(
      staticOutputFields(kind.outputs.action.outputFields).some((field) =>
        field.key.startsWith('external_refs__'),
      ),
    ).toBe(true);
  });
});

describe('toLocationOutput', () => {
  it('gives the fields of a Clio contact, flat', () => {
    const output = toLocationOutput(
      location({
        address: {
          line1: '1 Main St',
          line2: 'Floor 2',
          city: 'Austin',
          region: 'TX',
          postal_code: '78701',
          country: 'US',
        },
        external_refs: { clio: '42' },
        version: 7,
      }),
      change,
    );
    expect(output).toMatchObject({
      id: 'loc_1:7',
      location_id: 'loc_1',
      street: '1 Main St\nFloor 2',
      city: 'Austin',
      province: 'TX',
      postal_code: '78701',
      // Clio holds a country by its English name: a round trip keeps Clio's text.
      country: 'United States',
      clio_contact_id: '42',
      address: { line1: '1 Main St', city: 'Austin' },
      ...change,
    });
  });

  it('null for what is missing, and no change fields for an action result', () => {
    const output = toLocationOutput(location({ address: {}, external_refs: {} }));
    expect(output).toMatchObject({
      street: null,
      city: null,
      province: null,
      clio_contact_id: null,
    });
    expect(output).not.toHaveProperty('event_id');
  });
});

describe('toMatterOutput', () => {
  it.each([
    ['open', 'Open'],
    ['pending', 'Pending'],
    ['closed', 'Closed'],
  ] as const)('status %s is Clio %s', (status, clio) => {
    expect(toMatterOutput(matter({ status })).clio_status).toBe(clio);
  });

  it('a status newer than this version is passed on capitalised, as Clio spells statuses', () => {
    const archived = { ...matter(), status: 'archived' } as unknown as Parameters<
      typeof toMatterOutput
    >[0];
    expect(toMatterOutput(archived).clio_status).toBe('Archived');
  });

  it('the client is the Clio contact of the embedded location; null without one', () => {
    const linked = {
      ...matter({ external_refs: { clio: '88' } }),
      location: location({ name: 'Site', external_refs: { clio: '42' } }),
    };
    expect(toMatterOutput(linked)).toMatchObject({
      id: 'mat_1:3',
      clio_matter_id: '88',
      clio_client_id: '42',
      location_name: 'Site',
    });
    expect(toMatterOutput({ ...matter(), location: null })).toMatchObject({
      clio_client_id: null,
      location_name: null,
    });
    expect(toMatterOutput(matter())).toMatchObject({ clio_client_id: null });
  });

  // Zapier would show `location: null` as a field no output field declares.
  it('a matter with no location has no location key, only its nested fields absent', () => {
    expect(toMatterOutput({ ...matter(), location: null })).not.toHaveProperty('location');
    const unlinked = toActivityOutput({ ...activity(), matter: null, location: null });
    expect(unlinked).not.toHaveProperty('matter');
    expect(unlinked).not.toHaveProperty('location');
  });

  // Issue 16, finding 6: a long Clio Description is fitted to Title, its full text kept in
  // Description; Clio's Update Matter gets the full text back, never the shortened title.
  it("Clio's Description: the full text a shortened title came from, else the title", () => {
    const full = `${'word '.repeat(80)}end`;
    const shortened = `${full.slice(0, 294)}…`;
    expect(toMatterOutput(matter({ title: shortened, description: full })).clio_description).toBe(
      full,
    );
    expect(
      toMatterOutput(matter({ title: 'Smith v. Jones', description: 'Lease dispute.' }))
        .clio_description,
    ).toBe('Smith v. Jones');
    expect(
      toMatterOutput(matter({ title: 'Wait…', description: 'Something else' })).clio_description,
    ).toBe('Wait…');
    expect(toMatterOutput(matter({ title: shortened, description: null })).clio_description).toBe(
      shortened,
    );
  });
});

describe('toActivityOutput', () => {
  it('links, date, durations and the Clio record of a call', () => {
    const output = toActivityOutput({
      ...activity({
        type: 'call',
        duration_minutes: 90,
        notes: 'Intake call',
        matter_id: 'mat_1',
        location_id: 'loc_1',
        external_refs: { clio_communication: '7' },
      }),
      matter: matter({ external_refs: { clio: '88' } }),
      location: location({ external_refs: { clio: '42' }, timezone: 'America/Chicago' }),
    });
    expect(output).toMatchObject({
      id: 'act_1:1',
      clio_date: '2026-11-27',
      duration_minutes: 90,
      duration_seconds: 5400,
      duration_hours: 1.5,
      clio_matter_id: '88',
      clio_contact_id: '42',
      clio_record: 'clio_communication',
      clio_communication_type: 'PhoneCommunication',
      clio_note_type: null,
      clio_subject: 'Call: Intake call',
      clio_communication_id: '7',
      clio_note_id: null,
      clio_time_entry_id: null,
    });
  });

  it.each([
    ['note', 0, 'mat_1', '88', 'clio_note'],
    ['call', 5, null, null, 'clio_communication'],
    ['email', 5, 'mat_1', '88', 'clio_communication'],
    ['meeting', 60, 'mat_1', '88', 'clio_time_entry'],
    ['visit', null, 'mat_1', '88', 'clio_note'],
    ['task', 15, 'mat_1', '88', 'clio_time_entry'],
    // Clio requires only type and date of a time entry: one with no matter is firm time.
    ['meeting', 60, null, null, 'clio_time_entry'],
    ['task', 15, null, null, 'clio_time_entry'],
    // A type newer than this version (read leniently) is a matter note.
    ['sms', 3, 'mat_1', '88', 'clio_note'],
    // Clio's Zapier app has no contact-note action: a note needs a Clio matter.
    ['note', null, null, null, 'none'],
    ['visit', 0, null, null, 'none'],
    ['sms', 3, null, null, 'none'],
    // A matter not in Clio yet is left out, as Clio allows but for a Matter note.
    ['call', 5, 'mat_1', null, 'clio_communication'],
    ['meeting', 60, 'mat_1', null, 'clio_time_entry'],
    ['note', null, 'mat_1', null, 'none'],
    ['visit', 0, 'mat_1', null, 'none'],
  ] as const)(
    'a %s of %p minutes on matter %p (Clio matter %p) goes to Clio as %s',
    (type, minutes, matterId, clioMatterId, record) => {
      const route = clioRouteOf(
        { type, duration_minutes: minutes, matter_id: matterId },
        clioMatterId,
      );
      expect(route.record).toBe(record);
      // A reason exactly when no record fits.
      expect(route.reason === null).toBe(record !== 'none');
    },
  );

  // Finding 1 of issue 16: these were Contact notes, which recipe 3 sent to Create Matter Note.
  it('a note or an untimed meeting with no matter says plainly that no Clio record fits, and why', () => {
    const note = toActivityOutput({
      ...activity({ type: 'note', notes: 'Left a voicemail.', location_id: 'loc_1' }),
      matter: null,
      location: location({ external_refs: { clio: '42' } }),
    });
    expect(note).toMatchObject({ clio_record: 'none', clio_note_type: null });
    expect(note.clio_no_record_reason).toMatch(
      /Clio's Zapier app creates notes on a matter only: this note has no matter\. Give it a matter linked to Clio/,
    );
    const meeting = toActivityOutput(activity({ type: 'meeting', duration_minutes: null }));
    expect(meeting.clio_record).toBe('none');
    expect(meeting.clio_no_record_reason).toMatch(/A meeting with no duration has no time to bill/);
    const unlinked = toActivityOutput({
      ...activity({ type: 'note', matter_id: 'mat_1' }),
      matter: matter({ external_refs: {} }),
    });
    expect(unlinked).toMatchObject({ clio_record: 'none', clio_note_type: null });
    expect(unlinked.clio_no_record_reason).toMatch(
      /this note's matter is not linked to a Clio matter yet\. Link the matter to Clio, then change the note to send it\./,
    );
  });

  it('a timed meeting without a matter is a time entry with no matter', () => {
    const output = toActivityOutput({
      ...activity({ type: 'meeting', duration_minutes: 45, matter_id: null, location_id: 'loc_1' }),
      matter: null,
      location: location({ external_refs: { clio: '42' } }),
    });
    expect(output).toMatchObject({
      clio_record: 'clio_time_entry',
      clio_no_record_reason: null,
      clio_matter_id: null,
      duration_seconds: 2700,
    });
  });

  it('a note on a Clio-linked matter is a Matter note', () => {
    const output = toActivityOutput({
      ...activity({ type: 'note', matter_id: 'mat_1' }),
      matter: matter({ external_refs: { clio: '88' } }),
    });
    expect(output).toMatchObject({ clio_record: 'clio_note', clio_note_type: 'Matter' });
    expect(toActivityOutput(activity({ type: 'email', notes: null })).clio_subject).toBe(
      'Email on 2026-11-27',
    );
  });

  // Finding 2 of issue 16: Body was mapped from `notes`, empty for a call logged without notes.
  it.each([null, '', '  \n '])(
    'a communication has a body even with notes %p: the subject',
    (notes) => {
      const output = toActivityOutput(activity({ type: 'call', notes }));
      expect(output.clio_subject).toBe('Call on 2026-11-27');
      expect(output.clio_body).toBe('Call on 2026-11-27');
    },
  );

  it('the body is the notes in full when there are any', () => {
    const notes = `Intake call. ${'Details. '.repeat(30)}`;
    const output = toActivityOutput(activity({ type: 'call', notes }));
    expect(output.clio_body).toBe(notes);
    expect(output.clio_subject.length).toBeLessThanOrEqual(100);
  });

  it("the date is the calendar day where the activity's location is", () => {
    expect(calendarDate('2026-11-28T03:30:00.000Z', 'America/New_York')).toBe('2026-11-27');
    expect(calendarDate('2026-11-28T03:30:00.000Z', null)).toBe('2026-11-28');
    expect(calendarDate('2026-11-28T03:30:00.000Z', 'Mars/Olympus')).toBe('2026-11-28');
  });

  // Finding 7 of issue 16: a date-only activity was stored as 12:00Z, the next day in Auckland.
  it.each(['Pacific/Auckland', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Pacific/Tongatapu', 'UTC'])(
    'a date-only activity is its own day in Clio at a location in %s',
    (timezone) => {
      const output = toActivityOutput({
        ...activity({ type: 'meeting', date: '2026-12-02', location_id: 'loc_1' }),
        location: location({ timezone }),
      });
      expect(output).toMatchObject({
        date: '2026-12-02',
        clio_date: '2026-12-02',
        clio_received_at: null,
      });
    },
  );

  it("a timestamped communication carries its time as Clio's received_at", () => {
    const output = toActivityOutput(activity({ type: 'call', date: '2026-11-28T03:30:00.000Z' }));
    expect(output.clio_received_at).toBe('2026-11-28T03:30:00.000Z');
  });
});

describe('custom fields as output fields', () => {
  useFakeSnapshots();

  it('one per definition, keyed custom_fields__<key>, with its label and type', async () => {
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'matter' })
      .reply(200, {
        data: [
          {
            key: 'budget',
            label: 'Budget',
            type: 'number',
            choices: [],
            required: false,
            help_text: null,
          },
          {
            key: 'court_date',
            label: 'Court Date',
            type: 'date',
            choices: [],
            required: false,
            help_text: null,
          },
          {
            key: 'billing_code',
            label: 'Billing Code',
            type: 'text',
            choices: [],
            required: false,
            help_text: null,
          },
        ],
      });
    await expect(appTester(customFieldOutputs('matter') as never, { authData })).resolves.toEqual([
      { key: 'custom_fields__budget', label: 'Budget', type: 'number' },
      { key: 'custom_fields__court_date', label: 'Court Date', type: 'datetime' },
      { key: 'custom_fields__billing_code', label: 'Billing Code', type: 'string' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  // Issue 17, finding 6: an embedded location's custom fields came back undeclared.
  it("an embedded record's own, keyed under it and labelled by it", async () => {
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'location' })
      .reply(200, {
        data: [
          {
            key: 'client_since',
            label: 'Client Since',
            type: 'date',
            choices: [],
            required: false,
            help_text: null,
          },
        ],
      });
    const embedded = embeddedCustomFieldOutputs({
      key: 'location',
      label: 'Location',
      object: 'location',
    });
    await expect(appTester(embedded as never, { authData })).resolves.toEqual([
      {
        key: 'location__custom_fields__client_since',
        label: 'Location: Client Since',
        type: 'datetime',
      },
    ]);
    expect(scope.isDone()).toBe(true);
    expect(matterKind.outputs.search.outputFields).toHaveLength(
      staticOutputFields(matterKind.outputs.search.outputFields).length + 2,
    );
  });
});

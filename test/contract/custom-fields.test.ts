/** Custom-field definitions (`GET /v1/custom-fields`) and the validation of values against them. */
import { CustomFieldDefinitionList } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { longString, useSandbox } from '../support/api';
import type { Collection } from '../support/collections';
import { ACTIVITIES, LOCATIONS, MATTERS, create } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const byObject: Record<'location' | 'matter' | 'activity', Collection> = {
  location: LOCATIONS,
  matter: MATTERS,
  activity: ACTIVITIES,
};

describe('GET /v1/custom-fields', () => {
  it.each([
    [
      'location',
      [
        {
          key: 'practice_area',
          type: 'select',
          choices: ['Family', 'Criminal', 'Corporate', 'Immigration'],
        },
        { key: 'client_since', type: 'date', choices: [] },
      ],
    ],
    [
      'matter',
      [
        { key: 'billing_code', type: 'text', choices: [] },
        { key: 'budget', type: 'number', choices: [] },
        { key: 'court_date', type: 'date', choices: [] },
      ],
    ],
    [
      'activity',
      [
        { key: 'billable', type: 'boolean', choices: [] },
        { key: 'outcome', type: 'long_text', choices: [] },
      ],
    ],
  ])('lists the seeded definitions of %s, none required', async (object, expected) => {
    const response = await h.call('GET', '/v1/custom-fields', { token, query: { object } });
    expect(response.status).toBe(200);
    const { data } = CustomFieldDefinitionList.parse(response.body);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(data.map(({ key, type, choices }) => ({ key, type, choices })).sort(byKey)).toEqual(
      [...expected].sort(byKey),
    );
    expect(data.every((definition) => !definition.required && definition.label.length > 0)).toBe(
      true,
    );
  });

  it.each([
    ['no object', {}, 'object'],
    ['an unknown object', { object: 'invoice' }, 'object'],
    ['an unknown parameter', { object: 'matter', lang: 'en' }, 'lang'],
  ])('400s on %s', async (_label, query, field) => {
    const response = await h.call('GET', '/v1/custom-fields', { token, query });
    expectProblem(response, 400, { field });
  });

  it('lists a definition added through the sandbox control', async () => {
    await h.controls.addCustomField({
      object: 'matter',
      key: 'judge',
      label: 'Judge',
      type: 'text',
      required: true,
      help_text: 'Presiding judge',
    });
    const response = await h.call('GET', '/v1/custom-fields', {
      token,
      query: { object: 'matter' },
    });
    expect(response.body.data).toContainEqual({
      key: 'judge',
      label: 'Judge',
      type: 'text',
      choices: [],
      required: true,
      help_text: 'Presiding judge',
    });
  });
});

describe('custom-field values', () => {
  it.each([
    ['location', 'practice_area', 'Corporate'],
    ['location', 'client_since', '2019-05-01'],
    ['matter', 'billing_code', 'SJ-001'],
    ['matter', 'budget', 1250.75],
    ['matter', 'budget', 0],
    ['matter', 'court_date', '2027-01-15'],
    ['activity', 'billable', false],
    ['activity', 'outcome', longString(5000, 'o')],
  ] as ['location' | 'matter' | 'activity', string, Json][])(
    'accepts %s.%s = %p',
    async (object, key, value) => {
      const c = byObject[object];
      const record = await create(h, c, token, {
        ...c.minimal('With a custom field'),
        custom_fields: { [key]: value },
      });
      expect(record.custom_fields).toEqual({ [key]: value });
    },
  );

  it.each([
    ['location', 'practice_area', 'Tax', 'a choice that is not listed'],
    ['location', 'practice_area', 'family', 'a choice in the wrong case'],
    ['location', 'practice_area', 3, 'a number for a select'],
    ['location', 'client_since', '2019-02-30', 'an impossible date'],
    ['location', 'client_since', '01/05/2019', 'a date not in YYYY-MM-DD'],
    ['location', 'client_since', true, 'a boolean for a date'],
    ['matter', 'billing_code', 12, 'a number for text'],
    ['matter', 'budget', '1250', 'a string for a number'],
    ['matter', 'court_date', '2027-01-15T09:00:00Z', 'a timestamp for a date'],
    ['activity', 'billable', 'yes', 'a string for a boolean'],
    ['activity', 'billable', 1, 'a number for a boolean'],
    ['activity', 'outcome', 5, 'a number for long text'],
  ] as ['location' | 'matter' | 'activity', string, Json, string][])(
    'rejects %s.%s = %p (%s) with 422 naming the field, and changes nothing',
    async (object, key, value) => {
      const c = byObject[object];
      await create(h, c, token, c.minimal('Already here'));
      const before = await snapshotState(h);
      const response = await h.call('POST', `/v1/${c.name}`, {
        token,
        body: { ...c.minimal('Bad custom field'), custom_fields: { [key]: value } },
      });
      expectProblem(response, 422, { field: `custom_fields.${key}` });
      expectUnchanged(before, await snapshotState(h), 1);
    },
  );

  it('validates a datetime definition', async () => {
    await h.controls.addCustomField({
      object: 'activity',
      key: 'follow_up_at',
      label: 'Follow up at',
      type: 'datetime',
    });
    const good = await create(h, ACTIVITIES, token, {
      ...ACTIVITIES.minimal('Datetime'),
      custom_fields: { follow_up_at: '2026-12-01T09:00:00.000Z' },
    });
    expect(good.custom_fields.follow_up_at).toBe('2026-12-01T09:00:00.000Z');
    const bad = await h.call('POST', '/v1/activities', {
      token,
      body: { ...ACTIVITIES.minimal('Datetime'), custom_fields: { follow_up_at: '2026-12-01' } },
    });
    expectProblem(bad, 422, { field: 'custom_fields.follow_up_at' });
  });

  it('requires a required field on create', async () => {
    await h.controls.addCustomField({
      object: 'location',
      key: 'office_code',
      label: 'Office code',
      type: 'text',
      required: true,
    });
    const before = await snapshotState(h);
    const missing = await h.call('POST', '/v1/locations', { token, body: { name: 'No code' } });
    expectProblem(missing, 422, { field: 'custom_fields.office_code' });
    expectUnchanged(before, await snapshotState(h), 1);
    const given = await create(h, LOCATIONS, token, {
      name: 'Coded',
      custom_fields: { office_code: 'NYC' },
    });
    expect(given.custom_fields).toEqual({ office_code: 'NYC' });
  });

  it('validates custom fields in a patch too', async () => {
    const matter = await create(h, MATTERS, token, { title: 'Patched' });
    const before = await snapshotState(h);
    const response = await h.call('PATCH', `/v1/matters/${matter.matter_id}`, {
      token,
      body: { custom_fields: { budget: 'a lot' } },
    });
    expectProblem(response, 422, { field: 'custom_fields.budget' });
    expectUnchanged(before, await snapshotState(h), 1);
  });
});

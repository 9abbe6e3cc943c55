/**
 * Custom-field inputs: one typed input per API definition (choices → dropdown, required →
 * required, each type its own), loaded at most once per object per connection while cached, and
 * still shown when the cache fails.
 */
import type { ZObject } from 'zapier-platform-core';
import { loadCustomFieldDefinitions } from '../../../src/fields/custom-field-definitions';
import { createMatter } from '../../../src/matters/matter-create.action';
import { updateMatter } from '../../../src/matters/matter-update.action';
import { matter } from '../../support/fixtures';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

const definition = (key: string, type: string, extra: Record<string, unknown> = {}) => ({
  key,
  label: key.replace(/_/g, ' '),
  type,
  choices: [],
  required: false,
  help_text: null,
  ...extra,
});

const DEFINITIONS = {
  data: [
    definition('code', 'text', { required: true, help_text: 'The billing code.' }),
    definition('notes', 'long_text'),
    definition('budget', 'number'),
    definition('court_date', 'date'),
    definition('hearing_at', 'datetime'),
    definition('urgent', 'boolean'),
    definition('area', 'select', { choices: ['Family', 'Tax'] }),
  ],
};

type FieldsFunction = (z: ZObject) => Promise<Record<string, unknown>[]>;
const dynamicFields = (fields: readonly unknown[]) =>
  fields.find((field): field is FieldsFunction => typeof field === 'function');

describe('custom-field inputs', () => {
  useFakeSnapshots();

  it('are typed by their definitions, keyed custom_fields__<key>', async () => {
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'matter' })
      .reply(200, DEFINITIONS);
    const fields = dynamicFields(createMatter.operation.inputFields);
    if (!fields) throw new Error('no dynamic fields');

    const result = await appTester(fields, { authData }, true);

    expect(result).toEqual([
      expect.objectContaining({
        key: 'custom_fields__code',
        type: 'string',
        required: true,
        helpText: expect.stringContaining('The billing code.'),
      }),
      expect.objectContaining({ key: 'custom_fields__notes', type: 'text', required: false }),
      expect.objectContaining({ key: 'custom_fields__budget', type: 'number' }),
      expect.objectContaining({ key: 'custom_fields__court_date', type: 'datetime' }),
      expect.objectContaining({ key: 'custom_fields__hearing_at', type: 'datetime' }),
      expect.objectContaining({ key: 'custom_fields__urgent', type: 'boolean' }),
      expect.objectContaining({
        key: 'custom_fields__area',
        type: 'string',
        choices: [
          { value: 'Family', label: 'Family', sample: 'Family' },
          { value: 'Tax', label: 'Tax', sample: 'Tax' },
        ],
      }),
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('on an update, nothing is required and Fields to Clear lists the optional custom fields', async () => {
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
    const fields = dynamicFields(updateMatter.operation.inputFields);
    if (!fields) throw new Error('no dynamic fields');

    const result = await appTester(fields, { authData }, true);

    expect(result.filter((field) => field.required)).toEqual([]);
    const clear = result.find((field) => field.key === 'fields_to_clear') as {
      choices: { value: string }[];
    };
    const values = clear.choices.map((choice) => choice.value);
    expect(values).toEqual(
      expect.arrayContaining(['due_date', 'description', 'location_id', 'custom_fields__budget']),
    );
    expect(values).not.toContain('custom_fields__code');
    expect(values).not.toContain('title');
  });

  it('cost one request per object per connection while cached', async () => {
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'matter' })
      .once()
      .reply(200, DEFINITIONS);
    const fields = dynamicFields(createMatter.operation.inputFields);
    if (!fields) throw new Error('no dynamic fields');
    await appTester(fields, { authData }, true);
    await appTester(fields, { authData });
    await appTester(fields, { authData });
    expect(scope.isDone()).toBe(true);
  });

  it('are still returned when the cache fails', async () => {
    snapshots().get('/v1/custom-fields').query({ object: 'activity' }).reply(200, DEFINITIONS);
    const failing = {
      get: () => Promise.reject(new Error('cache down')),
      set: () => Promise.reject(new Error('cache down')),
      delete: () => Promise.reject(new Error('cache down')),
    };
    const definitions = await appTester(
      (z: ZObject) => loadCustomFieldDefinitions({ ...z, cache: failing }, 'activity'),
      { authData },
      true,
    );
    expect(definitions.map((d) => d.key)).toEqual(DEFINITIONS.data.map((d) => d.key));
  });

  it.each([
    ['custom_fields__code', 'x'.repeat(256), /"code" must be at most 255 characters/],
    ['custom_fields__budget', 'lots', /"budget" must be a number/],
    ['custom_fields__court_date', '2027-02-30', /"court date" is not a real date/],
    ['custom_fields__hearing_at', '2027-03-01T09:00', /"hearing at" needs a time zone offset/],
    ['custom_fields__urgent', 'perhaps', /"urgent" must be true or false/],
    ['custom_fields__area', 'Crime', /"area" must be one of: Family, Tax/],
    ['custom_fields__retired', 'x', /"retired" is no longer a custom field of matters/],
  ])(
    'a bad %s value is refused by its label, and nothing is written',
    async (key, value, message) => {
      snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
      const write = snapshots().post('/v1/matters').reply(201, {});
      const attempt = appTester(
        createMatter.operation.perform,
        { authData, inputData: { title: 'T', custom_fields__code: 'C1', [key]: value } },
        true,
      );
      await expect(attempt).rejects.toThrow(message);
      expect(write.isDone()).toBe(false);
    },
  );

  // Finding 9 of issue 17: a deleted custom field halted every run, even left blank.
  it('a blank input of a deleted custom field is ignored, and the record written', async () => {
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
    const write = snapshots()
      .post('/v1/matters', (body: { custom_fields?: unknown }) => {
        expect(body.custom_fields).toEqual({ code: 'C1' });
        return true;
      })
      .query({ expand: 'location' })
      .reply(201, matter());
    await appTester(
      createMatter.operation.perform,
      {
        authData,
        inputData: { title: 'T', custom_fields__code: 'C1', custom_fields__retired: ' ' },
      },
      true,
    );
    expect(write.isDone()).toBe(true);
  });

  it('a filled input of a custom field deleted since is refused by the label it had', async () => {
    const withRetired = {
      data: [...DEFINITIONS.data, definition('retired', 'text', { label: 'Old Billing Ref' })],
    };
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, withRetired);
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
    const write = snapshots().post('/v1/matters').reply(201, matter());
    const fields = dynamicFields(createMatter.operation.inputFields);
    if (!fields) throw new Error('no dynamic fields');
    // The step was set up while the field existed; the Zap runs a day later, after its deletion.
    await appTester(fields, { authData }, true);
    const dayLater = Date.now() + 25 * 3600 * 1000;
    jest.spyOn(Date, 'now').mockReturnValue(dayLater);
    try {
      const attempt = appTester(createMatter.operation.perform, {
        authData,
        inputData: { title: 'T', custom_fields__code: 'C1', custom_fields__retired: 'R-7' },
      });
      await expect(attempt).rejects.toThrow(
        /"Old Billing Ref" is no longer a custom field of matters in Snapshots, so its value cannot be saved: remove the value from this step/,
      );
    } finally {
      jest.restoreAllMocks();
    }
    expect(write.isDone()).toBe(false);
  });

  it('a field known as deleted but added back since is read again at once when an input is filled', async () => {
    const addedBack = {
      data: [...DEFINITIONS.data, definition('retired', 'text', { label: 'Billing Ref' })],
    };
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, addedBack);
    const writes = snapshots()
      .post('/v1/matters', { title: 'T', custom_fields: { code: 'C1' } })
      .query({ expand: 'location' })
      .reply(201, matter())
      .post('/v1/matters', { title: 'T', custom_fields: { code: 'C1', retired: 'R-7' } })
      .query({ expand: 'location' })
      .reply(201, matter());
    // A blank input for a field not defined then: the connection remembers the key as deleted.
    await appTester(
      createMatter.operation.perform,
      {
        authData,
        inputData: { title: 'T', custom_fields__code: 'C1', custom_fields__retired: '' },
      },
      true,
    );

    // The field is added back in Snapshots; the next run fills it in, with the cache kept.
    await appTester(createMatter.operation.perform, {
      authData,
      inputData: { title: 'T', custom_fields__code: 'C1', custom_fields__retired: 'R-7' },
    });

    expect(writes.isDone()).toBe(true);
  });

  it('a required custom field left blank is refused before sending', async () => {
    snapshots().get('/v1/custom-fields').query({ object: 'matter' }).reply(200, DEFINITIONS);
    const write = snapshots().post('/v1/matters').reply(201, {});
    const attempt = appTester(
      createMatter.operation.perform,
      { authData, inputData: { title: 'T', custom_fields__budget: '3', custom_fields__code: ' ' } },
      true,
    );
    await expect(attempt).rejects.toThrow(/"code" is required/);
    expect(write.isDone()).toBe(false);
  });
});

/**
 * `cleanInputData: false` (Zapier's check D028). Zapier applies the flag on its side before
 * `perform`; core only declares it, so these tests simulate both settings by hand: with `false` a
 * step's blank inputs reach `perform` as they are (`''`, `'  '`, `[]`), with `true` Zapier would
 * strip them first (its schema: empty strings, null, undefined, empty arrays and objects,
 * recursively). The operations read a blank input exactly like an absent one, and the one thing
 * cleaning would lose is the sign that an input is set up in the step.
 */
import { app } from '../../src/app';
import { createMatter } from '../../src/matters/matter-create.action';
import { updateMatter } from '../../src/matters/matter-update.action';
import { upsertMatterFromClio } from '../../src/matters/matter-upsert.action';
import { matter } from '../support/fixtures';
import { runOperation as run, snapshots, useFakeSnapshots } from '../support/zapier';

const isEmpty = (value: unknown): boolean =>
  value === '' ||
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/** What Zapier would pass to `perform` with `cleanInputData: true`. */
function cleanedLikeZapier(inputData: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean).filter((item) => !isEmpty(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .map(([key, item]) => [key, clean(item)] as const)
          .filter(([, item]) => !isEmpty(item)),
      );
    }
    return value;
  };
  return clean(inputData) as Record<string, unknown>;
}

const CUSTOM_FIELD_DEFINITIONS = {
  data: [
    {
      key: 'code',
      label: 'Billing Code',
      type: 'text',
      choices: [],
      required: true,
      help_text: null,
    },
  ],
};

describe('cleanInputData', () => {
  useFakeSnapshots();

  it('is declared false for the whole app, and no operation overrides it', () => {
    expect(app.flags).toEqual(expect.objectContaining({ cleanInputData: false }));
    for (const kind of ['triggers', 'creates', 'searches'] as const) {
      for (const operation of Object.values(app[kind] ?? {})) {
        expect(operation.operation).not.toHaveProperty('cleanInputData');
      }
    }
  });

  // Mapped fields that came out empty this run, as Zapier passes them with the flag false.
  const blankUpdate = {
    matter_id: 'mat_1',
    title: 'New title',
    description: '',
    due_date: '   ',
    location_id: '',
    fields_to_clear: [],
  };

  it.each([
    ['as Zapier passes it (false)', blankUpdate],
    ['as Zapier would clean it (true)', cleanedLikeZapier(blankUpdate)],
  ])('an update with blank inputs, %s, changes only what was filled in', async (_, inputData) => {
    const scope = snapshots()
      .patch('/v1/matters/mat_1', { title: 'New title' })
      .query({ expand: 'location' })
      .reply(200, matter({ title: 'New title' }));
    await run(updateMatter, inputData);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['as Zapier passes it (false)', { clio_matter_id: '555', title: '', status: 'Open' }],
    ['as Zapier would clean it (true)', { clio_matter_id: '555', status: 'Open' }],
  ])(
    'a blank required input, %s, is refused by its label and nothing is sent',
    async (_, inputData) => {
      const scope = snapshots().patch(/.*/).query(true).reply(200, matter());
      await expect(run(upsertMatterFromClio, inputData)).rejects.toThrow(/"Title" is required/);
      expect(scope.isDone()).toBe(false);
    },
  );

  it('a required custom field set up in the step but blank this run is refused by its label', async () => {
    const inputData = { title: 'T', custom_fields__code: '' };
    snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'matter' })
      .reply(200, CUSTOM_FIELD_DEFINITIONS);
    const write = snapshots()
      .post('/v1/matters')
      .query({ expand: 'location' })
      .reply(201, matter());

    await expect(run(createMatter, inputData)).rejects.toThrow(/"Billing Code" is required/);
    expect(write.isDone()).toBe(false);
  });

  it('cleaning would hide that custom field and send the create without it (why the flag is false)', async () => {
    const inputData = cleanedLikeZapier({ title: 'T', custom_fields__code: '' });
    let sent: unknown;
    const write = snapshots()
      .post('/v1/matters', (body: unknown) => ((sent = body), true))
      .query({ expand: 'location' })
      .reply(201, matter());

    await run(createMatter, inputData);
    expect(write.isDone()).toBe(true);
    expect(sent).toEqual({ title: 'T' });
  });
});

/**
 * The matter actions and search against a fake Snapshots (nock): Clio-shaped inputs (status in
 * any case, dates with offsets, the client by Clio contact id as one `location_ref`), exact
 * requests, and bad input refused before any request.
 */
import { errors } from 'zapier-platform-core';
import { createMatter } from '../../../src/matters/matter-create.action';
import { findMatter } from '../../../src/matters/matter-find.search';
import { linkMatterToClio } from '../../../src/matters/matter-link.action';
import { updateMatter } from '../../../src/matters/matter-update.action';
import { upsertMatterFromClio } from '../../../src/matters/matter-upsert.action';
import { PROBLEM_JSON, matter, problem } from '../../support/fixtures';
import { snapshots, useFakeSnapshots, runOperation as run } from '../../support/zapier';

describe('matter actions', () => {
  useFakeSnapshots();

  it('create: Clio status and a due date with an offset; the client by Clio contact id', async () => {
    const scope = snapshots()
      .post('/v1/matters', {
        title: '00012-Smith',
        status: 'pending',
        due_date: '2027-03-01',
        location_ref: 'clio:98765',
      })
      .query({ expand: 'location' })
      .reply(201, matter({ title: '00012-Smith', status: 'pending', due_date: '2027-03-01' }));

    const output = await run(createMatter, {
      title: '00012-Smith',
      status: 'PENDING',
      due_date: '2027-03-01T21:00:00-05:00',
      location_clio_contact_id: '98765',
    });
    expect(output).toMatchObject({ id: 'mat_1:3', status: 'pending', due_date: '2027-03-01' });
    expect(scope.isDone()).toBe(true);
  });

  it('create: the client location by Snapshots id', async () => {
    const scope = snapshots()
      .post('/v1/matters', { title: 'T', status: 'open', location_id: 'loc_1' })
      .query({ expand: 'location' })
      .reply(201, matter());
    await run(createMatter, { title: 'T', status: 'Open', location_id: 'loc_1' });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ title: 'T', status: 'Archived' }, /"Status" must be Open, Pending or Closed/],
    [{ title: 'T', due_date: '2027-02-30' }, /"Due Date" is not a real date/],
    [{ title: 'T', due_date: '01/03/2027' }, /"Due Date" must be a date such as 2027-03-01/],
    [
      { title: 'T', location_clio_contact_id: 'abc' },
      /"Location \(Clio Contact ID\)" must be a Clio ID/,
    ],
    [
      { title: 'T', location_id: 'loc_1', location_clio_contact_id: '5' },
      /fill in only one of "Location" and "Location \(Clio Contact ID\)"/,
    ],
    [{ title: 'T', location_id: 'Main office' }, /"Location" must be a Snapshots location ID/],
    [{ title: '   ' }, /"Title" is required/],
  ])('create refuses %p, naming the field, and sends nothing', async (inputData, message) => {
    const scope = snapshots()
      .post('/v1/matters')
      .query({ expand: 'location' })
      .reply(201, matter());
    const attempt = run(createMatter, inputData);
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(message);
    expect(scope.isDone()).toBe(false);
  });

  it('update: only the filled-in fields; Fields to Clear empties the due date and unlinks the location', async () => {
    const scope = snapshots()
      .patch('/v1/matters/mat_1', { status: 'closed', due_date: null, location_id: null })
      .query({ expand: 'location' })
      .reply(200, matter({ status: 'closed', location_id: null, version: 4 }));
    await expect(
      run(updateMatter, {
        matter_id: 'mat_1',
        status: 'Closed',
        fields_to_clear: 'due_date,location_id',
      }),
    ).resolves.toMatchObject({ id: 'mat_1:4', status: 'closed' });
    expect(scope.isDone()).toBe(true);
  });

  it('update: clearing only a custom field reads the definitions and sends it as null', async () => {
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
        ],
      })
      .patch('/v1/matters/mat_1', { custom_fields: { budget: null } })
      .query({ expand: 'location' })
      .reply(200, matter());
    await run(updateMatter, { matter_id: 'mat_1', fields_to_clear: ['custom_fields__budget'] });
    expect(scope.isDone()).toBe(true);
  });

  it('update: a custom field Snapshots refuses (422) is named by its label, not its key', async () => {
    snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'matter' })
      .reply(200, {
        data: [
          {
            key: 'billing_code',
            label: 'Billing Code',
            type: 'text',
            choices: [],
            required: false,
            help_text: null,
          },
        ],
      })
      .patch('/v1/matters/mat_1', { custom_fields: { billing_code: 'B-7' } })
      .query({ expand: 'location' })
      .reply(
        422,
        problem(422, 'validation-failed', 'Invalid values.', {
          errors: [{ field: 'custom_fields.billing_code', message: 'is not a billing code' }],
        }),
        PROBLEM_JSON,
      );

    const attempt = run(updateMatter, { matter_id: 'mat_1', custom_fields__billing_code: 'B-7' });

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /^Snapshots did not save the matter: "Billing Code" is not a billing code \(got "B-7"\)\. Nothing was changed\.$/,
    );
  });

  it('update refuses clearing the location while setting it by Clio contact id', async () => {
    const scope = snapshots()
      .patch('/v1/matters/mat_1')
      .query({ expand: 'location' })
      .reply(200, matter());
    await expect(
      run(updateMatter, {
        matter_id: 'mat_1',
        location_clio_contact_id: 5,
        fields_to_clear: ['location_id'],
      }),
    ).rejects.toThrow(
      /"Location" is chosen in "Fields to Clear" while "Location \(Clio Contact ID\)" sets it/,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('update: an outdated version halts (412)', async () => {
    snapshots()
      .matchHeader('if-match', '"2"')
      .patch('/v1/matters/mat_1')
      .query({ expand: 'location' })
      .reply(
        412,
        problem(412, 'precondition-failed', 'If-Match does not match the current version ("3").'),
        PROBLEM_JSON,
      );
    const attempt = run(updateMatter, { matter_id: 'mat_1', title: 'New', expected_version: 2 });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/mat_1/);
  });

  it('update: only the id filled in is refused (it would change nothing), nothing sent', async () => {
    const scope = snapshots().patch(/.*/).reply(200, matter());
    const attempt = run(updateMatter, { matter_id: 'mat_1', title: '  ', expected_version: 2 });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/^Fill in at least one field to change/);
    expect(scope.isDone()).toBe(false);
  });

  it('update: a rejected field halts listing it (422)', async () => {
    snapshots()
      .patch('/v1/matters/mat_1')
      .query({ expand: 'location' })
      .reply(
        422,
        problem(422, 'validation-failed', 'Invalid values.', {
          errors: [{ field: 'location_ref', message: 'no location has the clio reference "5"' }],
        }),
        PROBLEM_JSON,
      );
    const attempt = run(updateMatter, { matter_id: 'mat_1', location_clio_contact_id: 5 });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    // The input's label, not the API's path, and what to do.
    await expect(attempt).rejects.toThrow(
      /^Snapshots did not save the matter: "Location \(Clio Contact ID\)" matches no Snapshots location linked to that Clio ID: link one first, or use Find or Create Location \(got "5"\)\. Nothing was changed\.$/,
    );
  });

  it('upsert: one merge PATCH by the Clio matter id, with what was filled in', async () => {
    const scope = snapshots()
      .matchHeader('content-type', 'application/merge-patch+json')
      .patch('/v1/matters/by-ref/clio/555', {
        title: 'From Clio',
        status: 'open',
        location_ref: 'clio:98765',
      })
      .query({ expand: 'location' })
      .reply(200, matter({ title: 'From Clio', external_refs: { clio: '555' } }));
    await expect(
      run(upsertMatterFromClio, {
        clio_matter_id: 555,
        title: 'From Clio',
        status: 'Open',
        location_clio_contact_id: 98765,
      }),
    ).resolves.toMatchObject({ external_refs: { clio: '555' } });
    expect(scope.isDone()).toBe(true);
  });

  it('upsert: blank inputs are left out (unchanged), Fields to Clear sends null', async () => {
    const scope = snapshots()
      .patch('/v1/matters/by-ref/clio/555', { title: 'T', status: 'closed', due_date: null })
      .query({ expand: 'location' })
      .reply(200, matter({ status: 'closed', external_refs: { clio: '555' } }));
    await run(upsertMatterFromClio, {
      clio_matter_id: '555',
      title: 'T',
      status: 'CLOSED',
      description: '',
      fields_to_clear: ['due_date'],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('upsert: the title stays required (a Clio matter always has one), nothing sent', async () => {
    const scope = snapshots().patch(/.*/).reply(200, matter());
    await expect(run(upsertMatterFromClio, { clio_matter_id: '555' })).rejects.toThrow(
      /"Title" is required/,
    );
    expect(scope.isDone()).toBe(false);
  });

  // Issue 16, finding 6: recipe 2a maps Clio's Description (no length limit) into Title.
  describe('a Clio Description longer than a title', () => {
    const LONG_DESCRIPTION = Array.from(
      { length: 148 },
      (_, index) => `term${String(index).padStart(2, '0')}`,
    ).join(' '); // 1,035 characters
    const fittedTitle = (title: string) =>
      title.length <= 300 &&
      title.endsWith('…') &&
      LONG_DESCRIPTION.startsWith(title.slice(0, -1)) &&
      LONG_DESCRIPTION.charAt(title.length - 1) === ' ';

    it('upsert: the title shortened with "…", the full text in Description when it is blank', async () => {
      expect(LONG_DESCRIPTION.length).toBeGreaterThan(1_000);
      let sent: Record<string, unknown> = {};
      const scope = snapshots()
        .patch('/v1/matters/by-ref/clio/555', (body: Record<string, unknown>) => {
          sent = body;
          return true;
        })
        .query({ expand: 'location' })
        .reply(200, matter({ external_refs: { clio: '555' } }));
      await run(upsertMatterFromClio, {
        clio_matter_id: 555,
        title: LONG_DESCRIPTION,
        status: 'Open',
        description: '',
      });
      expect(scope.isDone()).toBe(true);
      expect(Object.keys(sent).sort()).toEqual(['description', 'status', 'title']);
      expect(fittedTitle(String(sent.title))).toBe(true);
      expect(sent.description).toBe(LONG_DESCRIPTION);
    });

    it('update: a Description filled in is kept as given', async () => {
      let sent: Record<string, unknown> = {};
      const scope = snapshots()
        .patch('/v1/matters/mat_1', (body: Record<string, unknown>) => {
          sent = body;
          return true;
        })
        .query({ expand: 'location' })
        .reply(200, matter());
      await run(updateMatter, {
        matter_id: 'mat_1',
        title: LONG_DESCRIPTION,
        description: 'Notes of our own.',
      });
      expect(scope.isDone()).toBe(true);
      expect(fittedTitle(String(sent.title))).toBe(true);
      expect(sent.description).toBe('Notes of our own.');
    });

    it('update: Description chosen in Fields to Clear is cleared, not filled', async () => {
      const scope = snapshots()
        .patch('/v1/matters/mat_1', (body: Record<string, unknown>) => body.description === null)
        .query({ expand: 'location' })
        .reply(200, matter());
      await run(updateMatter, {
        matter_id: 'mat_1',
        title: LONG_DESCRIPTION,
        fields_to_clear: ['description'],
      });
      expect(scope.isDone()).toBe(true);
    });

    it('a Description past even the description limit halts nothing: both fitted', async () => {
      let sent: Record<string, unknown> = {};
      const scope = snapshots()
        .patch('/v1/matters/by-ref/clio/555', (body: Record<string, unknown>) => {
          sent = body;
          return true;
        })
        .query({ expand: 'location' })
        .reply(200, matter());
      await run(upsertMatterFromClio, { clio_matter_id: 555, title: 'y'.repeat(12_000) });
      expect(scope.isDone()).toBe(true);
      expect(sent).toEqual({
        title: `${'y'.repeat(299)}…`,
        description: `${'y'.repeat(9_999)}…`,
      });
    });

    it('a title within the limit leaves a blank Description out', async () => {
      const scope = snapshots()
        .patch('/v1/matters/by-ref/clio/555', { title: 'x'.repeat(300) })
        .query({ expand: 'location' })
        .reply(200, matter());
      await run(upsertMatterFromClio, { clio_matter_id: 555, title: 'x'.repeat(300) });
      expect(scope.isDone()).toBe(true);
    });
  });

  it('link: one PATCH of external_refs.clio, unless another Clio matter is linked', async () => {
    const scope = snapshots()
      .patch('/v1/matters/mat_1', {
        external_refs: { clio: '555' },
        expected_external_refs: { clio: null },
      })
      .query({ expand: 'location' })
      .reply(200, matter({ external_refs: { clio: '555' } }));
    await run(linkMatterToClio, { matter_id: 'mat_1', clio_matter_id: '555' });
    expect(scope.isDone()).toBe(true);
  });
});

describe('find_matter', () => {
  useFakeSnapshots();

  it('by title: exact by default (title=), so "Smith" does not find "Smithson"', async () => {
    const scope = snapshots()
      .get('/v1/matters')
      .query({ expand: 'location', title: 'Smith', limit: '100' })
      .reply(200, { data: [], next_cursor: null });
    await expect(run(findMatter, { search_title: 'Smith' })).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('by part of the title (opt-in): exact (ignoring case) first', async () => {
    snapshots()
      .get('/v1/matters')
      .query({ expand: 'location', q: 'Smith v. Jones', limit: '100' })
      .reply(200, {
        data: [
          matter({ matter_id: 'mat_a', title: 'Smith v. Jones (appeal)' }),
          matter({ matter_id: 'mat_b', title: 'smith V. jones' }),
        ],
        next_cursor: null,
      });
    const found = (await run(findMatter, {
      search_title: 'Smith v. Jones',
      search_partial: true,
    })) as {
      matter_id: string;
    }[];
    expect(found.map((record) => record.matter_id)).toEqual(['mat_b', 'mat_a']);
  });

  it('by Clio matter id and title together: the filter, narrowed by the title', async () => {
    snapshots()
      .get('/v1/matters')
      .query({ expand: 'location', external_ref: 'clio:555', limit: '1' })
      .reply(200, {
        data: [matter({ title: 'Other', external_refs: { clio: '555' } })],
        next_cursor: null,
      });
    await expect(
      run(findMatter, { search_clio_matter_id: '555', search_title: 'Smith' }),
    ).resolves.toEqual([]);
  });
});

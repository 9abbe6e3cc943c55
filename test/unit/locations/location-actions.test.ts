/**
 * The location actions and search against a fake Snapshots (nock): the exact request each sends,
 * the record returned through the output mapper, and bad input refused before any request.
 */
import nock from 'nock';
import { errors } from 'zapier-platform-core';
import { createLocation } from '../../../src/locations/location-create.action';
import { findLocation } from '../../../src/locations/location-find.search';
import { linkLocationToClio } from '../../../src/locations/location-link.action';
import { unlinkLocationFromClio } from '../../../src/locations/location-unlink.action';
import { updateLocation } from '../../../src/locations/location-update.action';
import { upsertLocationFromClio } from '../../../src/locations/location-upsert.action';
import { PROBLEM_JSON, location, problem } from '../../support/fixtures';
import {
  appTester,
  authData,
  snapshots,
  useFakeSnapshots,
  runOperation as run,
} from '../../support/zapier';

const CUSTOM_FIELDS = {
  data: [
    {
      key: 'practice_area',
      label: 'Practice Area',
      type: 'select',
      choices: ['Family', 'Criminal'],
      required: false,
      help_text: null,
    },
    {
      key: 'client_since',
      label: 'Client Since',
      type: 'date',
      choices: [],
      required: false,
      help_text: null,
    },
  ],
};

describe('create_location', () => {
  useFakeSnapshots();

  it('POSTs exactly the converted inputs with an Idempotency-Key, and returns the record', async () => {
    const scope = snapshots()
      .matchHeader('idempotency-key', /^zap_[A-Za-z0-9_-]{43}$/)
      .post('/v1/locations', {
        name: 'Head Office',
        email: 'office@firm.example',
        phone: '+14155550123',
        address: { line1: '1 Main St', line2: 'Suite 4', city: 'Springfield', country: 'US' },
        last_seen: '2027-03-01T14:00:00.000Z',
      })
      .reply(201, location({ location_id: 'loc_new', name: 'Head Office' }));

    const output = await run(createLocation, {
      name: ' Head Office ',
      email: 'office@firm.example',
      phone: '+1 (415) 555-0123',
      street: '1 Main St\nSuite 4',
      city: 'Springfield',
      country: 'us',
      last_seen: '2027-03-01T09:00:00-05:00',
    });

    expect(output).toMatchObject({ id: 'loc_new:1', location_id: 'loc_new', name: 'Head Office' });
    expect(scope.isDone()).toBe(true);
  });

  it('a retry of the same step sends the same key; a different Deduplication Key sends another', async () => {
    const keys: string[] = [];
    const scope = snapshots()
      .post('/v1/locations')
      .times(3)
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [201, location()];
      });

    await run(createLocation, { name: 'Same', deduplication_key: 'evt_1' });
    // A replay of the same trigger item whose mapped values changed: the same key, no twin.
    await run(createLocation, { name: 'Edited', deduplication_key: 'evt_1' });
    await run(createLocation, { name: 'Same', deduplication_key: 'evt_2' });

    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(scope.isDone()).toBe(true);
  });

  it('converts custom fields by their definitions (one definitions request, then cached)', async () => {
    const body = {
      name: 'Site',
      custom_fields: { practice_area: 'Family', client_since: '2027-03-01' },
    };
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'location' })
      .once()
      .reply(200, CUSTOM_FIELDS)
      .post('/v1/locations', body)
      .twice()
      .reply(201, location());
    const inputData = {
      name: 'Site',
      custom_fields__practice_area: 'family',
      custom_fields__client_since: '2027-03-01T21:00:00-08:00',
    };

    await run(createLocation, inputData);
    // Same tester, cache kept: the second run reads the definitions from the connection's cache.
    await appTester(createLocation.operation.perform, {
      authData,
      inputData: { ...inputData, deduplication_key: 'second' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ name: '' }, /"Name" is required/],
    [{ name: 'A', email: 'not-an-email' }, /"Email" must be an email address/],
    [
      { name: 'A', phone: '555-0123' },
      /"Phone" is in national form: give it with its country code/,
    ],
    [
      { name: 'A', phone: '555-0123', country: 'US' },
      /"Phone" is not a US phone number: give it with its country code, e\.g\. \+1 604 555 0100/,
    ],
    [{ name: 'A', country: 'Untied States' }, /"Country" must be a country: its English name/],
    [{ name: 'A', last_seen: '2027-02-30' }, /"Last Seen" is not a real date/],
    [{ name: 'A', timezone: 'Mars/Base' }, /"Time Zone" must be an IANA time zone/],
    [{ name: 'x'.repeat(201) }, /"Name" must be at most 200 characters/],
  ])('refuses %p naming the field, and sends nothing', async (inputData, message) => {
    const scope = snapshots().post('/v1/locations').reply(201, location());
    const attempt = run(createLocation, inputData);
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(message);
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a custom field outside its choices, by its label, after reading the definitions only', async () => {
    const definitions = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'location' })
      .reply(200, CUSTOM_FIELDS);
    const write = snapshots().post('/v1/locations').reply(201, location());
    await expect(
      run(createLocation, { name: 'A', custom_fields__practice_area: 'Tax' }),
    ).rejects.toThrow(/"Practice Area" must be one of: Family, Criminal/);
    expect(definitions.isDone()).toBe(true);
    expect(write.isDone()).toBe(false);
  });
});

describe('update_location', () => {
  useFakeSnapshots();

  it('PATCHes only what was filled in, Fields to Clear as nulls, with If-Match', async () => {
    const scope = snapshots()
      .matchHeader('content-type', /application\/merge-patch\+json/)
      .matchHeader('if-match', '"3"')
      .patch('/v1/locations/loc_1', {
        name: 'Renamed',
        email: null,
        address: { line1: null, line2: null },
      })
      .reply(200, location({ name: 'Renamed', version: 4 }));

    const output = await run(updateLocation, {
      location_id: 'loc_1',
      name: 'Renamed',
      city: '',
      fields_to_clear: ['email', 'street'],
      expected_version: '3',
    });
    expect(output).toMatchObject({ id: 'loc_1:4', name: 'Renamed' });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a field both filled in and chosen to clear, and an id that is not a location', async () => {
    const scope = snapshots().patch('/v1/locations/loc_1').reply(200, location());
    const attempt = run(updateLocation, {
      location_id: 'mat_1',
      email: 'a@b.example',
      fields_to_clear: 'email',
      expected_version: 'three',
    });
    await expect(attempt).rejects.toThrow(
      /"Location" must be a Snapshots location ID starting with "loc_"/,
    );
    // Zapier shows 250 characters: the first problem in full, the other inputs by label.
    await expect(attempt).rejects.toThrow(/also check "Expected Version", "Email"\. Nothing/);
    expect(scope.isDone()).toBe(false);
  });

  it('an unknown location halts naming it (404)', async () => {
    snapshots()
      .patch('/v1/locations/loc_gone')
      .reply(404, problem(404, 'not-found', 'No location "loc_gone".'), PROBLEM_JSON);
    const attempt = run(updateLocation, { location_id: 'loc_gone', name: 'X' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/loc_gone/);
  });
});

describe('upsert_location_from_clio and link_location_to_clio_contact', () => {
  useFakeSnapshots();

  it('upserts with one merge PATCH by the Clio contact id (a number from Clio)', async () => {
    const scope = snapshots()
      .patch('/v1/locations/by-ref/clio/1234567', {
        name: 'Jane Doe',
        address: { city: 'Austin', region: 'TX' },
      })
      .reply(201, location({ name: 'Jane Doe' }));
    await expect(
      run(upsertLocationFromClio, {
        clio_contact_id: 1234567,
        name: 'Jane Doe',
        city: 'Austin',
        province: 'TX',
      }),
    ).resolves.toMatchObject({ id: 'loc_1:1', name: 'Jane Doe' });
    expect(scope.isDone()).toBe(true);
  });

  // Issue 16, finding 6: the country and phone as Clio holds them.
  it('takes the country as an English name and a national phone in that country', async () => {
    const scope = snapshots()
      .patch('/v1/locations/by-ref/clio/1234567', {
        name: 'Maple Law',
        phone: '+16045550100',
        address: { city: 'Vancouver', country: 'CA' },
      })
      .reply(200, location({ name: 'Maple Law' }));
    await run(upsertLocationFromClio, {
      clio_contact_id: 1234567,
      name: 'Maple Law',
      phone: '604-555-0100',
      city: 'Vancouver',
      country: 'Canada',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('reads a national phone in any country, e.g. France', async () => {
    const scope = snapshots()
      .patch('/v1/locations/by-ref/clio/1234567', {
        name: 'Cabinet Dupont',
        phone: '+33123456789',
        address: { city: 'Paris', country: 'FR' },
      })
      .reply(200, location({ name: 'Cabinet Dupont' }));
    await run(upsertLocationFromClio, {
      clio_contact_id: 1234567,
      name: 'Cabinet Dupont',
      phone: '01 23 45 67 89',
      city: 'Paris',
      country: 'France',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a national phone with no Country, naming Phone and the fix, before any request', async () => {
    const scope = snapshots().patch(/.*/).reply(200, location());
    await expect(
      run(upsertLocationFromClio, { clio_contact_id: 1, name: 'A', phone: '(604) 555-0100' }),
    ).rejects.toThrow(
      /^Please fix this input and try again: "Phone" is in national form: give it with its country code, e\.g\. \+1 604 555 0100, or fill in "Country" so it takes the country code of the address \(got "\(604\) 555-0100"\)\. Nothing was sent to Snapshots\.$/,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a country no mapping knows, naming Country', async () => {
    const scope = snapshots().patch(/.*/).reply(200, location());
    await expect(
      run(upsertLocationFromClio, { clio_contact_id: 1, name: 'A', country: 'Atlantis' }),
    ).rejects.toThrow(
      /"Country" must be a country: its English name such as Canada or United Kingdom, or its two-letter code such as CA or GB \(got "Atlantis"\)/,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('links with one PATCH of external_refs, on the condition that no other id is linked', async () => {
    const scope = snapshots()
      .patch('/v1/locations/loc_1', {
        external_refs: { clio: '1234567' },
        expected_external_refs: { clio: null },
      })
      .reply(200, location({ version: 2 }));
    await expect(
      run(linkLocationToClio, { location_id: 'loc_1', clio_contact_id: '1234567' }),
    ).resolves.toMatchObject({
      id: 'loc_1:2',
      external_refs: { clio: '1234567' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a Clio id that is not a number, naming it, before any request', async () => {
    const scope = snapshots().put(/.*/).reply(201, location()).patch(/.*/).reply(200, location());
    await expect(
      run(upsertLocationFromClio, { clio_contact_id: 'C-12', name: 'A' }),
    ).rejects.toThrow(/"Clio Contact ID" must be a Clio ID/);
    await expect(run(linkLocationToClio, { location_id: 'loc_1' })).rejects.toThrow(
      /"Clio Contact ID" is required/,
    );
    expect(scope.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(2);
  });

  it('a Clio contact linked to another location halts saying what to do (409)', async () => {
    snapshots()
      .patch('/v1/locations/loc_1')
      .reply(
        409,
        problem(409, 'external-ref-conflict', 'clio:1234567 already belongs to location loc_2.'),
        PROBLEM_JSON,
      );
    const attempt = run(linkLocationToClio, { location_id: 'loc_1', clio_contact_id: '1234567' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/loc_2/);
  });
});

// Issue 17, finding 4: links are never replaced in silence.
describe('link_location_to_clio_contact and unlink_location_from_clio_contact', () => {
  useFakeSnapshots();

  const mismatch = (current: Record<string, string>) => ({
    ...problem(409, 'external-ref-mismatch', 'The location is linked otherwise than expected.'),
    errors: [{ field: 'external_refs.clio', message: 'is "111"' }],
    current_external_refs: current,
  });

  it('a location linked to another Clio contact halts naming both ids and the way out', async () => {
    const scope = snapshots()
      .patch('/v1/locations/loc_1')
      .reply(409, mismatch({ clio: '111' }), PROBLEM_JSON);
    const attempt = run(linkLocationToClio, { location_id: 'loc_1', clio_contact_id: '222' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /^Location loc_1 is already linked to Clio contact 111, so it was not linked to Clio contact 222\. If 222 is a duplicate, delete it in Clio; to link 222 instead, set "Replace Existing Link" to True\.$/,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('"Replace Existing Link" sends the link without the condition', async () => {
    const scope = snapshots()
      .patch('/v1/locations/loc_1', { external_refs: { clio: '222' } })
      .reply(200, location({ version: 3, external_refs: { clio: '222' } }));
    await expect(
      run(linkLocationToClio, {
        location_id: 'loc_1',
        clio_contact_id: '222',
        replace_existing_link: 'yes',
      }),
    ).resolves.toMatchObject({ external_refs: { clio: '222' } });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a Replace Existing Link that is not true or false, naming it, before any request', async () => {
    const scope = snapshots().patch(/.*/).reply(200, location());
    await expect(
      run(linkLocationToClio, {
        location_id: 'loc_1',
        clio_contact_id: '222',
        replace_existing_link: 'maybe',
      }),
    ).rejects.toThrow(/"Replace Existing Link" must be true or false/);
    expect(scope.isDone()).toBe(false);
  });

  it('unlinks with one PATCH clearing the link; with a Clio id, only while it is that one', async () => {
    const scope = snapshots()
      .patch('/v1/locations/loc_1', { external_refs: { clio: null } })
      .reply(200, location({ version: 3, external_refs: {} }))
      .patch('/v1/locations/loc_1', {
        external_refs: { clio: null },
        expected_external_refs: { clio: '111' },
      })
      .reply(200, location({ version: 3, external_refs: {} }));
    await expect(run(unlinkLocationFromClio, { location_id: 'loc_1' })).resolves.toMatchObject({
      external_refs: {},
    });
    await expect(
      run(unlinkLocationFromClio, { location_id: 'loc_1', clio_contact_id: 111 }),
    ).resolves.toMatchObject({ external_refs: {} });
    expect(scope.isDone()).toBe(true);
  });

  it('an unlink finding another Clio contact linked halts naming both, keeping it', async () => {
    snapshots()
      .patch('/v1/locations/loc_1')
      .reply(409, mismatch({ clio: '111' }), PROBLEM_JSON);
    const attempt = run(unlinkLocationFromClio, { location_id: 'loc_1', clio_contact_id: '222' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /^Location loc_1 is linked to Clio contact 111, not 222, so the link was kept\./,
    );
  });
});

describe('find_location', () => {
  useFakeSnapshots();

  it('by Snapshots id: one GET; a 404 is no match, not an error', async () => {
    const scope = snapshots()
      .get('/v1/locations/loc_1')
      .reply(200, location())
      .get('/v1/locations/loc_gone')
      .reply(404, problem(404, 'not-found', 'No location.'), PROBLEM_JSON);
    await expect(run(findLocation, { search_location_id: 'loc_1' })).resolves.toMatchObject([
      { id: 'loc_1:1' },
    ]);
    await expect(run(findLocation, { search_location_id: 'loc_gone' })).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('by Clio contact id: the external_ref filter', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query({ external_ref: 'clio:1234567', limit: '1' })
      .reply(200, { data: [location()], next_cursor: null });
    await expect(run(findLocation, { search_clio_contact_id: 1234567 })).resolves.toMatchObject([
      { location_id: 'loc_1' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('by name: exact by default, with the name= filter (one request)', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query({ name: 'office', limit: '100' })
      .reply(200, {
        data: [location({ location_id: 'loc_b', name: 'OFFICE' })],
        next_cursor: null,
      });
    const found = (await run(findLocation, { search_name: 'office' })) as { location_id: string }[];
    expect(found.map((record) => record.location_id)).toEqual(['loc_b']);
    expect(scope.isDone()).toBe(true);
  });

  it('by part of the name (opt-in): an exact match first, then the others in the API order', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query({ q: 'office', limit: '100' })
      .reply(200, {
        data: [
          location({ location_id: 'loc_a', name: 'Back Office' }),
          location({ location_id: 'loc_b', name: 'OFFICE' }),
          location({ location_id: 'loc_c', name: 'Office Annex' }),
        ],
        next_cursor: null,
      });
    const found = (await run(findLocation, {
      search_name: 'office',
      search_partial: 'true',
    })) as { location_id: string }[];
    expect(found.map((record) => record.location_id)).toEqual(['loc_b', 'loc_a', 'loc_c']);
    expect(scope.isDone()).toBe(true);
  });

  it('no match is []', async () => {
    snapshots().get('/v1/locations').query(true).reply(200, { data: [], next_cursor: null });
    await expect(run(findLocation, { search_name: 'nowhere' })).resolves.toEqual([]);
  });

  it('asks for at least one input, and sends nothing', async () => {
    const scope = snapshots().get(/.*/).reply(200, { data: [], next_cursor: null });
    await expect(run(findLocation, {})).rejects.toThrow(
      /fill in at least one of "Location", "Clio Contact ID", "Name"/,
    );
    expect(scope.isDone()).toBe(false);
  });
});

/**
 * The Clio stand-in answers as Clio's API v4 would (`sandbox/clio/clio-openapi.json`): valid writes are
 * 201/200 with `{ data: { id, … } }`, anything else a 422 that names the field and changes nothing.
 */
import {
  CLIO_CUSTOM_FIELDS,
  type ClioCollection,
  type ClioStandIn,
  startClioStandIn,
} from '../../sandbox/clio';
import { READABLE_FIELDS } from '../../sandbox/clio/schemas';
import { clioCall, expectClioConformance, fieldErrorsOf } from '../support/clio';
import { CLIO_OPENAPI, CORRECTIONS, clioConformance } from '../../sandbox/clio/conformance';

let clio: ClioStandIn;
beforeEach(async () => {
  clio = await startClioStandIn({ port: 0 });
});
afterEach(async () => {
  expectClioConformance(clio); // every exchange of every test conforms to Clio's document
  await clio.close();
});

const [SNAPSHOTS_ID, LAST_SEEN] = CLIO_CUSTOM_FIELDS.map((field) => field.id);
const DEMO_CONTACT = 1001;
const DEMO_MATTER = 2001;

/** Every field, nested ones with theirs (Clio answers only `id` and `etag` without `fields`). */
const NESTED: Record<string, string> = {
  addresses: 'id,name,street,city,province,postal_code,country',
  email_addresses: 'id,name,address,default_email',
  phone_numbers: 'id,name,number,default_number',
  custom_field_values: 'id,value,field_name,field_type,custom_field',
  client: 'id,name',
  senders: 'id,type',
  receivers: 'id,type',
  external_properties: 'name,value',
};
const allFields = (collection: ClioCollection) =>
  [...READABLE_FIELDS[collection]]
    .map((field) => (NESTED[field] ? `${field}{${NESTED[field]}}` : field))
    .join(',');
const withFields = (collection: ClioCollection, path: string) =>
  `${path}?fields=${encodeURIComponent(allFields(collection))}`;

const post = (collection: ClioCollection, data: unknown) =>
  clioCall(clio, 'POST', withFields(collection, `/api/v4/${collection}.json`), { data });
const patch = (collection: ClioCollection, id: number, data: unknown) =>
  clioCall(clio, 'PATCH', withFields(collection, `/api/v4/${collection}/${id}.json`), { data });

const company = {
  type: 'Company',
  name: 'Boston Branch',
  addresses: [
    {
      name: 'Work',
      street: '200 State Street',
      city: 'Boston',
      province: 'MA',
      postal_code: '02109',
      country: 'US',
    },
  ],
  email_addresses: [{ name: 'Work', address: 'boston@demo-law.example', default_email: true }],
  phone_numbers: [{ name: 'Work', number: '+16175550142', default_number: true }],
  custom_field_values: [
    { value: 'loc_demoBoston', custom_field: { id: SNAPSHOTS_ID } },
    { value: '2026-11-20T10:00:00.000Z', custom_field: { id: LAST_SEEN } },
  ],
};

describe('valid writes', () => {
  it('creates a Company contact with its nested lists and custom field values, and reads it back', async () => {
    const created = await post('contacts', company);
    expect(created.status).toBe(201);
    const { id } = created.body.data;
    expect(Number.isInteger(id)).toBe(true);
    expect(created.body.data).toMatchObject({
      type: 'Company',
      name: 'Boston Branch',
      addresses: [{ name: 'Work', city: 'Boston', id: expect.any(Number) }],
      custom_field_values: [
        { value: 'loc_demoBoston', field_name: 'Snapshots ID', custom_field: { id: SNAPSHOTS_ID } },
        { value: '2026-11-20T10:00:00.000Z', field_name: 'Last Seen' },
      ],
    });
    const read = await clioCall(clio, 'GET', withFields('contacts', `/api/v4/contacts/${id}.json`));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('creates a matter for a client, answering its status capitalised as Clio reads it', async () => {
    const created = await post('matters', {
      client: { id: DEMO_CONTACT },
      description: 'Acme Corp acquisition',
      status: 'pending',
      open_date: '2026-11-20',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      id: expect.any(Number),
      status: 'Pending',
      client: { id: DEMO_CONTACT, name: 'Head Office' },
      number: 2, // the account's second matter (the demo matter is the first)
      display_number: '00002-Head Office', // Clio's default numbering: number-client name
    });
    expect(clio.records.matters.get(created.body.data.id)?.status).toBe('pending');
  });

  it.each([
    [
      'activities',
      {
        type: 'TimeEntry',
        date: '2026-11-02',
        quantity: 1800,
        note: 'Intake call.',
        matter: { id: DEMO_MATTER },
      },
    ],
    [
      'notes',
      {
        type: 'Matter',
        subject: 'Intake call',
        detail: 'Call notes.',
        date: '2026-11-02',
        matter: { id: DEMO_MATTER },
      },
    ],
    ['notes', { type: 'Contact', subject: 'Site visit', contact: { id: DEMO_CONTACT } }],
    [
      'communications',
      {
        type: 'PhoneCommunication',
        subject: 'Intake call',
        body: 'Intake call with Ms. Smith.',
        date: '2026-11-02',
        received_at: '2026-11-02T10:00:00-05:00',
        matter: { id: DEMO_MATTER },
      },
    ],
  ] as [ClioCollection, Record<string, unknown>][])('creates %s: %j', async (collection, data) => {
    const created = await post(collection, data);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ ...data, id: expect.any(Number) });
  });

  it('logs every request with its answer, and refuses a missing bearer token with 401', async () => {
    await post('contacts', { type: 'Company', name: 'A' });
    const refused = await clioCall(clio, 'POST', '/api/v4/contacts.json', { data: company }, null);
    expect(refused.status).toBe(401);
    expect(clio.requests.map((r) => [r.method, r.url.split('?')[0], r.status])).toEqual([
      ['POST', '/api/v4/contacts.json', 201],
      ['POST', '/api/v4/contacts.json', 401],
    ]);
    expect(clio.requests[0]?.body).toEqual({ data: { type: 'Company', name: 'A' } });
    expect(clio.records.contacts.size).toBe(2); // the demo contact and "A"
  });

  it('answers only id and etag without ?fields=, and the fields named with it', async () => {
    const bare = await clioCall(clio, 'POST', '/api/v4/contacts.json', { data: company });
    expect(bare.status).toBe(201);
    expect(Object.keys(bare.body.data).sort()).toEqual(['etag', 'id']);
    const { id } = bare.body.data;
    const picked = await clioCall(
      clio,
      'GET',
      `/api/v4/contacts/${id}.json?fields=id,name,addresses{city},custom_field_values`,
    );
    expect(picked.body.data).toEqual({
      id,
      name: 'Boston Branch',
      addresses: [{ city: 'Boston' }],
      custom_field_values: [{ id: 'text_line-1' }, { id: 'text_line-2' }],
    });
  });

  it('refuses an unknown field in ?fields= with 400, before writing anything', async () => {
    const response = await clioCall(clio, 'POST', '/api/v4/contacts.json?fields=id,nickname', {
      data: company,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/nickname/);
    expect(clio.records.contacts.size).toBe(1); // the demo contact only
  });

  it('answers 404 for an id it does not hold', async () => {
    expect((await clioCall(clio, 'GET', '/api/v4/contacts/999999.json')).status).toBe(404);
    expect((await patch('matters', 999999, { description: 'x' })).status).toBe(404);
  });
});

describe('422 naming what is wrong, and nothing stored', () => {
  const cases: [string, string, unknown, string, RegExp][] = [
    ['no envelope', 'contacts', { type: 'Company', name: 'A' }, 'type, name', /not allowed/],
    [
      'an unknown field',
      'contacts',
      { data: { type: 'Company', name: 'A', nickname: 'B' } },
      'data.nickname',
      /not a field/,
    ],
    [
      'a required field missing',
      'contacts',
      { data: { type: 'Company' } },
      'data.name',
      /required/,
    ],
    [
      'an id as a string',
      'matters',
      { data: { client: { id: '1001' }, description: 'M' } },
      'data.client.id',
      /integer/,
    ],
    [
      'a lowercase contact type',
      'contacts',
      { data: { type: 'company', name: 'A' } },
      'data.type',
      /Person|Company/,
    ],
    [
      'a capitalised matter status on write',
      'matters',
      { data: { client: { id: DEMO_CONTACT }, description: 'M', status: 'Open' } },
      'data.status',
      /lowercase/,
    ],
    [
      'an unknown activity type',
      'activities',
      { data: { type: 'Time', date: '2026-11-02' } },
      'data.type',
      /TimeEntry/,
    ],
    [
      'a timestamp for a date',
      'activities',
      { data: { type: 'TimeEntry', date: '2026-11-02T10:00:00Z' } },
      'data.date',
      /ISO date/,
    ],
    [
      'a date that does not exist',
      'matters',
      { data: { client: { id: DEMO_CONTACT }, description: 'M', open_date: '2026-02-30' } },
      'data.open_date',
      /ISO date/,
    ],
    [
      'a contact on an activity',
      'activities',
      { data: { type: 'TimeEntry', date: '2026-11-02', contact: { id: DEMO_CONTACT } } },
      'data.contact',
      /not a field/,
    ],
    [
      'a Matter note without a matter',
      'notes',
      { data: { type: 'Matter', subject: 'S', contact: { id: DEMO_CONTACT } } },
      'data.matter',
      /required/,
    ],
    [
      'an unknown communication type',
      'communications',
      { data: { type: 'CallCommunication', subject: 'S', body: 'B' } },
      'data.type',
      /PhoneCommunication/,
    ],
    [
      'a communication without a body',
      'communications',
      { data: { type: 'EmailCommunication', subject: 'S' } },
      'data.body',
      /required/,
    ],
    [
      'a client that does not exist',
      'matters',
      { data: { client: { id: 424242 }, description: 'M' } },
      'data.client.id',
      /not a contact/,
    ],
    [
      'a matter that does not exist',
      'notes',
      { data: { type: 'Matter', matter: { id: 424242 } } },
      'data.matter.id',
      /not a matter/,
    ],
    [
      'a receiver that does not exist',
      'communications',
      {
        data: {
          type: 'EmailCommunication',
          subject: 'S',
          body: 'B',
          receivers: [{ id: 424242, type: 'Contact' }],
        },
      },
      'data.receivers[0].id',
      /not a Contact/,
    ],
    [
      'a nested item of an unknown kind',
      'contacts',
      { data: { type: 'Company', name: 'A', addresses: [{ name: 'Office', city: 'X' }] } },
      'data.addresses[0].name',
      /Work/,
    ],
    [
      'a new email without its address',
      'contacts',
      { data: { type: 'Company', name: 'A', email_addresses: [{ name: 'Work' }] } },
      'data.email_addresses[0].address',
      /required/,
    ],
    [
      'a custom field value by name',
      'contacts',
      {
        data: {
          type: 'Company',
          name: 'A',
          custom_field_values: [{ value: 'x', custom_field: { name: 'Snapshots ID' } }],
        },
      },
      'data.custom_field_values[0].custom_field.name',
      /not a field/,
    ],
    [
      'a custom field that does not exist',
      'contacts',
      {
        data: {
          type: 'Company',
          name: 'A',
          custom_field_values: [{ value: 'x', custom_field: { id: 424242 } }],
        },
      },
      'data.custom_field_values[0].custom_field.id',
      /not a custom field/,
    ],
    [
      'a number for a text custom field',
      'contacts',
      {
        data: {
          type: 'Company',
          name: 'A',
          custom_field_values: [{ value: 7, custom_field: { id: SNAPSHOTS_ID } }],
        },
      },
      'data.custom_field_values[0].value',
      /text/,
    ],
    [
      'a contact custom field on a matter',
      'matters',
      {
        data: {
          client: { id: DEMO_CONTACT },
          description: 'M',
          custom_field_values: [{ value: 'x', custom_field: { id: SNAPSHOTS_ID } }],
        },
      },
      'data.custom_field_values[0].custom_field.id',
      /Contact custom field/,
    ],
  ];

  it.each(cases)('%s', async (_name, collection, body, field, message) => {
    const before = clio.records[collection as ClioCollection].size;
    const response = await clioCall(clio, 'POST', `/api/v4/${collection}.json`, body);
    expect(response.status).toBe(422);
    expect(response.body.error.type).toBe('ValidationError');
    expect(response.body.error.message).toContain(field);
    const named = fieldErrorsOf(response).find((f) => f.field === field);
    expect(named?.message).toMatch(message);
    expect(clio.records[collection as ClioCollection].size).toBe(before);
  });

  it('lists every problem of one request at once', async () => {
    const response = await post('contacts', {
      type: 'Firm',
      addresses: [{ name: 'Work', zip: '1' }],
    });
    expect(
      fieldErrorsOf(response)
        .map((f) => f.field)
        .sort(),
    ).toEqual(['data.addresses[0].zip', 'data.name', 'data.type']);
  });
});

describe('PATCH of nested lists, as Clio matches items by id', () => {
  let id: number;
  let stored: { addresses: { id: number }[]; custom_field_values: { id: string }[] };
  beforeEach(async () => {
    const created = await post('contacts', company);
    id = created.body.data.id;
    stored = created.body.data;
  });

  it('changes the item whose id is sent, and keeps lists that are not sent', async () => {
    const address = stored.addresses[0]!.id;
    const response = await patch('contacts', id, {
      name: 'Boston Office',
      addresses: [{ id: address, street: '1 Federal Street' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.data.name).toBe('Boston Office');
    expect(response.body.data.addresses).toEqual([
      { ...company.addresses[0], street: '1 Federal Street', id: address },
    ]);
    expect(response.body.data.email_addresses).toHaveLength(1);
    expect(response.body.data.custom_field_values).toHaveLength(2);
  });

  it('adds an item sent without an id (so an address sent again without its id is a second one)', async () => {
    const response = await patch('contacts', id, { addresses: [company.addresses[0]] });
    expect(response.body.data.addresses).toHaveLength(2);
  });

  it('removes an item sent with _destroy', async () => {
    const address = stored.addresses[0]!.id;
    const response = await patch('contacts', id, { addresses: [{ id: address, _destroy: true }] });
    expect(response.body.data.addresses).toEqual([]);
  });

  it('changes a custom field value by its id, and refuses a second value for the same field', async () => {
    const [snapshotsId, lastSeen] = stored.custom_field_values.map((v) => v.id);
    const changed = await patch('contacts', id, {
      custom_field_values: [{ id: lastSeen, value: '2026-11-21T08:00:00.000Z' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data.custom_field_values).toEqual([
      expect.objectContaining({ id: snapshotsId, value: 'loc_demoBoston' }),
      expect.objectContaining({ id: lastSeen, value: '2026-11-21T08:00:00.000Z' }),
    ]);

    const twin = await patch('contacts', id, {
      custom_field_values: [{ value: '2026-11-22T08:00:00.000Z', custom_field: { id: LAST_SEEN } }],
    });
    expect(twin.status).toBe(422);
    expect(twin.fieldErrors).toEqual([
      {
        field: 'data.custom_field_values[0].custom_field.id',
        message: expect.stringMatching(/"Last Seen" already has a value.*send that value's id/),
      },
    ]);
    expect(clio.records.contacts.get(id)?.custom_field_values).toEqual(
      changed.body.data.custom_field_values,
    );
  });

  it('refuses an item id the record does not have, changing nothing', async () => {
    const response = await patch('contacts', id, {
      name: 'Renamed',
      phone_numbers: [{ id: 424242, number: '+16175550000' }],
    });
    expect(response.status).toBe(422);
    expect(response.fieldErrors).toEqual([
      { field: 'data.phone_numbers[0].id', message: expect.stringMatching(/not an item/) },
    ]);
    expect(clio.records.contacts.get(id)?.name).toBe('Boston Branch');
  });
});

describe('custom field values as Clio has them (issue 16, finding 3)', () => {
  const DUE_DATE = CLIO_CUSTOM_FIELDS.find((field) => field.name === 'Due Date')!.id;
  const values = '?fields=id,custom_field_values{id,value,custom_field}';

  it('gives each value a composite string id, and changes a value by that id', async () => {
    const created = await post('contacts', company);
    const { id } = created.body.data;
    const [snapshotsId, lastSeen] = created.body.data.custom_field_values;
    expect(snapshotsId.id).toMatch(/^text_line-\d+$/);
    expect(lastSeen.id).toMatch(/^text_line-\d+$/);
    const changed = await clioCall(clio, 'PATCH', `/api/v4/contacts/${id}.json${values}`, {
      data: { custom_field_values: [{ id: lastSeen.id, value: '2026-12-01T08:00:00.000Z' }] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data.custom_field_values).toEqual([
      { id: snapshotsId.id, value: 'loc_demoBoston', custom_field: { id: SNAPSHOTS_ID } },
      { id: lastSeen.id, value: '2026-12-01T08:00:00.000Z', custom_field: { id: LAST_SEEN } },
    ]);
  });

  it('reads a field shown by default with no value as a null id and value, and sets it with its custom field', async () => {
    const read = await clioCall(clio, 'GET', `/api/v4/matters/${DEMO_MATTER}.json${values}`);
    expect(read.body.data.custom_field_values).toEqual([
      { id: null, value: null, custom_field: { id: DUE_DATE } },
    ]);
    const set = await clioCall(clio, 'PATCH', `/api/v4/matters/${DEMO_MATTER}.json${values}`, {
      data: {
        custom_field_values: [{ id: null, value: '2027-04-30', custom_field: { id: DUE_DATE } }],
      },
    });
    expect(set.status).toBe(200);
    expect(set.body.data.custom_field_values).toEqual([
      {
        id: expect.stringMatching(/^date-\d+$/),
        value: '2027-04-30',
        custom_field: { id: DUE_DATE },
      },
    ]);
  });

  it('refuses an integer value id, which Clio never issues', async () => {
    const created = await post('contacts', company);
    const response = await patch('contacts', created.body.data.id, {
      custom_field_values: [{ id: 1, value: 'x' }],
    });
    expect(response.status).toBe(422);
    expect(response.fieldErrors).toEqual([
      { field: 'data.custom_field_values[0].id', message: expect.stringMatching(/composite id/) },
    ]);
  });
});

describe("Clio's defaults, writable fields, field names and read-back types (issue 16, finding 4)", () => {
  it('names a new address, email or phone "Other" when it comes without a name', async () => {
    const created = await post('contacts', {
      type: 'Person',
      name: 'Ann Lee',
      addresses: [{ city: 'Vancouver' }],
      email_addresses: [{ address: 'ann@example.com' }],
      phone_numbers: [{ number: '604-555-0100' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      addresses: [{ name: 'Other', city: 'Vancouver' }],
      email_addresses: [{ name: 'Other', address: 'ann@example.com' }],
      phone_numbers: [{ name: 'Other', number: '604-555-0100' }],
    });
  });

  it.each([
    [
      'contacts',
      {
        type: 'Person',
        name: 'Dr. Ann B. Lee',
        prefix: 'Dr.',
        first_name: 'Ann',
        middle_name: 'B.',
        last_name: 'Lee',
      },
    ],
    ['matters', { client: { id: DEMO_CONTACT }, description: 'Pro bono', billable: false }],
    [
      'notes',
      {
        type: 'Matter',
        matter: { id: DEMO_MATTER },
        detail: '<b>Hi</b>',
        detail_text_type: 'rich_text',
      },
    ],
    [
      'communications',
      {
        type: 'EmailCommunication',
        subject: 'S',
        body: 'B',
        external_properties: [{ name: 'source', value: 'snapshots' }],
      },
    ],
    ['activities', { type: 'TimeEntry', date: '2026-11-02', no_charge: true }],
  ] as [ClioCollection, Record<string, unknown>][])(
    'accepts documented writable fields of %s',
    async (collection, data) => {
      const created = await post(collection, data);
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ ...data, id: expect.any(Number) });
    },
  );

  it('answers the documented field names it derives: primary_email_address, is_client, number, client_id, billable', async () => {
    const contact = await clioCall(
      clio,
      'GET',
      `/api/v4/contacts/${DEMO_CONTACT}.json?fields=id,primary_email_address,primary_phone_number,is_client`,
    );
    expect(contact.body.data).toEqual({
      id: DEMO_CONTACT,
      primary_email_address: null,
      primary_phone_number: null,
      is_client: true,
    });
    const matter = await clioCall(
      clio,
      'GET',
      `/api/v4/matters/${DEMO_MATTER}.json?fields=id,number,display_number,client_id,billable`,
    );
    expect(matter.body.data).toEqual({
      id: DEMO_MATTER,
      number: 1,
      display_number: '00001-Head Office',
      client_id: DEMO_CONTACT,
      billable: true,
    });
  });

  it('reads receivers and senders back as Person, Company or User, not "Contact"', async () => {
    const person = await post('contacts', { type: 'Person', name: 'Ann Lee' });
    const created = await post('communications', {
      type: 'PhoneCommunication',
      subject: 'S',
      body: 'B',
      senders: [{ id: 501, type: 'User' }],
      receivers: [
        { id: DEMO_CONTACT, type: 'Contact' },
        { id: person.body.data.id, type: 'Contact' },
      ],
    });
    expect(created.body.data.senders).toEqual([{ id: 501, type: 'User' }]);
    expect(created.body.data.receivers).toEqual([
      { id: DEMO_CONTACT, type: 'Company' },
      { id: person.body.data.id, type: 'Person' },
    ]);
  });

  it('takes custom field values as strings, as Clio types them, and refuses other JSON types', async () => {
    const data = (value: unknown) => ({
      client: { id: DEMO_CONTACT },
      description: 'M',
      custom_field_values: [{ value, custom_field: { id: 9003 } }],
    });
    expect((await post('matters', data('2027-04-30'))).status).toBe(201);
    const refused = await post('matters', data(20270430));
    expect(refused.status).toBe(422);
    expect(refused.fieldErrors[0]?.message).toMatch(/strings/);
  });
});

describe("the conformance check against Clio's document (issue 16)", () => {
  it('found nothing in the exchanges above', () => {
    expectClioConformance(clio);
  });

  it('fails on a request the document does not allow', () => {
    const problems = clioConformance()({
      method: 'POST',
      path: '/api/v4/contacts.json',
      status: 201,
      requestBody: { data: { type: 'Company', name: 'A', nickname: 'B' } },
      responseBody: { data: { id: 1, etag: '"1"' } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/request body\/data must NOT have additional properties/),
    ]);
  });

  it('fails on an answer the document does not describe', () => {
    const problems = clioConformance()({
      method: 'GET',
      path: '/api/v4/communications/5001.json',
      status: 200,
      requestBody: undefined,
      responseBody: { data: { id: 5001, receivers: [{ id: 1001, type: 'Contact' }] } },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /answer\/data\/receivers\/0\/type must be equal to one of the allowed values/,
      ),
    ]);
  });

  it('turns a departure into a 500 naming it, and records it', async () => {
    // A document in which a contact's name is a number: the stand-in's answer now departs from it.
    const document = structuredClone(CLIO_OPENAPI) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    document.components.schemas.Contact_base!.properties.name = { type: 'integer' };
    const strict = await startClioStandIn({
      port: 0,
      conformance: clioConformance(document as never),
    });
    try {
      const response = await clioCall(
        strict,
        'GET',
        `/api/v4/contacts/${DEMO_CONTACT}.json?fields=name`,
      );
      expect(response.status).toBe(500);
      expect(response.body.error).toEqual({
        type: 'ConformanceError',
        message: expect.stringMatching(/answer\/data\/name must be integer/),
      });
      expect(strict.violations).toHaveLength(1);
      expect(() => expectClioConformance(strict)).toThrow(/departed from Clio's document/);
    } finally {
      await strict.close();
    }
  });

  it('applies only the documented corrections: a composite value id, per-type note targets, nulls in answers', () => {
    expect(CORRECTIONS.map((c) => c.where)).toEqual([
      'CustomFieldValue id (answers; PATCH of contacts and matters)',
      'POST /notes.json: matter and contact',
      'every field of an answer',
    ]);
  });
});

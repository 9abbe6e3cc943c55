/** What only locations have: the address (merged key by key), contact fields and last_seen. */
import type { Json } from '../support/api';
import { useSandbox } from '../support/api';
import { LOCATIONS, create, get, patch } from '../support/collections';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const fullAddress = {
  line1: '1 Main Street',
  line2: 'Floor 2',
  city: 'Springfield',
  region: 'IL',
  postal_code: '62701',
  country: 'US',
};

/** An address field that was cleared may be null or absent; both mean "no value". */
const addressValues = (address: Json): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries((address ?? {}) as Record<string, unknown>).filter(
      ([, value]) => value !== null,
    ),
  );

describe('locations', () => {
  it('stores every field of a full location', async () => {
    const body = {
      name: 'Head office',
      address: fullAddress,
      email: 'office@demo-law.example',
      phone: '+14155550123',
      timezone: 'America/Chicago',
      last_seen: '2026-11-27T10:15:00.000Z',
      external_refs: { clio: '42' },
      custom_fields: { practice_area: 'Family', client_since: '2019-05-01' },
    };
    const record = await create(h, LOCATIONS, token, body);
    expect(record).toMatchObject(body);
    expect(addressValues(record.address)).toEqual(fullAddress);
  });

  it('normalises last_seen given with an offset to UTC with milliseconds', async () => {
    const record = await create(h, LOCATIONS, token, {
      name: 'Offset',
      last_seen: '2026-11-27T11:15:00+01:00',
    });
    expect(record.last_seen).toBe('2026-11-27T10:15:00.000Z');
  });

  it('clears one nested address field with null and keeps the others', async () => {
    const original = await create(h, LOCATIONS, token, { name: 'Nested', address: fullAddress });
    const updated = await patch(h, LOCATIONS, token, original.location_id, {
      address: { city: null, line2: null },
    });
    const rest = { ...fullAddress, city: undefined, line2: undefined };
    expect(addressValues(updated.address)).toEqual(rest);
    expect(updated.version).toBe(2);
    expect(addressValues((await get(h, LOCATIONS, token, original.location_id)).address)).toEqual(
      rest,
    );
  });

  it('merges a partial address into the existing one', async () => {
    const original = await create(h, LOCATIONS, token, {
      name: 'Partial',
      address: { line1: '1 Main Street', country: 'US' },
    });
    const updated = await patch(h, LOCATIONS, token, original.location_id, {
      address: { city: 'Springfield' },
    });
    expect(addressValues(updated.address)).toEqual({
      line1: '1 Main Street',
      city: 'Springfield',
      country: 'US',
    });
  });

  it('clears the whole address with address: null', async () => {
    const original = await create(h, LOCATIONS, token, { name: 'Whole', address: fullAddress });
    const updated = await patch(h, LOCATIONS, token, original.location_id, { address: null });
    expect(addressValues(updated.address)).toEqual({});
  });

  it('clears email, phone, timezone and last_seen with null in one patch', async () => {
    const original = await create(h, LOCATIONS, token, {
      name: 'Contact',
      email: 'a@demo-law.example',
      phone: '+442079460000',
      timezone: 'Europe/London',
      last_seen: '2026-01-01T00:00:00.000Z',
    });
    const updated = await patch(h, LOCATIONS, token, original.location_id, {
      email: null,
      phone: null,
      timezone: null,
      last_seen: null,
    });
    expect(updated).toMatchObject({ email: null, phone: null, timezone: null, last_seen: null });
    expect(updated.name).toBe('Contact');
  });

  it('accepts a name of exactly 200 characters (the limit)', async () => {
    const name = 'n'.repeat(200);
    const record = await create(h, LOCATIONS, token, { name });
    expect(record.name).toBe(name);
  });
});

describe('GET /v1/locations?name= (exact, ignoring case and surrounding spaces)', () => {
  it('finds only the whole name, beyond the first page, and 400s on an empty one', async () => {
    const office = await create(h, LOCATIONS, token, { name: 'Office' });
    for (const name of ['Back Office', 'Office Annex', 'OFFICE 2']) {
      await create(h, LOCATIONS, token, { name });
    }
    const found = await h.call('GET', '/v1/locations', {
      token,
      query: { name: '  office ', limit: '1' },
    });
    expect(found.status).toBe(200);
    expect(
      (found.body.data as Json[]).map((item) => (item as { location_id: unknown }).location_id),
    ).toEqual([office.location_id]);
    const empty = await h.call('GET', '/v1/locations', { token, query: { name: ' ' } });
    expect(empty.status).toBe(400);
  });
});

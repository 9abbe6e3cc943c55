/**
 * What every collection (locations, matters, activities) does the same way: create, get, list
 * (filters shared by all, each sort, limit bounds, cursor pagination stable under writes), JSON
 * merge patch, ETag / If-Match / version, upsert by external reference, duplicate external refs,
 * and the table of bad input. Collection-specific rules live in locations/matters/activities.test.ts.
 */
import { LOCATION_NAME_MAX, MATTER_TITLE_MAX } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { longString, useSandbox } from '../support/api';
import {
  COLLECTIONS,
  WELL_FORMED_UNKNOWN,
  commonBadCreates,
  create,
  get,
  idsOf,
  patch,
} from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const isoNear = (value: string) => Math.abs(Date.parse(value) - Date.now()) < 60_000;

/** A search's text takes as many characters as the field it searches. */
const qMax = { name: LOCATION_NAME_MAX, title: MATTER_TITLE_MAX, notes: 200 };

describe.each(COLLECTIONS)('/v1/$name', (c) => {
  const path = `/v1/${c.name}`;

  /** Creates `n` records with distinct created_at (the clock moves 1 s between them). */
  async function createSpaced(n: number, label = 'Record'): Promise<Json[]> {
    const records: Json[] = [];
    for (let i = 0; i < n; i += 1) {
      if (i > 0) await h.advanceClock(1);
      records.push(await create(h, c, token, c.minimal(`${label} ${i}`)));
    }
    return records;
  }

  describe(`POST ${path}`, () => {
    it('creates a record: 201, Location, ETag "1", version 1, the defaults, the same as GET', async () => {
      const body = c.minimal('Created record');
      const response = await h.call('POST', path, { token, body });
      expect(response.status).toBe(201);
      const record = response.body;
      const id = record[c.idKey] as string;
      expect(id).toMatch(new RegExp(`^${c.prefix}[A-Za-z0-9]{1,64}$`));
      expect(new URL(response.headers.get('location') ?? '', h.url).pathname).toBe(`${path}/${id}`);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(record).toMatchObject({ ...body, ...c.defaults, version: 1 });
      expect(record.created_at).toBe(record.last_updated);
      expect(isoNear(record.created_at)).toBe(true);

      const fetched = await h.call('GET', `${path}/${id}`, { token });
      expect(fetched.status).toBe(200);
      expect(fetched.headers.get('etag')).toBe('"1"');
      expect(fetched.body).toEqual(record);
    });

    it('gives every record its own id', async () => {
      const [a, b] = await Promise.all([
        create(h, c, token, c.minimal('One')),
        create(h, c, token, c.minimal('Two')),
      ]);
      expect(a[c.idKey]).not.toBe(b[c.idKey]);
    });

    it('stores external_refs and custom_fields', async () => {
      const record = await create(h, c, token, {
        ...c.minimal('With refs'),
        external_refs: { clio: '1234567', hubspot: 'h-9' },
        custom_fields: { [c.customField.key]: c.customField.good },
      });
      expect(record.external_refs).toEqual({ clio: '1234567', hubspot: 'h-9' });
      expect(record.custom_fields).toEqual({ [c.customField.key]: c.customField.good });
    });

    it.each([...commonBadCreates(c), ...c.badCreates])(
      'rejects $label with $status, naming the field, and changes nothing',
      async (bad) => {
        await create(h, c, token, c.minimal('Already here'));
        const before = await snapshotState(h);
        const response = await h.call(
          'POST',
          path,
          bad.raw !== undefined ? { token, raw: bad.raw } : { token, body: bad.body },
        );
        expectProblem(response, bad.status, bad.field ? { field: bad.field } : {});
        // A rejected write changes nothing but logs exactly one sync error.
        expectUnchanged(before, await snapshotState(h), 1);
      },
    );

    it('rejects a duplicate external reference with 409 and creates nothing', async () => {
      await create(h, c, token, { ...c.minimal('First'), external_refs: { clio: 'dup-1' } });
      const before = await snapshotState(h);
      const response = await h.call('POST', path, {
        token,
        body: { ...c.minimal('Second'), external_refs: { clio: 'dup-1' } },
      });
      expectProblem(response, 409, { field: 'external_refs' });
      expectUnchanged(before, await snapshotState(h), 1);
    });
  });

  describe(`GET ${path}/{id}`, () => {
    it('404s on an unknown id', async () => {
      const response = await h.call('GET', `${path}/${WELL_FORMED_UNKNOWN[c.idKey]}`, { token });
      expectProblem(response, 404);
    });

    const badItemQueries: [string, Record<string, string>, string][] = [
      ['an unknown parameter', { colour: 'red' }, 'colour'],
    ];
    if (c.name === 'locations') {
      badItemQueries.push([
        'expand, which locations do not accept',
        { expand: 'location' },
        'expand',
      ]);
    }
    if (c.name === 'matters') {
      badItemQueries.push([
        'expand=matter (matters link only to a location)',
        { expand: 'matter' },
        'expand',
      ]);
    }
    it.each(badItemQueries)('400s on %s', async (_label, query, field) => {
      const record = await create(h, c, token, c.minimal('Queried'));
      const response = await h.call('GET', `${path}/${record[c.idKey]}`, { token, query });
      expectProblem(response, 400, { field });
    });
  });

  describe(`GET ${path}`, () => {
    it('lists nothing on an empty account', async () => {
      const response = await h.call('GET', path, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: [], next_cursor: null });
    });

    it('sorts by -last_updated by default, and by each other sort key', async () => {
      const [a, b, cc] = await createSpaced(3);
      await h.advanceClock(1);
      await patch(h, c, token, a[c.idKey], { [c.textField]: 'A, updated last' });
      const ids = [a, b, cc].map((record) => record[c.idKey] as string);
      const [ida, idb, idc] = ids;

      const order = async (sort?: string) =>
        idsOf(c, (await h.call('GET', path, { token, query: { sort } })).body.data);
      expect(await order()).toEqual([ida, idc, idb]);
      expect(await order('-last_updated')).toEqual([ida, idc, idb]);
      expect(await order('last_updated')).toEqual([idb, idc, ida]);
      expect(await order('-created_at')).toEqual([idc, idb, ida]);
      expect(await order('created_at')).toEqual([ida, idb, idc]);
    });

    it('returns 50 records by default and honours limit 1 and 100', async () => {
      await Promise.all(
        Array.from({ length: 101 }, (_, i) => create(h, c, token, c.minimal(`Bulk ${i}`))),
      );
      const byDefault = await h.call('GET', path, { token });
      expect(byDefault.body.data).toHaveLength(50);
      expect(byDefault.body.next_cursor).toEqual(expect.any(String));
      const one = await h.call('GET', path, { token, query: { limit: 1 } });
      expect(one.body.data).toHaveLength(1);
      const hundred = await h.call('GET', path, { token, query: { limit: 100 } });
      expect(hundred.body.data).toHaveLength(100);
      expect(hundred.body.next_cursor).toEqual(expect.any(String));
    });

    it('walks every record exactly once with the cursor, and ends with next_cursor null', async () => {
      const records = await createSpaced(5);
      const seen: string[][] = [];
      let cursor: string | undefined;
      for (;;) {
        const response = await h.call('GET', path, { token, query: { limit: 2, cursor } });
        expect(response.status).toBe(200);
        seen.push(idsOf(c, response.body.data));
        if (response.body.next_cursor === null) break;
        cursor = response.body.next_cursor;
        expect(seen.length).toBeLessThan(10);
      }
      const newestFirst = records.map((record) => record[c.idKey] as string).reverse();
      expect(seen).toEqual([
        newestFirst.slice(0, 2),
        newestFirst.slice(2, 4),
        newestFirst.slice(4),
      ]);
    });

    it('keeps pagination stable while records are created between pages (keyset, -created_at)', async () => {
      const records = await createSpaced(6, 'Original');
      const [r0, r1, r2, r3, r4, r5] = records.map((record) => record[c.idKey] as string);
      const page = async (cursor?: string): Promise<Json> =>
        (await h.call('GET', path, { token, query: { sort: '-created_at', limit: 2, cursor } }))
          .body;

      const first = await page();
      expect(idsOf(c, first.data)).toEqual([r5, r4]);
      // Newer records land in front of the cursor: an offset-based list would repeat r4.
      await h.advanceClock(1);
      await create(h, c, token, c.minimal('Inserted 1'));
      await create(h, c, token, c.minimal('Inserted 2'));
      const second = await page(first.next_cursor);
      expect(idsOf(c, second.data)).toEqual([r3, r2]);
      await create(h, c, token, c.minimal('Inserted 3'));
      const third = await page(second.next_cursor);
      expect(idsOf(c, third.data)).toEqual([r1, r0]);
      expect(third.next_cursor).toBeNull();
    });

    it('keeps pagination stable while records are updated between pages (-last_updated)', async () => {
      const records = await createSpaced(6, 'Original');
      const ids = records.map((record) => record[c.idKey] as string);
      const [r0, r1, r2, r3, r4, r5] = ids;
      const seen: string[] = [];
      const first = await h.call('GET', path, { token, query: { limit: 2 } });
      seen.push(...idsOf(c, first.body.data));
      expect(seen).toEqual([r5, r4]);

      // Updating moves records to the front; a record already seen must not come back.
      await h.advanceClock(1);
      await patch(h, c, token, r5 as string, { [c.textField]: 'Seen, then updated' });
      await patch(h, c, token, r2 as string, { [c.textField]: 'Not seen, then updated' });
      await create(h, c, token, c.minimal('New'));

      let cursor: string | null = first.body.next_cursor;
      while (cursor) {
        const response = await h.call('GET', path, { token, query: { limit: 2, cursor } });
        seen.push(...idsOf(c, response.body.data));
        cursor = response.body.next_cursor;
        expect(seen.length).toBeLessThan(20);
      }
      expect(new Set(seen).size).toBe(seen.length);
      // Every record untouched since the first page is listed.
      expect(seen).toEqual(expect.arrayContaining([r0, r1, r3, r4, r5]));
    });

    it('filters by created_since and updated_since, inclusively, accepting offsets', async () => {
      const [a, b] = await createSpaced(2);
      await h.advanceClock(10);
      const aUpdated = await patch(h, c, token, a[c.idKey], { [c.textField]: 'Touched' });
      const list = async (query: Record<string, string>) =>
        idsOf(c, (await h.call('GET', path, { token, query })).body.data).sort();
      const [ida, idb] = [a[c.idKey] as string, b[c.idKey] as string];

      expect(await list({ created_since: a.created_at })).toEqual([ida, idb].sort());
      expect(await list({ created_since: b.created_at })).toEqual([idb]);
      expect(await list({ updated_since: b.last_updated })).toEqual([ida, idb].sort());
      expect(await list({ updated_since: aUpdated.last_updated })).toEqual([ida]);
      // The same instant written with a +02:00 offset.
      const shifted = new Date(Date.parse(b.created_at) + 2 * 3600_000)
        .toISOString()
        .replace('Z', '+02:00');
      expect(await list({ created_since: shifted })).toEqual([idb]);
      const later = new Date(Date.parse(aUpdated.last_updated) + 1).toISOString();
      expect(await list({ updated_since: later })).toEqual([]);
    });

    it(`filters by q: a case-insensitive substring of ${c.textField}`, async () => {
      const hit1 = await create(h, c, token, c.minimal('Downtown OFFICE'));
      const hit2 = await create(h, c, token, c.minimal('the back office'));
      await create(h, c, token, c.minimal('Warehouse'));
      const response = await h.call('GET', path, { token, query: { q: 'Office' } });
      expect(idsOf(c, response.body.data).sort()).toEqual(
        [hit1[c.idKey] as string, hit2[c.idKey] as string].sort(),
      );
    });

    it('filters by external_ref=<system>:<id>', async () => {
      const hit = await create(h, c, token, {
        ...c.minimal('Linked'),
        external_refs: { clio: '555', hubspot: '777' },
      });
      await create(h, c, token, { ...c.minimal('Other'), external_refs: { clio: '5555' } });
      const list = async (ref: string) =>
        idsOf(c, (await h.call('GET', path, { token, query: { external_ref: ref } })).body.data);
      expect(await list('clio:555')).toEqual([hit[c.idKey]]);
      expect(await list('hubspot:777')).toEqual([hit[c.idKey]]);
      expect(await list('clio:777')).toEqual([]);
    });

    it('keeps a filter across pages', async () => {
      const hits = await Promise.all(
        [1, 2, 3].map((i) => create(h, c, token, c.minimal(`Needle ${i}`))),
      );
      await create(h, c, token, c.minimal('Haystack'));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await h.call('GET', path, {
          token,
          query: { q: 'needle', limit: 1, cursor },
        });
        seen.push(...idsOf(c, response.body.data));
        cursor = response.body.next_cursor ?? undefined;
      } while (cursor && seen.length < 10);
      expect(seen.sort()).toEqual(idsOf(c, hits).sort());
    });

    it.each([
      ['limit=0', { limit: '0' }, 'limit'],
      ['limit=101', { limit: '101' }, 'limit'],
      ['limit=ten', { limit: 'ten' }, 'limit'],
      ['limit=1.5', { limit: '1.5' }, 'limit'],
      ['an unknown sort', { sort: 'name' }, 'sort'],
      ['a garbage cursor', { cursor: 'not-a-cursor' }, 'cursor'],
      ['an overlong cursor', { cursor: longString(600, 'A') }, 'cursor'],
      ['updated_since that is not a date', { updated_since: 'yesterday' }, 'updated_since'],
      ['updated_since month 13', { updated_since: '2026-13-01T00:00:00Z' }, 'updated_since'],
      ['created_since without a time', { created_since: '2026-11-27' }, 'created_since'],
      ['external_ref without a system', { external_ref: '555' }, 'external_ref'],
      ['external_ref with a bad system', { external_ref: 'Clio:555' }, 'external_ref'],
      ['an empty q', { q: '' }, 'q'],
      [`a q longer than the ${c.textField} itself`, { q: longString(qMax[c.textField] + 1) }, 'q'],
      ['an unknown parameter', { colour: 'red' }, 'colour'],
    ])('400s on %s, naming the parameter, and changes nothing', async (_label, query, field) => {
      await create(h, c, token, c.minimal('Already here'));
      const before = await snapshotState(h);
      const response = await h.call('GET', path, { token, query });
      expectProblem(response, 400, { field });
      // Not a write: no sync error either.
      expectUnchanged(before, await snapshotState(h), 0);
    });

    it('400s on a cursor that was tampered with', async () => {
      await createSpaced(3);
      const first = await h.call('GET', path, { token, query: { limit: 1 } });
      const cursor = first.body.next_cursor as string;
      const tampered = `${cursor.slice(0, -4)}${cursor.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      const response = await h.call('GET', path, { token, query: { limit: 1, cursor: tampered } });
      expectProblem(response, 400, { field: 'cursor' });
    });
  });

  describe(`PATCH ${path}/{id}`, () => {
    it('merges: changes what is given, keeps what is absent, bumps version, ETag and last_updated', async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Before'),
        [c.nullable.field]: c.nullable.value,
        external_refs: { clio: '1' },
      });
      const id = original[c.idKey] as string;
      await h.advanceClock(5);
      const response = await h.call('PATCH', `${path}/${id}`, {
        token,
        body: { [c.textField]: 'After' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"2"');
      expect(response.body).toEqual({
        ...original,
        [c.textField]: 'After',
        version: 2,
        last_updated: expect.any(String),
      });
      expect(Date.parse(response.body.last_updated)).toBeGreaterThan(
        Date.parse(original.last_updated),
      );
      expect(response.body.created_at).toBe(original.created_at);
      expect(await get(h, c, token, id)).toEqual(response.body);

      const again = await patch(h, c, token, id, { [c.textField]: 'Again' });
      expect(again.version).toBe(3);
    });

    it(`clears ${c.nullable.field} with null`, async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Clear me'),
        [c.nullable.field]: c.nullable.value,
      });
      expect(original[c.nullable.field]).toEqual(c.nullable.value);
      const cleared = await patch(h, c, token, original[c.idKey], { [c.nullable.field]: null });
      expect(cleared[c.nullable.field]).toBeNull();
      expect(cleared[c.textField]).toBe(original[c.textField]);
    });

    it('removes an external_refs key with null and merges the others', async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Refs'),
        external_refs: { clio: '1', hubspot: '2' },
      });
      const updated = await patch(h, c, token, original[c.idKey], {
        external_refs: { clio: null, xero: '3' },
      });
      expect(updated.external_refs).toEqual({ hubspot: '2', xero: '3' });
    });

    it('clears a custom field with null', async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Custom'),
        custom_fields: { [c.customField.key]: c.customField.good },
      });
      const updated = await patch(h, c, token, original[c.idKey], {
        custom_fields: { [c.customField.key]: null },
      });
      expect(updated.custom_fields[c.customField.key] ?? null).toBeNull();
    });

    it('accepts application/merge-patch+json', async () => {
      const original = await create(h, c, token, c.minimal('Typed'));
      const response = await h.call('PATCH', `${path}/${original[c.idKey]}`, {
        token,
        body: { [c.textField]: 'Merge-patched' },
        contentType: 'application/merge-patch+json',
      });
      expect(response.status).toBe(200);
      expect(response.body[c.textField]).toBe('Merge-patched');
    });

    it('honours If-Match: the current version passes, a stale one is a 412 that changes nothing', async () => {
      const original = await create(h, c, token, c.minimal('Versioned'));
      const id = original[c.idKey] as string;
      const ok = await h.call('PATCH', `${path}/${id}`, {
        token,
        body: { [c.textField]: 'v2' },
        headers: { 'if-match': '"1"' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(2);

      const before = await snapshotState(h);
      const stale = await h.call('PATCH', `${path}/${id}`, {
        token,
        body: { [c.textField]: 'lost update' },
        headers: { 'if-match': '"1"' },
      });
      expectProblem(stale, 412);
      expectUnchanged(before, await snapshotState(h), 1);
      expect((await get(h, c, token, id))[c.textField]).toBe('v2');
    });

    it.each([
      { label: 'bad JSON', raw: '{"a":', status: 400 },
      { label: 'an unknown field', body: { colour: 'red' }, status: 400, field: 'colour' },
      {
        label: 'a server field',
        body: { created_at: '2020-01-01T00:00:00.000Z' },
        status: 400,
        field: 'created_at',
      },
      {
        label: `null for the required ${c.required.field}`,
        body: { [c.required.field]: null },
        status: 422,
        field: c.required.field,
      },
      {
        label: `${c.required.field} of the wrong type`,
        body: { [c.required.field]: c.required.wrongType },
        status: 422,
        field: c.required.field,
      },
      {
        label: 'an unknown custom field',
        body: { custom_fields: { nope: 1 } },
        status: 422,
        field: 'custom_fields.nope',
      },
      {
        label: 'an external_refs key with capitals',
        body: { external_refs: { CLIO: '1' } },
        status: 422,
        field: 'external_refs',
      },
    ] as { label: string; body?: Json; raw?: string; status: number; field?: string }[])(
      'rejects $label with $status and leaves the record as it was',
      async (bad) => {
        const original = await create(h, c, token, c.minimal('Untouched'));
        const before = await snapshotState(h);
        const response = await h.call(
          'PATCH',
          `${path}/${original[c.idKey]}`,
          bad.raw !== undefined ? { token, raw: bad.raw } : { token, body: bad.body },
        );
        expectProblem(response, bad.status, bad.field ? { field: bad.field } : {});
        expectUnchanged(before, await snapshotState(h), 1);
        expect(await get(h, c, token, original[c.idKey])).toEqual(original);
      },
    );

    it('404s on an unknown id and creates nothing', async () => {
      const before = await snapshotState(h);
      const response = await h.call('PATCH', `${path}/${WELL_FORMED_UNKNOWN[c.idKey]}`, {
        token,
        body: { [c.textField]: 'Ghost' },
      });
      expectProblem(response, 404);
      expectUnchanged(before, await snapshotState(h), 1);
    });

    it('409s when the patch takes an external reference another record holds', async () => {
      await create(h, c, token, { ...c.minimal('Holder'), external_refs: { clio: 'taken' } });
      const other = await create(h, c, token, c.minimal('Other'));
      const before = await snapshotState(h);
      const response = await h.call('PATCH', `${path}/${other[c.idKey]}`, {
        token,
        body: { external_refs: { clio: 'taken' } },
      });
      expectProblem(response, 409, { field: 'external_refs' });
      expectUnchanged(before, await snapshotState(h), 1);
    });
  });

  describe(`PATCH ${path}/by-ref/{system}/{external_id} (merge upsert)`, () => {
    const MERGE = { 'content-type': 'application/merge-patch+json' };
    const mergeByRef = (externalId: string, body: Json, headers: Record<string, string> = {}) =>
      h.call('PATCH', `${path}/by-ref/clio/${externalId}`, {
        token,
        body,
        headers: { ...MERGE, ...headers },
      });

    it('creates (201) from the patch, nulls dropped, the reference from the path', async () => {
      const created = await mergeByRef('m-1', {
        ...c.minimal('Merged'),
        external_refs: { hubspot: 'h-1', other: null },
      });
      expect(created.status).toBe(201);
      expect(created.body[c.textField]).toBe('Merged');
      expect(created.body.external_refs).toEqual({ clio: 'm-1', hubspot: 'h-1' });
      expect(created.body.version).toBe(1);
    });

    it('merges into the linked record: absent unchanged, null cleared (200)', async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Kept'),
        external_refs: { clio: 'm-2', hubspot: 'h-2' },
        custom_fields: { [c.customField.key]: c.customField.good },
      });
      const same = await mergeByRef('m-2', {});
      expect(same.status).toBe(200);
      expect(same.body).toEqual(original);

      const merged = await mergeByRef('m-2', {
        external_refs: { hubspot: null },
        custom_fields: { [c.customField.key]: null },
      });
      expect(merged.status).toBe(200);
      expect(merged.body[c.idKey]).toBe(original[c.idKey]);
      expect(merged.body[c.textField]).toBe('Kept');
      expect(merged.body.external_refs).toEqual({ clio: 'm-2' });
      expect(merged.body.custom_fields).toEqual({});
      expect(merged.body.version).toBe(2);
    });

    it('a create without a required field is a 422 naming it, and creates nothing', async () => {
      const before = await snapshotState(h);
      const rest = Object.fromEntries(
        Object.entries(c.minimal('No required')).filter(([key]) => key !== c.required.field),
      );
      const response = await mergeByRef('m-3', rest);
      expectProblem(response, 422, { field: c.required.field });
      expectUnchanged(before, await snapshotState(h), 1);
    });

    it('refuses a body whose reference contradicts the path (422) and a stale If-Match (412)', async () => {
      await mergeByRef('m-4', c.minimal('v1'));
      const before = await snapshotState(h);
      const contradicting = await mergeByRef('m-4', { external_refs: { clio: 'other' } });
      expectProblem(contradicting, 422, { field: 'external_refs.clio' });
      expectProblem(await mergeByRef('m-4', {}, { 'if-match': '"7"' }), 412);
      expectUnchanged(before, await snapshotState(h), 2);
      const current = await mergeByRef('m-4', c.minimal('v2'), { 'if-match': '"1"' });
      expect(current.body.version).toBe(2);
    });
  });

  describe(`PUT ${path}/by-ref/{system}/{external_id}`, () => {
    it('creates (201) and then updates (200) the record holding that external reference', async () => {
      const created = await h.call('PUT', `${path}/by-ref/clio/777`, {
        token,
        body: c.minimal('Upserted'),
      });
      expect(created.status).toBe(201);
      const id = created.body[c.idKey] as string;
      expect(created.body.external_refs).toEqual({ clio: '777' });
      expect(created.body.version).toBe(1);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(new URL(created.headers.get('location') ?? '', h.url).pathname).toBe(`${path}/${id}`);

      const updated = await h.call('PUT', `${path}/by-ref/clio/777`, {
        token,
        body: c.minimal('Upserted again'),
      });
      expect(updated.status).toBe(200);
      expect(updated.body[c.idKey]).toBe(id);
      expect(updated.body[c.textField]).toBe('Upserted again');
      expect(updated.body.external_refs).toEqual({ clio: '777' });
      expect(updated.body.version).toBe(2);
      expect(updated.headers.get('etag')).toBe('"2"');

      const listed = await h.call('GET', path, { token, query: { external_ref: 'clio:777' } });
      expect(idsOf(c, listed.body.data)).toEqual([id]);
    });

    it('keeps other external references of the body next to the one in the path', async () => {
      const created = await h.call('PUT', `${path}/by-ref/clio/778`, {
        token,
        body: { ...c.minimal('Two refs'), external_refs: { hubspot: 'h-1' } },
      });
      expect(created.status).toBe(201);
      expect(created.body.external_refs).toEqual({ clio: '778', hubspot: 'h-1' });
    });

    it('updates a record that got its reference through POST', async () => {
      const original = await create(h, c, token, {
        ...c.minimal('Posted'),
        external_refs: { clio: '900' },
      });
      const response = await h.call('PUT', `${path}/by-ref/clio/900`, {
        token,
        body: c.minimal('Put'),
      });
      expect(response.status).toBe(200);
      expect(response.body[c.idKey]).toBe(original[c.idKey]);
    });

    it('is atomic: two concurrent upserts of one reference make one record (one 201, one 200)', async () => {
      const [first, second] = await Promise.all([
        h.call('PUT', `${path}/by-ref/clio/race`, { token, body: c.minimal('Racer 1') }),
        h.call('PUT', `${path}/by-ref/clio/race`, { token, body: c.minimal('Racer 2') }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 201]);
      expect(first.body[c.idKey]).toBe(second.body[c.idKey]);
      const listed = await h.call('GET', path, { token, query: { external_ref: 'clio:race' } });
      expect(listed.body.data).toHaveLength(1);
    });

    it('honours If-Match when updating', async () => {
      await h.call('PUT', `${path}/by-ref/clio/v`, { token, body: c.minimal('v1') });
      const before = await snapshotState(h);
      const stale = await h.call('PUT', `${path}/by-ref/clio/v`, {
        token,
        body: c.minimal('stale'),
        headers: { 'if-match': '"7"' },
      });
      expectProblem(stale, 412);
      expectUnchanged(before, await snapshotState(h), 1);
      const current = await h.call('PUT', `${path}/by-ref/clio/v`, {
        token,
        body: c.minimal('v2'),
        headers: { 'if-match': '"1"' },
      });
      expect(current.status).toBe(200);
      expect(current.body.version).toBe(2);
    });

    it('rejects an invalid body with 422 and creates nothing', async () => {
      const before = await snapshotState(h);
      const response = await h.call('PUT', `${path}/by-ref/clio/bad`, {
        token,
        body: { ...c.minimal('Bad'), custom_fields: { no_such_field: 1 } },
      });
      expectProblem(response, 422, { field: 'custom_fields.no_such_field' });
      expectUnchanged(before, await snapshotState(h), 1);
    });
  });
});

/** What only matters have: status (default open), due_date, description, the location link. */
import { type Json, longString, useSandbox } from '../support/api';
import {
  LOCATIONS,
  MATTERS,
  WELL_FORMED_UNKNOWN,
  create,
  idsOf,
  patch,
} from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('matters', () => {
  it('defaults status to open and stores every field', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Client site' });
    const record = await create(h, MATTERS, token, {
      title: 'Smith v. Jones',
      due_date: '2026-12-31',
      description: longString(10_000, 'd'),
      location_id: location.location_id,
      custom_fields: { billing_code: 'SJ-1', budget: 2500, court_date: '2027-01-15' },
    });
    expect(record).toMatchObject({
      status: 'open',
      due_date: '2026-12-31',
      location_id: location.location_id,
      custom_fields: { billing_code: 'SJ-1', budget: 2500, court_date: '2027-01-15' },
    });
    expect(record.description).toHaveLength(10_000);
  });

  it.each(['open', 'pending', 'closed'])('accepts status %s', async (status) => {
    const record = await create(h, MATTERS, token, { title: 'S', status });
    expect(record.status).toBe(status);
  });

  it('moves between statuses and unlinks the location with null', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Site' });
    const matter = await create(h, MATTERS, token, {
      title: 'Linked',
      location_id: location.location_id,
    });
    const closed = await patch(h, MATTERS, token, matter.matter_id, {
      status: 'closed',
      location_id: null,
    });
    expect(closed).toMatchObject({ status: 'closed', location_id: null, title: 'Linked' });
  });

  it('filters by status and by location_id', async () => {
    const [siteA, siteB] = await Promise.all([
      create(h, LOCATIONS, token, { name: 'A' }),
      create(h, LOCATIONS, token, { name: 'B' }),
    ]);
    const openAtA = await create(h, MATTERS, token, {
      title: 'open at A',
      location_id: siteA.location_id,
    });
    const closedAtA = await create(h, MATTERS, token, {
      title: 'closed at A',
      status: 'closed',
      location_id: siteA.location_id,
    });
    const pendingAtB = await create(h, MATTERS, token, {
      title: 'pending at B',
      status: 'pending',
      location_id: siteB.location_id,
    });
    await create(h, MATTERS, token, { title: 'open nowhere' });

    const list = async (query: Record<string, string>) =>
      idsOf(MATTERS, (await h.call('GET', '/v1/matters', { token, query })).body.data).sort();
    expect(await list({ status: 'closed' })).toEqual([closedAtA.matter_id]);
    expect(await list({ status: 'pending' })).toEqual([pendingAtB.matter_id]);
    expect(await list({ location_id: siteA.location_id })).toEqual(
      [openAtA.matter_id, closedAtA.matter_id].sort(),
    );
    expect(await list({ location_id: siteA.location_id, status: 'open' })).toEqual([
      openAtA.matter_id,
    ]);
    expect(await list({ location_id: WELL_FORMED_UNKNOWN.location_id })).toEqual([]);
  });

  it.each([
    ['an unknown status', { status: 'archived' }, 'status'],
    ['a malformed location_id', { location_id: 'site-a' }, 'location_id'],
    ['a matter id as location_id', { location_id: 'mat_abc' }, 'location_id'],
  ])('400s on %s filter and changes nothing', async (_label, query, field) => {
    await create(h, MATTERS, token, { title: 'Here' });
    const before = await snapshotState(h);
    const response = await h.call('GET', '/v1/matters', { token, query });
    expectProblem(response, 400, { field });
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it.each([
    ['an unknown status', { status: 'archived' }, 'status'],
    ['a due_date that is a timestamp', { due_date: '2026-12-31T00:00:00Z' }, 'due_date'],
    [
      'a link to an unknown location',
      { location_id: WELL_FORMED_UNKNOWN.location_id },
      'location_id',
    ],
    ['a description over 10,000 chars', { description: longString(10_001) }, 'description'],
  ])(
    'rejects a patch with %s (422) and leaves the matter as it was',
    async (_label, body, field) => {
      const matter = await create(h, MATTERS, token, { title: 'Stable' });
      const before = await snapshotState(h);
      const response = await h.call('PATCH', `/v1/matters/${matter.matter_id}`, { token, body });
      expectProblem(response, 422, { field });
      expectUnchanged(before, await snapshotState(h), 1);
    },
  );
});

describe('GET /v1/matters?title= (exact, ignoring case)', () => {
  it('"Smith" does not find "Smithson"', async () => {
    await create(h, MATTERS, token, { title: 'Smithson' });
    const none = await h.call('GET', '/v1/matters', { token, query: { title: 'Smith' } });
    expect(none.body.data).toEqual([]);
    const smith = await create(h, MATTERS, token, { title: 'SMITH' });
    const found = await h.call('GET', '/v1/matters', { token, query: { title: 'smith' } });
    expect(
      (found.body.data as Json[]).map((item) => (item as { matter_id: unknown }).matter_id),
    ).toEqual([smith.matter_id]);
  });
});

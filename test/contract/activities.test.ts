/** What only activities have: type, date, duration, the matter/location links and `expand`. */
import type { Json } from '../support/api';
import { useSandbox } from '../support/api';
import {
  ACTIVITIES,
  LOCATIONS,
  MATTERS,
  WELL_FORMED_UNKNOWN,
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

/** A location, a matter at it (both with a Clio reference) and an activity linked to both. */
async function linkedActivity(): Promise<{ location: Json; matter: Json; activity: Json }> {
  const location = await create(h, LOCATIONS, token, {
    name: 'Client site',
    external_refs: { clio: 'L-1' },
  });
  const matter = await create(h, MATTERS, token, {
    title: 'Smith v. Jones',
    location_id: location.location_id,
    external_refs: { clio: 'M-1' },
  });
  const activity = await create(h, ACTIVITIES, token, {
    type: 'meeting',
    date: '2026-11-27T10:15:00.000Z',
    duration_minutes: 30,
    notes: 'Kick-off',
    matter_id: matter.matter_id,
    location_id: location.location_id,
  });
  return { location, matter, activity };
}

describe('activities', () => {
  it.each(['call', 'email', 'meeting', 'note', 'task', 'visit'])(
    'accepts type %s',
    async (type) => {
      const record = await create(h, ACTIVITIES, token, { type, date: '2026-11-27T10:15:00.000Z' });
      expect(record.type).toBe(type);
      expect(record.notes).toBeNull();
    },
  );

  it('normalises a date given with an offset to UTC with milliseconds', async () => {
    const record = await create(h, ACTIVITIES, token, {
      type: 'call',
      date: '2026-11-27T05:15:00-05:00',
    });
    expect(record.date).toBe('2026-11-27T10:15:00.000Z');
  });

  it('accepts a duration of 0', async () => {
    const record = await create(h, ACTIVITIES, token, {
      type: 'task',
      date: '2026-11-27T10:15:00.000Z',
      duration_minutes: 0,
    });
    expect(record.duration_minutes).toBe(0);
  });

  it('embeds nothing without expand', async () => {
    const { activity } = await linkedActivity();
    expect(activity).not.toHaveProperty('matter');
    expect(activity).not.toHaveProperty('location');
    const fetched = await get(h, ACTIVITIES, token, activity.activity_id);
    expect(fetched).not.toHaveProperty('matter');
    expect(fetched).not.toHaveProperty('location');
  });

  it('embeds the linked matter and location, with their external_refs, with expand=matter,location', async () => {
    const { location, matter, activity } = await linkedActivity();
    const expanded = await get(h, ACTIVITIES, token, activity.activity_id, {
      expand: 'matter,location',
    });
    expect(expanded).toEqual({ ...activity, matter, location });
    expect(expanded.matter.external_refs).toEqual({ clio: 'M-1' });
    expect(expanded.location.external_refs).toEqual({ clio: 'L-1' });
  });

  it('embeds only what is asked for', async () => {
    const { matter, activity } = await linkedActivity();
    const expanded = await get(h, ACTIVITIES, token, activity.activity_id, { expand: 'matter' });
    expect(expanded.matter).toEqual(matter);
    expect(expanded).not.toHaveProperty('location');
  });

  it('embeds the linked records as they are now', async () => {
    const { matter, activity } = await linkedActivity();
    const renamed = await patch(h, MATTERS, token, matter.matter_id, { title: 'Renamed' });
    const expanded = await get(h, ACTIVITIES, token, activity.activity_id, { expand: 'matter' });
    expect(expanded.matter).toEqual(renamed);
  });

  it('embeds null for a link that is not set', async () => {
    const activity = await create(h, ACTIVITIES, token, {
      type: 'note',
      date: '2026-11-27T10:15:00.000Z',
    });
    const expanded = await get(h, ACTIVITIES, token, activity.activity_id, {
      expand: 'matter,location',
    });
    expect(expanded.matter).toBeNull();
    expect(expanded.location).toBeNull();
  });

  it('expands every item of a list', async () => {
    const { location, matter, activity } = await linkedActivity();
    const bare = await create(h, ACTIVITIES, token, {
      type: 'email',
      date: '2026-11-28T10:15:00.000Z',
    });
    const response = await h.call('GET', '/v1/activities', {
      token,
      query: { expand: 'matter,location' },
    });
    expect(response.status).toBe(200);
    const byId = new Map<string, Json>(
      (response.body.data as Json[]).map((item) => [item.activity_id as string, item]),
    );
    expect(byId.get(activity.activity_id)).toEqual({ ...activity, matter, location });
    expect(byId.get(bare.activity_id)).toEqual({ ...bare, matter: null, location: null });
  });

  it('filters by type, matter_id and location_id', async () => {
    const { location, matter, activity } = await linkedActivity();
    const call = await create(h, ACTIVITIES, token, {
      type: 'call',
      date: '2026-11-27T12:00:00.000Z',
      location_id: location.location_id,
    });
    await create(h, ACTIVITIES, token, { type: 'call', date: '2026-11-27T13:00:00.000Z' });

    const list = async (query: Record<string, string>) =>
      idsOf(ACTIVITIES, (await h.call('GET', '/v1/activities', { token, query })).body.data).sort();
    expect(await list({ type: 'meeting' })).toEqual([activity.activity_id]);
    expect(await list({ matter_id: matter.matter_id })).toEqual([activity.activity_id]);
    expect(await list({ location_id: location.location_id })).toEqual(
      [activity.activity_id, call.activity_id].sort(),
    );
    expect(await list({ location_id: location.location_id, type: 'call' })).toEqual([
      call.activity_id,
    ]);
    expect(await list({ matter_id: WELL_FORMED_UNKNOWN.matter_id })).toEqual([]);
  });

  it.each([
    ['an unknown type', '/v1/activities', { type: 'fax' }, 'type'],
    ['a malformed matter_id', '/v1/activities', { matter_id: 'matter-1' }, 'matter_id'],
    ['a malformed location_id', '/v1/activities', { location_id: 'loc-1' }, 'location_id'],
    ['an unknown expand', '/v1/activities', { expand: 'owner' }, 'expand'],
    ['an unknown expand on one activity', 'ONE', { expand: 'matter,owner' }, 'expand'],
  ])('400s on %s and changes nothing', async (_label, where, query, field) => {
    const { activity } = await linkedActivity();
    const path = where === 'ONE' ? `/v1/activities/${activity.activity_id}` : where;
    const before = await snapshotState(h);
    const response = await h.call('GET', path, { token, query });
    expectProblem(response, 400, { field });
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('rejects a patch linking an unknown matter (422) and leaves the activity as it was', async () => {
    const { activity } = await linkedActivity();
    const before = await snapshotState(h);
    const response = await h.call('PATCH', `/v1/activities/${activity.activity_id}`, {
      token,
      body: { matter_id: WELL_FORMED_UNKNOWN.matter_id },
    });
    expectProblem(response, 422, { field: 'matter_id' });
    expectUnchanged(before, await snapshotState(h), 1);
  });
});

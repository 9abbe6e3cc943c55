/** The change log: one event per change, strictly increasing sequence, filters, order, pagination. */
import { Event } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { ACTIVITIES, LOCATIONS, MATTERS, create, get, patch } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

async function lastSequence(): Promise<number> {
  const response = await h.call('GET', '/v1/events', { token, query: { order: 'desc', limit: 1 } });
  expect(response.status).toBe(200);
  return (response.body.data[0]?.sequence as number | undefined) ?? 0;
}

async function eventsAfter(sequence: number): Promise<Json[]> {
  return listAll(h, '/v1/events', token, { after_sequence: sequence });
}

/** Three locations, two matters, one activity, and two updates: 8 events. */
async function someHistory(): Promise<void> {
  const a = await create(h, LOCATIONS, token, { name: 'A' });
  await create(h, LOCATIONS, token, { name: 'B' });
  await create(h, LOCATIONS, token, { name: 'C' });
  const m = await create(h, MATTERS, token, { title: 'M1', location_id: a.location_id });
  await create(h, MATTERS, token, { title: 'M2' });
  await create(h, ACTIVITIES, token, { ...ACTIVITIES.minimal('Act'), matter_id: m.matter_id });
  await patch(h, LOCATIONS, token, a.location_id, { name: 'A2' });
  await patch(h, MATTERS, token, m.matter_id, { status: 'closed' });
}

describe('GET /v1/events', () => {
  it('emits exactly one event per change, carrying the resource as GET returns it', async () => {
    type Step = [string, () => Promise<{ type: string; data: () => Promise<Json> }>];
    let location: Json;
    let matter: Json;
    let activity: Json;
    const steps: Step[] = [
      [
        'POST location',
        async () => {
          location = await create(h, LOCATIONS, token, { name: 'Evented' });
          return {
            type: 'location.created',
            data: () => get(h, LOCATIONS, token, location.location_id),
          };
        },
      ],
      [
        'PATCH location',
        async () => {
          await patch(h, LOCATIONS, token, location.location_id, { email: 'e@demo-law.example' });
          return {
            type: 'location.updated',
            data: () => get(h, LOCATIONS, token, location.location_id),
          };
        },
      ],
      [
        'PUT matter by-ref (create)',
        async () => {
          const response = await h.call('PUT', '/v1/matters/by-ref/clio/ev-1', {
            token,
            body: { title: 'By ref', location_id: location.location_id },
          });
          expect(response.status).toBe(201);
          matter = response.body;
          return {
            type: 'matter.created',
            data: () => get(h, MATTERS, token, matter.matter_id, { expand: 'location' }),
          };
        },
      ],
      [
        'PUT matter by-ref (update)',
        async () => {
          const response = await h.call('PUT', '/v1/matters/by-ref/clio/ev-1', {
            token,
            body: { title: 'By ref, again', location_id: location.location_id },
          });
          expect(response.status).toBe(200);
          return {
            type: 'matter.updated',
            data: () => get(h, MATTERS, token, matter.matter_id, { expand: 'location' }),
          };
        },
      ],
      [
        'POST activity',
        async () => {
          activity = await create(h, ACTIVITIES, token, {
            ...ACTIVITIES.minimal('Linked'),
            matter_id: matter.matter_id,
            location_id: location.location_id,
          });
          return {
            type: 'activity.created',
            data: () =>
              get(h, ACTIVITIES, token, activity.activity_id, { expand: 'matter,location' }),
          };
        },
      ],
      [
        'PATCH activity',
        async () => {
          await patch(h, ACTIVITIES, token, activity.activity_id, { duration_minutes: 15 });
          return {
            type: 'activity.updated',
            data: () =>
              get(h, ACTIVITIES, token, activity.activity_id, { expand: 'matter,location' }),
          };
        },
      ],
    ];

    for (const [label, step] of steps) {
      const before = await lastSequence();
      const expected = await step();
      const events = await eventsAfter(before);
      expect({ label, types: events.map((event) => event.type as string) }).toEqual({
        label,
        types: [expected.type],
      });
      const [event] = events;
      expect(Event.safeParse(event).success).toBe(true);
      expect(event.data).toEqual(await expected.data());
    }
  });

  it('expands activities in their events with the linked matter and location', async () => {
    const location = await create(h, LOCATIONS, token, {
      name: 'Site',
      external_refs: { clio: 'L' },
    });
    const matter = await create(h, MATTERS, token, {
      title: 'Case',
      external_refs: { clio: 'M' },
    });
    const activity = await create(h, ACTIVITIES, token, {
      ...ACTIVITIES.minimal('Visit'),
      matter_id: matter.matter_id,
      location_id: location.location_id,
    });
    const [event] = await listAll(h, '/v1/events', token, { types: 'activity.created' });
    expect(event.data).toEqual({ ...activity, matter, location });
  });

  it('numbers events with a strictly increasing sequence and unique ids', async () => {
    await someHistory();
    const events = await listAll(h, '/v1/events', token);
    expect(events).toHaveLength(8);
    for (let i = 1; i < events.length; i += 1) {
      expect(events[i].sequence).toBeGreaterThan(events[i - 1].sequence);
      expect(Date.parse(events[i].occurred_at)).toBeGreaterThanOrEqual(
        Date.parse(events[i - 1].occurred_at),
      );
    }
    expect(new Set(events.map((event) => event.event_id as string)).size).toBe(8);
    expect(events.map((event) => event.type as string)).toEqual([
      'location.created',
      'location.created',
      'location.created',
      'matter.created',
      'matter.created',
      'activity.created',
      'location.updated',
      'matter.updated',
    ]);
  });

  it('filters by types', async () => {
    await someHistory();
    const events = await listAll(h, '/v1/events', token, {
      types: 'matter.created,location.updated',
    });
    expect(events.map((event) => event.type as string)).toEqual([
      'matter.created',
      'matter.created',
      'location.updated',
    ]);
  });

  it('lists only what comes after after_sequence', async () => {
    await someHistory();
    const all = await listAll(h, '/v1/events', token);
    const pivot = all[4].sequence as number;
    const after = await listAll(h, '/v1/events', token, { after_sequence: pivot });
    expect(after).toEqual(all.slice(5));
    expect(await listAll(h, '/v1/events', token, { after_sequence: all[7].sequence })).toEqual([]);
  });

  it('lists newest first with order=desc, also past after_sequence', async () => {
    await someHistory();
    const all = await listAll(h, '/v1/events', token);
    expect(await listAll(h, '/v1/events', token, { order: 'desc' })).toEqual([...all].reverse());
    expect(
      await listAll(h, '/v1/events', token, { order: 'desc', after_sequence: all[5].sequence }),
    ).toEqual(all.slice(6).reverse());
  });

  it.each(['asc', 'desc'])(
    'paginates (order=%s) and stays stable while events are written between pages',
    async (order) => {
      await someHistory();
      const all = await listAll(h, '/v1/events', token, { order });
      const seen: Json[] = [];
      const first = await h.call('GET', '/v1/events', { token, query: { order, limit: 3 } });
      seen.push(...(first.body.data as Json[]));
      expect(first.body.next_cursor).toEqual(expect.any(String));
      // New events between pages.
      await create(h, LOCATIONS, token, { name: 'Late 1' });
      await create(h, LOCATIONS, token, { name: 'Late 2' });
      let cursor: string | null = first.body.next_cursor;
      while (cursor) {
        const response = await h.call('GET', '/v1/events', {
          token,
          query: { order, limit: 3, cursor },
        });
        expect(response.body.data.length).toBeLessThanOrEqual(3);
        seen.push(...(response.body.data as Json[]));
        cursor = response.body.next_cursor;
        expect(seen.length).toBeLessThan(30);
      }
      const sequences = seen.map((event) => event.sequence as number);
      expect(new Set(sequences).size).toBe(sequences.length);
      if (order === 'asc') {
        // Ascending: the new events come at the end.
        expect(seen.slice(0, all.length)).toEqual(all);
        expect(seen.slice(all.length).map((event) => event.data.name as string)).toEqual([
          'Late 1',
          'Late 2',
        ]);
      } else {
        // Descending: the new events are newer than the cursor, so they are not listed.
        expect(seen).toEqual(all);
      }
    },
  );

  it('keeps events for 30 days', async () => {
    await create(h, LOCATIONS, token, { name: 'Old' });
    await h.advanceClock(31 * 86_400);
    const freshToken = (await h.mintToken()).access_token;
    await create(h, LOCATIONS, freshToken, { name: 'New' });
    const events = await listAll(h, '/v1/events', freshToken);
    expect(events.map((event) => event.data.name as string)).toEqual(['New']);
  });

  it.each([
    ['an unknown type', { types: 'location.deleted' }, 'types'],
    ['an empty types list', { types: ',' }, 'types'],
    ['a negative after_sequence', { after_sequence: '-1' }, 'after_sequence'],
    ['a non-numeric after_sequence', { after_sequence: 'ten' }, 'after_sequence'],
    ['a fractional after_sequence', { after_sequence: '1.5' }, 'after_sequence'],
    ['an unknown order', { order: 'random' }, 'order'],
    ['limit=0', { limit: '0' }, 'limit'],
    ['limit=101', { limit: '101' }, 'limit'],
    ['a garbage cursor', { cursor: 'garbage' }, 'cursor'],
    ['an unknown parameter', { since: '2026-01-01T00:00:00Z' }, 'since'],
  ])('400s on %s and changes nothing', async (_label, query, field) => {
    await someHistory();
    const before = await snapshotState(h);
    const response = await h.call('GET', '/v1/events', { token, query });
    expectProblem(response, 400, { field });
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('a cursor from another list is refused', async () => {
    await someHistory();
    const locations = await h.call('GET', '/v1/locations', { token, query: { limit: 1 } });
    const response = await h.call('GET', '/v1/events', {
      token,
      query: { cursor: locations.body.next_cursor },
    });
    expectProblem(response, 400, { field: 'cursor' });
  });
});

describe('events and scopes', () => {
  it.each([
    ['matter.created', 'saas/matter.read'],
    ['activity.updated', 'saas/activity.read'],
    ['location.created,matter.updated', 'saas/matter.read'],
  ])('403s on types=%s without %s', async (types, scope) => {
    const limited = (
      await h.mintToken(['saas/location.read', 'saas/location.write'].filter((s) => s !== scope))
    ).access_token;
    const response = await h.call('GET', '/v1/events', { token: limited, query: { types } });
    expectProblem(response, 403, { requiredScope: scope });
  });

  it('without types, lists only the types the token can read (and sync.error)', async () => {
    await someHistory();
    // A rejected write adds a sync.error.
    const rejected = await h.call('POST', '/v1/matters', { token, body: { title: '' } });
    expect(rejected.status).toBe(422);
    const locationOnly = (await h.mintToken(['saas/location.read'])).access_token;
    const events = await listAll(h, '/v1/events', locationOnly);
    expect([...new Set(events.map((event) => event.type as string))].sort()).toEqual([
      'location.created',
      'location.updated',
      'sync.error',
    ]);
  });

  // Events carry their records' links expanded, so, like `expand` on a GET, reading them needs the
  // read scope of each linked collection too.
  it.each([
    ['activity.created', ['saas/activity.read', 'saas/location.read'], 'saas/matter.read'],
    ['activity.updated', ['saas/activity.read', 'saas/matter.read'], 'saas/location.read'],
    ['matter.created', ['saas/matter.read', 'saas/activity.read'], 'saas/location.read'],
  ])(
    '403s on types=%s with only %p: its events embed what %s reads',
    async (types, scopes, missing) => {
      const limited = (await h.mintToken(scopes)).access_token;
      const response = await h.call('GET', '/v1/events', { token: limited, query: { types } });
      expectProblem(response, 403, { requiredScope: missing });
    },
  );

  it('without types, hides the events whose embedded links the token may not read', async () => {
    await someHistory();
    const typesFor = async (scopes: string[]) =>
      [
        ...new Set(
          (await listAll(h, '/v1/events', (await h.mintToken(scopes)).access_token)).map(
            (event) => event.type as string,
          ),
        ),
      ].sort();
    expect(await typesFor(['saas/activity.read', 'saas/matter.read'])).toEqual([]);
    expect(await typesFor(['saas/matter.read', 'saas/location.read'])).toEqual([
      'location.created',
      'location.updated',
      'matter.created',
      'matter.updated',
    ]);
    expect(
      await typesFor(['saas/activity.read', 'saas/matter.read', 'saas/location.read']),
    ).toContain('activity.created');
  });

  it('types=sync.error needs only a valid token', async () => {
    const noReadOfMatters = (await h.mintToken(['saas/location.read'])).access_token;
    const response = await h.call('GET', '/v1/events', {
      token: noReadOfMatters,
      query: { types: 'sync.error' },
    });
    expect(response.status).toBe(200);
  });
});

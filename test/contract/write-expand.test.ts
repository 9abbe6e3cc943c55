/**
 * `expand` on writes (issue 17): create, merge patch, and both by-ref writes embed the linked
 * records as a read with the same `expand` does, so one request answers what a write and a read
 * would. A bad `expand`, or one the token may not read, is refused before anything is written.
 */
import type { Json } from '../support/api';
import { useSandbox } from '../support/api';
import { ACTIVITIES, LOCATIONS, MATTERS, create, get } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

/** A location and a matter at it, both linked to Clio. */
async function linked(): Promise<{ location: Json; matter: Json }> {
  const location = await create(h, LOCATIONS, token, {
    name: 'Client site',
    timezone: 'America/Chicago',
    external_refs: { clio: 'L-1' },
  });
  const matter = await create(h, MATTERS, token, {
    title: 'Smith v. Jones',
    location_id: location.location_id,
    external_refs: { clio: 'M-1' },
  });
  return { location, matter };
}

type Ids = Record<string, string>;
type Write = [string, 'POST' | 'PATCH' | 'PUT', (ids: Ids) => string, (ids: Ids) => object];

const ACTIVITY_WRITES: Write[] = [
  [
    'create',
    'POST',
    () => '/v1/activities',
    (ids) => ({ type: 'call', date: '2026-11-27T10:15:00Z', ...ids }),
  ],
  [
    'merge patch',
    'PATCH',
    (ids) => `/v1/activities/${ids.activity_id ?? ''}`,
    () => ({ notes: 'x' }),
  ],
  [
    'upsert by ref',
    'PUT',
    () => '/v1/activities/by-ref/clio_note/N-1',
    (ids) => ({ type: 'note', date: '2026-11-27', ...ids }),
  ],
  [
    'merge by ref',
    'PATCH',
    () => '/v1/activities/by-ref/clio_note/N-2',
    (ids) => ({ type: 'note', date: '2026-11-27', ...ids }),
  ],
];

describe('expand on writes', () => {
  it.each(ACTIVITY_WRITES)(
    '%s embeds the linked matter and location, as a read with the same expand does',
    async (_name, method, path, body) => {
      const { location, matter } = await linked();
      const ids: Ids = { matter_id: matter.matter_id, location_id: location.location_id };
      const existing = await create(h, ACTIVITIES, token, {
        type: 'call',
        date: '2026-11-27T10:15:00Z',
        ...ids,
      });
      const response = await h.call(method, path({ ...ids, activity_id: existing.activity_id }), {
        token,
        body: body(ids),
        query: { expand: 'matter,location' },
      });
      expect(response.status).toBeLessThan(300);
      const written: Json = response.body;
      expect(written.location).toEqual(location);
      expect(written.matter).toEqual(matter);
      expect(written).toEqual(
        await get(h, ACTIVITIES, token, written.activity_id, { expand: 'matter,location' }),
      );
    },
  );

  it('a matter write embeds its location; unlinked, the location is null', async () => {
    const { location, matter } = await linked();
    const patched = await h.call('PATCH', `/v1/matters/${matter.matter_id}`, {
      token,
      body: { status: 'closed' },
      query: { expand: 'location' },
    });
    expect(patched.body).toMatchObject({ status: 'closed', location });
    const unlinked = await h.call('POST', '/v1/matters', {
      token,
      body: { title: 'No client' },
      query: { expand: 'location' },
    });
    expect(unlinked.status).toBe(201);
    expect(unlinked.body.location).toBeNull();
  });

  it('a create-if-absent embeds the links too, whether it creates or finds the record', async () => {
    const { location } = await linked();
    const body = { title: 'Estate of Núñez', location_id: location.location_id };
    const query = { if_absent: 'title', expand: 'location' };
    const created = await h.call('POST', '/v1/matters', { token, body, query });
    const found = await h.call('POST', '/v1/matters', { token, body, query });
    expect([created.status, found.status]).toEqual([201, 200]);
    expect(found.body).toEqual(created.body);
    expect(found.body.location).toEqual(location);
  });

  it('embeds nothing without expand', async () => {
    const { matter } = await linked();
    const patched = await h.call('PATCH', `/v1/matters/${matter.matter_id}`, {
      token,
      body: { status: 'closed' },
    });
    expect(patched.body).not.toHaveProperty('location');
  });

  it.each([
    ['an unknown expand', { expand: 'owner' }, 'expand'],
    ['an unknown parameter', { embed: 'location' }, 'embed'],
  ])('a write with %s is a 400 and writes nothing', async (_name, query, field) => {
    const { matter } = await linked();
    const before = await snapshotState(h);
    for (const [method, path, body] of [
      ['POST', '/v1/matters', { title: 'New' }],
      ['PATCH', `/v1/matters/${matter.matter_id}`, { title: 'Changed' }],
      ['PUT', '/v1/matters/by-ref/clio/M-9', { title: 'By ref' }],
      ['PATCH', '/v1/matters/by-ref/clio/M-1', { title: 'Merged' }],
    ] as const) {
      expectProblem(await h.call(method, path, { token, body, query }), 400, { field });
    }
    // Each refused write is reported as a sync error, as every refused write is.
    expectUnchanged(before, await snapshotState(h), 4);
  });

  it('expanding a location needs its read scope, checked before the write', async () => {
    const { matter } = await linked();
    const writer = (await h.mintToken(['saas/matter.read', 'saas/matter.write'])).access_token;
    const before = await snapshotState(h);
    const response = await h.call('PATCH', `/v1/matters/${matter.matter_id}`, {
      token: writer,
      body: { title: 'Changed' },
      query: { expand: 'location' },
    });
    expect(response.status).toBe(403);
    expectUnchanged(before, await snapshotState(h), 0);
  });
});

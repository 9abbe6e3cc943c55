/** The sync-error log: one per rejected write (not 401/403/429), created_since, pagination. */
import { SyncError } from '../../src/api/schemas';
import type { CallOptions, Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { LOCATIONS, WELL_FORMED_UNKNOWN, create } from '../support/collections';
import { expectProblem } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const syncErrors = () => listAll(h, '/v1/sync-errors', token);
const syncErrorEvents = () => listAll(h, '/v1/events', token, { types: 'sync.error' });

/** One rejected write (422: a matter without a title). */
async function rejectOne(label = 'x'): Promise<void> {
  const response = await h.call('POST', '/v1/matters', {
    token,
    body: { title: '', description: label },
  });
  expect(response.status).toBe(422);
}

describe('GET /v1/sync-errors', () => {
  it('logs a rejected create once, as a sync error and as a sync.error event with the same data', async () => {
    expect(await syncErrors()).toEqual([]);
    await rejectOne();
    const errors = await syncErrors();
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(SyncError.safeParse(error).success).toBe(true);
    expect(error.resource).toEqual({ type: 'matter', id: null });
    expect(error.code).toEqual(expect.any(String));
    expect(error.message).toEqual(expect.any(String));
    const events = await syncErrorEvents();
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual(error);
  });

  it('logs a rejected update against the record', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Versioned' });
    const response = await h.call('PATCH', `/v1/locations/${location.location_id}`, {
      token,
      body: { name: 'Stale' },
      headers: { 'if-match': '"5"' },
    });
    expect(response.status).toBe(412);
    const [error, ...more] = await syncErrors();
    expect(more).toEqual([]);
    expect(error.resource).toEqual({ type: 'location', id: location.location_id });
  });

  it.each([
    ['400 bad JSON', () => h.call('POST', '/v1/locations', { token, raw: '{' })],
    [
      '400 unknown field',
      () => h.call('POST', '/v1/locations', { token, body: { name: 'A', x: 1 } }),
    ],
    [
      '404 unknown record',
      () =>
        h.call('PATCH', `/v1/locations/${WELL_FORMED_UNKNOWN.location_id}`, {
          token,
          body: { name: 'A' },
        }),
    ],
    [
      '422 validation',
      () => h.call('POST', '/v1/activities', { token, body: { type: 'fax', date: 'now' } }),
    ],
  ])('logs exactly one sync error for a write rejected with %s', async (_label, write) => {
    const response = await write();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await syncErrors()).toHaveLength(1);
    expect(await syncErrorEvents()).toHaveLength(1);
  });

  it('logs nothing for a write rejected with 401, 403 or 429, nor for a rejected read', async () => {
    const noToken = await h.call('POST', '/v1/locations', { body: { name: 'A' } });
    expect(noToken.status).toBe(401);
    const readOnly = (await h.mintToken(['saas/location.read'])).access_token;
    const forbidden = await h.call('POST', '/v1/locations', {
      token: readOnly,
      body: { name: 'A' },
    });
    expect(forbidden.status).toBe(403);
    const badRead = await h.call('GET', '/v1/locations', { token, query: { limit: 0 } });
    expect(badRead.status).toBe(400);

    await h.controls.setRateLimit({ limit: 1, window_seconds: 60 });
    const limited = (await h.mintToken()).access_token;
    expect((await h.call('GET', '/v1/me', { token: limited })).status).toBe(200);
    const tooMany = await h.call('POST', '/v1/locations', { token: limited, body: { name: 'A' } });
    expect(tooMany.status).toBe(429);

    await h.controls.setRateLimit({ limit: 100_000, window_seconds: 10 });
    expect(await syncErrors()).toEqual([]);
    expect(await syncErrorEvents()).toEqual([]);
  });

  it('filters by created_since, inclusively', async () => {
    await rejectOne('first');
    await h.advanceClock(10);
    await rejectOne('second');
    const [a, b] = (await syncErrors()).sort(
      (x: Json, y: Json) => Date.parse(x.occurred_at) - Date.parse(y.occurred_at),
    );
    const since = async (value: string) =>
      (await listAll(h, '/v1/sync-errors', token, { created_since: value })).map(
        (error) => error.error_id as string,
      );
    expect(await since(b.occurred_at)).toEqual([b.error_id]);
    expect((await since(a.occurred_at)).sort()).toEqual([a.error_id, b.error_id].sort());
    expect(await since(new Date(Date.parse(b.occurred_at) + 1).toISOString())).toEqual([]);
  });

  it('paginates with a cursor, listing each error once', async () => {
    for (let i = 0; i < 5; i += 1) await rejectOne(`e${i}`);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const response = await h.call('GET', '/v1/sync-errors', {
        token,
        query: { limit: 2, cursor },
      });
      expect(response.status).toBe(200);
      pages.push((response.body.data as Json[]).map((error) => error.error_id as string));
      cursor = response.body.next_cursor ?? undefined;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('needs only a valid token', async () => {
    const minimal = (await h.mintToken(['saas/activity.read'])).access_token;
    const response = await h.call('GET', '/v1/sync-errors', { token: minimal });
    expect(response.status).toBe(200);
  });

  it.each([
    ['a bad created_since', { created_since: 'last week' }, 'created_since'],
    ['limit=0', { limit: '0' }, 'limit'],
    ['limit=101', { limit: '101' }, 'limit'],
    ['a garbage cursor', { cursor: '%%%' }, 'cursor'],
    ['an unknown parameter', { code: 'validation_failed' }, 'code'],
  ])('400s on %s', async (_label, query, field) => {
    await rejectOne();
    const response = await h.call('GET', '/v1/sync-errors', { token, query });
    expectProblem(response, 400, { field });
    expect(await syncErrors()).toHaveLength(1);
  });
});

describe('the record a sync error names', () => {
  const unknownPath = `/v1/locations/${WELL_FORMED_UNKNOWN.location_id}`;
  const TOO_LARGE = JSON.stringify({ name: 'Big', notes: 'x'.repeat(1_100_000) });
  /** Rejections of the body's syntax come before the record is looked up (README). */
  const BODY_SYNTAX: [string, CallOptions, number][] = [
    ['400 bad JSON', { raw: '{"name":' }, 400],
    ['400 an empty JSON body', { raw: '' }, 400],
    ['413 a body over 1 MiB', { raw: TOO_LARGE }, 413],
    ['415 a form body', { raw: 'name=A', contentType: 'application/x-www-form-urlencoded' }, 415],
    ['415 JSON sent as text/plain', { raw: '{"name":"A"}', contentType: 'text/plain' }, 415],
  ];

  async function onlySyncError(): Promise<Json> {
    const [error, ...more] = await syncErrors();
    expect(more).toEqual([]);
    return error;
  }

  it.each([
    ...BODY_SYNTAX,
    ['404 a valid body', { body: { name: 'A' } }, 404],
    ['404 an invalid body', { body: { name: '' } }, 404],
  ] as [string, CallOptions, number][])(
    'is null for a PATCH to an unknown id rejected with %s',
    async (_label, options, status) => {
      const response = await h.call('PATCH', unknownPath, { token, ...options });
      expectProblem(response, status);
      const error = await onlySyncError();
      expect(error.resource).toEqual({ type: 'location', id: null });
      expect(error.details).toMatchObject({ method: 'PATCH', path: unknownPath, status });
    },
  );

  it.each(BODY_SYNTAX)(
    'is the record for a PATCH to an existing one rejected with %s',
    async (_label, options, status) => {
      const location = await create(h, LOCATIONS, token, { name: 'Present' });
      const path = `/v1/locations/${location.location_id}`;
      expectProblem(await h.call('PATCH', path, { token, ...options }), status);
      expect((await onlySyncError()).resource).toEqual({
        type: 'location',
        id: location.location_id,
      });
    },
  );

  it('is null for a PUT by-ref to an unknown reference, and the record for a known one', async () => {
    const unknownRef = await h.call('PUT', '/v1/locations/by-ref/clio/nobody', {
      token,
      raw: '{',
    });
    expectProblem(unknownRef, 400);
    expect((await onlySyncError()).resource).toEqual({ type: 'location', id: null });

    const location = await create(h, LOCATIONS, token, {
      name: 'Referenced',
      external_refs: { clio: 'known-1' },
    });
    const knownRef = await h.call('PUT', '/v1/locations/by-ref/clio/known-1', {
      token,
      body: { name: '' },
    });
    expectProblem(knownRef, 422);
    const [latest] = await syncErrors();
    expect(latest.resource).toEqual({ type: 'location', id: location.location_id });
  });
});

describe('the demo seed', () => {
  it('has one sync error to show, the same after every reset, with its sync.error event', async () => {
    const first = await h.fresh('demo');
    const list = async (t: string) => listAll(h, '/v1/sync-errors', t);
    const [seeded, ...more] = await list(first);
    expect(more).toEqual([]);
    expect(SyncError.parse(seeded)).toMatchObject({
      error_id: 'err_demoDueDate',
      code: 'validation_failed',
      resource: { type: 'matter', id: 'mat_demoAcmeMerger' },
      details: { status: 422, errors: [{ field: 'due_date', message: expect.any(String) }] },
    });
    const events = await listAll(h, '/v1/events', first, { types: 'sync.error' });
    expect(events).toEqual([
      expect.objectContaining({ event_id: 'evt_seed13', sequence: 13, data: seeded }),
    ]);
    // It is what the sandbox logs when that matter update is actually refused.
    const refused = await h.call('PATCH', '/v1/matters/mat_demoAcmeMerger', {
      token: first,
      body: { due_date: '2027-05-14T00:00:00-04:00' },
      contentType: 'application/merge-patch+json',
    });
    expect(refused.status).toBe(422);
    const [logged] = await list(first);
    const comparable = (e: SyncError) => ({
      ...e,
      error_id: null,
      occurred_at: null,
      details: { ...e.details, request_id: null },
    });
    expect(comparable(logged)).toEqual(comparable(seeded));
    const again = await list(await h.fresh('demo'));
    expect(again.map((e: SyncError) => ({ ...e, occurred_at: null }))).toEqual([
      { ...seeded, occurred_at: null },
    ]);
  });
});

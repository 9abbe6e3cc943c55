/** Each client method sends exactly the request the contract describes and returns the parsed body. */
import { errors, type ZObject } from 'zapier-platform-core';
import { idempotencyKeyFor } from '../../../src/http/idempotency';
import { createApiClient, type ApiClient } from '../../../src/http/client';
import { PROBLEM_JSON, location, matter, me, problem } from '../../support/fixtures';
import {
  appTester,
  authData,
  snapshots,
  throttledError,
  useFakeSnapshots,
} from '../../support/zapier';

const withClient = <T>(use: (api: ApiClient) => Promise<T>) =>
  appTester((z: ZObject) => use(createApiClient(z)), { authData });

const stamp = '2026-11-27T10:15:00.000Z';
const activity = {
  activity_id: 'act_1',
  type: 'call',
  date: stamp,
  notes: null,
  duration_minutes: 15,
  matter_id: 'mat_1',
  location_id: 'loc_1',
  external_refs: {},
  custom_fields: {},
  created_at: stamp,
  last_updated: stamp,
  version: 1,
};
const webhook = {
  id: 'whk_1',
  url: 'https://hooks.zapier.com/hooks/standard/1/abc/',
  events: ['matter.created'],
  created_at: stamp,
  max_deliveries_per_minute: null,
  pending_deliveries: 0,
};

describe('API client', () => {
  useFakeSnapshots();

  it('me() GETs /v1/me and returns the account', async () => {
    const scope = snapshots().get('/v1/me').reply(200, me());

    await expect(withClient((api) => api.me())).resolves.toEqual(me());
    expect(scope.isDone()).toBe(true);
  });

  it('locations.list() passes a typed query and returns the page', async () => {
    const page = { data: [location()], next_cursor: 'cur_2' };
    const scope = snapshots()
      .get('/v1/locations')
      .query({
        updated_since: stamp,
        q: 'main & co',
        limit: '25',
        sort: 'created_at',
        cursor: 'cur_1',
      })
      .reply(200, page);

    await expect(
      withClient((api) =>
        api.locations.list({
          updated_since: stamp,
          q: 'main & co',
          limit: 25,
          sort: 'created_at',
          cursor: 'cur_1',
        }),
      ),
    ).resolves.toEqual(page);
    expect(scope.isDone()).toBe(true);
  });

  it('matters.list() sends no parameter that was left out', async () => {
    const scope = snapshots()
      .get('/v1/matters')
      .query({ status: 'open' })
      .reply(200, { data: [matter()], next_cursor: null });

    await expect(
      withClient((api) => api.matters.list({ status: 'open', location_id: undefined })),
    ).resolves.toEqual({ data: [matter()], next_cursor: null });
    expect(scope.isDone()).toBe(true);
  });

  it('activities.list() joins expand with commas', async () => {
    const expanded = { ...activity, matter: matter(), location: location() };
    const scope = snapshots()
      .get('/v1/activities')
      .query({ expand: 'matter,location', type: 'call' })
      .reply(200, { data: [expanded], next_cursor: null });

    await expect(
      withClient((api) => api.activities.list({ expand: ['matter', 'location'], type: 'call' })),
    ).resolves.toEqual({ data: [expanded], next_cursor: null });
    expect(scope.isDone()).toBe(true);
  });

  it('get() encodes the id as one path segment', async () => {
    const scope = snapshots().get('/v1/locations/loc_1%2F..%2Fme').reply(200, location());

    await expect(withClient((api) => api.locations.get('loc_1/../me'))).resolves.toEqual(
      location(),
    );
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['', 'No ID was given.'],
    ['..', '".." is not a valid ID.'],
    ['.', '"." is not a valid ID.'],
  ])(
    'get(%p) is refused before any request (it would address another path)',
    async (id, message) => {
      const attempt = withClient((api) => api.locations.get(id));

      await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
      await expect(attempt).rejects.toThrow(message);
    },
  );

  it('create() POSTs JSON with an optional Idempotency-Key', async () => {
    const scope = snapshots()
      .post('/v1/activities', { type: 'call', date: stamp, duration_minutes: 15 })
      .matchHeader('content-type', /^application\/json/)
      .matchHeader('idempotency-key', 'zap-1-step-2')
      .reply(201, activity, { location: '/v1/activities/act_1' });

    await expect(
      withClient((api) =>
        api.activities.create(
          { type: 'call', date: stamp, duration_minutes: 15 },
          { idempotencyKey: 'zap-1-step-2' },
        ),
      ),
    ).resolves.toEqual(activity);
    expect(scope.isDone()).toBe(true);
  });

  it('create() sends the Idempotency-Key derived from the step, the same on every retry', async () => {
    const key = idempotencyKeyFor('location.create', { name: 'Main office' });
    const scope = snapshots()
      .post('/v1/locations', { name: 'Main office' })
      .matchHeader('idempotency-key', key)
      .times(2)
      .reply(201, location());

    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(
        withClient((api) =>
          api.locations.create(
            { name: 'Main office' },
            { idempotencyKey: idempotencyKeyFor('location.create', { name: 'Main office' }) },
          ),
        ),
      ).resolves.toEqual(location());
    }
    expect(scope.isDone()).toBe(true);
  });

  it('derives different keys for different operations or input, and ignores key order', () => {
    const key = idempotencyKeyFor('location.create', { name: 'A', email: 'a@x.example' });
    expect(key).toMatch(/^zap_[A-Za-z0-9_-]{43}$/);
    expect(idempotencyKeyFor('location.create', { email: 'a@x.example', name: 'A' })).toBe(key);
    expect(idempotencyKeyFor('location.create', { name: 'B', email: 'a@x.example' })).not.toBe(key);
    expect(idempotencyKeyFor('matter.create', { name: 'A', email: 'a@x.example' })).not.toBe(key);
  });

  it('refuses an Idempotency-Key longer than the contract allows, before any request', async () => {
    await expect(
      withClient((api) => api.locations.create({ name: 'x' }, { idempotencyKey: 'k'.repeat(256) })),
    ).rejects.toThrow('An Idempotency-Key must be 1 to 255 characters long.');
  });

  it('update() sends a JSON merge patch (null clears) without If-Match unless asked', async () => {
    const scope = snapshots({ badheaders: ['if-match'] })
      .patch('/v1/locations/loc_1', { email: null, external_refs: { clio: null } })
      .matchHeader('content-type', 'application/merge-patch+json')
      .reply(200, location({ email: null, version: 2 }));

    await expect(
      withClient((api) =>
        api.locations.update('loc_1', { email: null, external_refs: { clio: null } }),
      ),
    ).resolves.toMatchObject({ email: null, version: 2 });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [201, true],
    [200, false],
  ])(
    'upsertByRef() PUTs to by-ref with encoded segments (%i → created %p)',
    async (status, created) => {
      const scope = snapshots()
        .put('/v1/matters/by-ref/clio/A%2F7%20b', { title: 'Estate of Doe' })
        .matchHeader('if-match', '"3"')
        .reply(status, matter());

      await expect(
        withClient((api) =>
          api.matters.upsertByRef('clio', 'A/7 b', { title: 'Estate of Doe' }, { ifMatch: 3 }),
        ),
      ).resolves.toEqual({ record: matter(), created });
      expect(scope.isDone()).toBe(true);
    },
  );

  it('customFields.list(object) asks for that object’s definitions', async () => {
    const definitions = {
      data: [
        {
          key: 'billable',
          label: 'Billable',
          type: 'boolean',
          choices: [],
          required: false,
          help_text: null,
        },
      ],
    };
    const scope = snapshots()
      .get('/v1/custom-fields')
      .query({ object: 'activity' })
      .reply(200, definitions);

    await expect(withClient((api) => api.customFields.list('activity'))).resolves.toEqual(
      definitions,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('events.list() joins types and passes the sequence cursor', async () => {
    const event = {
      event_id: 'evt_1',
      sequence: 8,
      type: 'matter.created',
      occurred_at: stamp,
      data: matter(),
    };
    const scope = snapshots()
      .get('/v1/events')
      .query({
        types: 'matter.created,matter.updated',
        after_sequence: '7',
        order: 'asc',
        limit: '100',
      })
      .reply(200, { data: [event], next_cursor: null });

    await expect(
      withClient((api) =>
        api.events.list({
          types: ['matter.created', 'matter.updated'],
          after_sequence: 7,
          order: 'asc',
          limit: 100,
        }),
      ),
    ).resolves.toEqual({ data: [event], next_cursor: null });
    expect(scope.isDone()).toBe(true);
  });

  it('syncErrors.list() passes created_since and returns the page', async () => {
    const syncError = {
      error_id: 'err_1',
      occurred_at: stamp,
      code: 'validation_failed',
      message: 'title: is required',
      resource: { type: 'matter', id: null },
      details: {},
    };
    const scope = snapshots()
      .get('/v1/sync-errors')
      .query({ created_since: stamp })
      .reply(200, { data: [syncError], next_cursor: null });

    await expect(
      withClient((api) => api.syncErrors.list({ created_since: stamp })),
    ).resolves.toEqual({
      data: [syncError],
      next_cursor: null,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('webhooks.create() returns the secret once; list() returns subscriptions', async () => {
    const created = { ...webhook, secret: 'whsec_c2VjcmV0' };
    const scope = snapshots()
      .post('/v1/webhooks', { url: webhook.url, events: ['matter.created'] })
      .reply(201, created)
      .get('/v1/webhooks')
      .reply(200, { data: [webhook] });

    await expect(
      withClient(async (api) => ({
        created: await api.webhooks.create(
          { url: webhook.url, events: ['matter.created'] },
          { idempotencyKey: 'subscribe-1' },
        ),
        listed: await api.webhooks.list(),
      })),
    ).resolves.toEqual({ created, listed: { data: [webhook] } });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [204, true],
    [404, false],
  ])(
    'webhooks.delete() answered %i → deleted %p (unsubscribing twice is fine)',
    async (status, deleted) => {
      const scope = snapshots()
        .delete('/v1/webhooks/whk_1')
        .reply(status, status === 404 ? problem(404, 'not-found', 'No such webhook.') : undefined);

      await expect(withClient((api) => api.webhooks.delete('whk_1'))).resolves.toEqual({ deleted });
      expect(scope.isDone()).toBe(true);
    },
  );

  it('webhooks.delete() still maps other failures', async () => {
    const scope = snapshots()
      .delete('/v1/webhooks/whk_1')
      .reply(503, problem(503, 'unavailable', 'Down.'), { ...PROBLEM_JSON, 'retry-after': '30' });

    await expect(withClient((api) => api.webhooks.delete('whk_1'))).rejects.toMatchObject(
      throttledError('Snapshots had a server error', 30),
    );
    expect(scope.isDone()).toBe(true);
  });
});

/**
 * Conventions every endpoint shares: /v1/me, authentication errors, problem+json and x-request-id,
 * body size, the order of a write's checks, the served OpenAPI document, and the deterministic
 * demo seed.
 */
import { buildOpenApiDocument } from '../../src/api/openapi';
import { Me } from '../../src/api/schemas';
import type { CallOptions, Json } from '../support/api';
import { ALL_SCOPES, listAll, useSandbox } from '../support/api';
import { COLLECTIONS, LOCATIONS, WELL_FORMED_UNKNOWN, create } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('GET /v1/me', () => {
  it('names the demo account and user, and the scopes of the token', async () => {
    const response = await h.call('GET', '/v1/me', { token });
    expect(response.status).toBe(200);
    const me = Me.parse(response.body);
    expect(me.account).toEqual({ id: 'acc_demo', name: 'Demo Law LLP' });
    expect(me.user).toEqual({
      id: 'usr_demo',
      name: 'Alex Demo',
      email: 'alex@demo-law.example',
    });
    expect(me.scopes.sort()).toEqual([...ALL_SCOPES].sort());
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown token', { authorization: 'Bearer not-a-real-token' }],
    ['a Basic header', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['"Bearer" without a token', { authorization: 'Bearer' }],
  ])('answers %s with 401 problem+json and a Bearer challenge', async (label, headers) => {
    const response = await h.call('GET', '/v1/me', { headers });
    expectProblem(response, 401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer\b/);
    if (label === 'an unknown token') expect(challenge).toMatch(/error="invalid_token"/);
  });

  it.each([
    ['GET', '/v1/locations', {}],
    ['POST', '/v1/matters', { body: { title: 'No token' } }],
    ['PATCH', '/v1/activities/act_000000000000000000nope', { body: { notes: 'x' } }],
    ['PUT', '/v1/locations/by-ref/clio/1', { body: { name: 'No token' } }],
    ['GET', '/v1/custom-fields', { query: { object: 'location' } }],
    ['GET', '/v1/events', {}],
    [
      'POST',
      '/v1/webhooks',
      { body: { url: 'https://hooks.example.test/x', events: ['sync.error'] } },
    ],
    ['GET', '/v1/webhooks', {}],
    ['DELETE', '/v1/webhooks/whk_00000000000000000000', {}],
    ['GET', '/v1/sync-errors', {}],
  ] as [string, string, CallOptions][])(
    '%s %s without a token → 401, nothing changed, no sync error',
    async (method, path, options) => {
      const before = await snapshotState(h);
      const response = await h.call(method, path, options);
      expectProblem(response, 401);
      expectUnchanged(before, await snapshotState(h), 0);
    },
  );
});

describe('problem+json and x-request-id', () => {
  it('gives every response its own x-request-id, echoed in problems', async () => {
    const responses = await Promise.all([
      h.call('GET', '/v1/me', { token }),
      h.call('GET', '/v1/me', { token }),
      h.call('GET', '/v1/locations/loc_000000000000000000nope', { token }),
      h.call('GET', '/v1/me'),
    ]);
    const ids = responses.map((response) => response.headers.get('x-request-id'));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const [, , notFound] = responses;
    if (!notFound) throw new Error('missing response');
    expectProblem(notFound, 404);
    expect(notFound.body.request_id).toBe(ids[2]);
  });

  it('has an x-request-id on OAuth responses too', async () => {
    const response = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'refresh_token', refresh_token: 'unknown' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  it('answers a body over 1 MiB with 413 and writes nothing', async () => {
    const before = await snapshotState(h);
    const response = await h.call('POST', '/v1/locations', {
      token,
      raw: JSON.stringify({ name: 'Big', custom_fields: { blob: 'x'.repeat(1_100_000) } }),
    });
    expectProblem(response, 413);
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'name=Form'],
    ['text/plain', '{"name":"Text"}'],
    ['application/vnd.api+json', '{"name":"Vendor"}'],
  ])('answers a body sent as %s with 415 and writes nothing', async (contentType, raw) => {
    const before = await snapshotState(h);
    const response = await h.call('POST', '/v1/locations', { token, raw, contentType });
    expectProblem(response, 415);
    expectUnchanged(before, await snapshotState(h), 1);
  });
});

describe('unknown ids', () => {
  it.each([
    ['GET', `/v1/locations/${WELL_FORMED_UNKNOWN.location_id}`, {}, 0],
    ['GET', `/v1/matters/${WELL_FORMED_UNKNOWN.matter_id}`, {}, 0],
    ['GET', `/v1/activities/${WELL_FORMED_UNKNOWN.activity_id}`, {}, 0],
    [
      'GET',
      `/v1/activities/${WELL_FORMED_UNKNOWN.activity_id}`,
      { query: { expand: 'matter,location' } },
      0,
    ],
    ['PATCH', `/v1/locations/${WELL_FORMED_UNKNOWN.location_id}`, { body: { name: 'x' } }, 1],
    ['PATCH', `/v1/matters/${WELL_FORMED_UNKNOWN.matter_id}`, { body: { title: 'x' } }, 1],
    ['PATCH', `/v1/activities/${WELL_FORMED_UNKNOWN.activity_id}`, { body: { notes: 'x' } }, 1],
    // Whether a DELETE of a missing subscription logs a sync error is left open.
    ['DELETE', '/v1/webhooks/whk_00000000000000000000', {}, null],
  ] as [string, string, CallOptions, number | null][])(
    '%s %s → 404 problem, nothing changed',
    async (method, path, options, syncErrorsAdded) => {
      for (const c of COLLECTIONS) await create(h, c, token, c.minimal('Present'));
      await h.call('POST', '/v1/webhooks', {
        token,
        body: { url: 'https://hooks.example.test/x', events: ['location.created'] },
      });
      const before = await snapshotState(h);
      const response = await h.call(method, path, { ...options, token });
      expectProblem(response, 404);
      expectUnchanged(before, await snapshotState(h), syncErrorsAdded);
    },
  );
});

describe("the order of a write's checks: body syntax, record, If-Match, body content", () => {
  const unknownPath = `/v1/locations/${WELL_FORMED_UNKNOWN.location_id}`;
  const STALE = { 'if-match': '"99"' };

  async function existingPath(): Promise<string> {
    const location = await create(h, LOCATIONS, token, { name: 'Present' });
    return `/v1/locations/${location.location_id}`;
  }

  it.each([
    ['bad JSON', { raw: '{"name":', headers: STALE }, 400],
    ['a body over 1 MiB', { raw: JSON.stringify({ name: 'x'.repeat(1_100_000) }) }, 413],
    ['a body that is not JSON', { raw: '{"name":"A"}', contentType: 'text/plain' }, 415],
  ] as [string, CallOptions, number][])(
    'rejects %s before looking up the record (%s even for an unknown id)',
    async (_label, options, status) => {
      const before = await snapshotState(h);
      expectProblem(await h.call('PATCH', unknownPath, { token, ...options }), status);
      expectUnchanged(before, await snapshotState(h), 1);
    },
  );

  it('answers an unknown id with 404 before If-Match and the body content', async () => {
    const response = await h.call('PATCH', unknownPath, {
      token,
      body: { name: '', colour: 'red' },
      headers: STALE,
    });
    expectProblem(response, 404);
  });

  it('answers a stale If-Match with 412 before the body content', async () => {
    const path = await existingPath();
    const before = await snapshotState(h);
    const invalid = await h.call('PATCH', path, { token, body: { name: '' }, headers: STALE });
    expectProblem(invalid, 412);
    const unknownField = await h.call('PATCH', path, {
      token,
      body: { colour: 'red' },
      headers: STALE,
    });
    expectProblem(unknownField, 412);
    expectUnchanged(before, await snapshotState(h), 2);
  });

  it('checks the body content last: 400 for an unknown field or a non-object, 422 for a bad value', async () => {
    const path = await existingPath();
    const ifMatch = { 'if-match': '"1"' };
    const unknownField = await h.call('PATCH', path, {
      token,
      body: { colour: 'red' },
      headers: ifMatch,
    });
    expectProblem(unknownField, 400, { field: 'colour' });
    expectProblem(await h.call('PATCH', path, { token, body: [], headers: ifMatch }), 400);
    const badValue = await h.call('PATCH', path, { token, body: { name: '' }, headers: ifMatch });
    expectProblem(badValue, 422, { field: 'name' });
  });
});

describe('GET /openapi.json', () => {
  it('serves the generated OpenAPI document', async () => {
    const response = await h.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});

describe('the demo seed', () => {
  it('holds 3 locations, 3 matters and 6 activities with their created events, then 1 sync error, the same after every reset', async () => {
    token = await h.fresh('demo');
    const read = async () => ({
      locations: await listAll(h, '/v1/locations', token),
      matters: await listAll(h, '/v1/matters', token),
      activities: await listAll(h, '/v1/activities', token),
      events: await listAll(h, '/v1/events', token),
    });
    const first = await read();
    expect(first.locations).toHaveLength(3);
    expect(first.matters).toHaveLength(3);
    expect(first.activities).toHaveLength(6);
    expect(first.events.map((event) => event.type as string).sort()).toEqual(
      [
        ...Array<string>(3).fill('location.created'),
        ...Array<string>(3).fill('matter.created'),
        ...Array<string>(6).fill('activity.created'),
        'sync.error',
      ].sort(),
    );
    const withClio = (records: Json[]): Json[] =>
      records.filter((record) => typeof record.external_refs?.clio === 'string');
    expect(withClio(first.locations)).toHaveLength(1);
    expect(withClio(first.matters)).toHaveLength(1);

    token = await h.fresh('demo');
    const second = await read();
    const ids = (records: Json[], key: string) => records.map((record) => record[key] as string);
    expect(ids(second.locations, 'location_id')).toEqual(ids(first.locations, 'location_id'));
    expect(ids(second.matters, 'matter_id')).toEqual(ids(first.matters, 'matter_id'));
    expect(ids(second.activities, 'activity_id')).toEqual(ids(first.activities, 'activity_id'));
    const content = (records: Json[]): unknown[] =>
      records.map(
        (record) => ({ ...record, created_at: undefined, last_updated: undefined }) as unknown,
      );
    expect(content(second.locations)).toEqual(content(first.locations));
    expect(content(second.matters)).toEqual(content(first.matters));
    expect(content(second.activities)).toEqual(content(first.activities));
  });

  it('is emptied by a reset to the empty seed, keeping the custom-field definitions', async () => {
    token = await h.fresh('demo');
    token = await h.fresh('empty');
    expect(await listAll(h, '/v1/locations', token)).toEqual([]);
    expect(await listAll(h, '/v1/events', token)).toEqual([]);
    const fields = await h.call('GET', '/v1/custom-fields', {
      token,
      query: { object: 'location' },
    });
    expect((fields.body.data as Json[]).map((field) => field.key as string).sort()).toEqual([
      'client_since',
      'practice_area',
    ]);
  });
});

/**
 * Values and controls a hostile or careless client sends: time-zone names, far-future
 * timestamps, `expand` without the linked read scope, credentials in webhook URLs, keys named
 * like `Object.prototype` members, huge clock moves, bad injected faults, guessing at
 * `/oauth/token`, and an Idempotency-Key reused after a refusal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResponse } from '../support/api';
import { useSandbox } from '../support/api';
import { LOCATIONS, create } from '../support/collections';
import { eventually, expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('IANA time zones', () => {
  it.each([
    'Asia/Kolkata',
    'Europe/Kyiv',
    'America/Nuuk',
    'Pacific/Kanton',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+5',
    'GMT',
    'UTC',
    'Etc/UTC',
    // A link kept in the database for old data: still understood, so still accepted.
    'Asia/Calcutta',
  ])('accepts %s and stores it as sent', async (timezone) => {
    const response = await h.call('POST', '/v1/locations', {
      token,
      body: { name: 'Zoned', timezone },
    });
    expect(response.status).toBe(201);
    expect(response.body.timezone).toBe(timezone);
  });

  it.each(['+05:00', 'Mars/Olympus_Mons', 'Etc/GMT+15', 'Europe/', '', 'Europe/London; x'])(
    'refuses %j with 422 naming timezone',
    async (timezone) => {
      const response = await h.call('POST', '/v1/locations', {
        token,
        body: { name: 'Zoned', timezone },
      });
      expectProblem(response, 422, { field: 'timezone' });
    },
  );

  it('accepts a current name in a merge patch too', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Kyiv office' });
    const response = await h.call('PATCH', `/v1/locations/${location.location_id}`, {
      token,
      body: { timezone: 'Europe/Kyiv' },
    });
    expect(response.status).toBe(200);
    expect(response.body.timezone).toBe('Europe/Kyiv');
  });
});

describe('timestamps beyond year 9999 once in UTC', () => {
  const farFuture = '9999-12-31T23:59:59-23:59';

  it.each([
    ['/v1/locations', { name: 'Far', last_seen: farFuture }, 'last_seen'],
    ['/v1/activities', { type: 'note', date: farFuture, notes: 'Far' }, 'date'],
  ])('POST %s refuses %j with 422 naming the field', async (path, body, field) => {
    const before = await snapshotState(h);
    expectProblem(await h.call('POST', path, { token, body }), 422, { field });
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('still accepts the last second of year 9999 in UTC', async () => {
    const response = await h.call('POST', '/v1/locations', {
      token,
      body: { name: 'Last second', last_seen: '9999-12-31T23:59:59+00:00' },
    });
    expect(response.status).toBe(201);
    expect(response.body.last_seen).toBe('9999-12-31T23:59:59.000Z');
  });

  it.each([
    ['/v1/locations', 'updated_since'],
    ['/v1/matters', 'created_since'],
    ['/v1/activities', 'updated_since'],
    ['/v1/sync-errors', 'created_since'],
  ])(
    'GET %s?%s=<year 10000> is a 400 naming the parameter, not every record',
    async (path, name) => {
      await create(h, LOCATIONS, token, { name: 'Present' });
      const response = await h.call('GET', path, { token, query: { [name]: farFuture } });
      expectProblem(response, 400, { field: name });
    },
  );
});

describe('expand needs the read scope of what it embeds', () => {
  let activityId: string;

  beforeEach(async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Client site' });
    const matter = await h.call('POST', '/v1/matters', {
      token,
      body: { title: 'Secret matter', location_id: location.location_id },
    });
    const activity = await h.call('POST', '/v1/activities', {
      token,
      body: {
        type: 'call',
        date: '2026-11-27T10:00:00Z',
        matter_id: matter.body.matter_id,
        location_id: location.location_id,
      },
    });
    activityId = activity.body.activity_id as string;
  });

  const read = async (scopes: string[], path: string, expand?: string) =>
    h.call('GET', path, {
      token: (await h.mintToken(scopes)).access_token,
      query: expand === undefined ? {} : { expand },
    });

  it.each([
    ['matter', 'saas/matter.read'],
    ['location', 'saas/location.read'],
    ['matter,location', 'saas/matter.read'],
  ])(
    'answers expand=%s without %s with 403 naming it, on the list and on one activity',
    async (expand, missing) => {
      const scopes = ['saas/activity.read', 'saas/location.read', 'saas/matter.read'].filter(
        (scope) => scope !== missing,
      );
      expectProblem(await read(scopes, '/v1/activities', expand), 403, {
        requiredScope: missing,
      });
      expectProblem(await read(scopes, `/v1/activities/${activityId}`, expand), 403, {
        requiredScope: missing,
      });
    },
  );

  it('embeds the matter for a token that may read matters, and lists without expand for any', async () => {
    const withMatters = await read(
      ['saas/activity.read', 'saas/matter.read'],
      `/v1/activities/${activityId}`,
      'matter',
    );
    expect(withMatters.status).toBe(200);
    expect(withMatters.body.matter.title).toBe('Secret matter');
    const plain = await read(['saas/activity.read'], '/v1/activities');
    expect(plain.status).toBe(200);
    expect(plain.body.data[0].matter).toBeUndefined();
  });
});

/** A plain-HTTP server: an `https://` delivery to it fails in the TLS handshake. */
async function startPlainServer(): Promise<{ port: number; server: Server }> {
  const server = createServer((_request, response) => response.end('plain'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('webhook URLs', () => {
  it.each([
    'https://user:hunter2@hooks.example.test/x',
    'https://user@hooks.example.test/x',
    'http://zap:hunter2@127.0.0.1:9/hooks',
  ])('refuses %s with 422 naming url, without repeating the password', async (url) => {
    const response = await h.call('POST', '/v1/webhooks', {
      token,
      body: { url, events: ['location.created'] },
    });
    expectProblem(response, 422, { field: 'url' });
    expect(response.text).not.toContain('hunter2');
    expect((await h.call('GET', '/v1/webhooks', { token })).body.data).toEqual([]);
  });

  it('reports a failed TLS handshake in plain words, with no OpenSSL internals', async () => {
    const { port, server } = await startPlainServer();
    try {
      await h.controls.setWebhookSchedule({ delays_ms: [] });
      await h.call('POST', '/v1/webhooks', {
        token,
        body: { url: `https://127.0.0.1:${port}/hooks`, events: ['location.created'] },
      });
      await create(h, LOCATIONS, token, { name: 'Triggers a delivery' });
      const abandoned = await eventually(async () => {
        const errors = await h.call('GET', '/v1/sync-errors', { token });
        const found = (errors.body.data as { code: string }[]).find(
          (error) => error.code === 'webhook_delivery_abandoned',
        );
        if (!found) throw new Error('no abandoned delivery yet');
        return found as unknown as { details: { last_error: string } };
      });
      expect(abandoned.details.last_error).toBe('TLS handshake failed');
      const log = await h.controls.deliveries();
      expect(log.map((entry) => entry.error)).toEqual(['TLS handshake failed']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('keys named like Object.prototype members', () => {
  // The one member name a custom-field key may take (keys are lowercase).
  const defineConstructorField = () =>
    h.controls.addCustomField({
      object: 'location',
      key: 'constructor',
      label: 'Constructor',
      type: 'text',
      required: true,
    });

  it('a required custom field keyed constructor is missing when it is not sent', async () => {
    await defineConstructorField();
    const response = await h.call('POST', '/v1/locations', { token, body: { name: 'x' } });
    expectProblem(response, 422, { field: 'custom_fields.constructor' });
  });

  it('a required custom field keyed constructor is accepted when sent', async () => {
    await defineConstructorField();
    const response = await h.call('POST', '/v1/locations', {
      token,
      body: { name: 'x', custom_fields: { constructor: 'Bob' } },
    });
    expect(response.status).toBe(201);
    expect(response.body.custom_fields).toEqual({ constructor: 'Bob' });
  });

  it('PUT /by-ref/constructor/x1 creates, then updates, the record with that reference', async () => {
    const path = '/v1/locations/by-ref/constructor/x1';
    const created = await h.call('PUT', path, { token, body: { name: 'Built' } });
    expect(created.status).toBe(201);
    expect(created.body.external_refs).toEqual({ constructor: 'x1' });
    const updated = await h.call('PUT', path, { token, body: { name: 'Rebuilt' } });
    expect(updated.status).toBe(200);
    expect(updated.body.location_id).toBe(created.body.location_id);
    const found = await h.call('GET', '/v1/locations', {
      token,
      query: { external_ref: 'constructor:x1' },
    });
    expect(found.body.data).toHaveLength(1);
  });

  it('refuses __proto__ as a by-ref system with 400 (no body may carry that key either)', async () => {
    const before = await snapshotState(h);
    const response = await h.call('PUT', '/v1/locations/by-ref/__proto__/x1', {
      token,
      body: { name: 'Polluted' },
    });
    expectProblem(response, 400, { field: 'system' });
    expectUnchanged(before, await snapshotState(h), 1);
  });
});

describe('clock control', () => {
  // Raw HTTP, not the typed client: these tests read the control's own status and 422 problem.
  const advance = (seconds: number) =>
    h.call('POST', '/_sandbox/clock', { body: { advance_seconds: seconds } });
  const TEN_YEARS = 10 * 366 * 24 * 3600;

  it('refuses 1e15 seconds with 422 naming advance_seconds, and the clock does not move', async () => {
    const response = await advance(1e15);
    expectProblem(response, 422, { field: 'advance_seconds' });
    const location = await create(h, LOCATIONS, token, { name: 'After' });
    expect(Math.abs(Date.parse(location.created_at) - Date.now())).toBeLessThan(60_000);
  });

  it('moves up to 10 years at a time, up to 100 years ahead in all', async () => {
    for (let move = 1; move <= 10; move++) expect((await advance(TEN_YEARS)).status).toBe(200);
    expectProblem(await advance(1), 422, { field: 'advance_seconds' });
    const fresh = (await h.mintToken()).access_token;
    const location = await create(h, LOCATIONS, fresh, { name: 'A century on' });
    const expected = Date.now() + 10 * TEN_YEARS * 1000;
    expect(Math.abs(Date.parse(location.created_at) - expected)).toBeLessThan(60_000);
  });
});

describe('fault control', () => {
  // Raw HTTP, not the typed client: these tests read the control's own status and 422 problem.
  const addFault = (fault: Record<string, unknown>) =>
    h.call('POST', '/_sandbox/faults', { body: { method: 'GET', path: '/v1/me', ...fault } });

  it.each([100, 101, 199])('refuses status %i with 422 naming status', async (status) => {
    expectProblem(await addFault({ status }), 422, { field: 'status' });
  });

  it.each([
    [{ 'X-Bad\nName': 'v' }],
    [{ 'X Space': 'v' }],
    [{ 'X-Ok': 'v\r\nSet-Cookie: session=stolen' }],
    [{ 'X-Ok': 'nul\u0000byte' }],
  ])('refuses headers %j with 422 naming headers', async (headers) => {
    expectProblem(await addFault({ status: 503, headers }), 422, { field: 'headers' });
    expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
  });

  it('still injects a redirect with its Location header', async () => {
    const fault = await addFault({ status: 302, headers: { Location: 'https://elsewhere.test/' } });
    expect(fault.status).toBe(201);
    const response = await h.call('GET', '/v1/me', { token, unchecked: 'injected fault' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.test/');
  });
});

describe('rate limits on the OAuth endpoints', () => {
  const guess = (path: string, secret: string) =>
    h.call('POST', path, {
      form: {
        grant_type: 'refresh_token',
        refresh_token: 'r',
        token: 't',
        client_id: h.clientId,
        client_secret: secret,
      },
    });

  it.each(['/oauth/token', '/oauth/revoke'])(
    'limits %s per client address: 429 problem with Retry-After past the limit',
    async (path) => {
      await h.controls.setRateLimit({ limit: 3, window_seconds: 60 });
      const responses: ApiResponse[] = [];
      for (let n = 1; n <= 4; n++) responses.push(await guess(path, `guess-${n}`));
      expect(responses.slice(0, 3).map((response) => response.status)).toEqual([401, 401, 401]);
      expectProblem(responses[3]!, 429);
      expect(responses[3]!.headers.get('retry-after')).toMatch(/^\d+$/);
      // The API's own windows are separate: a real token is not held back by the guessing.
      expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
    },
  );
});

describe('an Idempotency-Key after a refusal', () => {
  it('is not kept for a 422: the same request succeeds once the custom field exists', async () => {
    const headers = { 'idempotency-key': 'after-422' };
    const body = { name: 'Referred', custom_fields: { referral: 'web' } };
    const refused = await h.call('POST', '/v1/locations', { token, body, headers });
    expectProblem(refused, 422, { field: 'custom_fields.referral' });
    await h.controls.addCustomField({
      object: 'location',
      key: 'referral',
      label: 'Referral',
      type: 'text',
    });
    const retried = await h.call('POST', '/v1/locations', { token, body, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await h.call('POST', '/v1/locations', { token, body, headers });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.location_id).toBe(retried.body.location_id);
  });

  it('is not kept for a 400 or a 409 either', async () => {
    const bad = { name: 'x', colour: 'red' };
    const badHeaders = { 'idempotency-key': 'after-400' };
    expectProblem(
      await h.call('POST', '/v1/locations', { token, body: bad, headers: badHeaders }),
      400,
    );
    const again = await h.call('POST', '/v1/locations', { token, body: bad, headers: badHeaders });
    expectProblem(again, 400);
    expect(again.headers.get('idempotent-replayed')).toBeNull();

    await create(h, LOCATIONS, token, { name: 'Owner', external_refs: { clio: '42' } });
    const taken = { name: 'Twin', external_refs: { clio: '42' } };
    const takenHeaders = { 'idempotency-key': 'after-409' };
    const conflict = await h.call('POST', '/v1/locations', {
      token,
      body: taken,
      headers: takenHeaders,
    });
    expectProblem(conflict, 409);
    const retry = await h.call('POST', '/v1/locations', {
      token,
      body: taken,
      headers: takenHeaders,
    });
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});

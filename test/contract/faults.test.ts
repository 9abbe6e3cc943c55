/**
 * The `/_sandbox/faults` control, which the integration's tests rely on to provoke failures:
 * status (+ headers, body), delay, dropped connection, malformed JSON; matching and clearing.
 */
import type { FaultRequest } from '../../sandbox/controls/client';
import { useSandbox } from '../support/api';
import { LOCATIONS, create } from '../support/collections';
import { expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const fault = async (spec: FaultRequest): Promise<string> => {
  const created = await h.controls.injectFault(spec);
  expect(created).toEqual({ id: expect.any(String) });
  return created.id;
};

const listLocations = (query?: Record<string, string>) =>
  h.call('GET', '/v1/locations', { token, query });

describe('/_sandbox/faults', () => {
  it('answers the next matching request with the given status, headers and JSON body, once', async () => {
    await fault({
      method: 'GET',
      path: '/v1/locations',
      status: 503,
      headers: { 'retry-after': '2' },
      body: { message: 'down for maintenance' },
    });
    const faulted = await h.call('GET', '/v1/locations', { token, unchecked: 'injected fault' });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.contentType).toMatch(/json/);
    expect(faulted.body).toEqual({ message: 'down for maintenance' });
    expect((await listLocations()).status).toBe(200);
  });

  it('faults only the next `times` matching requests, then answers normally', async () => {
    await fault({ method: 'GET', path: '/v1/locations', status: 500, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await h.call('GET', '/v1/locations', { token, unchecked: 'injected fault' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('matches the method and the exact path, ignoring the query', async () => {
    await fault({ method: 'POST', path: '/v1/locations', status: 502 });
    expect((await listLocations({ limit: '1' })).status).toBe(200);
    expect((await h.call('GET', '/v1/matters', { token })).status).toBe(200);
    const faulted = await h.call('POST', '/v1/locations', {
      token,
      body: { name: 'Faulted' },
      unchecked: 'injected fault',
    });
    expect(faulted.status).toBe(502);

    await fault({ method: 'GET', path: '/v1/locations', status: 504 });
    const withQuery = await h.call('GET', '/v1/locations', {
      token,
      query: { limit: '5' },
      unchecked: 'injected fault',
    });
    expect(withQuery.status).toBe(504);
  });

  it('matches by prefix when the path ends with *', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Prefixed' });
    await fault({ method: 'GET', path: '/v1/locations/*', status: 503 });
    const faulted = await h.call('GET', `/v1/locations/${location.location_id}`, {
      token,
      unchecked: 'injected fault',
    });
    expect(faulted.status).toBe(503);
  });

  it('replaces the handling: a faulted write writes nothing', async () => {
    await create(h, LOCATIONS, token, { name: 'Before' });
    const before = await snapshotState(h);
    await fault({ method: 'POST', path: '/v1/locations', status: 503 });
    const faulted = await h.call('POST', '/v1/locations', {
      token,
      body: { name: 'Lost' },
      unchecked: 'injected fault',
    });
    expect(faulted.status).toBe(503);
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('delays a request, which is then handled normally', async () => {
    await fault({ method: 'GET', path: '/v1/locations', delay_ms: 250 });
    const delayed = await listLocations();
    expect(delayed.status).toBe(200);
    expect(delayed.elapsedMs).toBeGreaterThanOrEqual(240);
    const next = await listLocations();
    expect(next.elapsedMs).toBeLessThan(240);
  });

  it('delays before the status when both are given', async () => {
    await fault({ method: 'GET', path: '/v1/locations', delay_ms: 200, status: 503 });
    const response = await h.call('GET', '/v1/locations', { token, unchecked: 'injected fault' });
    expect(response.status).toBe(503);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(190);
  });

  it('drops the connection without a response', async () => {
    await fault({ method: 'GET', path: '/v1/locations', drop: true });
    await expect(
      h.call('GET', '/v1/locations', { token, unchecked: 'injected fault' }),
    ).rejects.toThrow();
    expect((await listLocations()).status).toBe(200);
  });

  it('answers 200 with a JSON content type and a body that is not JSON', async () => {
    await fault({ method: 'GET', path: '/v1/locations', malformed: true });
    const response = await h.call('GET', '/v1/locations', { token, unchecked: 'injected fault' });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json\b/);
    expect(() => JSON.parse(response.text) as unknown).toThrow();
    expect((await listLocations()).status).toBe(200);
  });

  it('faults the OAuth endpoints too', async () => {
    await fault({ method: 'POST', path: '/oauth/token', status: 503 });
    const response = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'refresh_token', refresh_token: 'x' },
      unchecked: 'injected fault',
    });
    expect(response.status).toBe(503);
  });

  it('clears every pending fault with DELETE', async () => {
    await fault({ method: 'GET', path: '/v1/locations', status: 500, times: 5 });
    await fault({ method: 'GET', path: '/v1/me', drop: true });
    await h.controls.clearFaults();
    expect((await listLocations()).status).toBe(200);
    expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
  });

  it('is cleared by a reset', async () => {
    await fault({ method: 'GET', path: '/v1/locations', status: 500 });
    token = await h.fresh();
    expect((await listLocations()).status).toBe(200);
  });
});

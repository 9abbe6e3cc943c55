/**
 * The `/_sandbox` controls answer only on loopback and never to a web page: a request from another
 * address, or one carrying an `Origin` header (browsers send it on cross-origin requests and on
 * every POST, PUT and DELETE; Node's fetch sends none), is refused with a 403 problem before
 * anything happens.
 */
import type { FastifyRequest } from 'fastify';
import { checkControlCaller } from '../../sandbox/controls/routes';
import type { Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { expectProblem, expectUnchanged, type State, snapshotState } from '../support/expectations';

const h = useSandbox({ seed: 'demo' });
let token: string;

beforeEach(async () => {
  token = await h.fresh('demo');
});

const customFieldKeys = async (): Promise<string[]> => {
  const response = await h.call('GET', '/v1/custom-fields', {
    token,
    query: { object: 'location' },
  });
  return (response.body.data as Json[]).map((field) => field.key as string).sort();
};

/** Everything a control could change that the tests can observe. */
async function observe(): Promise<{ state: State; me: number; fields: string[] }> {
  const me = (await h.call('GET', '/v1/me', { token })).status;
  return { state: await snapshotState(h), me, fields: await customFieldKeys() };
}

describe('control requests carrying an Origin header (a web page in a browser)', () => {
  it.each([
    ['POST', '/_sandbox/reset', { seed: 'empty' }],
    ['POST', '/_sandbox/tokens', {}],
    ['POST', '/_sandbox/clock', { advance_seconds: 86_400 }],
    ['POST', '/_sandbox/faults', { method: 'GET', path: '/v1/*', status: 503, times: 100 }],
    ['PUT', '/_sandbox/webhook-schedule', { preset: 'compressed' }],
    ['GET', '/_sandbox/deliveries', undefined],
    ['PUT', '/_sandbox/pacing-window', { window_ms: 1000 }],
    ['PUT', '/_sandbox/rate-limit', { limit: 1, window_seconds: 3600 }],
    ['POST', '/_sandbox/generate', { kind: 'location', count: 5 }],
    [
      'POST',
      '/_sandbox/custom-fields',
      { object: 'location', key: 'planted', label: 'Planted', type: 'text' },
    ],
    ['DELETE', '/_sandbox/custom-fields/location/practice_area', undefined],
    ['POST', '/_sandbox/no-such-control', {}],
    ['POST', '/%5Fsandbox/reset', { seed: 'empty' }],
  ] as [string, string, Json][])(
    '%s %s → 403 problem naming the Origin header, nothing changed',
    async (method, path, body) => {
      const before = await observe();
      const response = await h.call(method, path, {
        body,
        headers: { origin: 'https://attacker.example' },
      });
      expectProblem(response, 403);
      expect(response.body.detail).toMatch(/\bOrigin\b/);
      const after = await observe();
      expect(after.me).toBe(200);
      expect(after.fields).toEqual(before.fields);
      expectUnchanged(before.state, after.state, 0);
    },
  );

  it.each([
    ['a cross-site origin', () => 'https://attacker.example'],
    ['the opaque origin "null" (sandboxed frames, file: pages)', () => 'null'],
    ["the sandbox's own origin", () => h.url],
  ])('refuses %s', async (_label, origin) => {
    const before = await snapshotState(h);
    const response = await h.call('POST', '/_sandbox/reset', {
      body: { seed: 'empty' },
      headers: { origin: origin() },
    });
    expectProblem(response, 403);
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('does not clear the injected faults', async () => {
    await h.controls.injectFault({ method: 'GET', path: '/v1/me', status: 503 });
    const refused = await h.call('DELETE', '/_sandbox/faults', {
      headers: { origin: 'https://attacker.example' },
    });
    expectProblem(refused, 403);
    const faulted = await h.call('GET', '/v1/me', { token, unchecked: 'injected fault' });
    expect(faulted.status).toBe(503);
    expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
  });

  it('answers the same requests without an Origin header from loopback', async () => {
    const response = await h.call('POST', '/_sandbox/generate', {
      body: { kind: 'location', count: 2 },
    });
    expect(response.status).toBe(201);
    expect(await listAll(h, '/v1/locations', token)).toHaveLength(5);
  });
});

describe('the caller check, for addresses this machine cannot send from', () => {
  // The wiring of the check on every control is proven above over real loopback HTTP (the Origin
  // cases); other source addresses are checked on the function itself, so that no test traffic
  // ever leaves loopback.
  const callerFrom = (remoteAddress: string, origin?: string) =>
    ({
      socket: { remoteAddress },
      headers: { host: '127.0.0.1:4010', ...(origin === undefined ? {} : { origin }) },
    }) as unknown as FastifyRequest;

  it.each(['203.0.113.9', '10.0.0.7', '::ffff:192.0.2.1', '2001:db8::1'])(
    'refuses %s with a 403 that names the address',
    (address) => {
      expect(() => checkControlCaller(callerFrom(address))).toThrow(
        expect.objectContaining({ status: 403, detail: expect.stringContaining(address) }),
      );
    },
  );

  it.each(['127.0.0.1', '127.0.0.42', '::1', '::ffff:127.0.0.1'])(
    'accepts loopback %s',
    (address) => {
      expect(() => checkControlCaller(callerFrom(address))).not.toThrow();
    },
  );

  it.each([
    ['attacker.example', /attacker\.example/],
    ['attacker.example:4010', /attacker\.example/],
    [undefined, /no host/],
  ])('refuses a Host header of %p (DNS rebinding), even from loopback', (host, named) => {
    const request = callerFrom('127.0.0.1');
    request.headers.host = host;
    expect(() => checkControlCaller(request)).toThrow(
      expect.objectContaining({ status: 403, detail: expect.stringMatching(named) }),
    );
  });

  it('refuses loopback when the request carries an Origin header', () => {
    expect(() => checkControlCaller(callerFrom('127.0.0.1', 'http://127.0.0.1:4010'))).toThrow(
      expect.objectContaining({ status: 403, detail: expect.stringMatching(/Origin/) }),
    );
  });
});

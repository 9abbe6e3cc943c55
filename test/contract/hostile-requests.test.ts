/**
 * Requests a hostile or careless client sends, below the level of field values: bodies that are
 * too deep, too large, not UTF-8 or of the wrong media type; paths with bad escapes or very long
 * segments; heads over 16 KB. Each is answered in the contract's problem format (with a request id,
 * and the rate-limit headers on `/v1`), changes nothing, and a refused write is a sync error.
 */
import net from 'node:net';
import { Problem } from '../../src/api/schemas';
import type { ApiResponse, CallOptions } from '../support/api';
import { useSandbox } from '../support/api';
import { LOCATIONS, create } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const nested = (levels: number, open: string, close: string, leaf = '1'): string =>
  open.repeat(levels) + leaf + close.repeat(levels);

describe('deeply nested JSON', () => {
  const deepArray = `{"name":"Deep","custom_fields":{"outcome":${nested(3000, '[', ']')}}}`;
  const deepObject = nested(100_000, '{"a":', '}');

  it.each([
    ['3,000 nested arrays', deepArray, undefined],
    ['3,000 nested arrays with an Idempotency-Key', deepArray, 'deep-1'],
    ['100,000 nested objects', deepObject, undefined],
    ['100,000 nested objects with an Idempotency-Key', deepObject, 'deep-2'],
  ])('answers %s with 400, changing nothing but the sync-error log', async (_label, raw, key) => {
    const before = await snapshotState(h);
    const headers: Record<string, string> = key ? { 'idempotency-key': key } : {};
    const response = await h.call('POST', '/v1/locations', { token, raw, headers });
    expectProblem(response, 400);
    expect(response.body.detail).toMatch(/nests more than 64 levels/);
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('leaves the Idempotency-Key free for the corrected request', async () => {
    const headers = { 'idempotency-key': 'deep-then-fixed' };
    expectProblem(await h.call('POST', '/v1/locations', { token, raw: deepArray, headers }), 400);
    const fixed = await h.call('POST', '/v1/locations', { token, body: { name: 'Flat' }, headers });
    expect(fixed.status).toBe(201);
  });
});

describe('bytes that are not UTF-8', () => {
  const withBadBytes = (before: string, after: string) =>
    Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(after)]);

  it('refuses a JSON string holding invalid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const before = await snapshotState(h);
    const response = await h.call('POST', '/v1/locations', {
      token,
      raw: withBadBytes('{"name":"Caf', '"}'),
    });
    expectProblem(response, 400);
    expect(response.body.detail).toMatch(/UTF-8/);
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('refuses it in a merge patch too, leaving the record as it was', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Café' });
    const path = `/v1/locations/${location.location_id}`;
    const response = await h.call('PATCH', path, {
      token,
      raw: withBadBytes('{"name":"Caf', '"}'),
      contentType: 'application/merge-patch+json',
    });
    expectProblem(response, 400);
    expect((await h.call('GET', path, { token })).body.name).toBe('Café');
  });

  it('still takes real UTF-8 (accents, emoji) as sent', async () => {
    const response = await h.call('POST', '/v1/locations', {
      token,
      raw: Buffer.from(JSON.stringify({ name: 'Café Zoë 🏛️' })),
    });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Café Zoë 🏛️');
  });
});

describe('media types', () => {
  it.each([
    ['POST', '/v1/locations'],
    ['PUT', '/v1/locations/by-ref/clio/merge-1'],
  ])('answers %s %s sent as application/merge-patch+json with 415', async (method, path) => {
    const before = await snapshotState(h);
    const response = await h.call(method, path, {
      token,
      body: { name: 'Merge' },
      contentType: 'application/merge-patch+json',
    });
    expectProblem(response, 415);
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('still takes application/merge-patch+json on PATCH', async () => {
    const location = await create(h, LOCATIONS, token, { name: 'Before' });
    const response = await h.call('PATCH', `/v1/locations/${location.location_id}`, {
      token,
      body: { name: 'After' },
      contentType: 'application/merge-patch+json',
    });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('After');
  });

  it('accepts a DELETE that says application/json but sends no body', async () => {
    const subscription = await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: 'https://hooks.example.test/x', events: ['location.created'] },
    });
    const response = await h.call('DELETE', `/v1/webhooks/${subscription.body.id}`, {
      token,
      raw: '',
      contentType: 'application/json',
    });
    expect(response.status).toBe(204);
    expect((await h.call('GET', '/v1/webhooks', { token })).body.data).toEqual([]);
  });
});

describe('long path segments', () => {
  it.each([101, 128])(
    'upserts by a %i-character external id, and finds the same record again',
    async (length) => {
      const path = `/v1/locations/by-ref/clio/${'7'.repeat(length)}`;
      const created = await h.call('PUT', path, { token, body: { name: 'Long ref' } });
      expect(created.status).toBe(201);
      expect(created.body.external_refs.clio).toHaveLength(length);
      const again = await h.call('PUT', path, { token, body: { name: 'Long ref, renamed' } });
      expect(again.status).toBe(200);
      expect(again.body.location_id).toBe(created.body.location_id);
    },
  );

  it('upserts by a 128-character external id that is percent-encoded (non-ASCII)', async () => {
    const externalId = 'é'.repeat(128);
    const path = `/v1/locations/by-ref/clio/${encodeURIComponent(externalId)}`;
    const response = await h.call('PUT', path, { token, body: { name: 'Accented ref' } });
    expect(response.status).toBe(201);
    expect(response.body.external_refs.clio).toBe(externalId);
  });

  it('answers a 129-character external id with 400 naming external_id', async () => {
    const path = `/v1/locations/by-ref/clio/${'7'.repeat(129)}`;
    const response = await h.call('PUT', path, { token, body: { name: 'Too long' } });
    expectProblem(response, 400, { field: 'external_id' });
  });

  it.each([
    ['GET', '/v1/locations', 150],
    ['PATCH', '/v1/matters', 500],
  ])('answers %s %s/<%i-character id> with a 404 problem', async (method, base, length) => {
    const body = method === 'PATCH' ? { title: 'x' } : undefined;
    const response = await h.call(method, `${base}/loc_${'a'.repeat(length)}`, { token, body });
    expectProblem(response, 404);
  });

  it('answers a path segment over 1,536 characters with a 400 problem and logs the write', async () => {
    const before = await snapshotState(h);
    const path = `/v1/locations/by-ref/clio/${'7'.repeat(2000)}`;
    const response = await h.call('PUT', path, { token, body: { name: 'Far too long' } });
    expectProblem(response, 400);
    const after = await snapshotState(h);
    expectUnchanged(before, after, 1);
    expect(after.syncErrors[0].resource).toEqual({ type: 'location', id: null });
  });
});

describe('malformed percent-encoding', () => {
  it('answers GET /v1/locations/%zz with a 400 problem carrying request_id and rate-limit headers', async () => {
    // `call` checks x-request-id = request_id, the RateLimit-* headers and the OpenAPI document.
    const response = await h.call('GET', '/v1/locations/%zz', { token });
    expectProblem(response, 400);
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
  });

  it('logs a write refused this way as a sync error naming the collection', async () => {
    const before = await snapshotState(h);
    const response = await h.call('PATCH', '/v1/matters/mat_%zz', { token, body: { title: 'x' } });
    expectProblem(response, 400);
    const after = await snapshotState(h);
    expectUnchanged(before, after, 1);
    expect(after.syncErrors[0]).toMatchObject({
      code: 'bad_request',
      resource: { type: 'matter', id: null },
      details: { method: 'PATCH', path: '/v1/matters/mat_%zz', status: 400 },
    });
  });

  it('checks the token first: without one it is a 401, and no sync error is logged', async () => {
    const before = await snapshotState(h);
    const response = await h.call('PATCH', '/v1/matters/mat_%zz', { body: { title: 'x' } });
    expectProblem(response, 401);
    expectUnchanged(before, await snapshotState(h), 0);
  });
});

/** Sends `text` on a raw socket and returns everything the server answers before closing. */
function sendRaw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received).toString()));
  });
}

describe('a head that cannot be read', () => {
  it('answers malformed HTTP with a 400 problem with a request id', async () => {
    const answer = await sendRaw(h.url, 'HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    const requestId = /\r\nx-request-id: (\S+)/i.exec(answer)?.[1];
    const problem = Problem.parse(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)));
    expect(problem.request_id).toBe(requestId);
  });

  it('answers headers over 16 KB with a 431 problem with a request id', async () => {
    const response = await fetch(`${h.url}/v1/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-padding': 'p'.repeat(17_000) },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(await response.json());
    expect(problem.status).toBe(431);
    expect(problem.request_id).toBe(response.headers.get('x-request-id'));
  });
});

/**
 * A client that sends its whole body before it reads anything (as many HTTP libraries do), on a
 * raw socket: the answer must arrive whole, with no reset while the client is still sending.
 */
function postWholeBody(
  url: string,
  accessToken: string,
  size: number,
  chunked: boolean,
): Promise<{ response: string; socketError: string | null }> {
  const { hostname, port } = new URL(url);
  const piece = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const received: Buffer[] = [];
    let socketError: string | null = null;
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on(
      'error',
      (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message),
    );
    socket.on('close', () =>
      resolve({ response: Buffer.concat(received).toString(), socketError }),
    );
    const write = (data: string | Buffer) =>
      new Promise<void>((done) => (socket.write(data) ? done() : socket.once('drain', done)));
    socket.on('connect', () => {
      void (async () => {
        await write(
          [
            'POST /v1/locations HTTP/1.1',
            `Host: ${hostname}:${port}`,
            `Authorization: Bearer ${accessToken}`,
            'Content-Type: application/json',
            chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`,
            '',
            '',
          ].join('\r\n'),
        );
        for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) {
          await write(chunked ? `${piece.length.toString(16)}\r\n` : piece);
          if (chunked) await write(Buffer.concat([piece, Buffer.from('\r\n')]));
        }
        if (chunked && !socket.destroyed) await write('0\r\n\r\n');
      })();
    });
  });
}

describe('bodies far over 1 MiB', () => {
  it('answers 2 MB and 10 MB bodies with a 413 problem every time, never a reset (20 tries)', async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const size = (attempt % 2 === 0 ? 2 : 10) * 1024 * 1024;
      const chunked = attempt % 4 >= 2;
      const { response, socketError } = await postWholeBody(h.url, token, size, chunked);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 'none';
      const problem = /\r\n\r\n(\{.*\})$/s.exec(response)?.[1];
      const ok = status === '413' && socketError === null && problem !== undefined;
      outcomes.push(ok ? 'ok' : `${size} chunked=${chunked}: ${status} ${socketError ?? ''}`);
      if (problem) expect(Problem.parse(JSON.parse(problem)).status).toBe(413);
    }
    expect(outcomes).toEqual(Array<string>(20).fill('ok'));
  }, 60_000);
});

describe('rate limits for tokens that do not exist', () => {
  const madeUp = (n: number): CallOptions => ({ token: `made-up-token-${n}` });

  it('counts made-up bearer tokens against the client address, so they are limited', async () => {
    await h.controls.setRateLimit({ limit: 3, window_seconds: 60 });
    const responses: ApiResponse[] = [];
    for (let n = 1; n <= 4; n++) responses.push(await h.call('GET', '/v1/me', madeUp(n)));
    expect(responses.slice(0, 3).map((response) => response.status)).toEqual([401, 401, 401]);
    expectProblem(responses[3]!, 429);
    expect(responses[3]!.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('leaves a real token its own window', async () => {
    await h.controls.setRateLimit({ limit: 2, window_seconds: 60 });
    for (let n = 1; n <= 3; n++) await h.call('GET', '/v1/me', madeUp(n));
    expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
  });
});

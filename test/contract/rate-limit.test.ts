/**
 * Rate limiting per access token: RateLimit-* headers on every response (the request helper checks
 * their presence on every /v1 response of every suite), 429 + Retry-After past the limit.
 */
import type { ApiResponse } from '../support/api';
import { useSandbox } from '../support/api';
import { eventually, expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();

beforeEach(async () => {
  await h.reset(); // the default limit: 100 requests per 10 s
});

const limits = (response: ApiResponse) => ({
  limit: Number(response.headers.get('ratelimit-limit')),
  remaining: Number(response.headers.get('ratelimit-remaining')),
  reset: Number(response.headers.get('ratelimit-reset')),
});

describe('rate limiting', () => {
  it('allows 100 requests per 10 s by default and counts down', async () => {
    const token = (await h.mintToken()).access_token;
    const first = limits(await h.call('GET', '/v1/me', { token }));
    const second = limits(await h.call('GET', '/v1/locations', { token }));
    expect(first.limit).toBe(100);
    expect(first.remaining).toBe(99);
    expect(second.remaining).toBe(98);
    expect(first.reset).toBeGreaterThanOrEqual(0);
    expect(first.reset).toBeLessThanOrEqual(10);
  });

  it('counts errors too, and carries the headers on them', async () => {
    const token = (await h.mintToken()).access_token;
    const bad = await h.call('GET', '/v1/locations', { token, query: { limit: 0 } });
    expect(bad.status).toBe(400);
    expect(limits(bad).remaining).toBe(99);
    expect(limits(await h.call('GET', '/v1/me', { token })).remaining).toBe(98);
  });

  it('counts per access token', async () => {
    const a = (await h.mintToken()).access_token;
    const b = (await h.mintToken()).access_token;
    await h.call('GET', '/v1/me', { token: a });
    await h.call('GET', '/v1/me', { token: a });
    expect(limits(await h.call('GET', '/v1/me', { token: b })).remaining).toBe(99);
  });

  it('answers 429 with Retry-After past the limit, writes nothing, logs no sync error', async () => {
    const before = await snapshotState(h);
    await h.controls.setRateLimit({ limit: 3, window_seconds: 60 });
    const token = (await h.mintToken()).access_token;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await h.call('GET', '/v1/locations', { token });
      statuses.push(response.status);
      expect(limits(response)).toMatchObject({ limit: 3, remaining: 2 - i });
    }
    expect(statuses).toEqual([200, 200, 200]);

    const limited = await h.call('POST', '/v1/locations', { token, body: { name: 'Too many' } });
    expectProblem(limited, 429);
    const retryAfter = limited.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(limits(limited)).toMatchObject({ limit: 3, remaining: 0 });

    // Another token has its own budget.
    const other = (await h.mintToken()).access_token;
    expect((await h.call('GET', '/v1/me', { token: other })).status).toBe(200);

    // Out of the way again, to look at the state.
    await h.controls.setRateLimit({ limit: 100_000, window_seconds: 10 });
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('lets requests through again once the window has passed', async () => {
    await h.controls.setRateLimit({ limit: 2, window_seconds: 1 });
    const token = (await h.mintToken()).access_token;
    await h.call('GET', '/v1/me', { token });
    await h.call('GET', '/v1/me', { token });
    const limited = await h.call('GET', '/v1/me', { token });
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(1);
    await eventually(
      async () => expect((await h.call('GET', '/v1/me', { token })).status).toBe(200),
      { timeoutMs: 2500, intervalMs: 100 },
    );
  });
});

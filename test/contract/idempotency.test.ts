/** `Idempotency-Key` on POST: replay, different body, in flight, expiry after 24 h, length. */
import { longString, useSandbox } from '../helpers/api';
import { delay, expectProblem, expectUnchanged, snapshotState } from '../helpers/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const post = (key: string, body: unknown, accessToken = token) =>
  h.call('POST', '/v1/locations', {
    token: accessToken,
    body,
    headers: { 'idempotency-key': key },
  });

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, with Idempotent-Replayed: true', async () => {
    const first = await post('key-replay', { name: 'Once' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).not.toBe('true');
    const afterFirst = await snapshotState(h);
    expect(afterFirst.locations).toHaveLength(1);

    const second = await post('key-replay', { name: 'Once' });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    // No second record and no second event.
    expectUnchanged(afterFirst, await snapshotState(h), 0);
  });

  it('treats the same body with its keys in another order as the same body', async () => {
    const first = await post('key-order', { name: 'Ordered', email: 'o@demo-law.example' });
    const second = await post('key-order', { email: 'o@demo-law.example', name: 'Ordered' });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.location_id).toBe(first.body.location_id);
  });

  it('does not mix up different keys', async () => {
    const a = await post('key-a', { name: 'Same body' });
    const b = await post('key-b', { name: 'Same body' });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).not.toBe('true');
    expect(b.body.location_id).not.toBe(a.body.location_id);
  });

  it('rejects the same key with a different body (422) and changes nothing', async () => {
    await post('key-diff', { name: 'Original' });
    const before = await snapshotState(h);
    const response = await post('key-diff', { name: 'Different' });
    expectProblem(response, 422, { field: 'Idempotency-Key' });
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('answers 409 to a retry while the first request is still running', async () => {
    await h.control('POST', '/_sandbox/faults', {
      method: 'POST',
      path: '/v1/locations',
      times: 1,
      delay_ms: 600,
    });
    const slow = post('key-inflight', { name: 'Slow' });
    await delay(150); // let the first request reach the sandbox and start its delay
    const retry = await post('key-inflight', { name: 'Slow' });
    expectProblem(retry, 409);
    const first = await slow;
    expect(first.status).toBe(201);

    // Once finished, the key replays as usual.
    const replay = await post('key-inflight', { name: 'Slow' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.location_id).toBe(first.body.location_id);
    expect((await snapshotState(h)).locations).toHaveLength(1);
  });

  it('forgets a key after 24 hours', async () => {
    // A long-lived token, so that only the key expires.
    const longLived = (await h.mintToken(undefined, 3 * 86_400)).access_token;
    const first = await post('key-expiry', { name: 'Daily' }, longLived);
    expect(first.status).toBe(201);

    await h.advanceClock(24 * 3600 - 60);
    const stillReplayed = await post('key-expiry', { name: 'Daily' }, longLived);
    expect(stillReplayed.headers.get('idempotent-replayed')).toBe('true');
    expect(stillReplayed.body.location_id).toBe(first.body.location_id);

    await h.advanceClock(120);
    const fresh = await post('key-expiry', { name: 'Daily' }, longLived);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).not.toBe('true');
    expect(fresh.body.location_id).not.toBe(first.body.location_id);
  });

  it('accepts a key of 255 characters and rejects one of 256 (400) without writing', async () => {
    const ok = await post(longString(255, 'k'), { name: 'Long key' });
    expect(ok.status).toBe(201);
    const before = await snapshotState(h);
    const tooLong = await post(longString(256, 'k'), { name: 'Longer key' });
    expectProblem(tooLong, 400, { field: 'Idempotency-Key' });
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('works on POST /v1/webhooks: the replay carries the same secret', async () => {
    const body = { url: 'https://hooks.example.test/a', events: ['location.created'] };
    const create = () =>
      h.call('POST', '/v1/webhooks', { token, body, headers: { 'idempotency-key': 'key-whk' } });
    const first = await create();
    expect(first.status).toBe(201);
    const second = await create();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    const list = await h.call('GET', '/v1/webhooks', { token });
    expect(list.body.data).toHaveLength(1);
  });
});

/**
 * `Idempotency-Key` on POST: replay, different body, in flight, expiry after 24 h, length; keys
 * belong to the account and the OAuth client (not the grant), and a replay needs the scopes.
 */
import { longString, useSandbox } from '../support/api';
import { delay, expectProblem, expectUnchanged, snapshotState } from '../support/expectations';
import {
  LOOPBACK_REDIRECT,
  asCliClient,
  authorizeQuery,
  decide,
  exchangeCode,
  obtainCode,
  postOAuth,
  redirectParams,
} from '../support/oauth';

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
    await h.controls.injectFault({
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

  it('replays POST /v1/webhooks too, with the same secret', async () => {
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

describe('Idempotency-Key scope: the account and the OAuth client', () => {
  /** A new grant of the Zapier client through the consent flow: the user reconnected. */
  const reconnect = async (): Promise<string> =>
    (await exchangeCode(h, await obtainCode(h))).access_token;

  /** A grant of the CLI client (no PKCE), through the consent flow. */
  async function cliToken(): Promise<string> {
    const cli = asCliClient(h);
    const query = authorizeQuery(cli, '', {
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const { response } = await decide(cli, query, 'approve');
    const code = redirectParams(response, LOOPBACK_REDIRECT).get('code') ?? '';
    const exchanged = await postOAuth(cli, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: LOOPBACK_REDIRECT,
    });
    expect(exchanged.status).toBe(200);
    return exchanged.body.access_token as string;
  }

  it('replays a retry sent after the user reconnected (a new grant of the same client)', async () => {
    const first = await post('key-reconnect', { name: 'Before reconnecting' });
    expect(first.status).toBe(201);
    const afterFirst = await snapshotState(h);

    const retry = await post('key-reconnect', { name: 'Before reconnecting' }, await reconnect());
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expectUnchanged(afterFirst, await snapshotState(h), 0);
  });

  it('refuses the key with a different body from another grant of the client (422)', async () => {
    await post('key-reconnect-diff', { name: 'Original' });
    const before = await snapshotState(h);
    const other = await post('key-reconnect-diff', { name: 'Different' }, await reconnect());
    expectProblem(other, 422, { field: 'Idempotency-Key' });
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('does not share keys between OAuth clients', async () => {
    const zapier = await post('key-client', { name: 'Same body' });
    const cli = await post('key-client', { name: 'Same body' }, await cliToken());
    expect(cli.status).toBe(201);
    expect(cli.headers.get('idempotent-replayed')).not.toBe('true');
    expect(cli.body.location_id).not.toBe(zapier.body.location_id);
    expect((await snapshotState(h)).locations).toHaveLength(2);
  });

  it('replays only to a token with the scopes the first request needed (else 403)', async () => {
    const first = await post('key-scope', { name: 'Written' });
    expect(first.status).toBe(201);
    const before = await snapshotState(h);
    const readOnly = (await h.mintToken(['saas/location.read'])).access_token;
    const refused = await post('key-scope', { name: 'Written' }, readOnly);
    expectProblem(refused, 403, { requiredScope: 'saas/location.write' });
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    expectUnchanged(before, await snapshotState(h), 0);
  });

  it('replays a webhook subscription only to a token that may read its events', async () => {
    const body = { url: 'https://hooks.example.test/scoped', events: ['matter.created'] };
    const subscribe = (accessToken: string) =>
      h.call('POST', '/v1/webhooks', {
        token: accessToken,
        body,
        headers: { 'idempotency-key': 'key-whk-scope' },
      });
    expect((await subscribe(token)).status).toBe(201);
    const locationsOnly = (await h.mintToken(['saas/location.read', 'saas/location.write']))
      .access_token;
    expectProblem(await subscribe(locationsOnly), 403, { requiredScope: 'saas/matter.read' });
    const replay = await subscribe(await reconnect());
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not keep a 403: after reconnecting with the scope, the same key runs the request', async () => {
    const readOnly = (await h.mintToken(['saas/location.read'])).access_token;
    expectProblem(await post('key-403', { name: 'Later' }, readOnly), 403);
    const granted = await post('key-403', { name: 'Later' }, await reconnect());
    expect(granted.status).toBe(201);
    expect(granted.headers.get('idempotent-replayed')).not.toBe('true');
    expect((await snapshotState(h)).locations).toHaveLength(1);
  });
});

/** Standard Webhooks verification against the reference library's signatures. */
import { verifyDelivery, headerOf } from '../../../src/runtime/webhook-signature';
import { OTHER_SECRET, TEST_SECRET, zapierRequest } from '../../support/deliveries';

const TOLERANCE = { pastSeconds: 1800, futureSeconds: 300 };
const event = { event_id: 'evt_1', type: 'location.created', data: {} };
const now = new Date('2026-11-27T10:15:00.000Z');
const nowSeconds = now.getTime() / 1000;

const verify = (request: ReturnType<typeof zapierRequest>, secret = TEST_SECRET, at = nowSeconds) =>
  verifyDelivery({ headers: request.headers, body: request.content }, secret, at, TOLERANCE);

describe('verifyDelivery', () => {
  it('accepts a delivery the reference library signed, reading Http- headers in any case', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    expect(verify(request)).toEqual({ ok: true, webhookId: 'evt_1', timestamp: nowSeconds });
    const shouted = Object.fromEntries(
      Object.entries(request.headers).map(([key, value]) => [key.toUpperCase(), value]),
    );
    expect(verify({ ...request, headers: shouted }).ok).toBe(true);
  });

  it('accepts any one of several v1 signatures (a key rotation)', () => {
    const request = zapierRequest(TEST_SECRET, event, {
      at: now,
      secrets: [OTHER_SECRET, TEST_SECRET],
    });
    expect(verify(request).ok).toBe(true);
    expect(verify(request, OTHER_SECRET).ok).toBe(true);
  });

  it.each([
    [
      'a changed body',
      zapierRequest(TEST_SECRET, event, { at: now, sentBody: '{"event_id":"evt_2"}' }),
      TEST_SECRET,
      /no v1 signature matches/,
    ],
    [
      'a wrong secret',
      zapierRequest(OTHER_SECRET, event, { at: now }),
      TEST_SECRET,
      /no v1 signature matches/,
    ],
    [
      'a changed webhook-id',
      {
        ...zapierRequest(TEST_SECRET, event, { at: now }),
        headers: {
          ...zapierRequest(TEST_SECRET, event, { at: now }).headers,
          'Http-Webhook-Id': 'evt_other',
        },
      },
      TEST_SECRET,
      /no v1 signature matches/,
    ],
  ])('rejects %s', (_label, request, secret, reason) => {
    expect(verify(request, secret)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('rejects a timestamp beyond the tolerance, old or ahead, and accepts one just inside', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    expect(verify(request, TEST_SECRET, nowSeconds + 1800).ok).toBe(true);
    expect(verify(request, TEST_SECRET, nowSeconds + 1801)).toEqual({
      ok: false,
      reason: expect.stringMatching(/1801 s old/),
    });
    expect(verify(request, TEST_SECRET, nowSeconds - 300).ok).toBe(true);
    expect(verify(request, TEST_SECRET, nowSeconds - 301)).toEqual({
      ok: false,
      reason: expect.stringMatching(/in the future/),
    });
  });

  it('rejects a missing header, a non-numeric timestamp and a signature of another scheme', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    const without = (name: string) =>
      Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== name));
    for (const name of ['Http-Webhook-Id', 'Http-Webhook-Timestamp', 'Http-Webhook-Signature']) {
      expect(verify({ ...request, headers: without(name) })).toEqual({
        ok: false,
        reason: expect.stringMatching(/not signed/),
      });
    }
    expect(
      verify({ ...request, headers: { ...request.headers, 'Http-Webhook-Timestamp': '1e9' } }).ok,
    ).toBe(false);
    const v1a = request.headers['Http-Webhook-Signature']!.replace('v1,', 'v1a,');
    expect(
      verify({ ...request, headers: { ...request.headers, 'Http-Webhook-Signature': v1a } }).ok,
    ).toBe(false);
  });

  it('a body changed by one byte, even trailing whitespace, no longer verifies', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    const flipped = request.content.replace('evt_1', 'evt_2');
    expect(verify({ ...request, content: flipped }).ok).toBe(false);
    expect(verify({ ...request, content: `${request.content}\n` }).ok).toBe(false);
    expect(verify({ ...request, content: request.content.slice(0, -1) }).ok).toBe(false);
  });

  it('takes the secret with or without its whsec_ prefix', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    expect(verify(request, TEST_SECRET.slice('whsec_'.length)).ok).toBe(true);
  });

  it('reads v1 among other schemes and extra whitespace, and ignores every non-v1 entry', () => {
    const request = zapierRequest(TEST_SECRET, event, { at: now });
    const good = request.headers['Http-Webhook-Signature']!;
    const withSignature = (value: string) =>
      verify({ ...request, headers: { ...request.headers, 'Http-Webhook-Signature': value } }).ok;
    expect(withSignature(`  v1a,AAAA   ${good}  `)).toBe(true);
    expect(withSignature(`v2,${good.slice(3)}`)).toBe(false);
    expect(withSignature(`v1,${good.slice(3, -4)}`)).toBe(false); // truncated
    expect(withSignature('v1,')).toBe(false);
    expect(
      verify({
        ...request,
        headers: { ...request.headers, 'Http-Webhook-Id': ' evt_1 ' },
      }).ok,
    ).toBe(true);
  });

  it('never puts the secret or the signature into its reason', () => {
    const request = zapierRequest(OTHER_SECRET, event, { at: now });
    const result = verify(request);
    expect(JSON.stringify(result)).not.toContain(TEST_SECRET.slice(6));
    expect(JSON.stringify(result)).not.toContain(
      request.headers['Http-Webhook-Signature']!.slice(3),
    );
  });
});

describe('headerOf', () => {
  it('finds webhook-id as Http-Webhook-Id, HTTP-WEBHOOK-ID or webhook-id', () => {
    for (const name of ['Http-Webhook-Id', 'HTTP-WEBHOOK-ID', 'webhook-id']) {
      expect(headerOf({ [name]: 'evt_1' }, 'webhook-id')).toBe('evt_1');
    }
    expect(headerOf({ 'Http-X-Webhook-Id': 'x' }, 'webhook-id')).toBeUndefined();
  });
});

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com), written here with
 * node:crypto so nothing ships but core and zod: `webhook-signature` holds one or more
 * space-separated `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>` (several during a key
 * rotation; any one suffices), the key being the base64 after the secret's `whsec_`. Signatures
 * are compared in constant time, over the raw body exactly as received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The three Standard Webhooks headers as Zapier hands them over (`Http-Webhook-Id`, …). */
export interface SignedDelivery {
  headers: Record<string, string | undefined>;
  /** The raw body. */
  body: string;
}

export interface Tolerance {
  /** How old a timestamp may be, in seconds (deliveries can reach `perform` late). */
  pastSeconds: number;
  /** How far ahead it may be (clock skew only: a delay never makes a delivery newer). */
  futureSeconds: number;
}

export type Verification =
  { ok: true; webhookId: string; timestamp: number } | { ok: false; reason: string };

/**
 * A header by name, whatever its case, with or without Zapier's `Http-` prefix
 * (`webhook-id`, `Http-Webhook-Id`, `HTTP-WEBHOOK-ID`).
 */
export function headerOf(
  headers: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const wanted = [name.toLowerCase(), `http-${name.toLowerCase()}`];
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && wanted.includes(key.toLowerCase())) return value;
  }
  return undefined;
}

function keyOf(secret: string): Buffer | undefined {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : undefined;
}

export function verifyDelivery(
  delivery: SignedDelivery,
  secret: string,
  nowSeconds: number,
  tolerance: Tolerance,
): Verification {
  const webhookId = headerOf(delivery.headers, 'webhook-id')?.trim();
  const stamp = headerOf(delivery.headers, 'webhook-timestamp')?.trim();
  const signatures = headerOf(delivery.headers, 'webhook-signature');
  if (!webhookId || !stamp || !signatures) {
    return { ok: false, reason: 'the delivery is not signed (a webhook-* header is missing)' };
  }
  if (!/^\d{1,12}$/.test(stamp))
    return { ok: false, reason: 'its webhook-timestamp is not a number' };
  const timestamp = Number(stamp);
  if (nowSeconds - timestamp > tolerance.pastSeconds) {
    return {
      ok: false,
      reason: `its timestamp is ${nowSeconds - timestamp} s old, beyond the tolerance`,
    };
  }
  if (timestamp - nowSeconds > tolerance.futureSeconds) {
    return { ok: false, reason: `its timestamp is ${timestamp - nowSeconds} s in the future` };
  }
  const key = keyOf(secret);
  if (!key) return { ok: false, reason: 'the subscription has no usable secret' };
  const expected = createHmac('sha256', key)
    .update(`${webhookId}.${timestamp}.${delivery.body}`)
    .digest();
  const matches = signatures
    .split(' ')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => {
      const given = Buffer.from(entry.slice(3), 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches
    ? { ok: true, webhookId, timestamp }
    : { ok: false, reason: 'no v1 signature matches the subscription secret' };
}

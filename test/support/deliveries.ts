/**
 * Webhook deliveries as Zapier hands them to a hook's `perform`: the raw body and the headers
 * renamed `Http-…`, signed with the `standardwebhooks` reference library (which nobody here
 * wrote), so the integration's own verification is checked against an independent signer.
 */
import { Webhook } from 'standardwebhooks';
import { deliveryHeaders } from '../../dev/hook-emulator';

export const TEST_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
export const OTHER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

export interface RawRequest {
  method: 'POST';
  querystring: string;
  headers: Record<string, string>;
  content: string;
}

export interface SignOptions {
  /** `webhook-id`; the event id by default. */
  id?: string;
  /** When it was signed; now by default. */
  at?: Date;
  /** Signs with these secrets, one `v1,` signature each (a key rotation). */
  secrets?: string[];
  /** The body sent, when it differs from the one signed (a forgery). */
  sentBody?: string;
}

export function zapierRequest(
  secret: string,
  event: { event_id: string },
  options: SignOptions = {},
): RawRequest {
  const content = JSON.stringify(event);
  const id = options.id ?? event.event_id;
  const at = options.at ?? new Date();
  const signature = (options.secrets ?? [secret])
    .map((key) => new Webhook(key).sign(id, at, content))
    .join(' ');
  return {
    method: 'POST',
    querystring: '',
    headers: deliveryHeaders(id, at, signature),
    content: options.sentBody ?? content,
  };
}

/** Talking to the Clio stand-in over loopback HTTP, as Clio's Zapier app talks to Clio. */
import type { ClioStandIn } from '../../sandbox/clio';
import type { ClioFieldError } from '../../sandbox/clio/records';
import type { Json } from './api';

export interface ClioResponse {
  status: number;
  body: Json;
}

export async function clioCall(
  clio: ClioStandIn,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  token: string | null = clio.token,
): Promise<ClioResponse> {
  const response = await fetch(`${clio.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The fields a 422 names. */
export const fieldErrorsOf = (response: ClioResponse): ClioFieldError[] =>
  (response.body?.error?.fields ?? []) as ClioFieldError[];

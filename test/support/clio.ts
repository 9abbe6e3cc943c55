/** Talking to the Clio stand-in over loopback HTTP, as Clio's Zapier app talks to Clio. */
import type { ClioStandIn } from '../../sandbox/clio';
import type { ClioFieldError } from '../../sandbox/clio/records';
import type { Json } from './api';

export interface ClioResponse {
  status: number;
  body: Json;
  /** A 422's problems field by field, from the stand-in's log (Clio's body has only a message). */
  fieldErrors: ClioFieldError[];
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
  const json = (await response.json()) as Json;
  return {
    status: response.status,
    body: json,
    fieldErrors: clio.requests.at(-1)?.fieldErrors ?? [],
  };
}

/** The fields a 422 names. */
export const fieldErrorsOf = (response: ClioResponse): ClioFieldError[] => response.fieldErrors;

/** Fails with every departure from Clio's document the stand-in saw (each was also a 500). */
export function expectClioConformance(clio: ClioStandIn): void {
  if (clio.violations.length > 0) {
    throw new Error(
      `The Clio stand-in departed from Clio's document:\n${clio.violations.join('\n')}`,
    );
  }
}

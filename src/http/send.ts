/**
 * The one way the integration talks HTTP: `z.request` (so core logs it and the middleware runs),
 * with transport failures mapped like status errors, and every body checked against its schema.
 */
import {
  errors,
  type HttpRequestOptions,
  type HttpResponse,
  type ZObject,
} from 'zapier-platform-core';
import type { z as zod } from 'zod';
import { reader, type Read } from '../api/schemas/lenient';
import { accessTokenRejected, errorForTransportFailure, unexpectedDataError } from './errors';
import { API_TIMEOUT_MS } from './timeouts';

export type Request = HttpRequestOptions & { url: string };

/** Sends a request; a timeout or dropped connection becomes a retryable error that says so. */
export async function send(z: ZObject, request: Request): Promise<HttpResponse> {
  try {
    return await z.request(unmerged(withJsonBody(request)));
  } catch (error) {
    if (error instanceof errors.RefreshAuthError) throw accessTokenRejected(error);
    throw errorForTransportFailure(error, request.timeout ?? API_TIMEOUT_MS) ?? error;
  }
}

/**
 * A JSON body serialised here, not by core: core blanks top-level body strings that look like a
 * leftover template (`{{x}}`), which would alter a user's value such as a title "{{x}}". Streams,
 * buffers and strings go as they are.
 */
function withJsonBody(request: Request): Request {
  const { body } = request;
  if (
    typeof body !== 'object' ||
    body === null ||
    Object.getPrototypeOf(body) !== Object.prototype
  ) {
    return request;
  }
  return {
    ...request,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json; charset=utf-8', ...request.headers },
  };
}

/**
 * The app has no requestTemplate, so core's merge step has nothing to add: it would only deep-copy
 * the request, its `input` included, which holds the whole compiled app definition (about 2 ms of
 * CPU per request for this app; see the README's Benchmark). Core reads `merge`; its type omits it.
 */
function unmerged(request: Request): Request {
  const options: Request & { merge: false } = { ...request, merge: false };
  return options;
}

/** Core leaves `data` undefined when a body that claims to be JSON does not parse. */
export function isMalformedJson(response: HttpResponse): boolean {
  const contentType = response.getHeader('content-type') ?? '';
  return /json/i.test(contentType) && response.content.trim() !== '' && response.data === undefined;
}

/**
 * The body, read with the schema's lenient reader (see ../api/schemas/lenient: a newer server's
 * enum values, fields and timestamp forms pass); what still breaks the contract names the field
 * instead of surfacing as a TypeError.
 */
export function parseBody<S extends zod.ZodType>(
  schema: S,
  response: HttpResponse,
  what: string,
): Read<zod.output<S>> {
  const parsed = reader(schema).safeParse(response.data);
  if (!parsed.success) throw unexpectedDataError(parsed.error, what);
  return parsed.data;
}

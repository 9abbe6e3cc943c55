/**
 * Opaque, signed pagination cursors. A cursor carries the query it was issued for (sort and
 * filters) and the keyset position of the last item returned. With a cursor, the other query
 * parameters may be omitted (the cursor's are used) or repeated unchanged; anything else, and any
 * cursor that was tampered with or issued by another endpoint, is a 400 naming `cursor`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson, isJsonObject, toJsonObject, type Json, type JsonObject } from '../json';
import { invalidParameter } from '../http/problems';
import { parseParams } from '../http/validation';

/** The contract's `Cursor` schema allows 512 characters. */
const MAX_CURSOR_LENGTH = 512;

/** Query parameters that do not change which items a list holds, only how many or how shown. */
const PRESENTATION_PARAMS = new Set(['cursor', 'limit', 'expand']);

const digestOf = (query: JsonObject): string =>
  createHash('sha256').update(canonicalJson(query)).digest('base64url').slice(0, 22);

const invalidCursor = (why: string) => invalidParameter('cursor', why);

function withoutPresentation(query: object): JsonObject {
  return toJsonObject(
    Object.fromEntries(Object.entries(query).filter(([name]) => !PRESENTATION_PARAMS.has(name))),
  );
}

/** A list request resolved against its cursor: the query to run and where to resume. */
export interface ResolvedList<Q> {
  query: Q;
  /** The keyset position of the last item of the previous page; null on the first page. */
  position: Json;
  /** Issues the cursor for the page that ends at `position`. */
  cursorAfter: (position: Json) => string;
}

export class CursorCodec {
  // One key per sandbox process: cursors of another instance are foreign too.
  private readonly key = randomBytes(32);

  /**
   * Validates a list request's query string with `schema` and resumes from its cursor. `scope`
   * names the endpoint (e.g. `locations`), so a cursor only works where it was issued.
   */
  resolve<S extends z.ZodType<{ cursor?: string | undefined }>>(
    scope: string,
    schema: S,
    rawQuery: unknown,
  ): ResolvedList<z.output<S>> {
    const raw = toJsonObject(rawQuery);
    const parsed = parseParams(schema, raw);
    const givenFilters = withoutPresentation(raw);
    if (parsed.cursor === undefined) {
      return this.resolved(scope, parsed, givenFilters, null);
    }
    const payload = this.verify(scope, parsed.cursor);
    const { h: digest, q: embedded, p: position = null } = payload;
    if (typeof digest !== 'string') throw invalidCursor('is not valid');
    if (Object.keys(givenFilters).length > 0) {
      if (digestOf(withoutPresentation(parsed)) !== digest) {
        throw invalidCursor('belongs to a different query; repeat its parameters or omit them');
      }
      return this.resolved(scope, parsed, givenFilters, position);
    }
    if (!isJsonObject(embedded)) throw invalidCursor('needs its query parameters repeated');
    const resumed = parseParams(schema, { ...raw, ...embedded });
    return this.resolved(scope, resumed, embedded, position);
  }

  private resolved<Q extends object>(
    scope: string,
    query: Q,
    rawFilters: JsonObject,
    position: Json,
  ): ResolvedList<Q> {
    const digest = digestOf(withoutPresentation(query));
    return {
      query,
      position,
      cursorAfter: (last) => this.encode(scope, rawFilters, digest, last),
    };
  }

  /**
   * The raw query is embedded when the cursor still fits in 512 characters; otherwise only its
   * digest is, and the client must repeat the query (a very long `q`, say) with the cursor.
   */
  private encode(scope: string, rawFilters: JsonObject, digest: string, position: Json): string {
    const full = this.sign(scope, { q: rawFilters, h: digest, p: position });
    return full.length <= MAX_CURSOR_LENGTH ? full : this.sign(scope, { h: digest, p: position });
  }

  private sign(scope: string, payload: JsonObject): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(scope, body).toString('base64url')}`;
  }

  private verify(scope: string, raw: string): JsonObject {
    const [body, signature, extra] = raw.split('.');
    if (body === undefined || signature === undefined || extra !== undefined) {
      throw invalidCursor('is not valid');
    }
    const expected = this.mac(scope, body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidCursor('is not valid here (tampered with, or issued by another endpoint)');
    }
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!isJsonObject(payload)) throw invalidCursor('is not valid');
    return payload;
  }

  private mac(scope: string, body: string): Buffer {
    return createHmac('sha256', this.key).update(`${scope}.${body}`).digest().subarray(0, 16);
  }
}

/** Takes up to `limit` items from `items` that pass `keep`; says whether more would follow. */
export function takePage<T>(
  items: Iterable<T>,
  keep: (item: T) => boolean,
  limit: number,
): { page: T[]; hasMore: boolean } {
  const page: T[] = [];
  for (const item of items) {
    if (!keep(item)) continue;
    if (page.length === limit) return { page, hasMore: true };
    page.push(item);
  }
  return { page, hasMore: false };
}

/**
 * The Snapshots API client every operation uses: one typed method per endpoint, each response
 * validated with the contract's zod schemas. Auth, User-Agent, timeouts and error mapping live in
 * ./middleware, so a method only says what to send and what to expect back.
 */
import type { ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import {
  CustomFieldDefinitionList,
  EventPage,
  Me,
  SyncErrorPage,
  WebhookList,
  WebhookWithSecret,
  type CustomFieldObject,
  type EventListQuery,
  type EventType,
  type SyncErrorListQuery,
} from '../api/schemas';
import { OBJECTS, type ApiObject, type Registry } from '../api/objects';
import type { Read, UnknownKind } from '../api/schemas/lenient';
import { apiUrl } from '../config';
import { errorForApiResponse, unusableIdError } from './errors';
import { parseBody, send } from './send';

// ---------------------------------------------------------------- parameter types

/** The schemas' input types with the coerced or comma-joined parameters typed for callers. */
type Refine<Query, Typed> = Omit<Query, keyof Typed> & Typed;
export type EventListParams = Refine<
  EventListQuery,
  { limit?: number; after_sequence?: number; types?: readonly EventType[] }
>;
export type SyncErrorListParams = Refine<SyncErrorListQuery, { limit?: number }>;

/** A query a schema accepts: its own keys only, numbers and lists as callers hold them. */
export type QueryOf<S extends zod.ZodType> = {
  [K in keyof zod.input<S>]?: zod.input<S>[K] | QueryValue;
};

export interface PostOptions {
  /**
   * Required: Zapier retries a step after an ambiguous failure, and without a key that retry
   * would create a twin. See ./idempotency for keys derived from the step's input.
   */
  idempotencyKey: string;
  /** Create-if-absent (`?if_absent=name`): the record of the same name comes back instead. */
  ifAbsent?: string;
}
export interface WriteOptions {
  /** The `version` the change is based on; Snapshots answers 412 when the record moved on. */
  ifMatch?: number;
}
/** The links to embed in a write's answer (`?expand=`), as a read embeds them. */
export interface Expanding {
  expand?: readonly string[];
}
export interface Upserted<T> {
  record: T;
  /** 201 (created) rather than 200 (updated). */
  created: boolean;
}

// ---------------------------------------------------------------- one call

type QueryValue = string | number | readonly string[] | undefined;

interface ApiCall<S extends zod.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `/v1`, segments already encoded (see `segment`). */
  path: string;
  schema: S;
  query?: Record<string, QueryValue>;
  body?: object;
  headers?: Record<string, string>;
}

async function call<S extends zod.ZodType>(z: ZObject, spec: ApiCall<S>) {
  const response = await send(z, {
    method: spec.method,
    url: withQuery(apiUrl(spec.path), spec.query),
    body: spec.body,
    headers: spec.headers,
  });
  return { data: parseBody(spec.schema, response, `${spec.method} /v1${spec.path}`), response };
}

/**
 * The query encoded into the URL itself, not passed as core's `params`: core strips `{{…}}` from
 * params' values, so a name search for "Acme {{x}} Ltd" would ask for "Acme  Ltd". Absent values
 * are dropped; lists are joined with commas (`expand=matter,location`).
 */
function withQuery(url: string, query: Record<string, QueryValue> = {}): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? value.join(',') : String(value);
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return pairs.length === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}

/**
 * User input goes into a path only as one encoded segment: never raw, never empty (that would
 * address the collection) and never `.` or `..`, which URL parsing resolves even when encoded.
 */
function segment(value: string, what: string): string {
  if (['', '.', '..'].includes(value)) throw unusableIdError(value, what);
  return encodeURIComponent(value);
}

const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

function postHeaders({ idempotencyKey }: PostOptions): Record<string, string> {
  if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
    throw new RangeError('An Idempotency-Key must be 1 to 255 characters long.');
  }
  return { 'idempotency-key': idempotencyKey };
}

/** No `expand` parameter at all when nothing is embedded (an object without links takes none). */
const expandQuery = ({ expand }: Expanding = {}): Record<string, QueryValue> =>
  expand && expand.length > 0 ? { expand } : {};

function ifMatchHeaders({ ifMatch }: WriteOptions = {}): Record<string, string> {
  return ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` };
}

// ---------------------------------------------------------------- the collections

/** What an object's collection accepts and returns, typed from its registry entry's schemas. */
export interface Collection<O extends ApiObject> {
  list(query?: QueryOf<O['schemas']['list']>): Promise<Read<zod.output<O['schemas']['page']>>>;
  get(id: string, query?: ItemQuery<O>): Promise<RecordOf<O>>;
  /** Like `get`, but a record that does not exist (404) is null: what a search wants. */
  find(id: string, query?: ItemQuery<O>): Promise<RecordOf<O> | null>;
  create(
    body: zod.input<O['schemas']['create']>,
    options: PostOptions & Expanding,
  ): Promise<RecordOf<O>>;
  /** JSON merge patch: absent = unchanged, null = cleared. */
  update(
    id: string,
    patch: zod.input<O['schemas']['patch']>,
    options?: WriteOptions & Expanding,
  ): Promise<RecordOf<O>>;
  /**
   * Merge patch of the record keyed on `external_refs[system]`, or its creation when there is
   * none (then the create's required fields are required), atomically.
   */
  mergeByRef(
    system: string,
    externalId: string,
    patch: zod.input<O['schemas']['patch']>,
    options?: WriteOptions & Expanding,
  ): Promise<Upserted<RecordOf<O>>>;
  /** Replaces the writable fields of the record keyed on `external_refs[system]`, or creates it. */
  upsertByRef(
    system: string,
    externalId: string,
    body: zod.input<O['schemas']['create']>,
    options?: WriteOptions & Expanding,
  ): Promise<Upserted<RecordOf<O>>>;
}
type RecordOf<O extends ApiObject> = Read<zod.output<O['schemas']['record']>>;
/** `?expand=…` where the object has links; nothing otherwise. */
type ItemQuery<O extends ApiObject> = O['schemas']['item'] extends zod.ZodType
  ? QueryOf<O['schemas']['item']>
  : Record<string, never>;

/** list / get / find / create / update / mergeByRef / upsertByRef, for any object of the registry. */
function collection(
  z: ZObject,
  path: string,
  schemas: { record: zod.ZodType; page: zod.ZodType },
): Collection<ApiObject> {
  type Query = Record<string, QueryValue>;
  const item = (id: string) => `/${path}/${segment(id, 'ID')}`;
  /** 201: created; 200: updated. */
  const writeByRef = async (
    method: 'PUT' | 'PATCH',
    path: string,
    body: object,
    headers: Record<string, string>,
    options: Expanding = {},
  ): Promise<Upserted<unknown>> => {
    const { data, response } = await call(z, {
      method,
      path,
      body,
      headers,
      query: expandQuery(options),
      schema: schemas.record,
    });
    return { record: data, created: response.status === 201 };
  };
  const byRef = (system: string, externalId: string) =>
    `/${path}/by-ref/${segment(system, 'external system')}/${segment(externalId, 'external ID')}`;
  const read = async <S extends zod.ZodType>(
    path: string,
    schema: S,
    query: Record<string, QueryValue>,
  ) => (await call(z, { method: 'GET', path, query, schema })).data;
  return {
    list: (query = {}) => read(`/${path}`, schemas.page, query as Query),
    get: (id, query = {}) => read(item(id), schemas.record, query as Query),
    find: async (id, query = {}) => {
      const response = await send(z, {
        method: 'GET',
        url: withQuery(apiUrl(item(id)), query),
        skipThrowForStatus: true,
      });
      if (response.status === 404) return null;
      if (response.status >= 400) throw errorForApiResponse(response);
      return parseBody(schemas.record, response, `GET /v1${item(id)}`);
    },
    create: async (body, options) =>
      (
        await call(z, {
          method: 'POST',
          path: `/${path}`,
          query: { if_absent: options.ifAbsent, ...expandQuery(options) },
          body: body as object,
          headers: postHeaders(options),
          schema: schemas.record,
        })
      ).data,
    update: async (id, patch, options) =>
      (
        await call(z, {
          method: 'PATCH',
          path: item(id),
          body: patch as object,
          headers: { ...MERGE_PATCH, ...ifMatchHeaders(options) },
          query: expandQuery(options),
          schema: schemas.record,
        })
      ).data,
    mergeByRef: (system, externalId, patch, options) =>
      writeByRef(
        'PATCH',
        byRef(system, externalId),
        patch as object,
        { ...MERGE_PATCH, ...ifMatchHeaders(options) },
        options,
      ),
    upsertByRef: (system, externalId, body, options) =>
      writeByRef(
        'PUT',
        byRef(system, externalId),
        body as object,
        ifMatchHeaders(options),
        options,
      ),
  };
}

// ---------------------------------------------------------------- the client

/** One collection per object of the registry, under its path: `api.locations`, `api.matters`. */
export type CollectionsOf<R extends Registry> = { [O in R[number] as O['path']]: Collection<O> };

function collectionsOf<R extends Registry>(z: ZObject, objects: R): CollectionsOf<R> {
  return Object.fromEntries(
    objects.map((object) => [object.path, collection(z, object.path, object.schemas)]),
  ) as unknown as CollectionsOf<R>;
}

/** The client of the API: one collection per object of the registry, and the other endpoints. */
export const createApiClient = (z: ZObject) => createClientFor(z, OBJECTS);
export type ApiClient = ReturnType<typeof createApiClient>;

/** The client of a registry other than the API's own (a test's, with an object added). */
export function createClientFor<R extends Registry>(z: ZObject, objects: R) {
  const get = async <S extends zod.ZodType>(
    path: string,
    schema: S,
    query: Record<string, QueryValue> = {},
  ) => (await call(z, { method: 'GET', path, schema, query })).data;
  return {
    me: () => get('/me', Me),
    ...collectionsOf(z, objects),
    customFields: {
      list: (object: CustomFieldObject) =>
        get('/custom-fields', CustomFieldDefinitionList, { object }),
    },
    events: {
      /** Events of a kind this integration does not know yet are kept, with every key. */
      list: async (query: EventListParams = {}): Promise<EventsRead> =>
        get('/events', EventPage, query),
    },
    syncErrors: {
      list: (query: SyncErrorListParams = {}) => get('/sync-errors', SyncErrorPage, query),
    },
    webhooks: {
      create: async (
        body: { url: string; events: readonly EventType[]; max_deliveries_per_minute?: number },
        options: PostOptions,
      ) =>
        (
          await call(z, {
            method: 'POST',
            path: '/webhooks',
            body,
            headers: postHeaders(options),
            schema: WebhookWithSecret,
          })
        ).data,
      list: () => get('/webhooks', WebhookList),
      delete: (id: string) => deleteWebhook(z, id),
    },
  };
}

/** A page of events as read: known kinds typed by the contract, others as they came. */
export type EventsRead = Omit<Read<zod.output<typeof EventPage>>, 'data'> & {
  data: (Read<zod.output<typeof EventPage>>['data'][number] | UnknownKind<'type'>)[];
};

/** Unsubscribing twice is fine: a subscription that is already gone (404) counts as deleted. */
async function deleteWebhook(z: ZObject, id: string): Promise<{ deleted: boolean }> {
  const response = await send(z, {
    method: 'DELETE',
    url: apiUrl(`/webhooks/${segment(id, 'webhook ID')}`),
    skipThrowForStatus: true,
  });
  if (response.status === 404) return { deleted: false };
  if (response.status >= 400) throw errorForApiResponse(response);
  return { deleted: true };
}

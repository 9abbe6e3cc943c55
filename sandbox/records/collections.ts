/**
 * Every object's collection, one implementation driven by its registry entry (src/api/objects): list (keyset pagination
 * over the sorted indexes), get, create, JSON merge patch, and upsert by external reference. Each
 * write validates fully before it touches anything, so a rejected request changes no state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ExternalIdValue,
  ExternalSystem,
  PROBLEM_SLUGS,
  type FieldError,
  type Sort,
} from '../../src/api/schemas';
import { z } from 'zod';
import { postQueryOf, readScope, writeScope, type ApiObject } from '../../src/api/objects';
import { nameContains, sameName } from '../../src/api/text';
import { callerOf, requireScope } from '../oauth/access';
import type { SandboxClock } from '../clock';
import type { AuthContext } from '../oauth/tokens';
import { type CursorCodec, takePage } from './cursor';
import type { CustomFieldRegistry } from './custom-fields';
import type { EventLog } from '../events/log';
import { randomId } from '../ids';
import {
  type Json,
  type JsonObject,
  isJsonObject,
  jsonEqual,
  mergePatch,
  toJsonObject,
  withDefaults,
} from '../json';
import {
  ApiProblem,
  conflict,
  invalidParameter,
  notFound,
  preconditionFailed,
  unprocessable,
} from '../http/problems';
import {
  type IndexKey,
  type RecordTable,
  type SortField,
  type StoredRecord,
  externalRefsOf,
} from './store';
import { parseBody, parseParams } from '../http/validation';

/** The name of an object of the registry the sandbox serves: `location`. */
export type ResourceKind = ApiObject['name'];

/** The list query every collection understands (plus its own exact-match filters). */
export interface ListQuery {
  updated_since?: string | undefined;
  created_since?: string | undefined;
  q?: string | undefined;
  external_ref?: string | undefined;
  sort: z.output<typeof Sort>;
  limit: number;
  cursor?: string | undefined;
  expand?: string[] | undefined;
  [filter: string]: unknown;
}

/** A single record's query: `?expand` where the object has links, nothing otherwise. */
const NoQuery = z.strictObject({});

export interface CollectionDeps {
  clock: SandboxClock;
  events: EventLog;
  customFields: CustomFieldRegistry;
  cursors: CursorCodec;
  /** The records of the object named. */
  tableOf(kind: ResourceKind): RecordTable;
}

/** `__proto__` cannot be a key of a body (the JSON parser refuses it), so not a path's system. */
const ByRefParams = z.object({
  system: ExternalSystem.refine((system) => system !== '__proto__', 'is a reserved name'),
  external_id: ExternalIdValue,
});

/** `If-Match: "3"` (a list and `*` too); weak tags never match (RFC 9110 strong comparison). */
function checkIfMatch(header: string | undefined, version: number | undefined): void {
  if (header === undefined) return;
  const tags = header.split(',').map((tag) => tag.trim());
  const matches =
    version !== undefined && tags.some((tag) => tag === '*' || tag === `"${version}"`);
  if (!matches) {
    throw preconditionFailed(
      version === undefined
        ? 'If-Match was given but the record does not exist.'
        : `If-Match does not match the current version ("${version}").`,
    );
  }
}

const etagOf = (record: StoredRecord): string => `"${record.version}"`;

/**
 * A patch's link condition (`expected_external_refs`): each system's reference must be as
 * expected (null: none) or already what the patch sets it to, so a repeat passes. It is checked
 * in the same synchronous step as the write, so of concurrent links to different ids one wins
 * and the others get a 409 saying what the link is. Returns the patch without the condition.
 */
function checkExpectedRefs(
  kind: ResourceKind,
  record: StoredRecord | undefined,
  input: JsonObject,
): JsonObject {
  const { expected_external_refs: expected, ...patch } = input;
  if (!isJsonObject(expected)) return patch;
  const current = record ? externalRefsOf(record.fields) : {};
  const written = isJsonObject(patch.external_refs) ? patch.external_refs : {};
  const errors: FieldError[] = [];
  for (const [system, wanted] of Object.entries(expected)) {
    const now = Object.hasOwn(current, system) ? (current[system] ?? null) : null;
    if (now === wanted || (Object.hasOwn(written, system) && written[system] === now)) continue;
    errors.push({
      field: `external_refs.${system}`,
      message: now === null ? 'is not set' : `is "${now}"`,
    });
  }
  if (errors.length === 0) return patch;
  const what = errors.map((error) => `\`${error.field}\` ${error.message}`).join('; ');
  throw new ApiProblem(
    409,
    PROBLEM_SLUGS.externalRefMismatch,
    'Conflict',
    `The ${kind} is linked otherwise than expected: ${what}.`,
    { errors, currentExternalRefs: current },
  );
}

export class CollectionService {
  constructor(
    readonly object: ApiObject,
    private readonly deps: CollectionDeps,
    private readonly serviceOf: (kind: ResourceKind) => CollectionService,
  ) {}

  /** The registry's list query; every collection's shares ListQuery's fields. */
  private get listQuery(): z.ZodType<ListQuery> {
    return this.object.schemas.list as unknown as z.ZodType<ListQuery>;
  }

  private get table(): RecordTable {
    return this.deps.tableOf(this.object.name);
  }

  /** The record as the API returns it; `expand` embeds the linked records. */
  present(record: StoredRecord, expand: readonly string[] = []): JsonObject {
    const body: JsonObject = {
      [this.object.idField]: record.id,
      ...record.fields,
      created_at: record.created_at,
      last_updated: record.last_updated,
      version: record.version,
    };
    for (const link of this.object.links) {
      if (!link.expandAs || !expand.includes(link.expandAs)) continue;
      const linkedId = record.fields[link.field];
      const linked =
        typeof linkedId === 'string' ? this.deps.tableOf(link.object).get(linkedId) : undefined;
      body[link.expandAs] = linked ? this.serviceOf(link.object).present(linked) : null;
    }
    return body;
  }

  /** What events carry: the record with every link expanded. */
  private eventData(record: StoredRecord): JsonObject {
    return this.present(
      record,
      this.object.links.flatMap((link) => link.expandAs ?? []),
    );
  }

  /** An expanded record is shown whole: `expand` needs the linked collection's read scope. */
  requireExpandScopes(auth: AuthContext, expand: readonly string[] = []): void {
    for (const link of this.object.links) {
      if (link.expandAs && expand.includes(link.expandAs))
        requireScope(auth, readScope(link.object));
    }
  }

  get(id: string): StoredRecord {
    const record = this.table.get(id);
    if (!record) throw notFound(`No ${this.object.name} "${id}".`, this.object.idField);
    return record;
  }

  list(rawQuery: unknown, auth: AuthContext): { data: JsonObject[]; next_cursor: string | null } {
    const { query, position, cursorAfter } = this.deps.cursors.resolve(
      this.object.path,
      this.listQuery,
      rawQuery,
    );
    this.requireExpandScopes(auth, query.expand);
    const sortField: SortField = query.sort.endsWith('created_at') ? 'created_at' : 'last_updated';
    const { page, hasMore } = takePage(
      this.candidates(query, sortField, this.positionOf(position)),
      (record) => this.matches(record, query),
      query.limit,
    );
    const tail = page.at(-1);
    return {
      data: page.map((record) => this.present(record, query.expand)),
      next_cursor: hasMore && tail ? cursorAfter([tail[sortField], tail.id]) : null,
    };
  }

  create(body: unknown): StoredRecord {
    const input = this.resolveLinkRefs(toJsonObject(parseBody(this.object.schemas.create, body)));
    const fields = this.complete(input, { requireAll: true });
    this.assertRefsFree(fields);
    return this.insert(fields);
  }

  /**
   * `POST ?if_absent=<text filter>`: the oldest record with the same name as the body's, or, when
   * there is none, the body created. Checked and created in one synchronous step, so concurrent
   * requests for one name make one record. Without `if_absent`, a plain create.
   */
  createIfAbsent(body: unknown, rawQuery: unknown): { record: StoredRecord; created: boolean } {
    const { createQuery } = this.object.schemas;
    const query = createQuery ? parseParams(createQuery, rawQuery) : {};
    const field = typeof query.if_absent === 'string' ? query.if_absent : undefined;
    if (field === undefined) return { record: this.create(body), created: true };
    const input = this.resolveLinkRefs(toJsonObject(parseBody(this.object.schemas.create, body)));
    const name = input[field];
    if (typeof name === 'string') {
      for (const record of this.table.scan('created_at', 'asc')) {
        const text = record.fields[field];
        if (typeof text === 'string' && sameName(text, name)) return { record, created: false };
      }
    }
    const fields = this.complete(input, { requireAll: true });
    this.assertRefsFree(fields);
    return { record: this.insert(fields), created: true };
  }

  /** RFC 7396 merge patch, then the merged record must pass the create schema. */
  patch(id: string, body: unknown, ifMatch: string | undefined): StoredRecord {
    const current = this.get(id);
    checkIfMatch(ifMatch, current.version);
    const input = this.resolveLinkRefs(toJsonObject(parseBody(this.object.schemas.patch, body)));
    const patch = checkExpectedRefs(this.object.name, current, input);
    return this.update(current, this.merged(current.fields, patch, { requireAll: false }));
  }

  /** The patch applied to `fields`; the result must pass the create schema. */
  private merged(
    fields: JsonObject,
    patch: JsonObject,
    { requireAll }: { requireAll: boolean },
  ): JsonObject {
    const input = toJsonObject(parseBody(this.object.schemas.create, mergePatch(fields, patch)));
    return this.complete(input, { requireAll, cleared: clearedKeys(patch) });
  }

  /**
   * `PATCH /by-ref/{system}/{external_id}` (merge patch): the record linked to that reference is
   * patched (absent unchanged, null cleared); when there is none, the patch (nulls dropped) is
   * a create, so the create's required fields are required then. One atomic step either way.
   */
  mergeByRef(
    params: unknown,
    body: unknown,
    ifMatch: string | undefined,
  ): { record: StoredRecord; created: boolean } {
    const { system, externalId, existing, input } = this.byRefWrite(
      params,
      body,
      ifMatch,
      this.object.schemas.patch,
    );
    const refs = isJsonObject(input.external_refs) ? input.external_refs : {};
    input.external_refs = { ...refs, [system]: externalId };
    const patch = checkExpectedRefs(this.object.name, existing, input);
    if (existing) {
      const fields = this.merged(existing.fields, patch, { requireAll: false });
      return { record: this.update(existing, fields), created: false };
    }
    const fields = this.merged({}, patch, { requireAll: true });
    this.assertRefsFree(fields);
    return { record: this.insert(fields), created: true };
  }

  /**
   * `PUT /by-ref/{system}/{external_id}`: the body replaces the record's writable fields, as a
   * POST with it would set them, except that the record keeps its references to other systems.
   */
  upsert(
    params: unknown,
    body: unknown,
    ifMatch: string | undefined,
  ): { record: StoredRecord; created: boolean } {
    const { system, externalId, existing, input } = this.byRefWrite(
      params,
      body,
      ifMatch,
      this.object.schemas.create,
    );
    const refs = externalRefsOf(input);
    const keptRefs = existing ? externalRefsOf(existing.fields) : {};
    input.external_refs = { ...keptRefs, ...refs, [system]: externalId };
    const fields = this.complete(input, { requireAll: true });
    if (!existing) {
      this.assertRefsFree(fields);
      return { record: this.insert(fields), created: true };
    }
    return { record: this.update(existing, fields), created: false };
  }

  /** What both by-ref writes check first: the path, `If-Match`, the body and its reference. */
  private byRefWrite(
    params: unknown,
    body: unknown,
    ifMatch: string | undefined,
    schema: z.ZodType,
  ) {
    const { system, external_id: externalId } = parseParams(ByRefParams, params);
    const existing = this.table.findByRef(system, externalId);
    checkIfMatch(ifMatch, existing?.version);
    const input = this.resolveLinkRefs(toJsonObject(parseBody(schema, body)));
    const refs = isJsonObject(input.external_refs) ? input.external_refs : {};
    if (Object.hasOwn(refs, system) && refs[system] !== externalId) {
      const field = `external_refs.${system}`;
      throw unprocessable(`\`${field}\` contradicts the path.`, [
        { field, message: `must be "${externalId}", as in the path, or absent` },
      ]);
    }
    return { system, externalId, existing, input };
  }

  /** Whether a record with this id exists (for sync-error reports). */
  exists(id: string): boolean {
    return this.table.get(id) !== undefined;
  }

  /** The id of the record a by-ref path names, if it exists (for sync-error reports). */
  idByRef(system: string, externalId: string): string | undefined {
    return this.table.refOwner(system, externalId);
  }

  private candidates(
    query: ListQuery,
    sortField: SortField,
    after: IndexKey | undefined,
  ): Iterable<StoredRecord> {
    if (query.external_ref !== undefined) {
      const [system = '', ...rest] = query.external_ref.split(':');
      const record = this.table.findByRef(system, rest.join(':'));
      return record && !after ? [record] : [];
    }
    const since = sortField === 'created_at' ? query.created_since : query.updated_since;
    const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
    return this.table.scan(sortField, direction, after, since);
  }

  private positionOf(position: Json): IndexKey | undefined {
    if (position === null) return undefined;
    const [key, id] = Array.isArray(position) ? position : [];
    if (typeof key !== 'string' || typeof id !== 'string') {
      throw invalidParameter('cursor', 'is not valid');
    }
    return { key, id };
  }

  private matches(record: StoredRecord, query: ListQuery): boolean {
    if (query.updated_since !== undefined && record.last_updated < query.updated_since)
      return false;
    if (query.created_since !== undefined && record.created_at < query.created_since) return false;
    if (query.q !== undefined) {
      const text = record.fields[this.object.searchField];
      if (typeof text !== 'string' || !nameContains(text, query.q)) {
        return false;
      }
    }
    const { textFilter } = this.object;
    const wanted = textFilter === undefined ? undefined : query[textFilter];
    if (typeof wanted === 'string') {
      const text = record.fields[this.object.searchField];
      if (typeof text !== 'string' || !sameName(text, wanted)) return false;
    }
    return this.object.exactFilters.every(
      (filter) => query[filter] === undefined || record.fields[filter] === query[filter],
    );
  }

  /**
   * Checks what the schema cannot (custom fields against their definitions, links to existing
   * records) and fills in defaults: the stored form of the writable fields.
   */
  private complete(
    input: JsonObject,
    options: { requireAll: boolean; cleared?: readonly string[] },
  ): JsonObject {
    const given = isJsonObject(input.custom_fields) ? input.custom_fields : {};
    const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null));
    const customFields = this.deps.customFields.check(this.object.name, present, options);
    const errors: FieldError[] = [...customFields.errors, ...this.brokenLinks(input)];
    if (errors.length > 0) {
      const fields = errors.map((error) => `\`${error.field}\``).join(', ');
      throw unprocessable(`Invalid values: ${fields}.`, errors);
    }
    return withDefaults(this.object.defaults as JsonObject, {
      ...input,
      custom_fields: customFields.values,
    });
  }

  /**
   * `location_ref: "clio:42"` → `location_id` of the location whose `external_refs.clio` is 42.
   * A ref that matches nothing, or one given beside the id it stands for, is a 422 naming it.
   */
  private resolveLinkRefs(input: JsonObject): JsonObject {
    const resolved = { ...input };
    const errors: FieldError[] = [];
    for (const { field, object: kind, refField } of this.object.links) {
      const ref = resolved[refField];
      if (typeof ref !== 'string') continue;
      delete resolved[refField];
      if (resolved[field] !== undefined) {
        errors.push({ field: refField, message: `give either \`${field}\` or \`${refField}\`` });
        continue;
      }
      const [system = '', ...rest] = ref.split(':');
      const owner = this.deps.tableOf(kind).refOwner(system, rest.join(':'));
      if (owner === undefined) {
        errors.push({
          field: refField,
          message: `no ${kind} has the ${system} reference "${rest.join(':')}"`,
        });
      } else {
        resolved[field] = owner;
      }
    }
    if (errors.length > 0) {
      throw unprocessable(
        `Invalid values: ${errors.map((e) => `\`${e.field}\``).join(', ')}.`,
        errors,
      );
    }
    return resolved;
  }

  private brokenLinks(input: JsonObject): FieldError[] {
    return this.object.links.flatMap((link) => {
      const id = input[link.field];
      return typeof id === 'string' && !this.deps.tableOf(link.object).get(id)
        ? [{ field: link.field, message: `no ${link.object} has this id` }]
        : [];
    });
  }

  /** An external reference belongs to one record per collection. */
  private assertRefsFree(fields: JsonObject, selfId?: string): void {
    for (const [system, externalId] of Object.entries(externalRefsOf(fields))) {
      const owner = this.table.refOwner(system, externalId);
      if (owner !== undefined && owner !== selfId) {
        const field = `external_refs.${system}`;
        throw conflict(
          'external-ref-conflict',
          `${system}:${externalId} already belongs to ${this.object.name} ${owner}.`,
          [{ field, message: `already belongs to ${owner}` }],
        );
      }
    }
  }

  private insert(fields: JsonObject): StoredRecord {
    const now = this.deps.clock.nowIso();
    const record: StoredRecord = {
      id: randomId(this.object.idPrefix),
      created_at: now,
      last_updated: now,
      version: 1,
      fields,
    };
    return this.store(record, 'created');
  }

  /** A write that changes nothing keeps the version and emits no event. */
  private update(current: StoredRecord, fields: JsonObject): StoredRecord {
    if (jsonEqual(fields, current.fields)) return current;
    this.assertRefsFree(fields, current.id);
    const record: StoredRecord = {
      ...current,
      fields,
      last_updated: this.deps.clock.nowIso(),
      version: current.version + 1,
    };
    return this.store(record, 'updated', undefined, current.fields);
  }

  /** Saves and emits the record's event. Also used by the seed, with fixed ids and times. */
  store(
    record: StoredRecord,
    change: 'created' | 'updated',
    eventId?: string,
    previous?: JsonObject,
  ): StoredRecord {
    this.table.put(record);
    const changedFields =
      change === 'updated' ? changedFieldsOf(previous ?? {}, record.fields) : undefined;
    this.deps.events.emit(`${this.object.name}.${change}`, this.eventData(record), {
      eventId,
      changedFields,
    });
    return record;
  }
}

/**
 * The `changed_fields` of an update (the contract's rule): every top-level writable field whose
 * value differs, except `custom_fields`, which is listed per key as `custom_fields.<key>`.
 */
export function changedFieldsOf(before: JsonObject, after: JsonObject): string[] {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'custom_fields') continue;
    if (!jsonEqual(before[key] ?? null, after[key] ?? null)) changed.push(key);
  }
  const customBefore = isJsonObject(before.custom_fields) ? before.custom_fields : {};
  const customAfter = isJsonObject(after.custom_fields) ? after.custom_fields : {};
  for (const key of new Set([...Object.keys(customBefore), ...Object.keys(customAfter)])) {
    if (!jsonEqual(customBefore[key] ?? null, customAfter[key] ?? null)) {
      changed.push(`custom_fields.${key}`);
    }
  }
  return changed;
}

/** Keys a patch sets to null inside `custom_fields`. */
function clearedKeys(patch: JsonObject): string[] {
  const customFields = patch.custom_fields;
  if (!isJsonObject(customFields)) return [];
  return Object.entries(customFields)
    .filter(([, value]) => value === null)
    .map(([key]) => key);
}

function sendRecord(
  reply: FastifyReply,
  service: CollectionService,
  record: StoredRecord,
  status: 200 | 201,
  expand?: readonly string[],
): FastifyReply {
  reply.code(status).header('etag', etagOf(record));
  if (status === 201) reply.header('location', `/v1/${service.object.path}/${record.id}`);
  return reply.send(service.present(record, expand));
}

type IdRoute = { Params: { id: string } };
type ByRefRoute = { Params: { system: string; external_id: string } };

export function registerCollectionRoutes(app: FastifyInstance, service: CollectionService): void {
  const { name: kind, path } = service.object;
  const itemQuery = service.object.schemas.item ?? NoQuery;
  const base = `/v1/${path}`;
  const write = { config: { writeOf: kind } };
  const ifMatchOf = (value: string | string[] | undefined) =>
    Array.isArray(value) ? value.join(', ') : value;
  const postQuery = postQueryOf(service.object) ?? NoQuery;
  /** A write's query (`?expand`, and a create's `if_absent`), checked before anything is written. */
  const writeQuery = (
    request: FastifyRequest,
    schema: z.ZodType = itemQuery,
  ): { expand?: string[]; if_absent?: string } => {
    const auth = callerOf(request);
    requireScope(auth, writeScope(kind));
    const query = parseParams(schema, request.query) as { expand?: string[]; if_absent?: string };
    service.requireExpandScopes(auth, query.expand);
    return query;
  };
  const writeExpand = (request: FastifyRequest) => writeQuery(request).expand;

  app.get(base, (request) => {
    const auth = callerOf(request);
    requireScope(auth, readScope(kind));
    return service.list(request.query, auth);
  });

  app.get<IdRoute>(`${base}/:id`, async (request, reply) => {
    const auth = callerOf(request);
    requireScope(auth, readScope(kind));
    const { expand } = parseParams(itemQuery, request.query);
    service.requireExpandScopes(auth, expand);
    return sendRecord(reply, service, service.get(request.params.id), 200, expand);
  });

  app.post(base, write, async (request, reply) => {
    const { expand, if_absent: ifAbsent } = writeQuery(request, postQuery);
    const query = ifAbsent === undefined ? {} : { if_absent: ifAbsent };
    const { record, created } = service.createIfAbsent(request.body, query);
    return sendRecord(reply, service, record, created ? 201 : 200, expand);
  });

  app.patch<IdRoute>(`${base}/:id`, write, async (request, reply) => {
    const expand = writeExpand(request);
    const ifMatch = ifMatchOf(request.headers['if-match']);
    const record = service.patch(request.params.id, request.body, ifMatch);
    return sendRecord(reply, service, record, 200, expand);
  });

  app.put<ByRefRoute>(`${base}/by-ref/:system/:external_id`, write, async (request, reply) => {
    const expand = writeExpand(request);
    const ifMatch = ifMatchOf(request.headers['if-match']);
    const { record, created } = service.upsert(request.params, request.body, ifMatch);
    return sendRecord(reply, service, record, created ? 201 : 200, expand);
  });

  app.patch<ByRefRoute>(`${base}/by-ref/:system/:external_id`, write, async (request, reply) => {
    const expand = writeExpand(request);
    const ifMatch = ifMatchOf(request.headers['if-match']);
    const { record, created } = service.mergeByRef(request.params, request.body, ifMatch);
    return sendRecord(reply, service, record, created ? 201 : 200, expand);
  });
}

/**
 * What the builders need to know about one object: its nouns, the schema its events carry, its
 * one output mapper, what each role (trigger, action, search) outputs and, for a record users
 * write, its inputs, contract schemas and API collection. Each object's folder describes itself
 * once, as a kind; every operation file is then a few lines of configuration.
 */
import type { OutputFields, PlainOutputField, ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import type { ObjectName, ObjectOf } from '../api/objects';
import type { CustomFieldObject } from '../api/schemas';
import { capitalize } from '../runtime/text';
import {
  createApiClient,
  type ApiClient,
  type Expanding,
  type PostOptions,
  type Upserted,
  type WriteOptions,
} from '../http/client';
import {
  customFieldOutputs,
  embeddedCustomFieldOutputs,
  type EmbeddedRecord,
} from '../fields/custom-field-outputs';
import { changeOutputFields, withChange, type ChangeInfo } from '../fields/outputs';
import type { Reference, WriteField } from '../fields/write-fields';
import type { ClioRefInputs } from './clio-ref';

/** What one role outputs: Zapier's output fields (static, or with a dynamic part) and sample. */
export interface RoleOutput<O extends object = object> {
  outputFields: OutputFields;
  sample: O;
}

/** An object as its instant triggers see it. */
export interface ObjectKind<R = never, O extends { id: string } = { id: string }> {
  /** The API's name for it, which its custom fields are defined on; none for sync errors. */
  object?: CustomFieldObject;
  /** Singular, as Zapier shows it. */
  noun: string;
  /** The schema of its events' `data`. */
  record: zod.ZodType;
  /** The record's id and version, for the triggers' ordering check; none for sync errors. */
  versionOf?(this: void, record: R): { id: string; version: number };
  /** The one output mapper: every role's output and every sample go through it. */
  output(this: void, record: R, change?: ChangeInfo): O;
  outputs: { trigger: RoleOutput<O> };
}

/** The API collection's methods the builders use (see ../http/client). */
export interface WritableCollection<R, C, P> {
  create(body: C, options: PostOptions): Promise<R>;
  update(id: string, patch: P, options?: WriteOptions): Promise<R>;
  mergeByRef(system: string, externalId: string, patch: P): Promise<Upserted<R>>;
  find(id: string): Promise<R | null>;
  /** `q`, `external_ref`, `limit`, and the exact text filter (`name=`, say). */
  list(query: Record<string, string | number>): Promise<{ data: R[] }>;
}

/** What every Snapshots record carries. */
export interface ApiRecord {
  external_refs: Record<string, string>;
  version: number;
}

/** A record users create, update, link and find: an object with inputs and a collection. */
export interface RecordKind<
  R extends ApiRecord,
  CS extends zod.ZodType = zod.ZodType,
  PS extends zod.ZodType = zod.ZodType,
  O extends { id: string } = { id: string },
> extends ObjectKind<R, O> {
  object: CustomFieldObject;
  /** What its dropdown lists. */
  plural: string;
  /** The Snapshots id input: a dropdown with a search step. */
  idField: WriteField;
  idOf(this: void, record: R): string;
  versionOf(this: void, record: R): { id: string; version: number };
  /** The text a search matches exactly (by the API's filter `key`), if the object has one. */
  text?: { key: string; label: string; of(this: void, record: R): string };
  /** Every writable input, in the order the editor shows them (required ones move first). */
  fields: readonly WriteField[];
  /** The inputs naming the Clio record it is linked to (upsert, link, find). */
  clio: ClioRefInputs;
  schemas: { create: CS; patch: PS };
  /**
   * Its API collection; every read and write embeds the linked records (`expand`), so an
   * action's or a search's output holds what a trigger's does, in one request.
   */
  collection(this: void, api: ApiClient): WritableCollection<R, zod.output<CS>, zod.output<PS>>;
  /** A create's output is a new record's: linked to no other system yet. */
  outputs: {
    trigger: RoleOutput<O>;
    create: RoleOutput<O>;
    action: RoleOutput<O>;
    search: RoleOutput<O>;
  };
}

/** Any kind, for the builders (the methods above are bivariant, so every kind is one). */
export type AnyRecordKind = RecordKind<ApiRecord, zod.ZodType, zod.ZodType>;

/** What a kind takes from its object's registry entry (src/api/objects), never restated. */
type FromRegistry =
  'object' | 'noun' | 'plural' | 'record' | 'schemas' | 'collection' | 'idOf' | 'versionOf';

/**
 * The kind of a registry object: its name, nouns, schemas, API collection and id field come
 * from the registry entry `api`; the rest (inputs, mapper, outputs) from `kind`.
 */
export function recordKind<R extends ApiRecord, O extends { id: string }, A extends UserObject>(
  api: A,
  kind: Omit<
    RecordKind<R, A['schemas']['create'], A['schemas']['patch'], O>,
    FromRegistry | 'text'
  > & {
    /** What searches match exactly; its API filter is the registry's `textFilter`. */
    text?: { label: string; of(this: void, record: R): string };
  },
): RecordKind<R, A['schemas']['create'], A['schemas']['patch'], O> {
  const textFilter: string | undefined = api.textFilter;
  if (kind.text && !textFilter) throw new Error(`${api.name} has no textFilter to search by.`);
  const idOf = (record: R) => String((record as unknown as Record<string, unknown>)[api.idField]);
  const expand: readonly string[] = api.links.flatMap((link) => link.expandAs ?? []);
  return {
    ...kind,
    text: kind.text && textFilter ? { key: textFilter, ...kind.text } : undefined,
    object: api.name,
    noun: api.nouns.title,
    plural: capitalize(api.nouns.many),
    record: api.schemas.record,
    schemas: { create: api.schemas.create, patch: api.schemas.patch },
    collection: (client) => expanded(client[api.path] as unknown as ExpandingCollection, expand),
    idOf,
    versionOf: (record) => ({ id: idOf(record), version: record.version }),
  };
}

/** An object of the API's own registry, which users write. */
type UserObject = ObjectOf<ObjectName>;

/**
 * The client's collection as `expanded` calls it (../http/client's `Collection`, untyped). A
 * method the builders start using is listed here, with `expand` when it answers a record.
 */
type Query = Record<string, string | number | readonly string[]>;
interface ExpandingCollection {
  create(body: unknown, options: PostOptions & Expanding): Promise<never>;
  update(id: string, patch: unknown, options?: WriteOptions & Expanding): Promise<never>;
  mergeByRef(system: string, id: string, patch: unknown, options?: Expanding): Promise<never>;
  find(id: string, query?: Query): Promise<never>;
  list(query?: Query): Promise<never>;
}

/** The collection with `expand` on every call (no parameter at all for an object without links). */
function expanded(api: ExpandingCollection, expand: readonly string[]): ExpandingCollection {
  const query: Query = expand.length > 0 ? { expand } : {};
  return {
    ...api,
    create: (body, options) => api.create(body, { ...options, expand }),
    update: (id, patch, options) => api.update(id, patch, { ...options, expand }),
    mergeByRef: (system, id, patch) => api.mergeByRef(system, id, patch, { expand }),
    find: (id) => api.find(id, query),
    list: (filters = {}) => api.list({ ...filters, ...query }),
  };
}

/**
 * The outputs of an object whose roles show the same record through the same mapper, with the
 * account's custom fields (dynamic, the embedded records' too) in every role. Only a trigger tells the change it fired for;
 * a create's record is new, so it has no references to other systems (`external_refs__…`) yet.
 */
export function outputsPerRole<R extends ApiRecord, O extends { id: string }>(
  object: CustomFieldObject,
  {
    fields,
    embedded = [],
    output,
    record,
    change,
  }: {
    fields: PlainOutputField[];
    /** The linked records it embeds, whose own custom fields come along. */
    embedded?: readonly EmbeddedRecord[];
    output: (record: R) => O;
    /** The sample record, with no account's custom fields. */
    record: R;
    /** The event the trigger's sample fired for. */
    change: ChangeInfo;
  },
): RecordKind<never, zod.ZodType, zod.ZodType, O>['outputs'] {
  const custom = [customFieldOutputs(object), ...embedded.map(embeddedCustomFieldOutputs)];
  const sample = output(record);
  const isOwnRef = (field: PlainOutputField) => field.key.startsWith('external_refs__');
  return {
    trigger: {
      outputFields: [...fields, ...changeOutputFields, ...custom],
      sample: withChange(sample, change),
    },
    create: {
      outputFields: [...fields.filter((field) => !isOwnRef(field)), ...custom],
      sample: output({ ...record, external_refs: {} }),
    },
    action: { outputFields: [...fields, ...custom], sample },
    search: { outputFields: [...fields, ...custom], sample },
  };
}

export const collectionFor = (z: ZObject, kind: AnyRecordKind) =>
  kind.collection(createApiClient(z));

export const findOrCreateLabel = (noun: string) => `Find or Create ${noun}`;

/** How an input of another object that names this one by its Clio id speaks of it. */
export const referenceTo = (kind: Pick<RecordKind<never>, 'object' | 'noun'>): Reference => ({
  object: kind.object,
  findOrCreate: findOrCreateLabel(kind.noun),
});

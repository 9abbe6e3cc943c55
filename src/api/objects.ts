/**
 * The registry of the API's objects: for each one, everything the rest of the project derives
 * from it. The OpenAPI document's collection paths, the client's collections, the error messages'
 * nouns, the scopes and their wording, the event types, the custom-field objects and the sandbox's
 * routes, storage and scope checks all read this table; none restates an object.
 *
 * Adding an object: its schemas (./schemas/resources.ts, ./schemas/queries.ts), one entry here,
 * and its folder in src/ with one line in the app (docs/architecture.md walks through it).
 */
import type { z } from 'zod';
import { ActivityId, LocationId, MatterId, page } from './schemas/common';
import {
  ActivityListQuery,
  ExpandQuery,
  LocationCreateQuery,
  LocationListQuery,
  MatterCreateQuery,
  MatterExpandQuery,
  MatterListQuery,
} from './schemas/queries';
import {
  ActivityCreate,
  ActivityExpanded,
  ActivityPatch,
  Location,
  LocationCreate,
  LocationPatch,
  MatterCreate,
  MatterExpanded,
  MatterPatch,
} from './schemas/resources';

/** A field holding another object's id, e.g. a matter's `location_id`. */
export interface ObjectLink {
  /** The field holding the linked id: `location_id`. */
  readonly field: string;
  /** The linked object's `name`: `location`. */
  readonly object: string;
  /** The write-only field naming the linked record by an external reference (`clio:<id>`). */
  readonly refField: string;
  /** The key the linked record is embedded under with `expand` (and in events), if it is. */
  readonly expandAs?: string;
}

/** One object of the API (a collection under `/v1/<path>`). */
export interface ApiObject<Name extends string = string, Path extends string = string> {
  /** `location`: the event types' prefix, the scopes' and custom fields' object name. */
  readonly name: Name;
  /** `locations`: the collection's path under `/v1`, and the client's property. */
  readonly path: Path;
  /** `loc`: every id starts `loc_`. */
  readonly idPrefix: string;
  /** `location_id`: the record's id field, and the path parameter. */
  readonly idField: string;
  /** How messages, pages and documents name it. */
  readonly nouns: { readonly one: string; readonly many: string; readonly title: string };
  readonly schemas: {
    readonly id: z.ZodType;
    /** The record as every read returns it (links embedded where `expand` asks). */
    readonly record: z.ZodType;
    readonly page: z.ZodType;
    readonly create: z.ZodType;
    /** JSON merge patch. */
    readonly patch: z.ZodType;
    readonly list: z.ZodObject;
    /** The query a single-record read takes (`expand`); none when the object has no links. */
    readonly item?: z.ZodObject;
    /** The query a create takes (`?if_absent=<textFilter>`: create-if-absent); none: no query. */
    readonly createQuery?: z.ZodObject;
  };
  readonly links: readonly ObjectLink[];
  /** The field `q` searches (case-insensitive substring). */
  readonly searchField: string;
  /** The list filter (`name`, `title`) that must be the same name as `searchField` (./text). */
  readonly textFilter?: string;
  /** List filters that must equal the field of the same name. */
  readonly exactFilters: readonly string[];
  /** The stored values of absent writable fields, in the order responses list them. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** A minimal valid create body, numbered: bulk data (the sandbox's generate control). */
  example(this: void, n: number): Readonly<Record<string, unknown>>;
}

type Schemas = ApiObject['schemas'];

/**
 * Keeps the literal name and path (so scopes, event types and the client's properties are typed)
 * and the schemas' own types; the page schema is one of `record`, `<Title>Page`.
 */
export const defineObject = <
  const N extends string,
  const P extends string,
  S extends Omit<Schemas, 'page'>,
>(
  object: Omit<ApiObject<N, P>, 'schemas'> & { schemas: S },
): Omit<ApiObject<N, P>, 'schemas'> & {
  schemas: S & { readonly page: ReturnType<typeof page<S['record']>> };
} => ({
  ...object,
  schemas: { ...object.schemas, page: page(object.schemas.record, `${object.nouns.title}Page`) },
});

/** Every object also carries these, stored empty when absent. */
const maps = { external_refs: {}, custom_fields: {} };

export const OBJECTS = [
  defineObject({
    name: 'location',
    path: 'locations',
    idPrefix: 'loc',
    idField: 'location_id',
    nouns: { one: 'location', many: 'locations', title: 'Location' },
    schemas: {
      id: LocationId,
      record: Location,
      create: LocationCreate,
      patch: LocationPatch,
      list: LocationListQuery,
      createQuery: LocationCreateQuery,
    },
    links: [],
    searchField: 'name',
    textFilter: 'name',
    exactFilters: [],
    defaults: {
      name: '',
      address: {
        line1: null,
        line2: null,
        city: null,
        region: null,
        postal_code: null,
        country: null,
      },
      email: null,
      phone: null,
      timezone: null,
      last_seen: null,
      ...maps,
    },
    example: (n) => ({ name: `Generated location ${n}` }),
  }),
  defineObject({
    name: 'matter',
    path: 'matters',
    idPrefix: 'mat',
    idField: 'matter_id',
    nouns: { one: 'matter', many: 'matters', title: 'Matter' },
    schemas: {
      id: MatterId,
      record: MatterExpanded,
      create: MatterCreate,
      patch: MatterPatch,
      list: MatterListQuery,
      item: MatterExpandQuery,
      createQuery: MatterCreateQuery,
    },
    links: [
      { field: 'location_id', object: 'location', refField: 'location_ref', expandAs: 'location' },
    ],
    searchField: 'title',
    textFilter: 'title',
    exactFilters: ['status', 'location_id'],
    defaults: {
      title: '',
      status: 'open',
      due_date: null,
      description: null,
      location_id: null,
      ...maps,
    },
    example: (n) => ({ title: `Generated matter ${n}` }),
  }),
  defineObject({
    name: 'activity',
    path: 'activities',
    idPrefix: 'act',
    idField: 'activity_id',
    nouns: { one: 'activity', many: 'activities', title: 'Activity' },
    schemas: {
      id: ActivityId,
      record: ActivityExpanded,
      create: ActivityCreate,
      patch: ActivityPatch,
      list: ActivityListQuery,
      item: ExpandQuery,
    },
    links: [
      { field: 'matter_id', object: 'matter', refField: 'matter_ref', expandAs: 'matter' },
      { field: 'location_id', object: 'location', refField: 'location_ref', expandAs: 'location' },
    ],
    searchField: 'notes',
    exactFilters: ['type', 'matter_id', 'location_id'],
    defaults: {
      type: 'note',
      date: '',
      notes: null,
      duration_minutes: null,
      matter_id: null,
      location_id: null,
      ...maps,
    },
    example: (n) => ({ type: 'note', date: new Date(n * 1000).toISOString(), notes: `Note ${n}` }),
  }),
] as const satisfies readonly ApiObject[];

export type Registry = readonly ApiObject[];
type Default = typeof OBJECTS;
/** `location` | `matter` | `activity` */
export type ObjectName = Default[number]['name'];
export type ObjectOf<N extends ObjectName> = Extract<Default[number], { name: N }>;

/** A non-empty tuple, as `z.enum` wants it. */
const nonEmpty = <T>(items: T[]): [T, ...T[]] => {
  if (items.length === 0) throw new Error('The registry has no objects.');
  return items as [T, ...T[]];
};

export const OBJECT_NAMES = nonEmpty(OBJECTS.map((object): ObjectName => object.name));

/** The registry by name: `OBJECT.matter.schemas.page`. */
export const OBJECT = Object.fromEntries(OBJECTS.map((object) => [object.name, object])) as {
  [O in Default[number] as O['name']]: O;
};

/** What `POST /v1/<path>` takes in its query: `if_absent` and `expand`, where the object has them. */
export function postQueryOf(object: ApiObject): z.ZodObject | undefined {
  const { createQuery, item } = object.schemas;
  return createQuery && item ? createQuery.extend(item.shape) : (createQuery ?? item);
}

// ---------------------------------------------------------------- scopes

export type Access = 'read' | 'write';
export type ScopeOf<N extends string> = `saas/${N}.${Access}`;

export const readScope = <N extends string>(object: ApiObject<N> | N): ScopeOf<N> =>
  `saas/${typeof object === 'string' ? object : object.name}.read`;
export const writeScope = <N extends string>(object: ApiObject<N> | N): ScopeOf<N> =>
  `saas/${typeof object === 'string' ? object : object.name}.write`;

/** Each object's read scope, then its write scope, in the registry's order. */
export const scopesOf = <R extends Registry>(objects: R): ScopeOf<R[number]['name']>[] =>
  objects.flatMap((object) => [readScope(object), writeScope(object)]);

/** What a scope lets a connection do, as a phrase: "read matters", "create and update matters". */
export function scopePurpose(scope: string, objects: Registry = OBJECTS): string | undefined {
  const match = /^saas\/([a-z_]+)\.(read|write)$/.exec(scope);
  const object = match && objects.find((candidate) => candidate.name === match[1]);
  if (!object) return undefined;
  return match[2] === 'read'
    ? `read ${object.nouns.many}`
    : `create and update ${object.nouns.many}`;
}

// ---------------------------------------------------------------- events

export type RecordEventType<N extends string> = `${N}.created` | `${N}.updated`;

/** Each object's `.created` and `.updated`, in the registry's order. */
export const recordEventTypesOf = <R extends Registry>(
  objects: R,
): RecordEventType<R[number]['name']>[] =>
  objects.flatMap((object) => [
    `${object.name}.created` as const,
    `${object.name}.updated` as const,
  ]);

/** The object a record event is about (`matter.updated` → the matter), if any. */
export function objectOfEvent(type: string, objects: Registry = OBJECTS): ApiObject | undefined {
  const [prefix, action] = type.split('.');
  if (action !== 'created' && action !== 'updated') return undefined;
  return objects.find((object) => object.name === prefix);
}

// ---------------------------------------------------------------- look-ups

export function objectNamed(name: string, objects: Registry = OBJECTS): ApiObject | undefined {
  return objects.find((object) => object.name === name);
}

/** The object under `/v1/<path>`, if any. */
export function objectAt(path: string, objects: Registry = OBJECTS): ApiObject | undefined {
  return objects.find((object) => object.path === path);
}

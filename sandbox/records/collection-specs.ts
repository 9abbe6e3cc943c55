/**
 * What differs between locations, matters and activities, as data. Everything else (storage,
 * validation, merge patch, upsert, listing, events) is one implementation in collections.ts.
 */
import { z } from 'zod';
import {
  ActivityCreate,
  ActivityListQuery,
  ActivityPatch,
  ExpandQuery,
  LocationCreate,
  LocationListQuery,
  LocationPatch,
  MatterCreate,
  MatterExpandQuery,
  MatterListQuery,
  MatterPatch,
  type Sort,
} from '../../src/api/schemas';
import type { ResourceKind } from '../oauth/access';
import type { JsonObject } from '../json';

/** The list query every collection understands (plus its own exact-match filters). */
export interface ListQuery {
  updated_since?: string | undefined;
  created_since?: string | undefined;
  q?: string | undefined;
  external_ref?: string | undefined;
  sort: z.output<typeof Sort>;
  limit: number;
  cursor?: string | undefined;
  expand?: ('matter' | 'location')[] | undefined;
  [filter: string]: unknown;
}

export interface Link {
  /** The field holding the linked id, e.g. `matter_id`. */
  field: string;
  kind: ResourceKind;
  /** The key the linked record is embedded under with `expand` (and in events), if expandable. */
  expandAs?: 'matter' | 'location';
  /** The write-only field that names the linked record by an external ref (`clio:<id>`). */
  refField: 'matter_ref' | 'location_ref';
}

export interface CollectionSpec {
  kind: ResourceKind;
  path: 'locations' | 'matters' | 'activities';
  idPrefix: string;
  idField: string;
  create: z.ZodType;
  patch: z.ZodType;
  list: z.ZodType<ListQuery>;
  /** `?expand` on a single record; collections without links accept no query at all. */
  itemQuery: z.ZodType<{ expand?: ('matter' | 'location')[] | undefined }>;
  /** Stored values of absent writable fields, in the order responses list them. */
  defaults: JsonObject;
  /** The field `q` searches (case-insensitive substring). */
  searchField: string;
  /** List filters that must equal the field of the same name. */
  exactFilters: readonly string[];
  /** The list filter (`name`, `title`) that must equal `searchField` ignoring case and spaces around. */
  textFilter?: string;
  links: readonly Link[];
}

const NoQuery = z.strictObject({});

const maps = { external_refs: {}, custom_fields: {} };

export const COLLECTIONS: readonly CollectionSpec[] = [
  {
    kind: 'location',
    path: 'locations',
    idPrefix: 'loc',
    idField: 'location_id',
    create: LocationCreate,
    patch: LocationPatch,
    list: LocationListQuery,
    itemQuery: NoQuery,
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
    searchField: 'name',
    exactFilters: [],
    textFilter: 'name',
    links: [],
  },
  {
    kind: 'matter',
    path: 'matters',
    idPrefix: 'mat',
    idField: 'matter_id',
    create: MatterCreate,
    patch: MatterPatch,
    list: MatterListQuery,
    itemQuery: MatterExpandQuery,
    defaults: {
      title: '',
      status: 'open',
      due_date: null,
      description: null,
      location_id: null,
      ...maps,
    },
    searchField: 'title',
    exactFilters: ['status', 'location_id'],
    textFilter: 'title',
    links: [
      { field: 'location_id', kind: 'location', refField: 'location_ref', expandAs: 'location' },
    ],
  },
  {
    kind: 'activity',
    path: 'activities',
    idPrefix: 'act',
    idField: 'activity_id',
    create: ActivityCreate,
    patch: ActivityPatch,
    list: ActivityListQuery,
    itemQuery: ExpandQuery,
    defaults: {
      type: 'note',
      date: '',
      notes: null,
      duration_minutes: null,
      matter_id: null,
      location_id: null,
      ...maps,
    },
    searchField: 'notes',
    exactFilters: ['type', 'matter_id', 'location_id'],
    links: [
      { field: 'matter_id', kind: 'matter', expandAs: 'matter', refField: 'matter_ref' },
      { field: 'location_id', kind: 'location', expandAs: 'location', refField: 'location_ref' },
    ],
  },
];

/** The three collections of the contract, described once so that suites can run over all of them. */
import type { z } from 'zod';
import { ActivityExpanded, Location, Matter } from '../../src/api/schemas';
import type { Harness, Json, ScopeName } from './api';
import { longString } from './api';

export type CollectionName = 'locations' | 'matters' | 'activities';

/** A bad write: a label, the body (or raw text), the expected status and the field it names. */
export interface BadWrite {
  label: string;
  body?: unknown;
  raw?: string;
  status: 400 | 422;
  field?: string;
}

export interface Collection {
  name: CollectionName;
  noun: 'location' | 'matter' | 'activity';
  idKey: 'location_id' | 'matter_id' | 'activity_id';
  prefix: 'loc_' | 'mat_' | 'act_';
  schema: z.ZodType;
  readScope: ScopeName;
  writeScope: ScopeName;
  /** The field `q` searches. */
  textField: 'name' | 'title' | 'notes';
  /** The smallest valid create body, carrying `text` in `textField`. */
  minimal(text: string): Record<string, Json>;
  /** What a minimal create leaves in the other fields. */
  defaults: Record<string, Json>;
  /** A nullable field and a value for it (PATCH with null must clear it). */
  nullable: { field: string; value: Json };
  /** The required field a PATCH may not clear, and a value of the wrong type for it. */
  required: { field: string; wrongType: Json };
  /** A custom field of this object (seeded), with a good and a wrong-typed value. */
  customField: { key: string; good: Json; bad: Json };
  /** Bad create bodies specific to this collection (the shared ones are in `commonBadCreates`). */
  badCreates: BadWrite[];
  createdEvent: string;
  updatedEvent: string;
}

export const WELL_FORMED_UNKNOWN = {
  location_id: 'loc_000000000000000000nope',
  matter_id: 'mat_000000000000000000nope',
  activity_id: 'act_000000000000000000nope',
} as const;

export const LOCATIONS: Collection = {
  name: 'locations',
  noun: 'location',
  idKey: 'location_id',
  prefix: 'loc_',
  schema: Location,
  readScope: 'saas/location.read',
  writeScope: 'saas/location.write',
  textField: 'name',
  minimal: (text) => ({ name: text }),
  defaults: {
    email: null,
    phone: null,
    timezone: null,
    last_seen: null,
    external_refs: {},
    custom_fields: {},
  },
  nullable: { field: 'email', value: 'front-desk@example.test' },
  required: { field: 'name', wrongType: 42 },
  customField: { key: 'practice_area', good: 'Family', bad: 42 },
  badCreates: [
    { label: 'missing name', body: {}, status: 422, field: 'name' },
    { label: 'name of the wrong type', body: { name: 123 }, status: 422, field: 'name' },
    { label: 'blank name', body: { name: '   ' }, status: 422, field: 'name' },
    { label: 'name over 200 chars', body: { name: longString(201) }, status: 422, field: 'name' },
    {
      label: 'email that is not an email',
      body: { name: 'A', email: 'not-an-email' },
      status: 422,
      field: 'email',
    },
    {
      label: 'phone not E.164',
      body: { name: 'A', phone: '020 7946 0000' },
      status: 422,
      field: 'phone',
    },
    {
      label: 'unknown timezone',
      body: { name: 'A', timezone: 'Mars/Olympus' },
      status: 422,
      field: 'timezone',
    },
    {
      label: 'country not ISO alpha-2',
      body: { name: 'A', address: { country: 'USA' } },
      status: 422,
      field: 'address.country',
    },
    {
      label: 'address line over 200 chars',
      body: { name: 'A', address: { line1: longString(201) } },
      status: 422,
      field: 'address.line1',
    },
    {
      label: 'unknown address field',
      body: { name: 'A', address: { zip: '12345' } },
      status: 400,
      field: 'address.zip',
    },
    {
      label: 'address of the wrong type',
      body: { name: 'A', address: 'Main St' },
      status: 422,
      field: 'address',
    },
    {
      label: 'bad last_seen date',
      body: { name: 'A', last_seen: 'yesterday' },
      status: 422,
      field: 'last_seen',
    },
    {
      label: 'last_seen without a zone',
      body: { name: 'A', last_seen: '2026-11-27T10:15:00' },
      status: 422,
      field: 'last_seen',
    },
  ],
  createdEvent: 'location.created',
  updatedEvent: 'location.updated',
};

export const MATTERS: Collection = {
  name: 'matters',
  noun: 'matter',
  idKey: 'matter_id',
  prefix: 'mat_',
  schema: Matter,
  readScope: 'saas/matter.read',
  writeScope: 'saas/matter.write',
  textField: 'title',
  minimal: (text) => ({ title: text }),
  defaults: {
    status: 'open',
    due_date: null,
    description: null,
    location_id: null,
    external_refs: {},
    custom_fields: {},
  },
  nullable: { field: 'due_date', value: '2026-12-31' },
  required: { field: 'title', wrongType: false },
  customField: { key: 'budget', good: 1500.5, bad: '1500' },
  badCreates: [
    { label: 'missing title', body: {}, status: 422, field: 'title' },
    { label: 'title of the wrong type', body: { title: ['x'] }, status: 422, field: 'title' },
    {
      label: 'title over 300 chars',
      body: { title: longString(301) },
      status: 422,
      field: 'title',
    },
    {
      label: 'unknown status',
      body: { title: 'A', status: 'archived' },
      status: 422,
      field: 'status',
    },
    {
      label: 'impossible due_date',
      body: { title: 'A', due_date: '2026-02-30' },
      status: 422,
      field: 'due_date',
    },
    {
      label: 'due_date not ISO',
      body: { title: 'A', due_date: '31/12/2026' },
      status: 422,
      field: 'due_date',
    },
    {
      label: 'description over 10,000 chars',
      body: { title: 'A', description: longString(10_001) },
      status: 422,
      field: 'description',
    },
    {
      label: 'malformed location_id',
      body: { title: 'A', location_id: 'not-an-id' },
      status: 422,
      field: 'location_id',
    },
    {
      label: 'unknown location_id',
      body: { title: 'A', location_id: WELL_FORMED_UNKNOWN.location_id },
      status: 422,
      field: 'location_id',
    },
  ],
  createdEvent: 'matter.created',
  updatedEvent: 'matter.updated',
};

export const ACTIVITIES: Collection = {
  name: 'activities',
  noun: 'activity',
  idKey: 'activity_id',
  prefix: 'act_',
  schema: ActivityExpanded,
  readScope: 'saas/activity.read',
  writeScope: 'saas/activity.write',
  textField: 'notes',
  minimal: (text) => ({ type: 'call', date: '2026-11-27T10:15:00.000Z', notes: text }),
  defaults: {
    duration_minutes: null,
    matter_id: null,
    location_id: null,
    external_refs: {},
    custom_fields: {},
  },
  nullable: { field: 'duration_minutes', value: 45 },
  required: { field: 'type', wrongType: 7 },
  customField: { key: 'billable', good: true, bad: 'yes' },
  badCreates: [
    {
      label: 'missing type',
      body: { date: '2026-11-27T10:15:00.000Z' },
      status: 422,
      field: 'type',
    },
    { label: 'missing date', body: { type: 'call' }, status: 422, field: 'date' },
    {
      label: 'unknown type',
      body: { type: 'fax', date: '2026-11-27T10:15:00.000Z' },
      status: 422,
      field: 'type',
    },
    { label: 'bad date', body: { type: 'call', date: 'tomorrow' }, status: 422, field: 'date' },
    {
      label: 'date with a time but no offset',
      body: { type: 'call', date: '2026-11-27T10:15:00' },
      status: 422,
      field: 'date',
    },
    {
      label: 'negative duration',
      body: { type: 'call', date: '2026-11-27T10:15:00.000Z', duration_minutes: -1 },
      status: 422,
      field: 'duration_minutes',
    },
    {
      label: 'fractional duration',
      body: { type: 'call', date: '2026-11-27T10:15:00.000Z', duration_minutes: 1.5 },
      status: 422,
      field: 'duration_minutes',
    },
    {
      label: 'duration as a string',
      body: { type: 'call', date: '2026-11-27T10:15:00.000Z', duration_minutes: '30' },
      status: 422,
      field: 'duration_minutes',
    },
    {
      label: 'notes over 10,000 chars',
      body: { type: 'note', date: '2026-11-27T10:15:00.000Z', notes: longString(10_001) },
      status: 422,
      field: 'notes',
    },
    {
      label: 'unknown matter_id',
      body: {
        type: 'call',
        date: '2026-11-27T10:15:00.000Z',
        matter_id: WELL_FORMED_UNKNOWN.matter_id,
      },
      status: 422,
      field: 'matter_id',
    },
    {
      label: 'unknown location_id',
      body: {
        type: 'call',
        date: '2026-11-27T10:15:00.000Z',
        location_id: WELL_FORMED_UNKNOWN.location_id,
      },
      status: 422,
      field: 'location_id',
    },
  ],
  createdEvent: 'activity.created',
  updatedEvent: 'activity.updated',
};

export const COLLECTIONS: Collection[] = [LOCATIONS, MATTERS, ACTIVITIES];

/** Bad create bodies every collection rejects the same way. */
export function commonBadCreates(c: Collection): BadWrite[] {
  const valid = c.minimal('Valid text');
  return [
    { label: 'bad JSON', raw: '{"oops": ', status: 400 },
    { label: 'an unknown field', body: { ...valid, colour: 'red' }, status: 400, field: 'colour' },
    { label: 'a read-only field', body: { ...valid, version: 7 }, status: 400, field: 'version' },
    {
      label: 'an external_refs key with capitals',
      body: { ...valid, external_refs: { Clio: '1' } },
      status: 422,
      field: 'external_refs',
    },
    {
      label: 'an external_refs value over 128 chars',
      body: { ...valid, external_refs: { clio: longString(129) } },
      status: 422,
      field: 'external_refs',
    },
    {
      label: 'an external_refs value that is not a string',
      body: { ...valid, external_refs: { clio: 1234 } },
      status: 422,
      field: 'external_refs',
    },
    {
      label: 'an unknown custom field',
      body: { ...valid, custom_fields: { no_such_field: 'x' } },
      status: 422,
      field: 'custom_fields.no_such_field',
    },
    {
      label: 'a custom field of the wrong type',
      body: { ...valid, custom_fields: { [c.customField.key]: c.customField.bad } },
      status: 422,
      field: `custom_fields.${c.customField.key}`,
    },
  ];
}

/** Creates a record (expects 201) and returns its body. */
export async function create(
  h: Harness,
  c: Collection,
  token: string,
  body: Record<string, Json>,
): Promise<Json> {
  const response = await h.call('POST', `/v1/${c.name}`, { token, body });
  if (response.status !== 201) {
    throw new Error(`POST /v1/${c.name} → ${response.status}: ${response.text}`);
  }
  return response.body;
}

/** Patches a record (expects 200) and returns its body. */
export async function patch(
  h: Harness,
  c: Collection,
  token: string,
  id: string,
  body: Record<string, Json>,
): Promise<Json> {
  const response = await h.call('PATCH', `/v1/${c.name}/${id}`, { token, body });
  if (response.status !== 200) {
    throw new Error(`PATCH /v1/${c.name}/${id} → ${response.status}: ${response.text}`);
  }
  return response.body;
}

/** Gets a record (expects 200) and returns its body. */
export async function get(
  h: Harness,
  c: Collection,
  token: string,
  id: string,
  query?: Record<string, string>,
): Promise<Json> {
  const response = await h.call('GET', `/v1/${c.name}/${id}`, { token, query });
  if (response.status !== 200) {
    throw new Error(`GET /v1/${c.name}/${id} → ${response.status}: ${response.text}`);
  }
  return response.body;
}

/** Ids of a list response's page. */
export const idsOf = (c: Collection, items: Json[]): string[] =>
  items.map((item) => item[c.idKey] as string);

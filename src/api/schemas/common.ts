/**
 * Building blocks shared by every resource of the Snapshots API v1 contract.
 * The integration validates responses with these, the sandbox validates requests with them,
 * and the OpenAPI document is generated from them: one source of truth.
 */
import { z } from 'zod';

/** Ids are opaque strings with a type prefix (`loc_…`). */
export const prefixedId = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`), `must be an id starting with "${prefix}_"`)
    .meta({ example: `${prefix}_8f2k3j4h5g6f7d8s` });

export const LocationId = prefixedId('loc').meta({ id: 'LocationId' });
export const MatterId = prefixedId('mat').meta({ id: 'MatterId' });
export const ActivityId = prefixedId('act').meta({ id: 'ActivityId' });
export const EventId = prefixedId('evt').meta({ id: 'EventId' });
export const WebhookId = prefixedId('whk').meta({ id: 'WebhookId' });
export const SyncErrorId = prefixedId('err').meta({ id: 'SyncErrorId' });

/** What the API returns: RFC 3339, UTC, milliseconds. */
export const Timestamp = z.iso
  .datetime({ precision: 3 })
  .meta({ id: 'Timestamp', example: '2026-11-27T10:15:00.000Z' });

/**
 * What the API accepts: any RFC 3339 timestamp with a zone (Clio sends offsets),
 * normalised to the canonical UTC form so that storage and comparisons are uniform. Its UTC form
 * must fall within years 0000-9999 (`9999-12-31T23:59:59-23:59` would be year 10000).
 */
export const TimestampInput = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .refine(
    (value) => /^\d{4}-/.test(value),
    'must fall within the years 0000-9999 once converted to UTC',
  )
  .meta({ id: 'TimestampInput', example: '2026-11-27T11:15:00+01:00' });

/** A calendar date, `YYYY-MM-DD`. */
export const PlainDate = z.iso.date().meta({ id: 'PlainDate', example: '2026-12-31' });

/** `system → id`, e.g. `{ "clio": "1234567" }`. */
export const ExternalSystem = z
  .string()
  .regex(/^[a-z0-9_]{1,32}$/, 'must be 1-32 lowercase letters, digits or underscores')
  .meta({ id: 'ExternalSystem', example: 'clio' });
export const ExternalIdValue = z.string().min(1).max(128);
export const ExternalRefs = z
  .record(ExternalSystem, ExternalIdValue)
  .meta({ id: 'ExternalRefs', example: { clio: '1234567' } });

/** A custom field's value; its type is checked against the field's definition. */
export const CustomFieldValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.null(),
]);
export const CustomFields = z
  .record(z.string().min(1).max(64), CustomFieldValue)
  .meta({ id: 'CustomFields', example: { practice_area: 'Family' } });

/** Fields every resource carries, set by the server. */
export const serverFields = {
  created_at: Timestamp,
  last_updated: Timestamp,
  version: z.number().int().min(1).meta({ description: 'Increases by one on every change.' }),
};

export const Cursor = z
  .string()
  .min(1)
  .max(512)
  .meta({ description: 'Opaque; pass back `next_cursor` unchanged.' });

/** `{ data: [...], next_cursor }` */
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ data: z.array(item), next_cursor: Cursor.nullable() })
    .meta({ id, description: 'One page of results; `next_cursor` is null on the last page.' });

export const Limit = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 100')
  .max(100, 'must be between 1 and 100')
  .default(50);

export const Sort = z
  .enum(['-last_updated', 'last_updated', '-created_at', 'created_at'])
  .default('-last_updated');

/**
 * A link given by another system's id instead of a Snapshots id, e.g. `location_ref: "clio:42"`:
 * the server resolves it to the record whose `external_refs[system]` is that id (no match: 422).
 */
export const RecordRef = z
  .string()
  .regex(/^[a-z0-9_]{1,32}:.{1,128}$/, 'must look like "system:id", e.g. "clio:1234567"')
  .meta({ id: 'RecordRef', example: 'clio:1234567' });

/** `external_ref=<system>:<id>` */
export const ExternalRefFilter = z
  .string()
  .regex(/^[a-z0-9_]{1,32}:.{1,128}$/, 'must look like "system:id", e.g. "clio:1234567"');

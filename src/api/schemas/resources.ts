/**
 * The records of the contract's objects (locations, matters, activities; the registry in
 * ../objects.ts lists them). Each resource has a response schema (tolerant: unknown keys are stripped, so a newer
 * server does not break the integration) and strict write schemas (unknown keys are rejected by the
 * sandbox with a 400 that names them).
 */
import { z } from 'zod';
import {
  ActivityId,
  CustomFields,
  ExternalIdValue,
  ExternalRefs,
  ExternalSystem,
  LocationId,
  MatterId,
  PlainDate,
  RecordRef,
  Timestamp,
  TimestampInput,
  CustomFieldValue,
  serverFields,
} from './common';

const Email = z.email('must be an email address').max(254);
const Phone = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, 'must be in E.164 form, e.g. +14155550123')
  .meta({ example: '+14155550123' });
/** Names already checked: each check builds a formatter (about 60 µs; 6 ms for 100 locations). */
const knownTimeZones = new Set<string>();
const MAX_KNOWN_TIME_ZONES = 1_000;
/**
 * A name the IANA time-zone database knows, current (`Asia/Kolkata`, `Europe/Kyiv`) or a link kept
 * for old data (`Asia/Calcutta`): whatever the runtime's database resolves, as `Intl.supportedValuesOf`
 * lists only its canonical, sometimes outdated, names. Names only: offsets such as `+05:00` are not.
 */
function isTimeZoneName(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  if (knownTimeZones.size < MAX_KNOWN_TIME_ZONES) knownTimeZones.add(value);
  return true;
}
const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZoneName, 'must be an IANA time zone, e.g. Europe/London')
  .meta({ example: 'America/New_York' });

const addressLine = z.string().max(200).nullable().optional();
const addressShape = {
  line1: addressLine,
  line2: addressLine,
  city: addressLine,
  region: addressLine,
  postal_code: z.string().max(20).nullable().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. US')
    .nullable()
    .optional(),
};
export const Address = z.object(addressShape).meta({ id: 'Address' });
const AddressInput = z.strictObject(addressShape).meta({ id: 'AddressInput' });

/** In a merge patch `null` clears a key of a map. */
export const ExternalRefsPatch = z.record(ExternalSystem, ExternalIdValue.nullable());

/**
 * A patch's condition on the links, so that a link is never replaced unawares and concurrent
 * links have one winner: checked in the same step as the write.
 */
export const ExpectedExternalRefs = z.record(ExternalSystem, ExternalIdValue.nullable()).meta({
  id: 'ExpectedExternalRefs',
  description:
    'Write condition: for each system named, the reference the record must have now (null: none). ' +
    'A reference already equal to the one the patch sets passes too, so a repeat succeeds. ' +
    'Otherwise 409 `external-ref-mismatch`, changing nothing; `current_external_refs` says what it is.',
  example: { clio: null },
});

// ---------------------------------------------------------------- Location
/** A location's name, in characters (src/api/text's `textLength`); its search takes as many. */
export const LOCATION_NAME_MAX = 200;

const locationWritable = {
  name: z.string().trim().min(1, 'is required').max(LOCATION_NAME_MAX),
  address: AddressInput.optional(),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  timezone: TimeZone.nullable().optional(),
  last_seen: TimestampInput.nullable().optional(),
  external_refs: ExternalRefs.optional(),
  custom_fields: CustomFields.optional(),
};

export const Location = z
  .object({
    location_id: LocationId,
    name: z.string(),
    address: Address,
    email: z.string().nullable(),
    phone: z.string().nullable(),
    timezone: z.string().nullable(),
    last_seen: Timestamp.nullable(),
    external_refs: ExternalRefs,
    custom_fields: CustomFields,
    ...serverFields,
  })
  .meta({ id: 'Location', description: 'A client site or office.' });

export const LocationCreate = z.strictObject(locationWritable).meta({ id: 'LocationCreate' });
export const LocationPatch = z
  .strictObject({
    ...locationWritable,
    name: locationWritable.name.optional(),
    address: AddressInput.nullable().optional(),
    external_refs: ExternalRefsPatch.optional(),
    expected_external_refs: ExpectedExternalRefs.optional(),
  })
  .meta({
    id: 'LocationPatch',
    description: 'JSON merge patch: absent = unchanged, null = cleared.',
  });

// ---------------------------------------------------------------- Matter
export const MatterStatus = z.enum(['open', 'pending', 'closed']).meta({ id: 'MatterStatus' });
/** A matter's title, in characters (src/api/text's `textLength`); its search takes as many. */
export const MATTER_TITLE_MAX = 300;

const matterWritable = {
  title: z.string().trim().min(1, 'is required').max(MATTER_TITLE_MAX),
  status: MatterStatus.optional(),
  due_date: PlainDate.nullable().optional(),
  description: z.string().max(10_000).nullable().optional(),
  location_id: LocationId.nullable().optional(),
  /** Instead of `location_id`: the location by another system's id (`clio:<contact id>`). */
  location_ref: RecordRef.optional(),
  external_refs: ExternalRefs.optional(),
  custom_fields: CustomFields.optional(),
};

export const Matter = z
  .object({
    matter_id: MatterId,
    title: z.string(),
    status: MatterStatus,
    due_date: PlainDate.nullable(),
    description: z.string().nullable(),
    location_id: LocationId.nullable(),
    external_refs: ExternalRefs,
    custom_fields: CustomFields,
    ...serverFields,
  })
  .meta({ id: 'Matter', description: 'A "snapshot entry" for a case.' });

/** A matter with `expand=location`: its location embedded (null when it has none). */
export const MatterExpanded = Matter.extend({ location: Location.nullable().optional() }).meta({
  id: 'MatterExpanded',
});

export const MatterCreate = z.strictObject(matterWritable).meta({ id: 'MatterCreate' });
export const MatterPatch = z
  .strictObject({
    ...matterWritable,
    title: matterWritable.title.optional(),
    external_refs: ExternalRefsPatch.optional(),
    expected_external_refs: ExpectedExternalRefs.optional(),
  })
  .meta({
    id: 'MatterPatch',
    description: 'JSON merge patch: absent = unchanged, null = cleared.',
  });

// ---------------------------------------------------------------- Activity
export const ActivityType = z
  .enum(['call', 'email', 'meeting', 'note', 'task', 'visit'])
  .meta({ id: 'ActivityType' });

const DATE_MEANING =
  'When it happened: a timestamp (an instant; sent with any offset, returned in UTC), or a plain ' +
  'date `YYYY-MM-DD` for an activity that has a day but no time of day. A plain date is that ' +
  'calendar day wherever the activity happened: it is stored and returned exactly as given, never ' +
  'converted to a time or a zone.';

/** A timestamp first: a plain date has no time, so it never matches one (nor the reverse). */
const ActivityDateInput = z
  .union([TimestampInput, PlainDate])
  .meta({ id: 'ActivityDateInput', description: DATE_MEANING });
/** What the API returns: a timestamp in UTC, or the plain date as it was given. */
export const ActivityDate = z
  .union([Timestamp, PlainDate])
  .meta({ id: 'ActivityDate', description: DATE_MEANING });

const activityWritable = {
  type: ActivityType,
  date: ActivityDateInput,
  notes: z.string().max(10_000).nullable().optional(),
  duration_minutes: z.number().int('must be a whole number').min(0).nullable().optional(),
  matter_id: MatterId.nullable().optional(),
  location_id: LocationId.nullable().optional(),
  /** Instead of `matter_id` / `location_id`: the record by another system's id (`clio:<id>`). */
  matter_ref: RecordRef.optional(),
  location_ref: RecordRef.optional(),
  external_refs: ExternalRefs.optional(),
  custom_fields: CustomFields.optional(),
};

const activityShape = {
  activity_id: ActivityId,
  type: ActivityType,
  date: ActivityDate,
  notes: z.string().nullable(),
  duration_minutes: z.number().int().nullable(),
  matter_id: MatterId.nullable(),
  location_id: LocationId.nullable(),
  external_refs: ExternalRefs,
  custom_fields: CustomFields,
  ...serverFields,
};
export const Activity = z.object(activityShape).meta({ id: 'Activity' });

/** An activity with `expand=matter,location`: the linked records embedded (null when unlinked). */
export const ActivityExpanded = z
  .object({
    ...activityShape,
    matter: Matter.nullable().optional(),
    location: Location.nullable().optional(),
  })
  .meta({ id: 'ActivityExpanded' });

export const ActivityCreate = z.strictObject(activityWritable).meta({ id: 'ActivityCreate' });
export const ActivityPatch = z
  .strictObject({
    ...activityWritable,
    type: ActivityType.optional(),
    date: ActivityDateInput.optional(),
    external_refs: ExternalRefsPatch.optional(),
    expected_external_refs: ExpectedExternalRefs.optional(),
  })
  .meta({
    id: 'ActivityPatch',
    description: 'JSON merge patch: absent = unchanged, null = cleared.',
  });

export { CustomFieldValue };

export type Location = z.infer<typeof Location>;
export type LocationCreate = z.input<typeof LocationCreate>;
export type LocationPatch = z.input<typeof LocationPatch>;
export type Matter = z.infer<typeof Matter>;
export type MatterExpanded = z.infer<typeof MatterExpanded>;
export type MatterCreate = z.input<typeof MatterCreate>;
export type MatterPatch = z.input<typeof MatterPatch>;
export type Activity = z.infer<typeof Activity>;
export type ActivityExpanded = z.infer<typeof ActivityExpanded>;
export type ActivityCreate = z.input<typeof ActivityCreate>;
export type ActivityPatch = z.input<typeof ActivityPatch>;

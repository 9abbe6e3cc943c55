/**
 * An activity, described once for every trigger, action and search (`activityKind`). What every
 * activity output carries: the API record under its own field names (with the embedded matter
 * and location), plus what Clio's Create Time Entry, Note and Communication need, flat: the
 * linked Clio matter and contact, the date as Clio takes it, the duration in Clio's units, the
 * subject and body Clio requires, and which Clio record suits the activity (or why none does).
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { OBJECT } from '../api/objects';
import type { ActivityExpanded, Matter, MatterExpanded, Read } from '../api/schemas';
import { outputsPerRole, recordKind } from '../builders/object-kind';
import {
  changeId,
  externalId,
  nestedFields,
  objectOutputFields,
  outputFields,
  SERVER_FIELDS,
  withChange,
  withoutMissingLinks,
  type ChangeInfo,
} from '../fields/outputs';
import { capitalize, excerpt, partsIn } from '../runtime/text';
import { locationRecordFields, SAMPLE_LOCATION } from '../locations/location';
import { matterRecordFields, SAMPLE_MATTER } from '../matters/matter';
import { activityClio, activityFields, activityIdField } from './activity.fields';
import type { ClioActivityKind } from './clio-kinds';

/** Its registry entry: name, nouns, schemas, API collection (src/api/objects). */
const API = OBJECT.activity;
const object = API.name;
const noun = API.nouns.title;

type ActivityType = ActivityExpanded['type'];

/** A Clio record the recipe creates for the activity, or `none`: the recipe stops it at no task. */
export type ClioRoute = ClioActivityKind | 'none';

export type ActivityClioFields = {
  /** `YYYY-MM-DD`: a plain date as given; a timestamp's day where the location is (else UTC). */
  clio_date: string;
  /** Clio's time-entry `quantity` (seconds since API 4.0.4). */
  duration_seconds: number | null;
  duration_hours: number | null;
  clio_matter_id: string | null;
  clio_contact_id: string | null;
  clio_record: ClioRoute;
  /** Why no Clio record fits, in plain words; null when one does. */
  clio_no_record_reason: string | null;
  /** `Matter` for a note: Clio's Zapier app creates notes on matters only. */
  clio_note_type: 'Matter' | null;
  clio_communication_type: 'PhoneCommunication' | 'EmailCommunication' | null;
  /** Never empty: Clio requires a communication's subject. */
  clio_subject: string;
  /** Never empty: Clio requires a communication's body. The notes, else the subject. */
  clio_body: string;
  /** A communication's time (Clio's `received_at`): the timestamp; null for a plain date. */
  clio_received_at: string | null;
  clio_note_id: string | null;
  clio_communication_id: string | null;
  clio_time_entry_id: string | null;
};

export type ActivityOutput = { id: string } & ActivityExpanded &
  ActivityClioFields &
  Partial<ChangeInfo>;

export interface ClioRouteChoice {
  record: ClioRoute;
  /** Null when a record fits. */
  reason: string | null;
}

const COMMUNICATIONS: Partial<Record<ActivityType, ActivityClioFields['clio_communication_type']>> =
  { call: 'PhoneCommunication', email: 'EmailCommunication' };
/** Work a firm bills: a time entry when it took time. */
const BILLABLE: readonly string[] = ['meeting', 'visit', 'task'] satisfies ActivityType[];

/**
 * Which Clio record the recipe creates for an activity, from what Clio requires (its API v4
 * document) and what Clio's Zapier app can create (no note on a contact, no update of a note,
 * communication or time entry). Only a Clio matter counts: a Snapshots matter not linked to
 * Clio yet is left out of the record, as Clio's document allows for all but a Matter note.
 * - a call or email: a communication (Clio requires `type`, `subject` and `body`, all filled);
 * - a meeting, visit or task with a duration: a time entry (Clio requires only `type` and `date`);
 * - a note, or anything else (a type newer than this version, a meeting with no duration): a
 *   Matter note on the Clio matter (Clio requires `matter.id`); without one, none.
 */
export function clioRouteOf(
  activity: Pick<ActivityExpanded, 'duration_minutes' | 'matter_id'> & { type: string },
  clioMatterId: string | null,
): ClioRouteChoice {
  const type = activity.type;
  if (type in COMMUNICATIONS) return { record: 'clio_communication', reason: null };
  if (BILLABLE.includes(type) && activity.duration_minutes) {
    return { record: 'clio_time_entry', reason: null };
  }
  if (clioMatterId) return { record: 'clio_note', reason: null };
  const what = BILLABLE.includes(type)
    ? `A ${type} with no duration has no time to bill, so it would be a Clio note`
    : `A ${type} would be a Clio note`;
  const [why, fix] = activity.matter_id
    ? [
        `this ${type}'s matter is not linked to a Clio matter yet`,
        `Link the matter to Clio, then change the ${type} to send it.`,
      ]
    : [`this ${type} has no matter`, `Give it a matter linked to Clio to send it.`];
  return {
    record: 'none',
    reason: `${what}, and Clio's Zapier app creates notes on a matter only: ${why}. ${fix}`,
  };
}

/** `2026-11-27` in `timeZone` (UTC when none, or one this runtime does not know). */
export function calendarDate(timestamp: string, timeZone: string | null | undefined): string {
  const utc = timestamp.slice(0, 10);
  const parts = timeZone ? partsIn(new Date(timestamp), timeZone) : undefined;
  return parts ? `${parts.year}-${parts.month}-${parts.day}` : utc;
}

/** A plain date (`YYYY-MM-DD`, a date-only activity) rather than a timestamp. */
export const isPlainDate = (date: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(date);

/** The day Clio files the activity under: a plain date is that day wherever it happened. */
export function clioDateOf(date: string, timeZone: string | null | undefined): string {
  return isPlainDate(date) ? date : calendarDate(date, timeZone);
}

/** A one-line subject, at most this long. */
export const SUBJECT_LENGTH = 100;

export function toActivityOutput(record: ActivityExpanded, change?: ChangeInfo): ActivityOutput {
  const minutes = record.duration_minutes;
  const clioMatterId = record.matter ? externalId(record.matter.external_refs, 'clio') : null;
  const route = clioRouteOf(record, clioMatterId);
  const clioDate = clioDateOf(record.date, record.location?.timezone);
  const notes = excerpt(record.notes, SUBJECT_LENGTH - record.type.length - 2);
  const subject = notes
    ? `${capitalize(record.type)}: ${notes}`
    : `${capitalize(record.type)} on ${clioDate}`;
  return withChange(
    {
      id: changeId(record.activity_id, record.version),
      ...withoutMissingLinks(record, ['matter', 'location']),
      clio_date: clioDate,
      duration_seconds: minutes === null ? null : minutes * 60,
      duration_hours: minutes === null ? null : Math.round((minutes / 60) * 100) / 100,
      clio_matter_id: clioMatterId,
      clio_contact_id: record.location ? externalId(record.location.external_refs, 'clio') : null,
      clio_record: route.record,
      clio_no_record_reason: route.reason,
      clio_note_type: route.record === 'clio_note' ? 'Matter' : null,
      clio_communication_type:
        route.record === 'clio_communication' ? (COMMUNICATIONS[record.type] ?? null) : null,
      clio_subject: subject,
      // Whitespace is no body: Clio would refuse it as blank.
      clio_body: record.notes?.trim() ? record.notes : subject,
      clio_received_at: isPlainDate(record.date) ? null : record.date,
      clio_note_id: externalId(record.external_refs, 'clio_note'),
      clio_communication_id: externalId(record.external_refs, 'clio_communication'),
      clio_time_entry_id: externalId(record.external_refs, 'clio_time_entry'),
    },
    change,
  );
}

export const activityRecordFields: PlainOutputField[] = outputFields({
  activity_id: ['Activity ID', 'string'],
  type: ['Type (call, email, meeting, note, task or visit)', 'string'],
  date: ['Date (a date, or a date and time)', 'datetime'],
  notes: ['Notes', 'string'],
  duration_minutes: ['Duration (Minutes)', 'integer'],
  matter_id: ['Matter ID', 'string'],
  location_id: ['Location ID', 'string'],
  external_refs__clio_note: ['Linked Clio Note ID', 'string'],
  external_refs__clio_communication: ['Linked Clio Communication ID', 'string'],
  external_refs__clio_time_entry: ['Linked Clio Time Entry ID', 'string'],
  ...SERVER_FIELDS,
});

export const activityOutputFields: PlainOutputField[] = objectOutputFields({
  noun,
  record: activityRecordFields,
  embedded: [
    ...nestedFields('matter', 'Matter', matterRecordFields),
    ...nestedFields('location', 'Location', locationRecordFields),
  ],
  clio: {
    clio_date: ['Clio Date (YYYY-MM-DD)', 'string'],
    duration_seconds: ['Duration (Seconds, Clio Quantity)', 'integer'],
    duration_hours: ['Duration (Hours)', 'number'],
    clio_matter_id: ['Clio Matter ID', 'string'],
    clio_contact_id: ['Clio Contact ID', 'string'],
    clio_record: [
      'Clio Record (clio_note, clio_communication, clio_time_entry, or none)',
      'string',
    ],
    clio_no_record_reason: ['Why No Clio Record', 'string'],
    clio_note_type: ['Clio Note Type (Matter)', 'string'],
    clio_communication_type: [
      'Clio Communication Type (PhoneCommunication or EmailCommunication)',
      'string',
    ],
    clio_subject: ['Clio Subject', 'string'],
    clio_body: ['Clio Body (the Notes, else the Subject)', 'string'],
    clio_received_at: ['Clio Received At (date and time; empty for a date alone)', 'datetime'],
    clio_note_id: ['Clio Note ID', 'string'],
    clio_communication_id: ['Clio Communication ID', 'string'],
    clio_time_entry_id: ['Clio Time Entry ID', 'string'],
  },
});

/** Activities embed the matter as GET returns it without `expand`. */
const withoutLocation = ({ location: _location, ...matter }: MatterExpanded): Matter => matter;

export const SAMPLE_ACTIVITY: ActivityExpanded = {
  activity_id: 'act_5Ny7Rb3Tc8Vm2Qp',
  type: 'call',
  date: '2026-11-27T15:30:00.000Z',
  notes: 'Called Ms. Smith about the lease renewal terms.',
  duration_minutes: 25,
  matter_id: SAMPLE_MATTER.matter_id,
  location_id: SAMPLE_LOCATION.location_id,
  external_refs: { clio_communication: '9988776' },
  // An account's own custom fields are its own: the dynamic output fields show them.
  custom_fields: {},
  created_at: '2026-11-27T15:55:00.000Z',
  last_updated: '2026-11-27T15:55:00.000Z',
  version: 1,
  matter: withoutLocation(SAMPLE_MATTER),
  location: SAMPLE_LOCATION,
};

const activityOutputs = outputsPerRole(object, {
  fields: activityOutputFields,
  embedded: [
    { key: 'matter', label: 'Matter', object: 'matter' },
    { key: 'location', label: 'Location', object: 'location' },
  ],
  output: toActivityOutput,
  record: SAMPLE_ACTIVITY,
  change: {
    event_id: 'evt_2Wm6Pf8Jx3Ka9Lb',
    event_type: 'activity.created',
    occurred_at: '2026-11-27T15:55:00.000Z',
    changed_fields: [],
  },
});

/** The sample of an activity trigger. */
export const activitySample: ActivityOutput = activityOutputs.trigger.sample;

export const activityKind = recordKind<Read<ActivityExpanded>, ActivityOutput, typeof API>(API, {
  idField: activityIdField,
  fields: activityFields,
  clio: activityClio,
  output: toActivityOutput,
  outputs: activityOutputs,
});

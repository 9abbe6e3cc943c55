/**
 * An activity, described once for every trigger, action and search (`activityKind`). What every
 * activity output carries: the API record under its own field names (with the embedded matter
 * and location), plus what Clio's Create Time Entry, Note and Communication need, flat: the
 * linked Clio matter and contact, the date as Clio takes it, the duration in Clio's units, and
 * which Clio record suits the activity.
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

export type ActivityClioFields = {
  /** `YYYY-MM-DD`, in the time zone of the activity's location (UTC when it has none). */
  clio_date: string;
  /** Clio's time-entry `quantity`. */
  duration_seconds: number | null;
  duration_hours: number | null;
  clio_matter_id: string | null;
  clio_contact_id: string | null;
  clio_record: ClioActivityKind;
  clio_note_type: 'Matter' | 'Contact' | null;
  clio_communication_type: 'PhoneCommunication' | 'EmailCommunication' | null;
  clio_subject: string;
  clio_note_id: string | null;
  clio_communication_id: string | null;
  clio_time_entry_id: string | null;
};

export type ActivityOutput = { id: string } & ActivityExpanded &
  ActivityClioFields &
  Partial<ChangeInfo>;

/**
 * Calls and emails are Clio communications (phone, email); notes are Clio notes. Meetings, visits
 * and tasks are work a firm bills: a time entry when they took time and belong to a matter (a Clio
 * time entry links to a matter, never to a contact), else a note, on the matter or on the
 * location's contact. A type newer than this version is a note: any activity fits one.
 */
export function clioRecordOf(
  activity: Pick<ActivityExpanded, 'duration_minutes' | 'matter_id'> & { type: string },
): ClioActivityKind {
  const recordOf: Record<ActivityType, ClioActivityKind> = {
    call: 'clio_communication',
    email: 'clio_communication',
    note: 'clio_note',
    meeting: 'clio_time_entry',
    visit: 'clio_time_entry',
    task: 'clio_time_entry',
  };
  const kind = (recordOf as Record<string, ClioActivityKind | undefined>)[activity.type];
  if (kind === 'clio_time_entry') {
    return activity.duration_minutes && activity.matter_id ? kind : 'clio_note';
  }
  return kind ?? 'clio_note';
}

/** `2026-11-27` in `timeZone` (UTC when none, or one this runtime does not know). */
export function calendarDate(timestamp: string, timeZone: string | null | undefined): string {
  const utc = timestamp.slice(0, 10);
  const parts = timeZone ? partsIn(new Date(timestamp), timeZone) : undefined;
  return parts ? `${parts.year}-${parts.month}-${parts.day}` : utc;
}

/** A one-line subject, at most this long. */
export const SUBJECT_LENGTH = 100;

export function toActivityOutput(record: ActivityExpanded, change?: ChangeInfo): ActivityOutput {
  const minutes = record.duration_minutes;
  const clioRecord = clioRecordOf(record);
  const clioDate = calendarDate(record.date, record.location?.timezone);
  const notes = excerpt(record.notes, SUBJECT_LENGTH - record.type.length - 2);
  let noteType: ActivityClioFields['clio_note_type'] = null;
  if (clioRecord === 'clio_note')
    noteType = record.matter_id ? 'Matter' : record.location_id ? 'Contact' : null;
  const communicationTypes: Partial<
    Record<ActivityType, ActivityClioFields['clio_communication_type']>
  > = {
    call: 'PhoneCommunication',
    email: 'EmailCommunication',
  };
  return withChange(
    {
      id: changeId(record.activity_id, record.version),
      ...record,
      clio_date: clioDate,
      duration_seconds: minutes === null ? null : minutes * 60,
      duration_hours: minutes === null ? null : Math.round((minutes / 60) * 100) / 100,
      clio_matter_id: record.matter ? externalId(record.matter.external_refs, 'clio') : null,
      clio_contact_id: record.location ? externalId(record.location.external_refs, 'clio') : null,
      clio_record: clioRecord,
      clio_note_type: noteType,
      clio_communication_type:
        clioRecord === 'clio_communication' ? (communicationTypes[record.type] ?? null) : null,
      clio_subject: notes
        ? `${capitalize(record.type)}: ${notes}`
        : `${capitalize(record.type)} on ${clioDate}`,
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
  date: ['Date and Time', 'datetime'],
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
    clio_record: ['Clio Record (clio_note, clio_communication or clio_time_entry)', 'string'],
    clio_note_type: ['Clio Note Type (Matter or Contact)', 'string'],
    clio_communication_type: [
      'Clio Communication Type (PhoneCommunication or EmailCommunication)',
      'string',
    ],
    clio_subject: ['Clio Subject', 'string'],
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
  custom_fields: { billable: true, outcome: 'Agreed to send the draft by Friday.' },
  created_at: '2026-11-27T15:55:00.000Z',
  last_updated: '2026-11-27T15:55:00.000Z',
  version: 1,
  matter: withoutLocation(SAMPLE_MATTER),
  location: SAMPLE_LOCATION,
};

export const activitySample: ActivityOutput = toActivityOutput(SAMPLE_ACTIVITY, {
  event_id: 'evt_2Wm6Pf8Jx3Ka9Lb',
  event_type: 'activity.created',
  occurred_at: '2026-11-27T15:55:00.000Z',
  changed_fields: [],
});

export const activityKind = recordKind<Read<ActivityExpanded>, ActivityOutput, typeof API>(API, {
  idField: activityIdField,
  fields: activityFields,
  clio: activityClio,
  output: toActivityOutput,
  outputs: outputsPerRole(object, activityOutputFields, activitySample),
});

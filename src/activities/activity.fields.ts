/** An activity's inputs, as the actions and searches read them (see ./activity for the kind). */
import { ActivityType } from '../api/schemas';
import type { ClioRefInputs } from '../builders/clio-ref';
import {
  choiceInput,
  clioIdInput,
  dateOrTimestampInput,
  durationInput,
  snapshotsIdInput,
  textInput,
} from '../fields/inputs';
import { capitalize } from '../runtime/text';
import type { WriteField } from '../fields/write-fields';
import { dynamicDropdown, searchFor } from '../keys';
import { ACTIVITY_LIST, FIND_ACTIVITY } from './activity.keys';
import { locationClioContactField } from '../locations/location';
import { locationIdField } from '../locations/location.fields';
import { matterClioMatterField } from '../matters/matter';
import { matterIdField } from '../matters/matter.fields';
import { CLIO_ACTIVITY_KINDS } from './clio-kinds';

export const activityIdField: WriteField = {
  key: 'activity_id',
  label: 'Activity',
  helpText: 'The Snapshots activity: pick one, or map an **Activity ID** from an earlier step.',
  dynamic: dynamicDropdown(ACTIVITY_LIST),
  search: searchFor(FIND_ACTIVITY, 'activity_id'),
  convert: snapshotsIdInput('act', 'activity'),
  path: 'activity_id',
};

/** Clio's communication types name our call and email. */
const TYPE_ALIASES = {
  PhoneCommunication: 'call',
  EmailCommunication: 'email',
  phone: 'call',
} as const;

const duration = (
  key: string,
  label: string,
  minutesPerUnit: number,
  helpText: string,
): WriteField => ({
  key,
  label,
  type: 'number',
  helpText: `${helpText} Fill in only one of the three durations.`,
  convert: durationInput(minutesPerUnit),
  path: 'duration_minutes',
  alternativeGroup: 'duration',
});

export const activityFields: readonly WriteField[] = [
  {
    key: 'type',
    label: 'Type',
    helpText:
      "Call, Email, Meeting, Note, Task or Visit, in any case; Clio's PhoneCommunication and EmailCommunication are read as Call and Email.",
    required: true,
    choices: ActivityType.options.map((type) => ({
      value: type,
      label: capitalize(type),
      sample: type,
    })),
    convert: choiceInput(
      ActivityType.options,
      'one of Call, Email, Meeting, Note, Task or Visit',
      TYPE_ALIASES,
    ),
    path: 'type',
  },
  {
    key: 'date',
    label: 'Date',
    type: 'datetime',
    helpText:
      'When it happened: a timestamp with an offset, or a date alone such as a Clio time entry **Date** (kept as that day, with no time of day).',
    required: true,
    convert: dateOrTimestampInput,
    path: 'date',
  },
  {
    key: 'notes',
    label: 'Notes',
    type: 'text',
    helpText: "What happened, e.g. a Clio note's **Detail** or a time entry's **Note**.",
    convert: textInput(10_000),
    path: 'notes',
    clears: ['notes'],
  },
  {
    ...duration('duration_minutes', 'Duration (Minutes)', 1, 'How long it took, in minutes.'),
    clears: ['duration_minutes'],
  },
  duration(
    'duration_seconds',
    'Duration (Seconds)',
    1 / 60,
    "In seconds, e.g. a Clio time entry's **Quantity**; rounded to whole minutes.",
  ),
  duration(
    'duration_hours',
    'Duration (Hours)',
    60,
    'In hours, e.g. 1.5; rounded to whole minutes.',
  ),
  {
    ...matterIdField,
    helpText:
      'The matter it belongs to: pick one, or map a **Matter ID** (or use the Clio matter ID below).',
    clears: ['matter_id'],
    alternativeGroup: 'matter',
  },
  matterClioMatterField,
  {
    ...locationIdField,
    helpText:
      'The location it happened at or for: pick one, or map a **Location ID** (or use the Clio contact ID below).',
    clears: ['location_id'],
    alternativeGroup: 'location',
  },
  locationClioContactField,
];

const KIND_LABELS = {
  clio_note: 'Clio Note',
  clio_communication: 'Clio Communication',
  clio_time_entry: 'Clio Time Entry',
} as const;

export const activityClio: ClioRefInputs = {
  id: {
    key: 'clio_id',
    label: 'Clio Record ID',
    helpText:
      'The **ID** of the Clio note, communication or time entry, as a number or numeric text.',
    convert: clioIdInput,
    path: '',
  },
  system: {
    key: 'clio_kind',
    label: 'Clio Record Kind',
    helpText:
      'Which kind of Clio record the ID belongs to: Clio numbers notes, communications and time entries separately.',
    choices: CLIO_ACTIVITY_KINDS.map((kind) => ({
      value: kind,
      label: KIND_LABELS[kind],
      sample: kind,
    })),
    convert: choiceInput(CLIO_ACTIVITY_KINDS, 'Clio Note, Clio Communication or Clio Time Entry', {
      note: 'clio_note',
      communication: 'clio_communication',
      time_entry: 'clio_time_entry',
      // Clio's own record types, as its triggers emit them.
      PhoneCommunication: 'clio_communication',
      EmailCommunication: 'clio_communication',
    }),
    path: '',
  },
};

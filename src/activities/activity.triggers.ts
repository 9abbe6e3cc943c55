/** "New Activity" and "New or Updated Activity": instant triggers, configuration of ./hook-trigger. */
import { ActivityExpanded } from '../api/schemas';
import { customFieldOutputs } from '../fields/custom-field-outputs';
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_ACTIVITY, NEW_OR_UPDATED_ACTIVITY } from '../keys';
import { activityOutputFields, activitySample, toActivityOutput } from './activity';

const activity = {
  noun: 'Activity',
  record: ActivityExpanded,
  versionOf: (record: ActivityExpanded) => ({ id: record.activity_id, version: record.version }),
  toOutput: toActivityOutput,
  sample: activitySample,
  outputFields: [...activityOutputFields, customFieldOutputs('activity')],
};

export const newActivity = defineHookTrigger({
  ...activity,
  key: NEW_ACTIVITY,
  label: 'New Activity',
  description:
    'Triggers when an activity (a call, email, meeting, note, task or visit) is created in ' +
    'Snapshots, with its linked Clio matter and contact and the Clio record that suits it.',
  events: ['activity.created'],
});

export const newOrUpdatedActivity = defineHookTrigger({
  ...activity,
  key: NEW_OR_UPDATED_ACTIVITY,
  label: 'New or Updated Activity',
  description:
    'Triggers when an activity is created or changed in Snapshots, once per change. Use it to ' +
    'keep the matching Clio time entry, note or communication up to date.',
  events: ['activity.created', 'activity.updated'],
  fieldFilter: {
    object: 'activity',
    choices: [
      { value: 'type', label: 'Type' },
      { value: 'date', label: 'Date and Time' },
      { value: 'notes', label: 'Notes' },
      { value: 'duration_minutes', label: 'Duration' },
      { value: 'matter_id', label: 'Matter' },
      { value: 'location_id', label: 'Location' },
      { value: 'external_refs', label: 'Linked IDs (External References)' },
    ],
  },
});

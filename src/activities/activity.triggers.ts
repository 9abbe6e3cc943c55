/** "New Activity" and "New or Updated Activity": instant triggers (../builders/hook-trigger). */
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_ACTIVITY, NEW_OR_UPDATED_ACTIVITY } from './activity.keys';
import { activityKind } from './activity';

export const newActivity = defineHookTrigger(activityKind, {
  key: NEW_ACTIVITY,
  label: 'New Activity',
  description:
    'Triggers when an activity (a call, email, meeting, note, task or visit) is created in ' +
    'Snapshots, with its linked Clio matter and contact and the Clio record that suits it.',
  events: ['activity.created'],
});

export const newOrUpdatedActivity = defineHookTrigger(activityKind, {
  key: NEW_OR_UPDATED_ACTIVITY,
  label: 'New or Updated Activity',
  description:
    'Triggers when an activity is created or changed in Snapshots, once per change. Use it to ' +
    'keep the matching Clio time entry, note or communication up to date.',
  events: ['activity.created', 'activity.updated'],
  fieldFilter: [
    { value: 'type', label: 'Type' },
    { value: 'date', label: 'Date and Time' },
    { value: 'notes', label: 'Notes' },
    { value: 'duration_minutes', label: 'Duration' },
    { value: 'matter_id', label: 'Matter' },
    { value: 'location_id', label: 'Location' },
    { value: 'external_refs', label: 'Linked IDs (External References)' },
  ],
});

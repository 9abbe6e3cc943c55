/** "New Activity" and "New or Updated Activity": instant triggers (../builders/hook-trigger). */
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_ACTIVITY, NEW_OR_UPDATED_ACTIVITY } from './activity.keys';
import { activityKind } from './activity';

export const newActivity = defineHookTrigger(activityKind, {
  key: NEW_ACTIVITY,
  label: 'New Activity',
  description:
    'Triggers when an activity (a call, email, meeting, note, task or visit) is created, with its Clio matter and contact.',
  events: ['activity.created'],
});

export const newOrUpdatedActivity = defineHookTrigger(activityKind, {
  key: NEW_OR_UPDATED_ACTIVITY,
  label: 'New or Updated Activity',
  description:
    'Triggers when an activity is created or changed, once per change, to keep its Clio record up to date.',
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

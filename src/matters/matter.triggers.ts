/** "New Matter" and "New or Updated Matter": instant triggers (../builders/hook-trigger). */
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_MATTER, NEW_OR_UPDATED_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const newMatter = defineHookTrigger(matterKind, {
  key: NEW_MATTER,
  label: 'New Matter',
  description:
    'Triggers when a matter (a snapshot entry) is created in Snapshots, with its status in ' +
    "Clio's spelling and the Clio contact of its location, ready for Clio's Create Matter.",
  events: ['matter.created'],
});

export const newOrUpdatedMatter = defineHookTrigger(matterKind, {
  key: NEW_OR_UPDATED_MATTER,
  label: 'New or Updated Matter',
  description:
    'Triggers when a matter is created or changed in Snapshots, once per change. Choose Status ' +
    "under Only When These Fields Change for the counterpart of Clio's Matter Status Updated.",
  events: ['matter.created', 'matter.updated'],
  fieldFilter: [
    { value: 'title', label: 'Title' },
    { value: 'status', label: "Status (like Clio's Matter Status Updated)" },
    { value: 'due_date', label: 'Due Date' },
    { value: 'description', label: 'Description' },
    { value: 'location_id', label: 'Location' },
    { value: 'external_refs', label: 'Linked IDs (External References)' },
  ],
});

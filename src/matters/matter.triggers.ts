/** "New Matter" and "New or Updated Matter": instant triggers (../builders/hook-trigger). */
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_MATTER, NEW_OR_UPDATED_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const newMatter = defineHookTrigger(matterKind, {
  key: NEW_MATTER,
  label: 'New Matter',
  description:
    "Triggers when a matter (a snapshot entry) is created, with its status in Clio's spelling and its Clio contact.",
  events: ['matter.created'],
});

export const newOrUpdatedMatter = defineHookTrigger(matterKind, {
  key: NEW_OR_UPDATED_MATTER,
  label: 'New or Updated Matter',
  description:
    'Triggers when a matter is created or changed, once per change, or only when the fields you choose change.',
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

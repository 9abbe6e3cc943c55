/** "New Matter" and "New or Updated Matter": instant triggers, configuration of ./hook-trigger. */
import { MatterExpanded } from '../api/schemas';
import { customFieldOutputs } from '../fields/custom-field-outputs';
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_MATTER, NEW_OR_UPDATED_MATTER } from '../keys';
import { matterOutputFields, matterSample, toMatterOutput } from './matter';

const matter = {
  noun: 'Matter',
  record: MatterExpanded,
  versionOf: (record: MatterExpanded) => ({ id: record.matter_id, version: record.version }),
  toOutput: toMatterOutput,
  sample: matterSample,
  outputFields: [...matterOutputFields, customFieldOutputs('matter')],
};

export const newMatter = defineHookTrigger({
  ...matter,
  key: NEW_MATTER,
  label: 'New Matter',
  description:
    'Triggers when a matter (a snapshot entry) is created in Snapshots, with its status in ' +
    "Clio's spelling and the Clio contact of its location, ready for Clio's Create Matter.",
  events: ['matter.created'],
});

export const newOrUpdatedMatter = defineHookTrigger({
  ...matter,
  key: NEW_OR_UPDATED_MATTER,
  label: 'New or Updated Matter',
  description:
    'Triggers when a matter is created or changed in Snapshots, once per change. Choose Status ' +
    "under Only When These Fields Change for the counterpart of Clio's Matter Status Updated.",
  events: ['matter.created', 'matter.updated'],
  fieldFilter: {
    object: 'matter',
    choices: [
      { value: 'title', label: 'Title' },
      { value: 'status', label: "Status (like Clio's Matter Status Updated)" },
      { value: 'due_date', label: 'Due Date' },
      { value: 'description', label: 'Description' },
      { value: 'location_id', label: 'Location' },
      { value: 'external_refs', label: 'Linked IDs (External References)' },
    ],
  },
});

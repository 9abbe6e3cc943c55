/** Matters as the action and search builders see them: inputs, contract, collection, output. */
import { MatterCreate, MatterPatch, MatterStatus, type Matter, type Read } from '../api/schemas';
import type { ClioRefInputs } from '../builders/actions';
import {
  clioIdInput,
  dateInput,
  lineInput,
  snapshotsIdInput,
  statusInput,
  textInput,
} from '../fields/inputs';
import type { RecordKind } from '../builders/object-kind';
import { capitalize } from '../runtime/text';
import type { WriteField } from '../fields/write-fields';
import { FIND_MATTER, MATTER_LIST, dynamicDropdown, searchFor } from '../keys';
import { locationClioContactField, locationIdField } from '../locations/location.fields';
import { matterOutputFields, matterSample, toMatterOutput } from './matter';

/** A matter picked from the dropdown, or found by a search step; activities link one. */
export const matterIdField: WriteField = {
  key: 'matter_id',
  label: 'Matter',
  helpText: 'The Snapshots matter: pick one, or map a **Matter ID** from an earlier step.',
  dynamic: dynamicDropdown(MATTER_LIST),
  search: searchFor(FIND_MATTER, 'matter_id'),
  convert: snapshotsIdInput('mat', 'matter'),
  path: 'matter_id',
};

export const matterFields: readonly WriteField[] = [
  {
    key: 'title',
    label: 'Title',
    helpText:
      "The matter's title, e.g. Clio's matter **Description** or **Display Number**. In Find or Create Matter, map the same value as the search's Title.",
    required: true,
    convert: lineInput(300),
    path: 'title',
  },
  {
    key: 'status',
    label: 'Status',
    helpText:
      "Open, Pending or Closed, in any case: map Clio's matter **Status** as it is. New matters are Open when left blank.",
    choices: MatterStatus.options.map((status) => ({
      value: status,
      label: capitalize(status),
      sample: status,
    })),
    convert: statusInput,
    path: 'status',
  },
  {
    key: 'due_date',
    label: 'Due Date',
    type: 'datetime',
    helpText:
      'A date such as 2027-03-01, or a timestamp with an offset (its own calendar date is kept). Clio matters have no due date: map the date field your firm uses.',
    convert: dateInput,
    path: 'due_date',
    clears: ['due_date'],
  },
  {
    key: 'description',
    label: 'Description',
    type: 'text',
    helpText: 'Longer notes about the matter.',
    convert: textInput(10_000),
    path: 'description',
    clears: ['description'],
  },
  {
    ...locationIdField,
    helpText:
      "The matter's client location: pick one, or map a **Location ID** (or use the Clio contact ID below).",
    clears: ['location_id'],
    alternativeGroup: 'location',
  },
  locationClioContactField,
];

export const matterClio: ClioRefInputs = {
  id: {
    key: 'clio_matter_id',
    label: 'Clio Matter ID',
    helpText: "The Clio matter's **ID**, as a number or numeric text (e.g. 1234567).",
    convert: clioIdInput,
    path: 'external_refs.clio',
  },
};

export const matterKind: RecordKind<Read<Matter>, typeof MatterCreate, typeof MatterPatch> = {
  object: 'matter',
  noun: 'Matter',
  idField: matterIdField,
  idOf: (matter) => matter.matter_id,
  textOf: (matter) => matter.title,
  fields: matterFields,
  schemas: { create: MatterCreate, patch: MatterPatch },
  collection: (api) => api.matters,
  output: toMatterOutput,
  outputFields: matterOutputFields,
  sample: matterSample,
};

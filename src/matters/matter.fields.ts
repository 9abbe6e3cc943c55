/** A matter's inputs, as the actions and searches read them (see ./matter for the kind). */
import { MatterCreate, MatterStatus } from '../api/schemas';
import type { ClioRefInputs } from '../builders/clio-ref';
import {
  choiceInput,
  clioIdInput,
  dateInput,
  fitted,
  fittedLineInput,
  overflowOf,
  snapshotsIdInput,
  textInput,
} from '../fields/inputs';
import { capitalize } from '../runtime/text';
import type { WriteField } from '../fields/write-fields';
import { dynamicDropdown, searchFor } from '../keys';
import { FIND_MATTER, MATTER_LIST } from './matter.keys';
import { locationClioContactField } from '../locations/location';
import { locationIdField } from '../locations/location.fields';

/** Clio's spelling (`Open`) or ours (`open`), in any case. */
export const statusInput = choiceInput(MatterStatus.options, 'Open, Pending or Closed');

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

/** As the contract counts them. */
const TITLE_MAX = MatterCreate.shape.title.maxLength ?? 300;
const DESCRIPTION_MAX = MatterCreate.shape.description.unwrap().unwrap().maxLength ?? 10_000;

export const matterFields: readonly WriteField[] = [
  {
    key: 'title',
    label: 'Title',
    helpText: `The matter's title, e.g. Clio's matter **Description** or **Display Number**. Longer than ${TITLE_MAX} characters, it is shortened with "…", and the full text goes to Description when that is left blank. In Find or Create Matter, map the same value as the search's Title.`,
    required: true,
    // Clio's matter Description has no length limit: a long one must not halt the sync.
    convert: fittedLineInput(TITLE_MAX),
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
    helpText: `Longer notes about the matter. Leave it blank when Title maps Clio's **Description**: a Title longer than ${TITLE_MAX} characters is shortened, and its full text is kept here (the output **Clio Description** gives Clio the text uncut).`,
    convert: textInput(DESCRIPTION_MAX),
    // Up to its own limit: a Clio Description past 10,000 characters is the one text still cut.
    whenBlank: (inputData) => {
      const full = overflowOf(inputData.title, TITLE_MAX);
      return full === undefined ? undefined : fitted(full, DESCRIPTION_MAX);
    },
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

/**
 * "Find …" searches and their find-or-create, written once for every kind. A search takes any of
 * the kind's Snapshots id, its Clio id, and (where the kind has one) its name or title; the most
 * precise one given picks the one request (`GET /{id}`, `external_ref=clio:<id>`, or `name=` /
 * `title=`), and any others narrow the result. No match is `[]`, never an error. A name matches
 * when it is the same name (the contract's `sameName`: NFC, case folded, spaces collapsed), so a
 * find-or-create creates "Office" when only "Back Office" exists; the advanced "Match Part of the
 * Name" opts into `q=`, exact matches ranked first.
 *
 * A find-or-create's create is a hidden create-if-absent (`POST ?if_absent=name`): Snapshots
 * answers the record of the same name when one exists, atomically, so a burst of runs for one new
 * name makes one record. Plain Create keeps creating: names are not unique.
 *
 * Search inputs carry a `search_` prefix: in a find-or-create the editor shows the search's and
 * the create's inputs together, and a shared key would tie one to the other.
 */
import type {
  Bundle,
  PlainInputField,
  Search,
  SearchOrCreate,
  ZObject,
} from 'zapier-platform-core';
import { foldName, nameContains, sameName } from '../api/text';
import { booleanInput, invalidInputError, isBlank, type InputProblem } from '../fields/inputs';
import { readOne } from '../fields/record-input';
import { inputFieldsFor, type WriteField } from '../fields/write-fields';
import { defineCreateAction } from './actions';
import { readClioRef, type ClioRef, type ClioRefInputs } from './clio-ref';
import {
  collectionFor,
  findOrCreateLabel,
  type AnyRecordKind,
  type ApiRecord,
} from './object-kind';

/** The most a name search returns: Snapshots' largest page, ranked here. */
export const SEARCH_LIMIT = 100;

const SEARCH_PREFIX = 'search_';

const asSearchField = (field: WriteField, helpText: string): WriteField => ({
  ...field,
  key: `${SEARCH_PREFIX}${field.key}`,
  helpText,
  required: false,
  // The dropdown stays; a "search step" button inside the search itself would make no sense.
  search: undefined,
});

export interface FindConfig<K extends string> {
  key: K;
  /** Starts with "Finds …". */
  description: string;
}

export function defineFindSearch<K extends string>(kind: AnyRecordKind, config: FindConfig<K>) {
  const noun = kind.object;
  const { clio: clioInputs, text: textFilter } = kind;
  const idField = asSearchField(
    kind.idField,
    `The Snapshots ${noun} ID, e.g. from an earlier step.`,
  );
  const clio: ClioRefInputs = {
    id: asSearchField(clioInputs.id, `${clioInputs.id.helpText} Finds the ${noun} linked to it.`),
    ...(clioInputs.system
      ? {
          system: asSearchField(
            clioInputs.system,
            `${clioInputs.system.helpText} Needed with a Clio ID.`,
          ),
        }
      : {}),
  };
  const textField: WriteField | undefined = textFilter && {
    key: `${SEARCH_PREFIX}${textFilter.key}`,
    label: textFilter.label,
    helpText: `Finds the ${noun}s with this ${textFilter.label.toLowerCase()}, ignoring capitals, extra spaces and how accented letters were typed. In Find or Create, map the same value into the create's ${textFilter.label}.`,
    // The create's own converter: the same limit, and a long title shortened as it was stored.
    convert: writeFieldOf(kind, textFilter.key).convert,
    path: textFilter.key,
  };
  // Off by default: a find-or-create must create "Office" when only "Back Office" exists.
  const partialField: WriteField | undefined = textFilter && {
    key: `${SEARCH_PREFIX}partial`,
    label: `Match Part of the ${textFilter.label}`,
    helpText: `Yes: also find ${noun}s whose ${textFilter.label.toLowerCase()} only contains the text (exact matches first; the ${SEARCH_LIMIT} newest matches). Leave it off in a Find or Create, or it finds "Back Office" instead of creating "Office".`,
    type: 'boolean',
    convert: booleanInput,
    path: '',
  };
  const fields = [
    idField,
    clio.id,
    ...(clio.system ? [clio.system] : []),
    ...(textField ? [textField] : []),
  ];

  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const id = asText(readOne(idField, bundle.inputData, problems, { required: false }));
    const ref = readClioRef(clio, bundle.inputData, problems, { required: false });
    const text = textField
      ? asText(readOne(textField, bundle.inputData, problems, { required: false }))
      : undefined;
    const partial =
      partialField !== undefined &&
      readOne(partialField, bundle.inputData, problems, { required: false }) === true;
    if (problems.length === 0 && id === undefined && !ref && text === undefined) {
      problems.push({
        label: fields[0]?.label ?? noun,
        message: `is empty, as are the other inputs: fill in at least one of ${labelsOf(fields)}`,
      });
    }
    if (problems.length > 0) throw invalidInputError(problems);

    const byText =
      text === undefined || !textFilter ? undefined : { text, partial, filter: textFilter.key };
    const records = await candidates(z, kind, { id, ref, byText });
    const matching = records.filter(
      (record) =>
        (!ref || record.external_refs[ref.system] === ref.id) &&
        (text === undefined || !textFilter || textMatches(textFilter.of(record), text, partial)),
    );
    const ranked =
      text === undefined || !textFilter ? matching : rankByText(matching, text, textFilter.of);
    return ranked.map((record) => kind.output(record));
  };

  return {
    key: config.key,
    noun: kind.noun,
    display: { label: `Find ${kind.noun}`, description: config.description },
    operation: {
      inputFields: inputFieldsFor(
        partialField ? [...fields, partialField] : fields,
        'update',
      ) satisfies PlainInputField[],
      perform,
      sample: kind.outputs.search.sample,
      outputFields: kind.outputs.search.outputFields,
    },
  } satisfies Search<K>;
}

/** One request, by the most precise criterion given. */
async function candidates(
  z: ZObject,
  kind: AnyRecordKind,
  {
    id,
    ref,
    byText,
  }: { id?: string; ref?: ClioRef; byText?: { text: string; partial: boolean; filter: string } },
): Promise<ApiRecord[]> {
  const api = collectionFor(z, kind);
  if (id !== undefined) {
    const record: ApiRecord | null = await api.find(id);
    return record ? [record] : [];
  }
  if (ref) return (await api.list({ external_ref: `${ref.system}:${ref.id}`, limit: 1 })).data;
  if (!byText) return [];
  // Exact (`name=`, `title=`) is matched by Snapshots over every record, not within one page.
  const filter = byText.partial ? 'q' : byText.filter;
  return (await api.list({ [filter]: byText.text, limit: SEARCH_LIMIT })).data;
}

const textMatches = (candidate: string, text: string, partial: boolean) =>
  partial ? nameContains(candidate, text) : sameName(candidate, text);

const asText = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The same name first; a stable sort keeps the API's newest-first order within each rank. */
function rankByText<R>(records: R[], text: string, textOf: (record: R) => string): R[] {
  const wanted = foldName(text);
  const rank = (record: R) => (foldName(textOf(record)) === wanted ? 0 : 1);
  return [...records].sort((a, b) => rank(a) - rank(b));
}

const labelsOf = (fields: readonly WriteField[]) =>
  fields.map((field) => `"${field.label}"`).join(', ');

/** The kind's writable input for `key` (the text a search matches: `name`, `title`). */
function writeFieldOf(kind: AnyRecordKind, key: string): WriteField {
  const field = kind.fields.find((candidate) => candidate.key === key);
  if (!field) throw new Error(`${kind.noun} has no input "${key}" to search by.`);
  return field;
}

/**
 * The create behind Find or Create: Create's inputs and request, sent as create-if-absent keyed on
 * the name the search looked for, so every run of a burst gets the one record. Hidden: only Find
 * or Create uses it. The Deduplication Key keeps its meaning (a retry replays its first answer).
 */
export function defineCreateIfAbsent<K extends string>(kind: AnyRecordKind, key: K) {
  const text = kind.text;
  if (!text) throw new Error(`${kind.noun} has no text to create-if-absent by.`);
  const description = `Creates a ${kind.object} unless one has the same ${text.label.toLowerCase()}, for Find or Create ${kind.noun}.`;
  const ifAbsentKind: AnyRecordKind = {
    ...kind,
    collection: (api) => {
      const collection = kind.collection(api);
      return {
        ...collection,
        create: (body, options) => collection.create(body, { ...options, ifAbsent: text.key }),
      };
    },
  };
  const ifAbsent = defineCreateAction(ifAbsentKind, { key, description });
  const plain = defineCreateAction(kind, { key, description });
  const searchKeys = {
    text: `${SEARCH_PREFIX}${text.key}`,
    // Criteria other than the name: then the name is no key (two Clio contacts may share one).
    others: [kind.idField.key, kind.clio.id.key].map((other) => `${SEARCH_PREFIX}${other}`),
  };

  const perform = async (z: ZObject, bundle: Bundle) => {
    const searched = bundle.inputData[searchKeys.text];
    const given = bundle.inputData[text.key];
    // Where Zapier passes the search's inputs along: a create the search would not find halts.
    if (typeof searched === 'string' && typeof given === 'string' && !isBlank(searched)) {
      if (!isBlank(given) && !sameName(searched, given)) {
        throw invalidInputError([
          {
            label: text.label,
            message: `is "${given.trim()}", not the same ${text.label.toLowerCase()} as the search's ${text.label} ("${searched.trim()}"): map the same value into both, or every run creates another ${kind.object}`,
          },
        ]);
      }
    }
    const byOtherCriteria = searchKeys.others.some((other) => !isBlank(bundle.inputData[other]));
    return (byOtherCriteria ? plain : ifAbsent).operation.perform(z, bundle);
  };

  return {
    ...ifAbsent,
    display: { label: `Create ${kind.noun} If Absent`, description, hidden: true },
    // It may answer with an existing record, links and all: the outputs a search promises.
    operation: {
      ...ifAbsent.operation,
      perform,
      sample: kind.outputs.search.sample,
      outputFields: kind.outputs.search.outputFields,
    },
  };
}

/** Find-or-create: Zapier requires its key to be the search's. */
export function defineFindOrCreate(
  search: { key: string },
  create: { key: string },
  kind: AnyRecordKind,
): SearchOrCreate {
  return {
    key: search.key,
    display: {
      label: findOrCreateLabel(kind.noun),
      description: `Finds a ${kind.object}, or creates one when none matches.`,
    },
    search: search.key,
    create: create.key,
  };
}

/**
 * "Find …" searches and their find-or-create, written once for every kind. A search takes any of
 * the kind's Snapshots id, its Clio id, and (where the kind has one) its name or title; the most
 * precise one given picks the one request (`GET /{id}`, `external_ref=clio:<id>`, or `name=` /
 * `title=`), and any others narrow the result. No match is `[]`, never an error. A name matches
 * exactly (ignoring case), so a find-or-create creates "Office" when only "Back Office" exists;
 * the advanced "Match Part of the Name" opts into `q=`, exact matches ranked first.
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
import { booleanInput, invalidInputError, lineInput, type InputProblem } from '../fields/inputs';
import { readOne } from '../fields/record-input';
import { inputFieldsFor, type WriteField } from '../fields/write-fields';
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
    helpText: `Finds the ${noun}s with exactly this ${textFilter.label.toLowerCase()} (ignoring case and spaces around it). In Find or Create, map the same value into the create's ${textFilter.label}.`,
    convert: lineInput(200),
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
  partial ? folded(candidate).includes(folded(text)) : folded(candidate) === folded(text);

const asText = (value: unknown) => (typeof value === 'string' ? value : undefined);

const folded = (text: string) => text.trim().toLocaleLowerCase('en-US');

/** Exact (ignoring case) first; a stable sort keeps the API's newest-first order within each rank. */
function rankByText<R>(records: R[], text: string, textOf: (record: R) => string): R[] {
  const wanted = folded(text);
  const rank = (record: R) => (folded(textOf(record)) === wanted ? 0 : 1);
  return [...records].sort((a, b) => rank(a) - rank(b));
}

const labelsOf = (fields: readonly WriteField[]) =>
  fields.map((field) => `"${field.label}"`).join(', ');

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

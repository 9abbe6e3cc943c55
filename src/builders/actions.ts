/**
 * The four write actions, written once and fed each object's kind (./object-kind):
 * - create: `POST`, with an Idempotency-Key derived from the step's input, so Zapier's retries
 *   replay instead of creating a twin; an optional "Deduplication Key" tells separate runs apart;
 * - update: JSON merge patch of what the user filled in, plus "Fields to Clear" as nulls, with an
 *   optional expected version (`If-Match`);
 * - upsert from Clio: merge patch `PATCH …/by-ref/{system}/{clio id}`, one atomic request that
 *   creates the record or changes only what the user filled in (and "Fields to Clear"), so a Clio
 *   trigger that maps fewer fields never empties the others; idempotent by nature;
 * - link: `PATCH` of `external_refs` alone, on the condition that no other id is linked unless
 *   "Replace Existing Link" is set (`expected_external_refs`), idempotent by nature;
 * - unlink: `PATCH` clearing that link, optionally only while it is to a given id.
 * Every one sends exactly one request (custom-field definitions come from the connection's cache),
 * with the linked records embedded (`expand`, see the kind's collection), and returns the record
 * through the kind's output mapper, the one the triggers use, with the output fields and sample of
 * the kind's create or action role.
 */
import type { Bundle, Create, PlainInputField, ZObject } from 'zapier-platform-core';
import { currentExternalRefs, halted } from '../http/errors';
import { idempotencyKeyFor } from '../http/idempotency';
import { loadCustomFieldDefinitions } from '../fields/custom-field-definitions';
import {
  booleanInput,
  invalidInputError,
  isBlank,
  lineInput,
  numberInput,
  type InputProblem,
} from '../fields/inputs';
import { readOne, readRecordInput } from '../fields/record-input';
import { savedNamingInputs } from '../fields/rejected-inputs';
import {
  ADVANCED,
  REQUIRED_MESSAGE,
  clearedKeys,
  customWriteField,
  fieldsToClearInput,
  inputFieldGroups,
  inputFieldsFor,
  toInputField,
  type WriteField,
  type WriteMode,
} from '../fields/write-fields';
import { readClioRef, type ClioRefInputs } from './clio-ref';
import { collectionFor, type AnyRecordKind } from './object-kind';

/** The Clio reference's inputs, required: an upsert or a link is about that one Clio record. */
const requiredClioRefInputs = (clio: ClioRefInputs): PlainInputField[] =>
  inputFieldsFor(
    (clio.system ? [clio.id, clio.system] : [clio.id]).map((field) => ({
      ...field,
      required: true,
    })),
    'create',
  );

interface ActionConfig<K extends string> {
  key: K;
  /** Starts with "Creates …" or "Updates …". */
  description: string;
}

type InputFields = NonNullable<Create['operation']['inputFields']>;

/** The Zapier definition every write action shares; the builders below supply what differs. */
function defineAction<K extends string>(
  kind: AnyRecordKind,
  { key, label, description }: ActionConfig<K> & { label: string },
  inputFields: InputFields,
  perform: (z: ZObject, bundle: Bundle) => Promise<object>,
  role: 'create' | 'action' = 'action',
) {
  return {
    key,
    noun: kind.noun,
    display: { label, description },
    operation: {
      inputFields,
      inputFieldGroups,
      perform,
      sample: kind.outputs[role].sample,
      outputFields: kind.outputs[role].outputFields,
    },
  } satisfies Create<K>;
}

/** The kind's custom fields, as typed inputs (cached per connection). */
const customFieldInputs =
  (kind: AnyRecordKind, mode: WriteMode) =>
  async (z: ZObject): Promise<PlainInputField[]> =>
    (await loadCustomFieldDefinitions(z, kind.object)).map((definition) =>
      toInputField(customWriteField(definition), mode),
    );

/** A merge's custom-field inputs (none required: blank is unchanged) and "Fields to Clear". */
const mergedCustomFieldInputs =
  (kind: AnyRecordKind) =>
  async (z: ZObject): Promise<PlainInputField[]> => {
    const custom = (await loadCustomFieldDefinitions(z, kind.object)).map(customWriteField);
    return [
      ...custom.map((field) => toInputField(field, 'update')),
      fieldsToClearInput([...kind.fields, ...custom]),
    ];
  };

// ---------------------------------------------------------------- create

export const DEDUPLICATION_KEY = 'deduplication_key';

const deduplicationKeyInput: PlainInputField = {
  key: DEDUPLICATION_KEY,
  label: 'Deduplication Key',
  helpText:
    "Map the trigger's ID here (for Snapshots triggers the **ID** field, for Clio the record's ID). " +
    'Zapier may run a step again after a timeout; with the same key the repeat returns the record ' +
    'made the first time instead of a second one, while runs with different keys each create their ' +
    'own. Left blank, the key is the inputs themselves: identical inputs within 24 hours make one record.',
  type: 'string',
  required: false,
  group: ADVANCED,
};

/** Text, trimmed, as a trigger's id is; anything else is refused rather than silently ignored. */
const deduplicationKeyField = {
  key: DEDUPLICATION_KEY,
  label: deduplicationKeyInput.label ?? DEDUPLICATION_KEY,
  convert: lineInput(255),
};

export function defineCreateAction<K extends string>(kind: AnyRecordKind, config: ActionConfig<K>) {
  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const given = readOne(deduplicationKeyField, bundle.inputData, problems, { required: false });
    const { body, target } = await readRecordInput(z, kind, bundle.inputData, {
      mode: 'create',
      schema: kind.schemas.create,
      extra: problems,
    });
    const deduplicationKey = typeof given === 'string' ? given : '';
    // With a Deduplication Key, that key alone: the same trigger item creates one record even
    // if a later replay maps other values. Without one, what is sent: a retry repeats it exactly.
    const idempotencyKey =
      deduplicationKey === ''
        ? idempotencyKeyFor(config.key, { body, deduplicationKey })
        : idempotencyKeyFor(config.key, { deduplicationKey });
    const record = await savedNamingInputs(target, bundle.inputData, () =>
      collectionFor(z, kind).create(body, { idempotencyKey }),
    );
    return kind.output(record);
  };
  return defineAction(
    kind,
    { ...config, label: `Create ${kind.noun}` },
    [
      ...inputFieldsFor(kind.fields, 'create'),
      customFieldInputs(kind, 'create'),
      deduplicationKeyInput,
    ],
    perform,
    'create',
  );
}

// ---------------------------------------------------------------- update

export const EXPECTED_VERSION = 'expected_version';

const expectedVersionField = (kind: AnyRecordKind): WriteField => ({
  key: EXPECTED_VERSION,
  label: 'Expected Version',
  helpText: `Only update if the ${kind.object} is still at this version (map its **Version** from an earlier step); if it changed since, the step stops instead of overwriting the newer change.`,
  type: 'integer',
  convert: numberInput.refine(
    (value) => Number.isInteger(value) && value >= 1,
    'must be a whole number, 1 or more, such as 3',
  ),
  path: '',
});

export function defineUpdateAction<K extends string>(kind: AnyRecordKind, config: ActionConfig<K>) {
  const idField = { ...kind.idField, required: true };
  const versionField = expectedVersionField(kind);
  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const id = readOne(idField, bundle.inputData, problems, { required: true });
    const ifMatch = readOne(versionField, bundle.inputData, problems, { required: false });
    const { body: patch, target } = await readRecordInput(z, kind, bundle.inputData, {
      mode: 'update',
      schema: kind.schemas.patch,
      clear: clearedKeys(bundle.inputData),
      extra: problems,
    });
    if (typeof id !== 'string') throw invalidInputError(problems);
    // An empty merge patch changes nothing: most likely the step's mapping is incomplete.
    if (Object.keys(patch as object).length === 0) {
      throw halted(
        `Fill in at least one field to change (or choose one in "Fields to Clear"): as it is, this step would change nothing in the ${kind.object}. Nothing was sent to Snapshots.`,
      );
    }
    const options = typeof ifMatch === 'number' ? { ifMatch } : {};
    const record = await savedNamingInputs(target, bundle.inputData, () =>
      collectionFor(z, kind).update(id, patch, options),
    );
    return kind.output(record);
  };
  return defineAction(
    kind,
    { ...config, label: `Update ${kind.noun}` },
    [
      toInputField(idField, 'create'),
      ...inputFieldsFor(kind.fields, 'update'),
      mergedCustomFieldInputs(kind),
      { ...toInputField(versionField, 'update'), group: ADVANCED },
    ],
    perform,
  );
}

// ---------------------------------------------------------------- upsert from Clio

export function defineUpsertAction<K extends string>(
  kind: AnyRecordKind,
  config: ActionConfig<K> & { label: string },
) {
  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const ref = readClioRef(kind.clio, bundle.inputData, problems, { required: true });
    // What a Clio trigger always emits (a name, a title) stays required; the rest merges.
    for (const field of kind.fields) {
      if (field.required && isBlank(bundle.inputData[field.key])) {
        problems.push({ label: field.label, message: REQUIRED_MESSAGE });
      }
    }
    const { body: patch, target } = await readRecordInput(z, kind, bundle.inputData, {
      mode: 'update',
      schema: kind.schemas.patch,
      clear: clearedKeys(bundle.inputData),
      extra: problems,
    });
    if (!ref) throw invalidInputError(problems);
    const { record } = await savedNamingInputs(target, bundle.inputData, () =>
      collectionFor(z, kind).mergeByRef(ref.system, ref.id, patch),
    );
    return kind.output(record);
  };
  return defineAction(
    kind,
    config,
    [
      ...requiredClioRefInputs(kind.clio),
      ...inputFieldsFor(kind.fields, 'create'),
      mergedCustomFieldInputs(kind),
    ],
    perform,
  );
}

// ---------------------------------------------------------------- link to a Clio record

export const REPLACE_EXISTING_LINK = 'replace_existing_link';

/** "Clio contact", "Clio note": what a Clio reference names, for messages. */
function clioNounOf(clio: ClioRefInputs, system: string): string {
  const choice = Array.isArray(clio.system?.choices)
    ? clio.system.choices.find((option) => typeof option === 'object' && option.value === system)
    : undefined;
  const title = typeof choice === 'object' ? choice.label : clio.id.label.replace(/ ID$/, '');
  return title.replace(/^Clio (.+)$/, (_, rest: string) => `Clio ${rest.toLowerCase()}`);
}

/** The generic noun for the help texts: "Clio contact", or "Clio record" where kinds differ. */
const clioNoun = (clio: ClioRefInputs) => clioNounOf(clio, '');

const replaceExistingLinkField = (kind: AnyRecordKind): WriteField => ({
  key: REPLACE_EXISTING_LINK,
  label: 'Replace Existing Link',
  helpText: `When the ${kind.object} is already linked to a different ${clioNoun(kind.clio)}: False (the default) stops the step and names both IDs, so a link is never replaced unawares; True replaces the link.`,
  type: 'boolean',
  convert: booleanInput,
  path: '',
});

/**
 * The link in one conditional PATCH: unless replacing, it applies only while the record has no
 * link to this system or already this one (`expected_external_refs`), so a rerun succeeds, and
 * of concurrent links to different ids one wins and the others halt naming both ids.
 */
export function defineLinkAction<K extends string>(
  kind: AnyRecordKind,
  config: ActionConfig<K> & { label: string },
) {
  const idField = { ...kind.idField, required: true };
  const replaceField = replaceExistingLinkField(kind);
  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const id = readOne(idField, bundle.inputData, problems, { required: true });
    const ref = readClioRef(kind.clio, bundle.inputData, problems, { required: true });
    const replace = readOne(replaceField, bundle.inputData, problems, { required: false });
    if (typeof id !== 'string' || !ref || problems.length > 0) throw invalidInputError(problems);
    const patch = {
      external_refs: { [ref.system]: ref.id },
      ...(replace === true ? {} : { expected_external_refs: { [ref.system]: null } }),
    };
    // A Clio id already linked to another record is a 409 that says what to do (../http/errors).
    const record = await linkWrite(z, kind, id, patch, (linked) => {
      const noun = clioNounOf(kind.clio, ref.system);
      return `${kind.noun} ${id} is already linked to ${noun} ${linked}, so it was not linked to ${noun} ${ref.id}. If ${ref.id} is a duplicate, delete it in Clio; to link ${ref.id} instead, set "${replaceField.label}" to True.`;
    });
    return kind.output(record);
  };
  return defineAction(
    kind,
    config,
    [
      toInputField(idField, 'create'),
      ...requiredClioRefInputs(kind.clio),
      toInputField(replaceField, 'update'),
    ],
    perform,
  );
}

/** The PATCH of a link; a link found otherwise than expected halts with `mismatch`'s words. */
async function linkWrite(
  z: ZObject,
  kind: AnyRecordKind,
  id: string,
  patch: { external_refs: Record<string, string | null>; expected_external_refs?: object },
  mismatch: (linked: string) => string,
) {
  try {
    return await collectionFor(z, kind).update(id, patch);
  } catch (error) {
    const [system = ''] = Object.keys(patch.external_refs);
    const linked = currentExternalRefs(error)?.[system];
    throw linked === undefined ? error : halted(mismatch(linked));
  }
}

// ---------------------------------------------------------------- unlink from a Clio record

/**
 * The unlink in one PATCH that clears `external_refs[system]`; with the Clio id given, only while
 * the record is linked to that id (or to none: a rerun succeeds), so a newer link is never lost.
 */
export function defineUnlinkAction<K extends string>(
  kind: AnyRecordKind,
  config: ActionConfig<K> & { label: string },
) {
  const idField = { ...kind.idField, required: true };
  const noun = clioNoun(kind.clio);
  const expectedField: WriteField = {
    ...kind.clio.id,
    helpText: `Optional: remove the link only if it is to this ${noun} (its **ID**); if the ${kind.object} is linked to another one, the step stops and keeps it. Blank: remove whatever link there is.`,
  };
  const systemField = kind.clio.system && { ...kind.clio.system, required: true };
  const perform = async (z: ZObject, bundle: Bundle) => {
    const problems: InputProblem[] = [];
    const id = readOne(idField, bundle.inputData, problems, { required: true });
    const system = systemField
      ? readOne(systemField, bundle.inputData, problems, { required: true })
      : 'clio';
    const expected = readOne(expectedField, bundle.inputData, problems, { required: false });
    if (typeof id !== 'string' || typeof system !== 'string' || problems.length > 0) {
      throw invalidInputError(problems);
    }
    const patch = {
      external_refs: { [system]: null },
      ...(typeof expected === 'string' ? { expected_external_refs: { [system]: expected } } : {}),
    };
    const record = await linkWrite(z, kind, id, patch, (linked) => {
      const linkedNoun = clioNounOf(kind.clio, system);
      return `${kind.noun} ${id} is linked to ${linkedNoun} ${linked}, not ${String(expected)}, so the link was kept. Leave "${expectedField.label}" blank to remove any link.`;
    });
    return kind.output(record);
  };
  return defineAction(
    kind,
    config,
    [
      toInputField(idField, 'create'),
      ...(systemField ? [toInputField(systemField, 'create')] : []),
      toInputField(expectedField, 'update'),
    ],
    perform,
    // Unlinked, like a new record, it has no reference of its own to promise.
    'create',
  );
}

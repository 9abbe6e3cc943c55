/**
 * Reading a write's input: the request body of a create, upsert or update from an object's
 * inputs and, when the user filled any in, its custom-field inputs (definitions from the
 * connection's cache), converted and checked against the contract before any request to write;
 * and single inputs an operation reads on its own (an id, a Clio id).
 */
import { OBJECT } from '../api/objects';
import type { ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import type { CustomFieldObject } from '../api/schemas';
import {
  CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS,
  loadDefinitionsAndRetired,
} from './custom-field-definitions';
import { invalidInputError, isBlank, problemOf, type InputProblem } from './inputs';
import {
  CUSTOM_FIELD_PREFIX,
  REQUIRED_MESSAGE,
  checkAgainstContract,
  customWriteField,
  hasCustomFieldInput,
  readWriteInput,
  type WriteField,
  type WriteMode,
} from './write-fields';

/** The object a write is about: the API's name for it and its static inputs. */
export interface WriteTarget {
  object: CustomFieldObject;
  fields: readonly WriteField[];
}

/**
 * The object's static inputs plus, when the step has any, its custom-field inputs. An input whose
 * definition was deleted is ignored when blank (nothing would be lost) and refused when filled,
 * by the label it had.
 */
async function writeFieldsFor(
  z: ZObject,
  { object, fields }: WriteTarget,
  inputData: Record<string, unknown>,
  clear: readonly string[],
): Promise<{ fields: WriteField[]; problems: InputProblem[] }> {
  const clearsCustomField = clear.some((key) => key.startsWith(CUSTOM_FIELD_PREFIX));
  if (!hasCustomFieldInput(inputData) && !clearsCustomField) {
    return { fields: [...fields], problems: [] };
  }
  const customKeys = Object.keys(inputData).filter((key) => key.startsWith(CUSTOM_FIELD_PREFIX));
  const definitionKeys = (keys: readonly string[]) =>
    keys
      .filter((key) => key.startsWith(CUSTOM_FIELD_PREFIX))
      .map((key) => key.slice(CUSTOM_FIELD_PREFIX.length));
  const { definitions, retired } = await loadDefinitionsAndRetired(z, object, {
    maxAgeSeconds: CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS,
    // A filled or cleared field must be defined now (a deleted field may have been added back).
    keys: definitionKeys([...customKeys.filter((key) => !isBlank(inputData[key])), ...clear]),
    blankKeys: definitionKeys(customKeys.filter((key) => isBlank(inputData[key]))),
  });
  const known = new Set(definitions.map((definition) => `${CUSTOM_FIELD_PREFIX}${definition.key}`));
  const problems = customKeys
    .filter((key) => !known.has(key) && !isBlank(inputData[key]))
    .map((key) => {
      const definitionKey = key.slice(CUSTOM_FIELD_PREFIX.length);
      const label = retired.find((old) => old.key === definitionKey)?.label ?? definitionKey;
      return {
        label,
        message: `is no longer a custom field of ${OBJECT[object].nouns.many} in Snapshots, so its value cannot be saved: remove the value from this step, or add the field again in Snapshots`,
      };
    });
  return { fields: [...fields, ...definitions.map(customWriteField)], problems };
}

/**
 * The request body of a create, upsert (`create` mode) or update, converted and checked against
 * the contract; any problem throws one `HaltedError` naming every input at fault, before any
 * request to write. With it, the write's target with its custom fields, so a refusal of the
 * request can name each input by its label (`savedNamingInputs`).
 */
export async function readRecordInput<S extends zod.ZodType>(
  z: ZObject,
  target: WriteTarget,
  inputData: Record<string, unknown>,
  {
    mode,
    schema,
    clear = [],
    extra = [],
  }: {
    mode: WriteMode;
    schema: S;
    clear?: readonly string[];
    /** Problems the caller found in its own inputs (the record id, say), reported together. */
    extra?: readonly InputProblem[];
  },
): Promise<{ body: zod.output<S>; target: WriteTarget }> {
  const { fields, problems: unknownFields } = await writeFieldsFor(z, target, inputData, clear);
  const { body, problems } = readWriteInput(fields, inputData, { mode, clear });
  const all = [...extra, ...problems, ...unknownFields];
  if (all.length > 0) throw invalidInputError(all);
  const checked = checkAgainstContract(schema, body, fields);
  if ('problems' in checked) throw invalidInputError(checked.problems);
  return { body: checked.data, target: { object: target.object, fields } };
}

/** Converts one input of the operation's own (an id, a Clio id), collecting its problem. */
export function readOne(
  field: Pick<WriteField, 'key' | 'label' | 'convert'>,
  inputData: Record<string, unknown>,
  problems: InputProblem[],
  { required }: { required: boolean },
): unknown {
  const raw = inputData[field.key];
  if (isBlank(raw)) {
    if (required) problems.push({ label: field.label, message: REQUIRED_MESSAGE });
    return undefined;
  }
  const converted = field.convert.safeParse(raw);
  if (converted.success) return converted.data;
  problems.push(problemOf(field.label, converted.error, raw));
  return undefined;
}

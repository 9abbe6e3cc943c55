/**
 * The inputs of a write, described once per object as `WriteField`s: what Zapier shows (label,
 * type, help, dropdown), how the user's value converts (./inputs) and where it goes in the body.
 * From that list come the Zapier input fields of create, update and upsert, the custom-field
 * inputs (one per API definition), "Fields to Clear", and the request body, checked before any
 * request.
 */
import type { InputFieldGroup, PlainInputField } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import { CUSTOM_TEXT_MAX, type CustomFieldDefinition } from '../api/schemas';
import {
  booleanInput,
  choiceInput,
  dateInput,
  type InputProblem,
  isBlank,
  lineInput,
  listOf,
  numberInput,
  problemOf,
  textInput,
  timestampInput,
} from './inputs';

export interface WriteField {
  key: string;
  label: string;
  helpText: string;
  type?: PlainInputField['type'];
  choices?: PlainInputField['choices'];
  /** `<dropdown trigger>.id.label`: a dynamic dropdown (with `search`, a "Add a Search Step" button). */
  dynamic?: string;
  search?: string;
  /** Required when creating or upserting; updates leave every field optional. */
  required?: boolean;
  /** From the user's value to the API's; its messages say how to fix the value. */
  convert: zod.ZodType;
  /**
   * Instead of `convert`, when reading the value needs the step's other inputs (a national phone
   * number takes the country code of the Country input).
   */
  convertWith?: (inputData: Readonly<Record<string, unknown>>) => zod.ZodType;
  /**
   * The value a blank input takes from the step's other inputs (the full text of a title too long
   * to keep whole); undefined: it stays blank. Not when the input is chosen in "Fields to Clear".
   */
  whenBlank?: (inputData: Readonly<Record<string, unknown>>) => unknown;
  /** Dotted path in the request body (`address.city`); object values merge into what is there. */
  path: string;
  /** What "Fields to Clear" sets to null for this input; absent: it cannot be cleared. */
  clears?: readonly string[];
  /** Inputs naming the same thing in different ways (an id or a Clio id): at most one is filled. */
  alternativeGroup?: string;
  /** Names another object by its Clio id, which Snapshots resolves: what to say when none is linked. */
  refersTo?: Reference;
}

/** Another object, as an input that names it by its Clio id speaks of it. */
export interface Reference {
  /** Lower case, as in "matches no Snapshots <object>". */
  object: string;
  /** The label of the find-or-create that makes one. */
  findOrCreate: string;
}

export type WriteMode = 'create' | 'update';

export const REQUIRED_MESSAGE = 'is required: fill it in or map a value from an earlier step';

/** Inputs most Zaps never need sit in a collapsed "Advanced" group. */
export const ADVANCED = 'advanced';
export const inputFieldGroups: InputFieldGroup[] = [
  { key: ADVANCED, label: 'Advanced', emphasize: false },
];

export function toInputField(field: WriteField, mode: WriteMode): PlainInputField {
  return {
    key: field.key,
    label: field.label,
    helpText: field.helpText,
    type: field.type ?? 'string',
    required: mode === 'create' && field.required === true,
    ...(field.choices ? { choices: field.choices } : {}),
    ...(field.dynamic ? { dynamic: field.dynamic } : {}),
    ...(field.search ? { search: field.search } : {}),
  };
}

/** Zapier input fields for `mode`, required ones first (a stable sort keeps the rest in order). */
export const inputFieldsFor = (fields: readonly WriteField[], mode: WriteMode): PlainInputField[] =>
  fields
    .map((field) => toInputField(field, mode))
    .sort((a, b) => Number(b.required === true) - Number(a.required === true));

// ---------------------------------------------------------------- custom fields

/** Input keys of custom fields: the output's flattened name, which no API field can take. */
export const CUSTOM_FIELD_PREFIX = 'custom_fields__';

/** Every definition type has an input type and a converter: a new type fails to compile here. */
const CUSTOM_FIELD_TYPES: Record<
  CustomFieldDefinition['type'],
  {
    type: PlainInputField['type'];
    convert: (definition: CustomFieldDefinition) => zod.ZodType;
    hint: string;
  }
> = {
  text: {
    type: 'string',
    convert: () => lineInput(CUSTOM_TEXT_MAX),
    hint: `Text, up to ${CUSTOM_TEXT_MAX} characters.`,
  },
  long_text: {
    type: 'text',
    convert: () => textInput(10_000),
    hint: 'Text, up to 10,000 characters.',
  },
  number: { type: 'number', convert: () => numberInput, hint: 'A number.' },
  date: {
    type: 'datetime',
    convert: () => dateInput,
    hint: 'A date such as 2027-03-01 (a timestamp keeps the date in its own offset).',
  },
  datetime: {
    type: 'datetime',
    convert: () => timestampInput,
    hint: 'A timestamp with an offset such as 2027-03-01T09:00:00-05:00.',
  },
  boolean: { type: 'boolean', convert: () => booleanInput, hint: 'True or false.' },
  select: {
    type: 'string',
    convert: (definition) =>
      choiceInput(definition.choices, `one of: ${definition.choices.join(', ')}`),
    hint: 'One of the choices.',
  },
};

/** A custom-field definition as a write input: typed, required when the API requires it. */
export function customWriteField(definition: CustomFieldDefinition): WriteField {
  const { type, convert, hint } = CUSTOM_FIELD_TYPES[definition.type];
  const path = `custom_fields.${definition.key}`;
  return {
    key: `${CUSTOM_FIELD_PREFIX}${definition.key}`,
    label: definition.label,
    helpText: `${definition.help_text ? `${definition.help_text.trim()} ` : ''}Custom field (${hint})`,
    type,
    ...(definition.type === 'select'
      ? {
          choices: definition.choices.map((choice) => ({
            value: choice,
            label: choice,
            sample: choice,
          })),
        }
      : {}),
    required: definition.required,
    convert: convert(definition),
    path,
    ...(definition.required ? {} : { clears: [path] }),
  };
}

/**
 * A custom-field input is set up in the step, even if its value came out blank (a mapped field
 * that was empty this run): a required one must then be refused here, not by Snapshots.
 */
export const hasCustomFieldInput = (inputData: Record<string, unknown>): boolean =>
  Object.keys(inputData).some((key) => key.startsWith(CUSTOM_FIELD_PREFIX));

// ---------------------------------------------------------------- Fields to Clear

export const FIELDS_TO_CLEAR = 'fields_to_clear';

/** The advanced multi-select of an update: a blank input means "unchanged", so clearing is explicit. */
export function fieldsToClearInput(fields: readonly WriteField[]): PlainInputField {
  return {
    key: FIELDS_TO_CLEAR,
    label: 'Fields to Clear',
    helpText:
      'A blank input leaves its field unchanged. Choose the fields to empty in Snapshots instead (required fields cannot be cleared).',
    type: 'string',
    list: true,
    required: false,
    group: ADVANCED,
    choices: fields
      .filter((field) => field.clears)
      .map((field) => ({ value: field.key, label: field.label, sample: field.key })),
  };
}

// ---------------------------------------------------------------- reading the input

export interface ReadOptions {
  mode: WriteMode;
  /** Input keys the user chose in "Fields to Clear" (updates only). */
  clear?: readonly string[];
}

/**
 * The request body from the user's input, and every problem found on the way (all at once, so one
 * run tells the user everything to fix). Blank inputs are left out: on an update, unchanged.
 */
export function readWriteInput(
  fields: readonly WriteField[],
  inputData: Record<string, unknown>,
  { mode, clear = [] }: ReadOptions,
): { body: Record<string, unknown>; problems: InputProblem[] } {
  const body: Record<string, unknown> = {};
  const problems: InputProblem[] = [];
  const filledInGroup = new Map<string, WriteField[]>();

  for (const field of fields) {
    const given = inputData[field.key];
    const raw =
      isBlank(given) && field.whenBlank && !clear.includes(field.key)
        ? field.whenBlank(inputData)
        : given;
    if (isBlank(raw)) {
      if (mode === 'create' && field.required) {
        problems.push({ label: field.label, message: REQUIRED_MESSAGE });
      }
      continue;
    }
    if (field.alternativeGroup) {
      filledInGroup.set(field.alternativeGroup, [
        ...(filledInGroup.get(field.alternativeGroup) ?? []),
        field,
      ]);
    }
    const converted = (field.convertWith?.(inputData) ?? field.convert).safeParse(raw);
    if (converted.success) setPath(body, field.path, converted.data);
    else problems.push(problemOf(field.label, converted.error, raw));
  }

  for (const group of filledInGroup.values()) {
    if (group.length < 2) continue;
    const [first, ...others] = group.map((field) => `"${field.label}"`);
    problems.push({
      label: group[0]?.label ?? '',
      message: `and ${others.join(' and ')} say the same thing: fill in only one of ${first} and ${others.join(', ')}`,
    });
  }

  const byKey = new Map(fields.map((field) => [field.key, field]));
  for (const key of clear) {
    const field = byKey.get(key);
    if (!field?.clears) {
      problems.push({
        label: 'Fields to Clear',
        message:
          'lists a field that cannot be cleared: choose only fields offered in its list (required fields cannot be cleared)',
        value: key,
      });
    } else if (!isBlank(inputData[key])) {
      problems.push({
        label: field.label,
        message: 'is filled in and also chosen in "Fields to Clear": do one or the other',
      });
    } else if (field.alternativeGroup && filledInGroup.has(field.alternativeGroup)) {
      problems.push({
        label: field.label,
        message: `is chosen in "Fields to Clear" while ${labelsIn(filledInGroup.get(field.alternativeGroup))} sets it: do one or the other`,
      });
    } else {
      for (const path of field.clears) setPath(body, path, null);
    }
  }
  return { body, problems };
}

const labelsIn = (fields: readonly WriteField[] = []) =>
  fields.map((field) => `"${field.label}"`).join(' and ');

/** "Fields to Clear" as Zapier passes it. */
export const clearedKeys = (inputData: Record<string, unknown>): string[] =>
  listOf(inputData[FIELDS_TO_CLEAR]);

/** Sets `a.b.c`, creating and merging objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head = '', ...rest] = path.split('.');
  if (rest.length === 0) {
    const existing = target[head];
    target[head] =
      isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
    return;
  }
  const next = isPlainObject(target[head]) ? target[head] : {};
  target[head] = next;
  setPath(next, rest.join('.'), value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body checked against the contract's write schema, so a value Snapshots would refuse (a
 * name too long, say) stops here, named by the label of the input it came from.
 */
export function checkAgainstContract<S extends zod.ZodType>(
  schema: S,
  body: Record<string, unknown>,
  fields: readonly WriteField[],
): { data: zod.output<S> } | { problems: InputProblem[] } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return { label: fieldForPath(fields, path)?.label ?? path, message: issue.message };
    }),
  };
}

/**
 * The input a body path came from: the most specific one, so `address.city` is City's, not
 * Street's (`address`). Inputs with no path (`''`) put nothing in the body.
 */
export function fieldForPath(fields: readonly WriteField[], path: string): WriteField | undefined {
  return fields
    .filter(
      (candidate) =>
        candidate.path !== '' && (path === candidate.path || path.startsWith(`${candidate.path}.`)),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];
}

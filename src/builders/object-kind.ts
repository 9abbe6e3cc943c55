/**
 * What the action and search builders need to know about one kind of record (location, matter,
 * activity): its inputs, its contract schemas, its API collection and its output. Each domain
 * folder describes itself once in a `<object>.record.ts`; every operation file is then a few lines.
 */
import type { PlainOutputField, ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import type { CustomFieldObject } from '../api/schemas';
import type { PostOptions, Upserted, WriteOptions } from '../http/client';
import { createApiClient, type ApiClient } from '../http/client';
import { rejectedFieldErrors } from '../http/errors';
import {
  CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS,
  loadCustomFieldDefinitions,
} from '../fields/custom-field-definitions';
import { invalidInputError, isBlank, problemOf, type InputProblem } from '../fields/inputs';
import {
  CUSTOM_FIELD_PREFIX,
  REQUIRED_MESSAGE,
  checkAgainstContract,
  customWriteField,
  hasCustomFieldInput,
  readWriteInput,
  type WriteField,
  type WriteMode,
} from '../fields/write-fields';

/** The API collection's methods the builders use (see ../http/client). */
export interface WritableCollection<R, C, P> {
  create(body: C, options: PostOptions): Promise<R>;
  update(id: string, patch: P, options?: WriteOptions): Promise<R>;
  mergeByRef(system: string, externalId: string, patch: P): Promise<Upserted<R>>;
  find(id: string): Promise<R | null>;
  /** `q`, `external_ref`, `limit`, and the exact `name` / `title` filters. */
  list(query: Record<string, string | number>): Promise<{ data: R[] }>;
}

/** What every Snapshots record carries. */
export interface ApiRecord {
  external_refs: Record<string, string>;
  version: number;
}

export interface RecordKind<
  R extends ApiRecord,
  CS extends zod.ZodType = zod.ZodType,
  PS extends zod.ZodType = zod.ZodType,
  O extends object = object,
> {
  object: CustomFieldObject;
  /** `Location` */
  noun: string;
  /** The Snapshots id input (`location_id`): a dropdown with a search step. */
  idField: WriteField;
  idOf(this: void, record: R): string;
  /** The text searches match by name or title (`name`, `title`), if the kind has one. */
  textOf?(this: void, record: R): string;
  /** Every writable input, in the order the editor shows them (required ones move first). */
  fields: readonly WriteField[];
  schemas: { create: CS; patch: PS };
  collection(this: void, api: ApiClient): WritableCollection<R, zod.output<CS>, zod.output<PS>>;
  /** The output mapper the triggers use too. */
  output(this: void, record: R): O;
  outputFields: PlainOutputField[];
  sample: Record<string, unknown>;
}

/** Any kind, for the builders (the methods above are bivariant, so every kind is one). */
export type AnyRecordKind = RecordKind<ApiRecord, zod.ZodType, zod.ZodType, object>;

/** The kind's static inputs plus, when the user filled any in, its custom-field inputs. */
async function writeFieldsFor(
  z: ZObject,
  kind: AnyRecordKind,
  inputData: Record<string, unknown>,
  clear: readonly string[],
): Promise<{ fields: WriteField[]; problems: InputProblem[] }> {
  const clearsCustomField = clear.some((key) => key.startsWith(CUSTOM_FIELD_PREFIX));
  if (!hasCustomFieldInput(inputData) && !clearsCustomField) {
    return { fields: [...kind.fields], problems: [] };
  }
  const definitions = await loadCustomFieldDefinitions(z, kind.object, {
    maxAgeSeconds: CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS,
    keys: [...Object.keys(inputData), ...clear]
      .filter((key) => key.startsWith(CUSTOM_FIELD_PREFIX))
      .map((key) => key.slice(CUSTOM_FIELD_PREFIX.length)),
  });
  const known = new Set(definitions.map((definition) => `${CUSTOM_FIELD_PREFIX}${definition.key}`));
  const problems = Object.keys(inputData)
    .filter((key) => key.startsWith(CUSTOM_FIELD_PREFIX) && !known.has(key))
    .map((key) => ({
      label: key.slice(CUSTOM_FIELD_PREFIX.length),
      message: `is no longer a custom field of ${kind.object}s in Snapshots: remove it from this step`,
    }));
  return { fields: [...kind.fields, ...definitions.map(customWriteField)], problems };
}

/**
 * The request body of a create, upsert (`create` mode) or update, converted and checked against
 * the contract; any problem throws one `HaltedError` naming every input at fault, before any
 * request to write.
 */
export async function readRecordInput<S extends zod.ZodType>(
  z: ZObject,
  kind: AnyRecordKind,
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
): Promise<zod.output<S>> {
  const { fields, problems: unknownFields } = await writeFieldsFor(z, kind, inputData, clear);
  const { body, problems } = readWriteInput(fields, inputData, { mode, clear });
  const all = [...extra, ...problems, ...unknownFields];
  if (all.length > 0) throw invalidInputError(all);
  const checked = checkAgainstContract(schema, body, fields);
  if ('problems' in checked) throw invalidInputError(checked.problems);
  return checked.data;
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

export const apiFor = (z: ZObject, kind: AnyRecordKind) => kind.collection(createApiClient(z));

/**
 * A write whose 422 names the inputs by label, not the API's paths (`location_ref` is "Location
 * (Clio Contact ID)"), with what to do about a Clio ID that no Snapshots record is linked to.
 */
export async function savedNamingInputs<T>(
  kind: AnyRecordKind,
  inputData: Record<string, unknown>,
  fields: readonly WriteField[],
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const rejected = rejectedFieldErrors(error, 422);
    // Only errors about the body (not, say, the Idempotency-Key header) are the inputs' fault.
    const isInput = (path: string) =>
      path.startsWith('custom_fields.') ||
      fields.some(
        (field) => field.path !== '' && (path === field.path || path.startsWith(`${field.path}.`)),
      );
    if (rejected.length === 0 || !rejected.every(({ field }) => isInput(field))) throw error;
    const problems = rejected.map(({ field: path, message }): InputProblem => {
      const field = [...fields]
        .filter(
          (candidate) =>
            candidate.path !== '' &&
            (path === candidate.path || path.startsWith(`${candidate.path}.`)),
        )
        .sort((a, b) => b.path.length - a.path.length)[0];
      const label = field?.label ?? path.replace(/^custom_fields\./, '');
      const value = field ? inputData[field.key] : undefined;
      const linked = /^(location|matter)_ref$/.exec(path)?.[1];
      return linked
        ? {
            label,
            message: `matches no Snapshots ${linked} linked to that Clio ID: link one first, or use Find or Create ${linked === 'location' ? 'Location' : 'Matter'}`,
            value,
          }
        : { label, message, value };
    });
    throw invalidInputError(problems, {
      lead: `Snapshots did not save the ${kind.object}`,
      tail: 'Nothing was changed.',
    });
  }
}

/**
 * Clio's `fields` query parameter: a response holds only the fields asked for, and without the
 * parameter only `id` and `etag`. `matter{id,description}` picks a nested resource's fields; a
 * nested resource named without braces gets its default fields (`id`, and `etag` when it has one).
 * An unknown field is a 400 (Clio's documented behaviour); fields of a second level are not read.
 */
import { READABLE_FIELDS, type ClioCollection } from './schemas';

/** Field name → the nested fields asked for (null: the nested resource's defaults). */
type Selection = Map<string, string[] | null>;

export class ClioFieldsError extends Error {}

const DEFAULT = 'id,etag';

function parse(text: string): Selection {
  const selection: Selection = new Map();
  for (const match of text.matchAll(/([a-z_]+)(?:\{([a-z_,]*)\})?(?:,|$)/g)) {
    const [, name, nested] = match;
    if (name) selection.set(name, nested === undefined ? null : nested.split(',').filter(Boolean));
  }
  return selection;
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pick(value: Fields, names: readonly string[]): Fields {
  return Object.fromEntries(
    names.filter((name) => name in value).map((name) => [name, defaultsOf(value[name])]),
  );
}
/** A nested value as Clio shows it without braces: objects reduced to `id` (and `etag`). */
function defaultsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defaultsOf);
  return isObject(value) ? pick(value, ['id', 'etag']) : value;
}

/** Throws for a field the collection does not have: checked before a write changes anything. */
export function checkFields(collection: ClioCollection, fields: string | undefined): Selection {
  const selection = parse(fields ?? DEFAULT);
  const unknown = [...selection.keys()].filter((name) => !READABLE_FIELDS[collection].has(name));
  if (unknown.length > 0) {
    throw new ClioFieldsError(`Invalid fields for ${collection}: ${unknown.join(', ')}.`);
  }
  return selection;
}

export function selectFields(
  collection: ClioCollection,
  record: Fields,
  fields: string | undefined,
): Fields {
  const selection = checkFields(collection, fields);
  const result: Fields = {};
  for (const [name, nested] of selection) {
    const value = record[name] ?? null;
    if (nested === null) result[name] = defaultsOf(value);
    else if (Array.isArray(value)) result[name] = value.map((item: Fields) => pick(item, nested));
    else result[name] = isObject(value) ? pick(value, nested) : value;
  }
  return result;
}

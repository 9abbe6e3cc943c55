/**
 * An output as Zapier's editor sees it, checked against what its operation promises: keys
 * flattened with `__` (nested objects; lists stay one value), and each value against its output
 * field's `type` and `list`.
 */
import type { PlainOutputField } from 'zapier-platform-core';

/** `{ address: { city } }` → `address__city`; an empty object holds no key. */
export function flattened(value: object, prefix = ''): Map<string, unknown> {
  const keys = new Map<string, unknown>();
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const [nested, leaf] of flattened(inner as object, `${prefix}${key}__`)) {
        keys.set(nested, leaf);
      }
    } else {
      keys.set(`${prefix}${key}`, inner);
    }
  }
  return keys;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/;

const OF_TYPE: Record<NonNullable<PlainOutputField['type']>, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  password: (value) => typeof value === 'string',
  file: (value) => typeof value === 'string',
  datetime: (value) => typeof value === 'string' && ISO_DATE.test(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
};

/** Why `value` does not fit `field` (its type, or list-ness), or undefined when it does. */
export function misfit(field: PlainOutputField, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (field.children) {
    // Line items: a list of objects with the children's keys, each typed.
    if (!Array.isArray(value)) return `${field.key} is declared line items but is ${typeof value}`;
    const children = new Map(field.children.map((child) => [child.key, child]));
    for (const item of value as unknown[]) {
      if (item === null || typeof item !== 'object') return `${field.key}: an item is no object`;
      for (const [key, inner] of Object.entries(item)) {
        const child = children.get(key);
        if (!child) return `${field.key}: item key ${key} is not declared`;
        const problem = misfit(child, inner);
        if (problem) return `${field.key}: ${problem}`;
      }
    }
    return undefined;
  }
  const type = field.type ?? 'string';
  if (field.list === true) {
    if (!Array.isArray(value)) return `${field.key} is declared a list but is ${typeof value}`;
    const wrong = value.find((item) => !OF_TYPE[type](item));
    return wrong === undefined
      ? undefined
      : `${field.key}: list item ${String(wrong)} is no ${type}`;
  }
  if (Array.isArray(value)) return `${field.key} is a list but not declared one`;
  return OF_TYPE[type](value) ? undefined : `${field.key}: ${JSON.stringify(value)} is no ${type}`;
}

/** The plain (static) fields of an `outputFields` array; functions are its dynamic part. */
export const staticOutputFields = (fields: readonly unknown[]): PlainOutputField[] =>
  fields.filter((field): field is PlainOutputField => typeof field === 'object' && field !== null);

/** Plain JSON values and the few generic operations the sandbox needs on them. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON copy of a value we know to be JSON-shaped (e.g. zod output); drops `undefined` keys. */
export function toJsonObject(value: unknown): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(value ?? {}));
  if (!isJsonObject(copy)) throw new TypeError('expected a JSON object');
  return copy;
}

/** JSON with object keys sorted: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isJsonObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** RFC 7396 JSON merge patch: objects merge key by key, `null` deletes, anything else replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * `value` completed with `defaults`, recursively for nested objects; keys come out in the order of
 * `defaults` (then any extra keys of `value`), so every record has the same shape.
 */
export function withDefaults(defaults: JsonObject, value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const key of new Set([...Object.keys(defaults), ...Object.keys(value)])) {
    const fallback = defaults[key];
    const given = value[key];
    if (isJsonObject(fallback) && isJsonObject(given)) result[key] = withDefaults(fallback, given);
    else if (given !== undefined) result[key] = given;
    else if (fallback !== undefined) result[key] = fallback;
  }
  return result;
}

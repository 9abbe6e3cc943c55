/**
 * The API's custom-field definitions of an object (`GET /v1/custom-fields?object=…`), which shape
 * the custom-field inputs of every action. The editor asks for input fields often (each time a
 * step is opened or a field changes), so the definitions are kept per connection: the editor
 * reads them again after ten minutes, a run after a day or when it meets a key it does not know. The cache is best effort: when it
 * fails, the definitions just fetched are still returned. It also keeps the labels of definitions
 * deleted since, so that a step still holding a value for one can name it.
 */
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import {
  CustomFieldDefinition,
  CustomFieldType,
  type CustomFieldDefinition as Definition,
  type CustomFieldObject,
  type Read,
} from '../api/schemas';
import { createApiClient } from '../http/client';
import { connectionCache } from '../runtime/connection-cache';

/** A field a firm adds shows up in the editor within this long. */
export const CUSTOM_FIELD_DEFINITIONS_TTL_SECONDS = 10 * 60;

/**
 * How long a run trusts definitions already read: a Zap running unattended pays one request per
 * object per connection a day, not one every ten minutes; a field it does not know yet (added
 * since) makes it read them again at once.
 */
export const CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS = 24 * 60 * 60;

const Definitions = zod.array(CustomFieldDefinition);
/** A definition deleted since it was read: its label still names the input a step holds. */
const Retired = zod.object({ key: zod.string(), label: zod.string() });
export type RetiredDefinition = zod.infer<typeof Retired>;
const Cached = zod.object({
  fetched_at: zod.number(),
  definitions: Definitions,
  retired: zod.array(Retired).default([]),
});

/** Retired definitions kept per object: the most recent, enough for any step's stale inputs. */
const RETIRED_KEPT = 100;

export interface DefinitionsWanted {
  /** The oldest definitions that will do, in seconds (default: the editor's ten minutes). */
  maxAgeSeconds?: number;
  /**
   * Definition keys the caller needs defined (a filled input): cached definitions without one of
   * them are read again, so a field added, or added back, since is found at once.
   */
  keys?: readonly string[];
  /**
   * Keys of blank inputs: known either way (defined, or known to be deleted), so a step's blank
   * stale input does not cost a request per run.
   */
  blankKeys?: readonly string[];
}

export async function loadCustomFieldDefinitions(
  z: ZObject,
  object: CustomFieldObject,
  wanted: DefinitionsWanted = {},
): Promise<Definition[]> {
  return (await loadDefinitionsAndRetired(z, object, wanted)).definitions;
}

/** The definitions, and those deleted since this connection last read them (by their labels). */
export async function loadDefinitionsAndRetired(
  z: ZObject,
  object: CustomFieldObject,
  {
    maxAgeSeconds = CUSTOM_FIELD_DEFINITIONS_TTL_SECONDS,
    keys = [],
    blankKeys = [],
  }: DefinitionsWanted = {},
): Promise<{ definitions: Definition[]; retired: RetiredDefinition[] }> {
  const cache = connectionCache(z, Cached);
  const key = `custom-field-definitions:${object}`;
  const cached = await cache.get(key).catch(() => undefined);
  const knows = (entry: { key: string }[], wanted: string) =>
    entry.some((definition) => definition.key === wanted);
  if (
    cached &&
    Date.now() - cached.fetched_at <= maxAgeSeconds * 1000 &&
    keys.every((wanted) => knows(cached.definitions, wanted)) &&
    blankKeys.every((wanted) => knows(cached.definitions, wanted) || knows(cached.retired, wanted))
  ) {
    return cached;
  }
  const { data } = await createApiClient(z).customFields.list(object);
  const definitions = data.map(asKnownType);
  // A wanted key defined nowhere is remembered too (by its key), so a step's blank stale input
  // does not cost a request per run.
  const unknown = [...keys, ...blankKeys].map((wanted) => ({ key: wanted, label: wanted }));
  const retired = [...(cached?.definitions ?? []), ...(cached?.retired ?? []), ...unknown]
    .filter((old) => !knows(definitions, old.key))
    .map(({ key: retiredKey, label }) => ({ key: retiredKey, label }))
    .filter((old, index, all) => all.findIndex((other) => other.key === old.key) === index)
    .slice(0, RETIRED_KEPT);
  await cache
    .set(
      key,
      { fetched_at: Date.now(), definitions, retired },
      CUSTOM_FIELD_DEFINITIONS_KEPT_SECONDS,
    )
    .catch(() => undefined);
  return { definitions, retired };
}

/**
 * A field of a type this version does not know yet (a newer Snapshots) is offered as plain text:
 * the user can still fill it in, and Snapshots checks the value, rather than the step failing.
 */
function asKnownType(definition: Read<Definition>): Definition {
  const known = CustomFieldType.safeParse(definition.type);
  return { ...definition, type: known.success ? known.data : 'text' };
}

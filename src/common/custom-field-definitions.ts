/**
 * The API's custom-field definitions of an object (`GET /v1/custom-fields?object=…`), which shape
 * the custom-field inputs of every action. The editor asks for input fields often (each time a
 * step is opened or a field changes), so the definitions are kept per connection for a while:
 * at most one request per object per connection while cached. The cache is best effort: when it
 * fails, the definitions just fetched are still returned.
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
import { connectionCache } from './connection-cache';

/** A field a firm adds shows up in the editor within this long. */
export const CUSTOM_FIELD_DEFINITIONS_TTL_SECONDS = 10 * 60;

const Definitions = zod.array(CustomFieldDefinition);

export async function loadCustomFieldDefinitions(
  z: ZObject,
  object: CustomFieldObject,
): Promise<Definition[]> {
  const cache = connectionCache(z, Definitions);
  const key = `custom-field-definitions:${object}`;
  const cached = await cache.get(key).catch(() => undefined);
  if (cached) return cached;
  const { data } = await createApiClient(z).customFields.list(object);
  const definitions = data.map(asKnownType);
  await cache.set(key, definitions, CUSTOM_FIELD_DEFINITIONS_TTL_SECONDS).catch(() => undefined);
  return definitions;
}

/**
 * A field of a type this version does not know yet (a newer Snapshots) is offered as plain text:
 * the user can still fill it in, and Snapshots checks the value, rather than the step failing.
 */
function asKnownType(definition: Read<Definition>): Definition {
  const known = CustomFieldType.safeParse(definition.type);
  return { ...definition, type: known.success ? known.data : 'text' };
}

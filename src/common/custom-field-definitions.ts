/**
 * An object's custom-field definitions (`GET /v1/custom-fields?object=…`), cached per connection
 * for a few minutes: dynamic input and output fields ask for them on every editor refresh. The
 * cache is best effort: when it fails, the definitions are still returned.
 */
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { CustomFieldDefinition, type CustomFieldObject } from '../api/schemas';
import { createApiClient } from '../http/client';
import { connectionCache } from './connection-cache';

/** Long enough for one editing session's refreshes, short enough for a new definition to show. */
export const DEFINITIONS_TTL_SECONDS = 300;

export async function loadCustomFieldDefinitions(
  z: ZObject,
  object: CustomFieldObject,
): Promise<CustomFieldDefinition[]> {
  const cache = connectionCache(z, zod.array(CustomFieldDefinition));
  const key = `custom-fields:${object}`;
  const cached = await cache.get(key).catch(() => undefined);
  if (cached) return cached;
  const { data } = await createApiClient(z).customFields.list(object);
  await cache.set(key, data, DEFINITIONS_TTL_SECONDS).catch(() => undefined);
  return data;
}

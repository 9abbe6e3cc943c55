/**
 * Custom fields as output fields: one per definition, keyed `custom_fields__<key>` (Zapier's
 * flattening of the nested `custom_fields` object), with the definition's label and type.
 */
import type { Bundle, PlainOutputField, ZObject } from 'zapier-platform-core';
import type { CustomFieldDefinition, CustomFieldObject } from '../api/schemas';
import { loadCustomFieldDefinitions } from './custom-field-definitions';
import { nestedFields } from './outputs';

/** Every custom-field type has an output type: a new type fails to compile until it is listed. */
const OUTPUT_TYPE: Record<CustomFieldDefinition['type'], NonNullable<PlainOutputField['type']>> = {
  text: 'string',
  long_text: 'string',
  select: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'datetime',
  datetime: 'datetime',
};

export const customFieldOutputField = (definition: CustomFieldDefinition): PlainOutputField => ({
  key: `custom_fields__${definition.key}`,
  label: definition.label,
  type: OUTPUT_TYPE[definition.type],
});

/** The dynamic part of an object's `outputFields`. */
export const customFieldOutputs =
  (object: CustomFieldObject) =>
  async (z: ZObject, _bundle: Bundle): Promise<PlainOutputField[]> =>
    (await loadCustomFieldDefinitions(z, object)).map(customFieldOutputField);

/** A linked record embedded under `key` (a matter's `location`), as an output names it. */
export interface EmbeddedRecord {
  key: string;
  label: string;
  object: CustomFieldObject;
}

/**
 * The custom fields of an embedded record, as Zapier flattens them:
 * `location__custom_fields__<key>`, labelled "Location: <label>".
 */
export const embeddedCustomFieldOutputs =
  ({ key, label, object }: EmbeddedRecord) =>
  async (z: ZObject, _bundle: Bundle): Promise<PlainOutputField[]> =>
    nestedFields(
      key,
      label,
      (await loadCustomFieldDefinitions(z, object)).map(customFieldOutputField),
    );

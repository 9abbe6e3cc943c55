/** Custom-field definitions: per object, the extra fields a firm defines. */
import { z } from 'zod';
import { OBJECT_NAMES, OBJECTS, type Registry } from '../objects';

/** Every object of the registry can have custom fields. */
export const CustomFieldObject = z.enum(OBJECT_NAMES).meta({ id: 'CustomFieldObject' });
export const CustomFieldType = z
  .enum(['text', 'long_text', 'number', 'date', 'datetime', 'boolean', 'select'])
  .meta({ id: 'CustomFieldType' });
/** A `text` custom field's limit, in characters (../text's `textLength`); `long_text`: 10,000. */
export const CUSTOM_TEXT_MAX = 255;
export const CustomFieldDefinition = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
    label: z.string().min(1).max(100),
    type: CustomFieldType,
    choices: z.array(z.string().min(1).max(100)),
    required: z.boolean(),
    help_text: z.string().max(500).nullable(),
  })
  .meta({ id: 'CustomFieldDefinition' });
export const CustomFieldDefinitionList = z
  .object({ data: z.array(CustomFieldDefinition) })
  .meta({ id: 'CustomFieldDefinitionList' });

/** `GET /v1/custom-fields`' query for a registry (the sandbox serves a test's registry with it). */
export const customFieldQueryFor = (objects: Registry) =>
  z.strictObject({
    object:
      objects === OBJECTS
        ? CustomFieldObject
        : z.enum(objects.map((object) => object.name) as [string, ...string[]]),
  });
export const CustomFieldQuery = customFieldQueryFor(OBJECTS);

export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;
export type CustomFieldObject = z.infer<typeof CustomFieldObject>;

/**
 * Custom-field definitions per object, and the check of a record's `custom_fields` against them:
 * unknown keys, wrong types, a select value outside its choices, a bad date or datetime, or a
 * missing required field is a 422 naming `custom_fields.<key>`.
 */
import type { FastifyInstance } from 'fastify';
import {
  CUSTOM_TEXT_MAX,
  customFieldQueryFor,
  PlainDate,
  TimestampInput,
  type CustomFieldDefinition,
  type FieldError,
} from '../../src/api/schemas';
import { objectNamed, readScope, type ObjectName, type Registry } from '../../src/api/objects';
import { textLength } from '../../src/api/text';
import { callerOf, requireScope } from '../oauth/access';
import type { Json, JsonObject } from '../json';
import { conflict } from '../http/problems';
import { parseParams } from '../http/validation';

/** Seeded in both seeds (docs/sandbox.md). */
const SEEDED_DEFINITIONS: Partial<Record<ObjectName, CustomFieldDefinition[]>> = {
  location: [
    select('practice_area', 'Practice area', ['Family', 'Criminal', 'Corporate', 'Immigration']),
    field('client_since', 'Client since', 'date'),
  ],
  matter: [
    field('billing_code', 'Billing code', 'text'),
    field('budget', 'Budget', 'number'),
    field('court_date', 'Court date', 'date'),
  ],
  activity: [field('billable', 'Billable', 'boolean'), field('outcome', 'Outcome', 'long_text')],
};

function field(
  key: string,
  label: string,
  type: CustomFieldDefinition['type'],
): CustomFieldDefinition {
  return { key, label, type, choices: [], required: false, help_text: null };
}

function select(key: string, label: string, choices: string[]): CustomFieldDefinition {
  return { ...field(key, label, 'select'), choices };
}

type Checked = { value: Json } | { error: string };

/** Checks one value against its definition; returns the value to store (datetimes normalised). */
function checkValue(definition: CustomFieldDefinition, value: Json): Checked {
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') return { error: 'must be a string' };
      return textLength(value) <= CUSTOM_TEXT_MAX
        ? { value }
        : { error: `must be at most ${CUSTOM_TEXT_MAX} characters` };
    case 'long_text':
      return typeof value === 'string' ? { value } : { error: 'must be a string' };
    case 'number':
      return typeof value === 'number' ? { value } : { error: 'must be a number' };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: 'must be true or false' };
    case 'select':
      return typeof value === 'string' && definition.choices.includes(value)
        ? { value }
        : { error: `must be one of: ${definition.choices.join(', ')}` };
    case 'date': {
      const parsed = PlainDate.safeParse(value);
      return parsed.success ? { value: parsed.data } : { error: 'must be a date, YYYY-MM-DD' };
    }
    case 'datetime': {
      const parsed = TimestampInput.safeParse(value);
      return parsed.success
        ? { value: parsed.data }
        : { error: 'must be an RFC 3339 timestamp with a time zone' };
    }
  }
}

/** Per object of the registry (by name), its definitions: the seeded ones, or none. */
type Definitions = Map<string, CustomFieldDefinition[]>;

export class CustomFieldRegistry {
  private definitions: Definitions;

  constructor(private readonly objects: Registry) {
    this.definitions = this.seeded();
  }

  private seeded(): Definitions {
    const seeded: Partial<Record<string, CustomFieldDefinition[]>> = SEEDED_DEFINITIONS;
    return new Map(
      this.objects.map((object) => [object.name, structuredClone(seeded[object.name] ?? [])]),
    );
  }

  reset(): void {
    this.definitions = this.seeded();
  }

  list(object: string): CustomFieldDefinition[] {
    return this.definitions.get(object) ?? [];
  }

  add(object: string, definition: CustomFieldDefinition): void {
    const definitions = this.definitions.get(object);
    if (!definitions) throw new Error(`No object "${object}" in the registry.`);
    if (definitions.some((existing) => existing.key === definition.key)) {
      throw conflict('custom-field-exists', `The ${object} field "${definition.key}" exists.`, [
        { field: 'key', message: 'is already defined' },
      ]);
    }
    definitions.push(definition);
  }

  /** Deletes a definition (values stored under its key stay); false when there was none. */
  remove(object: string, key: string): boolean {
    const definitions = this.definitions.get(object) ?? [];
    const index = definitions.findIndex((definition) => definition.key === key);
    if (index >= 0) definitions.splice(index, 1);
    return index >= 0;
  }

  /**
   * Checks `values` (nulls already removed) for `object`. `requireAll` (on create) also demands
   * every required field; `cleared` lists keys a patch removed, which must not be required ones.
   */
  check(
    object: string,
    values: JsonObject,
    options: { requireAll: boolean; cleared?: readonly string[] },
  ): { values: JsonObject; errors: FieldError[] } {
    const byKey = new Map(this.list(object).map((definition) => [definition.key, definition]));
    const many = objectNamed(object, this.objects)?.nouns.many ?? `${object}s`;
    const checked: JsonObject = {};
    const errors: FieldError[] = [];
    const fail = (key: string, message: string) =>
      errors.push({ field: `custom_fields.${key}`, message });
    for (const [key, value] of Object.entries(values)) {
      const definition = byKey.get(key);
      if (!definition) {
        fail(key, `is not a custom field of ${many}`);
        continue;
      }
      const result = checkValue(definition, value);
      if ('error' in result) fail(key, result.error);
      else checked[key] = result.value;
    }
    for (const definition of byKey.values()) {
      const missing = options.requireAll && !Object.hasOwn(values, definition.key);
      if (definition.required && (missing || options.cleared?.includes(definition.key))) {
        fail(definition.key, 'is required');
      }
    }
    return { values: checked, errors };
  }
}

export function registerCustomFieldRoutes(
  app: FastifyInstance,
  deps: { customFields: CustomFieldRegistry; objects: Registry },
): void {
  const query = customFieldQueryFor(deps.objects);
  app.get('/v1/custom-fields', (request) => {
    const auth = callerOf(request);
    const { object } = parseParams(query, request.query);
    requireScope(auth, readScope(object));
    return { data: deps.customFields.list(object) };
  });
}

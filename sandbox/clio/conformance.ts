/**
 * The conformance check: every request the stand-in accepts, and every answer it gives, must be
 * what Clio's published OpenAPI v4 document describes (`clio-openapi.json` in this folder, pruned
 * from Clio's by `scripts/clio-openapi.ts`). Objects are closed (a field the document does not list
 * is drift), and the only departures from the document are the corrections listed in
 * `CORRECTIONS`, each where the document's own prose contradicts its schema.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import CLIO_DOCUMENT from './clio-openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
export type ClioDocument = JsonObject;

export interface ClioExchange {
  method: string;
  /** The path without the query, e.g. `/api/v4/contacts/1001.json`. */
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
}
/** The problems of one exchange (none: it conforms). */
export type ClioConformance = (exchange: ClioExchange) => string[];

const API_PREFIX = '/api/v4';
/** A custom field value's id as Clio's prose shows it: the field type and a number. */
const COMPOSITE_VALUE_ID = { type: ['string', 'null'], pattern: '^[a-z_]+-[1-9][0-9]*$' };

export interface Correction {
  where: string;
  why: string;
  apply(document: JsonObject): void;
}

const at = (document: JsonObject, ...keys: string[]): JsonObject =>
  keys.reduce<JsonObject>((node, key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new Error(`The Clio document has no ${keys.join(' › ')} (at ${key}): regenerate it.`);
    }
    return next;
  }, document);
const patchBodyData = (document: JsonObject, path: string) =>
  at(document, 'paths', path, 'patch', 'requestBody', 'content', 'application/json', 'schema');

/**
 * Where Clio's prose contradicts its schema, the prose wins (issue 16). Nothing else departs from
 * the document.
 */
export const CORRECTIONS: readonly Correction[] = [
  {
    where: 'CustomFieldValue id (answers; PATCH of contacts and matters)',
    why:
      'The contacts and matters docs: the id "is a composite value including the custom field type" ' +
      '(e.g. "text_line-1"), "may be NULL when the CustomField is displayed by default but has not ' +
      'yet been given a value", and is what an update sends; the PATCH schema types it as an integer.',
    apply(document) {
      at(document, 'components', 'schemas', 'CustomFieldValue_base', 'properties').id =
        COMPOSITE_VALUE_ID;
      for (const path of ['/contacts/{id}.json', '/matters/{id}.json']) {
        const item = at(
          patchBodyData(document, path),
          'properties',
          'data',
          'properties',
          'custom_field_values',
          'items',
          'properties',
        );
        item.id = COMPOSITE_VALUE_ID;
      }
    },
  },
  {
    where: 'POST /notes.json: matter and contact',
    why:
      'The schema requires both `matter` and `contact`; a note is of one type, and the Notes docs ' +
      'ask for the matter of a Matter note and the contact of a Contact note.',
    apply(document) {
      const data = at(
        document,
        'paths',
        '/notes.json',
        'post',
        'requestBody',
        'content',
        'application/json',
        'schema',
        'properties',
        'data',
      );
      data.required = ['type'];
      data.allOf = (['Matter', 'Contact'] as const).map((type) => ({
        if: { properties: { type: { const: type } }, required: ['type'] },
        then: { required: [type.toLowerCase()] },
      }));
    },
  },
  {
    where: 'every field of an answer',
    why:
      'OpenAPI 3.0 needs `nullable` for a null and the document marks none, yet its prose shows ' +
      'null for what has no value (the custom field value id above); Clio answers a requested ' +
      'field that has no value with null.',
    apply: () => undefined, // applied while preparing the answers' schemas (`nullableFields`)
  },
];

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A schema ready for ajv: `allOf` of objects merged into one object (so it can be closed),
 * objects with properties closed, and in answers every property also null.
 */
function prepare(schema: Json, components: JsonObject, nullableFields: boolean): Json {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, components, nullableFields));
  if (!isObject(schema)) return schema;
  let node: JsonObject = { ...schema };
  if (Array.isArray(node.allOf) && node.allOf.every((part) => objectPart(part, components))) {
    node = mergeAllOf(node, components);
  }
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      result.$ref = value.replace('#/components/schemas/', 'clio#/components/schemas/');
    } else if (key === 'properties' && isObject(value)) {
      const required = Array.isArray(node.required) ? node.required : [];
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => {
          const prepared = prepare(property, components, nullableFields);
          const nullable = nullableFields && !required.includes(name);
          return [name, nullable ? { anyOf: [{ type: 'null' }, prepared] } : prepared];
        }),
      );
    } else result[key] = prepare(value, components, nullableFields);
  }
  if (isObject(result.properties) && result.additionalProperties === undefined) {
    result.additionalProperties = false;
  }
  return result;
}

function resolve(part: Json, components: JsonObject): JsonObject | undefined {
  if (!isObject(part)) return undefined;
  const name = typeof part.$ref === 'string' ? part.$ref.split('/').at(-1) : undefined;
  const target = name === undefined ? part : components[name];
  return isObject(target) ? target : undefined;
}
function objectPart(part: Json, components: JsonObject): boolean {
  const target = resolve(part, components);
  return target !== undefined && (target.type === 'object' || Array.isArray(target.allOf));
}
function mergeAllOf(node: JsonObject, components: JsonObject): JsonObject {
  const { allOf, ...rest } = node;
  const properties: JsonObject = {};
  const required = new Set<string>();
  for (const part of allOf as Json[]) {
    let target = resolve(part, components)!;
    if (Array.isArray(target.allOf)) target = mergeAllOf(target, components);
    Object.assign(properties, isObject(target.properties) ? target.properties : {});
    for (const name of Array.isArray(target.required) ? target.required : []) {
      if (typeof name === 'string') required.add(name);
    }
  }
  return {
    ...rest,
    type: 'object',
    properties,
    ...(required.size > 0 ? { required: [...required] } : {}),
  };
}

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Clio's pruned document, as the repository keeps it. */
export const CLIO_OPENAPI = CLIO_DOCUMENT as unknown as ClioDocument;

/** The names of the `data` fields a write body may hold, per the document. */
export function documentedWriteFields(path: string, method: 'post' | 'patch'): string[] {
  const data = at(
    CLIO_OPENAPI,
    'paths',
    path,
    method,
    'requestBody',
    'content',
    'application/json',
    'schema',
    'properties',
    'data',
    'properties',
  );
  return Object.keys(data);
}

/** The fields of a record Clio reads back (`?fields=` names), per the document's answer schema. */
export function documentedReadFields(schemaName: string): string[] {
  const schemas = at(CLIO_OPENAPI, 'components', 'schemas');
  const names = new Set<string>();
  const collect = (schema: Json | undefined) => {
    const target = resolve(schema ?? null, schemas);
    if (!target) return;
    if (isObject(target.properties))
      for (const name of Object.keys(target.properties)) names.add(name);
    if (Array.isArray(target.allOf)) target.allOf.forEach(collect);
  };
  collect({ $ref: `#/components/schemas/${schemaName}` });
  return [...names];
}

let defaultCheck: ClioConformance | undefined;
/** The check against Clio's pruned document, compiled once (about half a second). */
export const defaultClioConformance: ClioConformance = (exchange) =>
  (defaultCheck ??= clioConformance())(exchange);

/** The check against `document` (Clio's pruned document, corrected, unless a test gives another). */
export function clioConformance(document: ClioDocument = CLIO_OPENAPI): ClioConformance {
  const corrected = structuredClone(document);
  for (const correction of CORRECTIONS) correction.apply(corrected);
  const components = at(corrected, 'components', 'schemas');
  // Components are read only by answers (the request bodies are inline in the paths).
  const prepared: JsonObject = {
    components: {
      schemas: Object.fromEntries(
        Object.entries(components).map(([name, schema]) => [
          name,
          prepare(schema, components, true),
        ]),
      ),
    },
    paths: prepare(corrected.paths ?? {}, components, false),
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['int32', 'int64'])
    ajv.addFormat(format, { type: 'number', validate: Number.isInteger });
  for (const format of ['double', 'float'])
    ajv.addFormat(format, { type: 'number', validate: () => true });
  ajv.addSchema(prepared, 'clio');

  const paths = at(corrected, 'paths');
  const templates = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const validators = new Map<string, ValidateFunction>();
  const validate = (ref: string, value: unknown, what: string): string[] => {
    let check = validators.get(ref);
    if (!check) validators.set(ref, (check = ajv.compile({ $ref: `clio#/${ref}` })));
    if (check(value)) return [];
    // "must be null" and "must match a schema in anyOf" only echo the null correction.
    const errors = check.errors ?? [];
    const telling = errors.filter(
      (e) => e.keyword !== 'anyOf' && !/anyOf\/0\/type$/.test(e.schemaPath),
    );
    return (telling.length > 0 ? telling : errors).map(
      (error) => `${what}${error.instancePath || ''} ${error.message ?? ''} (${error.schemaPath})`,
    );
  };

  return ({ method, path, status, requestBody, responseBody }) => {
    const where = `${method} ${path} → ${status}`;
    const local = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
    const template = templates.find(({ pattern }) => pattern.test(local))?.template;
    const operation = template ? (paths[template] as JsonObject)[method.toLowerCase()] : undefined;
    if (!template || !isObject(operation)) {
      // A route Clio's document does not have: only a refusal conforms.
      return status === 404 || status === 401
        ? []
        : [`${where}: Clio's document has no ${method} ${local}`];
    }
    const problems: string[] = [];
    if (status < 300 && isObject(operation.requestBody)) {
      problems.push(
        ...validate(
          pointer(
            'paths',
            template,
            method.toLowerCase(),
            'requestBody',
            'content',
            'application/json',
            'schema',
          ),
          requestBody,
          'request body',
        ),
      );
    }
    const responses = operation.responses as JsonObject;
    const response = responses[String(status)];
    if (!isObject(response)) {
      problems.push(`status ${status} is not one Clio's document lists for ${method} ${template}`);
    } else if (isObject(response.content)) {
      const [mediaType] = Object.keys(response.content);
      problems.push(
        ...validate(
          pointer(
            'paths',
            template,
            method.toLowerCase(),
            'responses',
            String(status),
            'content',
            mediaType!,
            'schema',
          ),
          responseBody,
          'answer',
        ),
      );
    }
    return problems.map((problem) => `${where}: ${problem}`);
  };
}

/** Thrown by a test's check; the stand-in answers 500 with the same message. */
export class ClioConformanceError extends Error {}

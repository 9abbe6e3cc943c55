/**
 * Checks real responses against the generated OpenAPI document, so the contract tests prove that
 * the sandbox serves what the document (and so the zod schemas) promise.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { buildOpenApiDocument } from '../../src/api/openapi';

type Document = ReturnType<typeof buildOpenApiDocument>;
interface ResponseSpec {
  content?: Record<string, { schema?: unknown }>;
}

const document: Document = buildOpenApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi.json');

const validators = new Map<string, ValidateFunction>();
const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Path templates as regular expressions: `/v1/locations/{location_id}` → `^/v1/locations/[^/]+$`. */
const templates = Object.keys(document.paths ?? {}).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literalSegments: template.split('/').filter((segment) => !segment.startsWith('{')).length,
}));

export function findPathTemplate(path: string): string | undefined {
  const matches = templates.filter(({ pattern }) => pattern.test(path));
  // `/v1/locations/by-ref/a/b` matches a templated item path too; the most literal template wins.
  matches.sort((a, b) => b.literalSegments - a.literalSegments);
  return matches[0]?.template;
}

/**
 * Throws, with the reasons, unless the document describes this response: the path and method exist,
 * the status is listed, the content type is declared and the body validates against its schema.
 */
export function expectResponseToMatchOpenApi(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const template = findPathTemplate(path);
  if (!template) throw new Error(`${where}: the OpenAPI document has no path for ${path}`);
  const operation = (
    document.paths?.[template] as Record<string, { responses?: Record<string, ResponseSpec> }>
  )[method.toLowerCase()];
  if (!operation) throw new Error(`${where}: the document has no ${method} on ${template}`);
  const statusKey = String(status);
  const response = operation.responses?.[statusKey] ?? operation.responses?.default;
  if (!response) throw new Error(`${where}: status ${status} is not documented for ${template}`);

  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const declared = Object.keys(response.content ?? {});
  if (declared.length === 0) {
    if (body !== undefined && body !== null && body !== '') {
      throw new Error(`${where}: the document declares no body, but one was sent`);
    }
    return;
  }
  if (!mediaType || !declared.includes(mediaType)) {
    throw new Error(
      `${where}: content type ${mediaType ?? '(none)'} is not one of ${declared.join(', ')}`,
    );
  }
  if (!response.content?.[mediaType]?.schema) return;

  const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', operation.responses?.[statusKey] ? statusKey : 'default', 'content', mediaType, 'schema')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  if (!validate(body)) {
    const reasons = (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(body)'} ${error.message}`,
    );
    throw new Error(`${where}: the body does not match the document:\n  ${reasons.join('\n  ')}`);
  }
}

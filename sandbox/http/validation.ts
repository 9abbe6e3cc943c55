/**
 * Request validation with the contract's zod schemas. Unknown fields and malformed requests are a
 * 400 naming them; a well-formed body that breaks the schema is a 422 listing every violation.
 */
import type { z } from 'zod';
import type { FieldError } from '../../src/api/schemas';
import { badRequest, unprocessable } from './problems';
import { isJsonObject } from '../json';

type Issue = z.core.$ZodIssue;

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (!isJsonObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function messageOf(issue: Issue, input: unknown): string {
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) return 'is required';
  return issue.message;
}

function unknownFieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: pathOf([...issue.path, key]),
          message: 'is not allowed',
        }))
      : [],
  );
}

export function toFieldErrors(issues: readonly Issue[], input: unknown): FieldError[] {
  return issues
    .filter((issue) => issue.code !== 'unrecognized_keys')
    .map((issue) => ({ field: pathOf(issue.path) || '(body)', message: messageOf(issue, input) }));
}

const describe = (errors: FieldError[]): string =>
  errors.map((error) => `\`${error.field}\` ${error.message}`).join('; ');

/** Parses a JSON body: 400 when it is not an object or has unknown fields, 422 otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (!isJsonObject(body)) throw badRequest('The request body must be a JSON object.');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const unknown = unknownFieldErrors(result.error.issues);
  if (unknown.length > 0) throw badRequest(`Unknown fields: ${describe(unknown)}.`, unknown);
  const errors = toFieldErrors(result.error.issues, body);
  throw unprocessable(`The request body is invalid: ${describe(errors)}.`, errors);
}

/** Parses query parameters or path segments: every problem is a 400 naming the parameter. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const errors = [
    ...unknownFieldErrors(result.error.issues),
    ...toFieldErrors(result.error.issues, params),
  ];
  throw badRequest(`Invalid parameters: ${describe(errors)}.`, errors);
}

/**
 * RFC 9457 problem details. Handlers throw an `ApiProblem`; the server's error handler renders it
 * as `application/problem+json` with the request id, so every error has the same shape.
 */
import type { FieldError, Problem } from '../../src/api/schemas';

export const PROBLEM_TYPE_BASE = 'https://snapshots.example/problems/';

interface ProblemExtras {
  errors?: FieldError[];
  requiredScope?: string;
  /** On an `external-ref-mismatch`: the record's references as they are. */
  currentExternalRefs?: Record<string, string>;
  headers?: Record<string, string>;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    /** Short kebab-case name: the end of the `type` URI and (snake_cased) a sync error's code. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail);
  }

  get code(): string {
    return this.slug.replaceAll('-', '_');
  }

  toBody(requestId: string): Problem {
    return {
      type: PROBLEM_TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      detail: this.detail,
      request_id: requestId,
      ...(this.extras.errors ? { errors: this.extras.errors } : {}),
      ...(this.extras.requiredScope ? { required_scope: this.extras.requiredScope } : {}),
      ...(this.extras.currentExternalRefs
        ? { current_external_refs: this.extras.currentExternalRefs }
        : {}),
    };
  }
}

const fieldErrors = (field: string | undefined, message: string): ProblemExtras =>
  field === undefined ? {} : { errors: [{ field, message }] };

export const badRequest = (detail: string, errors?: FieldError[]): ApiProblem =>
  new ApiProblem(400, 'bad-request', 'Bad request', detail, { errors });

export const invalidParameter = (field: string, message: string): ApiProblem =>
  badRequest(`\`${field}\` ${message}.`, [{ field, message }]);

export const unauthorized = (detail: string, tokenPresented: boolean): ApiProblem =>
  new ApiProblem(401, 'unauthorized', 'Unauthorized', detail, {
    // RFC 6750 §3.1: no error code when the request carried no token at all.
    headers: {
      'www-authenticate': tokenPresented
        ? 'Bearer error="invalid_token"'
        : 'Bearer realm="snapshots"',
    },
  });

export const forbidden = (requiredScope: string): ApiProblem =>
  new ApiProblem(
    403,
    'insufficient-scope',
    'Forbidden',
    `This request needs the scope \`${requiredScope}\`, which the access token lacks.`,
    {
      requiredScope,
      headers: {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${requiredScope}"`,
      },
    },
  );

/** A `/_sandbox` control request from off this machine, or from a web page. */
export const controlRefused = (detail: string): ApiProblem =>
  new ApiProblem(403, 'control-refused', 'Forbidden', detail);

export const notFound = (detail: string, field?: string): ApiProblem =>
  new ApiProblem(404, 'not-found', 'Not found', detail, fieldErrors(field, 'not found'));

export const conflict = (slug: string, detail: string, errors?: FieldError[]): ApiProblem =>
  new ApiProblem(409, slug, 'Conflict', detail, { errors });

export const preconditionFailed = (detail: string): ApiProblem =>
  new ApiProblem(412, 'precondition-failed', 'Precondition failed', detail, {
    errors: [{ field: 'If-Match', message: detail }],
  });

export const unprocessable = (detail: string, errors: FieldError[], slug = 'validation-failed') =>
  new ApiProblem(422, slug, 'Unprocessable content', detail, { errors });

export const rateLimited = (retryAfterSeconds: number): ApiProblem =>
  new ApiProblem(
    429,
    'rate-limited',
    'Too many requests',
    `Rate limit exceeded; retry in ${retryAfterSeconds} s.`,
    { headers: { 'retry-after': String(retryAfterSeconds) } },
  );

/** Messages for the body-parsing errors of the framework, which name only application/json. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY:
    'The body is not valid JSON (keys named __proto__ or constructor.prototype are refused).',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty; send a JSON object.',
};

/** Framework errors (body parsing, size, media type) carry a status code; keep it, explain it. */
export function fromFrameworkError(status: number, code: string, message: string): ApiProblem {
  switch (status) {
    case 413:
      return new ApiProblem(
        413,
        'payload-too-large',
        'Payload too large',
        'Bodies are limited to 1 MiB.',
      );
    case 415:
      return new ApiProblem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the body as application/json (or application/merge-patch+json for PATCH).',
      );
    default:
      return status >= 400 && status < 500
        ? badRequest(FRAMEWORK_MESSAGES[code] ?? `Malformed request: ${message}`)
        : internalError();
  }
}

export const internalError = (): ApiProblem =>
  new ApiProblem(
    500,
    'internal-error',
    'Internal server error',
    'Something went wrong on our side.',
  );

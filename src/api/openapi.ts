/**
 * The OpenAPI 3.1 document of the Snapshots API v1, generated from the zod schemas in ./schemas,
 * so that the document, the sandbox and the integration cannot drift apart.
 *
 * Development-only: the sandbox serves it at /openapi.json and `npm run openapi` writes
 * openapi.json; the Zapier app never imports this file (zod-openapi is a devDependency).
 */
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import {
  AuthorizeQuery,
  CustomFieldDefinition,
  CustomFieldDefinitionList,
  CustomFieldQuery,
  Event,
  EventListQuery,
  EventPage,
  ExternalSystem,
  Me,
  OAuthError,
  Problem,
  RevokeRequest,
  REQUIRED_SCOPE,
  SyncErrorListQuery,
  SyncErrorPage,
  TokenRequest,
  TokenResponse,
  Webhook,
  WebhookCreate,
  WebhookId,
  WebhookList,
  WebhookWithSecret,
  WEBHOOK_DELIVERY_RULES,
  WEBHOOK_PACING_RULES,
  type Scope,
} from './schemas';
import {
  OBJECTS,
  postQueryOf,
  readScope as readScopeOf,
  scopePurpose,
  scopesOf,
  writeScope as writeScopeOf,
  type ApiObject,
  type Registry,
} from './objects';

const API_VERSION = '1.0.0';

// ------------------------------------------------------------------ headers
type HeaderShape = Record<string, z.ZodType>;
const header = (description: string) => z.string().meta({ description });
const integerHeader = (description: string) => z.string().regex(/^\d+$/).meta({ description });
const rateLimitHeaders: HeaderShape = {
  'RateLimit-Limit': integerHeader('Requests allowed per window for this access token.'),
  'RateLimit-Remaining': integerHeader('Requests left in the current window.'),
  'RateLimit-Reset': integerHeader('Seconds until the window resets.'),
  'x-request-id': header('Quote it when reporting a problem.'),
};
const etagHeader: HeaderShape = { ETag: header('`"<version>"` of the resource.') };
const headers = (...shapes: HeaderShape[]) => z.object(Object.assign({}, ...shapes) as HeaderShape);

// ------------------------------------------------------------------ responses
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const problem = (description: string, extraHeaders: HeaderShape = {}) => ({
  description,
  headers: headers(rateLimitHeaders, extraHeaders),
  content: { 'application/problem+json': { schema: Problem } },
});

/** Errors any authenticated `/v1` operation can answer. */
const commonErrors: ZodOpenApiResponsesObject = {
  '400': problem('Malformed request: bad JSON, an unknown field or parameter, a bad cursor.'),
  '401': problem('Missing, expired or revoked access token.', {
    'WWW-Authenticate': header('`Bearer error="invalid_token"`'),
  }),
  '403': problem('The token lacks a scope; `required_scope` names it.'),
  '429': problem('Rate limited.', { 'Retry-After': integerHeader('Seconds to wait.') }),
  '500': problem('Server fault; safe to retry.'),
  '503': problem('Temporarily unavailable; safe to retry.'),
};
const writeErrors: ZodOpenApiResponsesObject = {
  '404': problem('A record in the path does not exist.'),
  '409': problem(
    'Conflict: an external reference already in use, `expected_external_refs` not met ' +
      '(`current_external_refs` says why), or the same Idempotency-Key in flight.',
  ),
  '412': problem('`If-Match` does not match the current version.'),
  '413': problem('Body larger than 1 MiB.'),
  '415': problem('The body is not sent as JSON (`Content-Type: application/json`).'),
  '422': problem('Validation failed; `errors[]` names each field.'),
};

const ok = (description: string, schema: z.ZodType, extraHeaders: HeaderShape = {}) => ({
  description,
  headers: headers(rateLimitHeaders, extraHeaders),
  content: json(schema),
});

// ------------------------------------------------------------------ operation helpers
const secured = (scope: Scope | null): Pick<ZodOpenApiOperationObject, 'security'> => ({
  security: [{ oauth2: scope ? [scope] : [] }],
});
const idempotencyKey = z.string().min(1).max(255).optional().meta({
  description: 'Replays the first response for 24 h when the same key and body are sent again.',
});
const ifMatch = z
  .string()
  .optional()
  .meta({ description: '`"<version>"`; 412 when it is not current.' });

/** `an activity`, `a matter` */
const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The operations every object of the registry has, from its entry. */
function collectionPaths(object: ApiObject): ZodOpenApiPathsObject {
  const { path, idField: idParam } = object;
  const { one: noun, many: nouns } = object.nouns;
  const a = withArticle(noun);
  const tag = capitalised(nouns);
  const {
    record: resource,
    id,
    page: pageSchema,
    list,
    item,
    create,
    patch,
    createQuery,
  } = object.schemas;
  const postQuery = postQueryOf(object);
  const readScope = readScopeOf(object) as Scope;
  const writeScope = writeScopeOf(object) as Scope;
  const pathParams = z.object({ [idParam]: id });
  const created = ok(`The ${noun} was created.`, resource, {
    ...etagHeader,
    Location: header(`URL of the new ${noun}.`),
    'Idempotent-Replayed': z.literal('true').optional().meta({ description: 'Set on a replay.' }),
  });
  const writeBody = (schema: z.ZodType, contentTypes: string[]) => ({
    required: true,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema }])),
  });
  // Writes embed linked records as reads do, so one request returns what a read would.
  const expandQuery = item ? { query: item } : {};
  const byRefParams = {
    path: z.object({ system: ExternalSystem, external_id: z.string().min(1).max(128) }),
    header: z.object({ 'If-Match': ifMatch }),
    ...expandQuery,
  };
  const byRefResponses = {
    '200': ok(`The updated ${noun}.`, resource, etagHeader),
    '201': created,
    ...commonErrors,
    ...writeErrors,
  };
  return {
    [`/v1/${path}`]: {
      get: {
        tags: [tag],
        summary: `List ${nouns}`,
        operationId: `list_${path}`,
        ...secured(readScope),
        requestParams: { query: list },
        responses: { '200': ok(`A page of ${nouns}.`, pageSchema), ...commonErrors },
      },
      post: {
        tags: [tag],
        summary: `Create ${a}`,
        operationId: `create_${path}`,
        ...secured(writeScope),
        ...(createQuery
          ? {
              description:
                'With `if_absent`, create-if-absent in one atomic step: when a record already has ' +
                'the same name as the body (NFC, case folded, spaces trimmed and collapsed), nothing ' +
                'is created and that record, the oldest such, is the answer (200); otherwise 201. ' +
                'Concurrent calls for one name make one record. `Idempotency-Key` keeps its meaning.',
            }
          : {}),
        requestParams: {
          header: z.object({ 'Idempotency-Key': idempotencyKey }),
          ...(postQuery ? { query: postQuery } : {}),
        },
        requestBody: writeBody(create, ['application/json']),
        responses: {
          ...(createQuery
            ? {
                '200': ok(
                  `The existing ${noun} of that name (\`if_absent\`).`,
                  resource,
                  etagHeader,
                ),
              }
            : {}),
          '201': created,
          ...commonErrors,
          ...writeErrors,
        },
      },
    },
    [`/v1/${path}/{${idParam}}`]: {
      get: {
        tags: [tag],
        summary: `Get ${a}`,
        operationId: `get_${path}`,
        ...secured(readScope),
        requestParams: { path: pathParams, ...expandQuery },
        responses: {
          '200': ok(`The ${noun}.`, resource, etagHeader),
          '404': problem(`No such ${noun}.`),
          ...commonErrors,
        },
      },
      patch: {
        tags: [tag],
        summary: `Update ${a} (JSON merge patch)`,
        operationId: `update_${path}`,
        ...secured(writeScope),
        requestParams: {
          path: pathParams,
          header: z.object({ 'If-Match': ifMatch }),
          ...expandQuery,
        },
        requestBody: writeBody(patch, ['application/merge-patch+json', 'application/json']),
        responses: {
          '200': ok(`The updated ${noun}.`, resource, etagHeader),
          ...commonErrors,
          ...writeErrors,
        },
      },
    },
    [`/v1/${path}/by-ref/{system}/{external_id}`]: {
      put: {
        tags: [tag],
        summary: `Create or update ${a} by external reference`,
        description:
          'One atomic step: 201 when created, 200 when updated. The body is the same as for POST.',
        operationId: `upsert_${path}_by_ref`,
        ...secured(writeScope),
        requestParams: byRefParams,
        requestBody: writeBody(create, ['application/json']),
        responses: byRefResponses,
      },
      patch: {
        tags: [tag],
        summary: `Update ${a} by external reference, or create it (JSON merge patch)`,
        description:
          'One atomic step. When a record is linked to the reference, the patch is merged into it ' +
          '(absent: unchanged; null: cleared) and the answer is 200. When none is, the patch with its ' +
          'nulls dropped is a create (201), so the fields a POST requires are required then (422 ' +
          'naming them). `external_refs[system]` is set from the path.',
        operationId: `merge_${path}_by_ref`,
        ...secured(writeScope),
        requestParams: byRefParams,
        requestBody: writeBody(patch, ['application/merge-patch+json', 'application/json']),
        responses: byRefResponses,
      },
    },
  };
}

// ------------------------------------------------------------------ OAuth
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});
const redirect = (description: string) => ({
  description,
  headers: headers({ Location: header('`redirect_uri` with `code`/`error` and `state`.') }),
});
const form = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema } },
});
const oauthError = (description: string) => ({ description, content: json(OAuthError) });
const oauthRateLimited = problem(
  'Rate limited per client address (a problem: RFC 6749 has no code).',
  {
    'Retry-After': integerHeader('Seconds to wait.'),
  },
);

const oauthPaths: ZodOpenApiPathsObject = {
  '/oauth/authorize': {
    get: {
      tags: ['OAuth'],
      summary: 'Consent page (authorization code with PKCE S256)',
      operationId: 'authorize',
      requestParams: { query: AuthorizeQuery },
      responses: {
        '200': html('The consent page: approve or deny.'),
        '302': redirect('A bad parameter, reported to the client with `error` and `state`.'),
        '400': html('Unknown client or redirect URI (never redirected).'),
      },
    },
    post: {
      tags: ['OAuth'],
      summary: "The user's decision on the consent page",
      operationId: 'authorize_decision',
      requestBody: form(
        z.object({ consent: z.string().min(1), decision: z.enum(['approve', 'deny']) }),
      ),
      responses: {
        '302': redirect(
          'To `redirect_uri` with `code` (single use, 10 minutes) or `error=access_denied`.',
        ),
        '400': html('Unknown or already used consent request, or a body that is not form-encoded.'),
      },
    },
  },
  '/oauth/token': {
    post: {
      tags: ['OAuth'],
      summary: 'Exchange a code, or rotate a refresh token',
      description:
        'Client credentials in the body or with HTTP Basic. Refresh tokens rotate; the previous one keeps working for 60 s.',
      operationId: 'token',
      requestBody: form(TokenRequest),
      responses: {
        '200': { description: 'New tokens.', content: json(TokenResponse) },
        '400': oauthError('invalid_grant, invalid_request or unsupported_grant_type.'),
        '401': oauthError('invalid_client.'),
        '429': oauthRateLimited,
      },
    },
  },
  '/oauth/revoke': {
    post: {
      tags: ['OAuth'],
      summary: 'Revoke a token (RFC 7009)',
      operationId: 'revoke',
      requestBody: form(RevokeRequest),
      responses: {
        '200': { description: 'Revoked, or already unknown.' },
        '400': oauthError('invalid_request: no `token`, or a body that is not form-encoded.'),
        '401': oauthError('invalid_client.'),
        '429': oauthRateLimited,
      },
    },
  },
};

// ------------------------------------------------------------------ the rest of /v1
const otherPaths: ZodOpenApiPathsObject = {
  '/v1/me': {
    get: {
      tags: ['Account'],
      summary: 'The connected account, user and granted scopes',
      operationId: 'me',
      ...secured(null),
      responses: { '200': ok('Who the token belongs to.', Me), ...commonErrors },
    },
  },
  '/v1/custom-fields': {
    get: {
      tags: ['Custom fields'],
      summary: "An object's custom-field definitions",
      operationId: 'list_custom_fields',
      description: "Needs the object's read scope.",
      ...secured(null),
      requestParams: { query: CustomFieldQuery },
      responses: { '200': ok('The definitions.', CustomFieldDefinitionList), ...commonErrors },
    },
  },
  '/v1/events': {
    get: {
      tags: ['Events'],
      summary: 'The ordered change log (kept 30 days)',
      operationId: 'list_events',
      description:
        "Listing a type needs its resource's read scope and, as its events embed their links " +
        '(an activity its matter and location, a matter its location), their read scopes too; ' +
        'without `types`, only the types the token can read whole are listed.',
      ...secured(null),
      requestParams: { query: EventListQuery },
      responses: { '200': ok('A page of events.', EventPage), ...commonErrors },
    },
  },
  '/v1/webhooks': {
    post: {
      tags: ['Webhooks'],
      summary: 'Subscribe a URL to events',
      operationId: 'create_webhook',
      description:
        "Needs the read scope of each listed event's resource and of the links its events embed " +
        '(as `GET /v1/events` does). The secret is shown only here. ' +
        WEBHOOK_DELIVERY_RULES +
        ' ' +
        WEBHOOK_PACING_RULES,
      ...secured(null),
      requestParams: { header: z.object({ 'Idempotency-Key': idempotencyKey }) },
      requestBody: { required: true, content: json(WebhookCreate) },
      responses: {
        '201': ok('The subscription, with its signing secret.', WebhookWithSecret, {
          Location: header('URL of the subscription.'),
        }),
        ...commonErrors,
        '409': writeErrors['409']!,
        '413': writeErrors['413']!,
        '415': writeErrors['415']!,
        '422': writeErrors['422']!,
      },
    },
    get: {
      tags: ['Webhooks'],
      summary: 'List subscriptions (without secrets)',
      operationId: 'list_webhooks',
      ...secured(null),
      responses: { '200': ok('The subscriptions.', WebhookList), ...commonErrors },
    },
  },
  '/v1/webhooks/{webhook_id}': {
    get: {
      tags: ['Webhooks'],
      summary: 'One subscription (without its secret), with the deliveries waiting under its cap',
      operationId: 'get_webhook',
      ...secured(null),
      requestParams: { path: z.object({ webhook_id: WebhookId }) },
      responses: {
        '200': ok('The subscription.', Webhook),
        '404': problem('No such subscription.'),
        ...commonErrors,
      },
    },
    delete: {
      tags: ['Webhooks'],
      summary: 'Unsubscribe',
      operationId: 'delete_webhook',
      ...secured(null),
      requestParams: { path: z.object({ webhook_id: WebhookId }) },
      responses: {
        '204': { description: 'Removed.', headers: headers(rateLimitHeaders) },
        '404': problem('Already gone.'),
        ...commonErrors,
      },
    },
  },
  '/v1/sync-errors': {
    get: {
      tags: ['Sync errors'],
      summary: 'What went wrong: rejected writes and abandoned deliveries',
      operationId: 'list_sync_errors',
      ...secured(null),
      requestParams: { query: SyncErrorListQuery },
      responses: { '200': ok('A page of sync errors.', SyncErrorPage), ...commonErrors },
    },
  },
  '/openapi.json': {
    get: {
      tags: ['Meta'],
      summary: 'This document',
      operationId: 'openapi',
      responses: {
        '200': {
          description: 'OpenAPI 3.1',
          content: { 'application/json': { schema: z.unknown() } },
        },
      },
    },
  },
};

/** `Read locations (required for every connection).` */
const scopeDescription = (scope: string, objects: Registry): string =>
  `${capitalised(scopePurpose(scope, objects) ?? scope)}${scope === REQUIRED_SCOPE ? ' (required for every connection)' : ''}.`;

/** The document of the API whose objects are `objects` (the registry, unless a test adds one). */
const definitionOf = (objects: Registry): ZodOpenApiObject => ({
  openapi: '3.1.0',
  info: {
    title: 'Snapshots API',
    version: API_VERSION,
    description:
      'Locations, matters ("snapshot entries") and activities of a law firm, with a change log and ' +
      'Standard Webhooks. Errors are RFC 9457 problem+json.',
  },
  servers: [{ url: 'https://api.snapshots.example', description: 'Configured per deployment.' }],
  paths: Object.assign(
    {},
    oauthPaths,
    ...objects.map(collectionPaths),
    otherPaths,
  ) as ZodOpenApiPathsObject,
  webhooks: {
    event: {
      post: {
        summary: 'An event delivery (Standard Webhooks)',
        description:
          'Signed with `webhook-id`, `webhook-timestamp` and `webhook-signature`; retried with backoff until a 2xx; 410 unsubscribes. ' +
          WEBHOOK_DELIVERY_RULES,
        requestBody: { required: true, content: json(Event) },
        responses: { '200': { description: 'Any 2xx acknowledges the delivery.' } },
      },
    },
  },
  components: {
    schemas: { CustomFieldDefinition },
    securitySchemes: {
      oauth2: {
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: '/oauth/authorize',
            tokenUrl: '/oauth/token',
            refreshUrl: '/oauth/token',
            scopes: Object.fromEntries(
              scopesOf(objects).map((scope) => [scope, scopeDescription(scope, objects)]),
            ),
          },
        },
      },
    },
  },
});

/** The OpenAPI document (the registry's is built on first use, then cached). */
let cached: ReturnType<typeof createDocument> | undefined;
export function buildOpenApiDocument(
  objects: Registry = OBJECTS,
): ReturnType<typeof createDocument> {
  if (objects !== OBJECTS) return createDocument(definitionOf(objects));
  cached ??= createDocument(definitionOf(OBJECTS));
  return cached;
}

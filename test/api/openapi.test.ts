import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { buildOpenApiDocument } from '../../src/api/openapi';
import { expectResponseToMatchOpenApi, findPathTemplate } from '../support/openapi';

const document = buildOpenApiDocument();

describe('the generated OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
    // validate() dereferences in place, so give it a copy.
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect(api.info.title).toBe('Snapshots API');
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('fails that validation once broken, so the check is real', async () => {
    // A status key that is not an HTTP status breaks the OpenAPI 3.1 meta-schema.
    const broken = JSON.parse(JSON.stringify(document));
    broken.paths['/v1/me'].get.responses = { ok: { description: 'not a status code' } };
    await expect(SwaggerParser.validate(broken)).rejects.toThrow(/responses/);
  });

  it('is the one committed as openapi.json (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every operation of the contract', () => {
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /oauth/authorize',
        'POST /oauth/authorize',
        'POST /oauth/token',
        'POST /oauth/revoke',
        'GET /v1/me',
        ...['locations', 'matters', 'activities'].flatMap((collection) => {
          const id = `${collection === 'activities' ? 'activity' : collection.slice(0, -1)}_id`;
          return [
            `GET /v1/${collection}`,
            `POST /v1/${collection}`,
            `GET /v1/${collection}/{${id}}`,
            `PATCH /v1/${collection}/{${id}}`,
            `PUT /v1/${collection}/by-ref/{system}/{external_id}`,
            `PATCH /v1/${collection}/by-ref/{system}/{external_id}`,
          ];
        }),
        'GET /v1/custom-fields',
        'GET /v1/events',
        'POST /v1/webhooks',
        'GET /v1/webhooks',
        'GET /v1/webhooks/{webhook_id}',
        'DELETE /v1/webhooks/{webhook_id}',
        'GET /v1/sync-errors',
        'GET /openapi.json',
      ].sort(),
    );
  });

  it('declares every scope of the registry on the OAuth 2.0 security scheme', () => {
    const oauth = document.components?.securitySchemes?.oauth2 as {
      flows: { authorizationCode: { scopes: Record<string, string> } };
    };
    expect(Object.keys(oauth.flows.authorizationCode.scopes).sort()).toEqual([
      'saas/activity.read',
      'saas/activity.write',
      'saas/location.read',
      'saas/location.write',
      'saas/matter.read',
      'saas/matter.write',
    ]);
  });
});

describe('expectResponseToMatchOpenApi', () => {
  const location = {
    location_id: 'loc_abc123',
    name: 'Head office',
    address: { city: 'Boston', country: 'US' },
    email: null,
    phone: '+16175550100',
    timezone: 'America/New_York',
    last_seen: null,
    external_refs: { clio: '42' },
    custom_fields: {},
    created_at: '2026-11-27T10:15:00.000Z',
    last_updated: '2026-11-27T10:15:00.000Z',
    version: 1,
  };

  it('picks the most literal path template', () => {
    expect(findPathTemplate('/v1/locations/by-ref/clio/42')).toBe(
      '/v1/locations/by-ref/{system}/{external_id}',
    );
    expect(findPathTemplate('/v1/locations/loc_1')).toBe('/v1/locations/{location_id}');
    expect(findPathTemplate('/v1/nothing')).toBeUndefined();
  });

  it('accepts a response the document describes', () => {
    expect(() =>
      expectResponseToMatchOpenApi(
        'GET',
        '/v1/locations/loc_abc123',
        200,
        'application/json',
        location,
      ),
    ).not.toThrow();
  });

  it.each([
    ['a missing field', { ...location, version: undefined }, /version/],
    ['a wrong type', { ...location, name: 7 }, /name/],
    ['a bad timestamp', { ...location, created_at: 'yesterday' }, /created_at/],
  ])('rejects a body with %s', (_, body, reason) => {
    expect(() =>
      expectResponseToMatchOpenApi(
        'GET',
        '/v1/locations/loc_abc123',
        200,
        'application/json',
        JSON.parse(JSON.stringify(body)),
      ),
    ).toThrow(reason);
  });

  it('rejects an undocumented status, content type or path', () => {
    expect(() =>
      expectResponseToMatchOpenApi('GET', '/v1/me', 418, 'application/json', {}),
    ).toThrow(/not documented/);
    expect(() => expectResponseToMatchOpenApi('GET', '/v1/me', 200, 'text/plain', 'hi')).toThrow(
      /content type/,
    );
    expect(() =>
      expectResponseToMatchOpenApi('GET', '/v2/me', 200, 'application/json', {}),
    ).toThrow(/no path/);
  });

  it('checks error bodies against the problem+json schema', () => {
    const problem = {
      type: 'https://snapshots.example/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No location loc_x.',
      request_id: 'req_1',
    };
    expect(() =>
      expectResponseToMatchOpenApi(
        'GET',
        '/v1/locations/loc_x',
        404,
        'application/problem+json',
        problem,
      ),
    ).not.toThrow();
    expect(() =>
      expectResponseToMatchOpenApi('GET', '/v1/locations/loc_x', 404, 'application/problem+json', {
        detail: 'x',
      }),
    ).toThrow(/request_id/);
  });
});

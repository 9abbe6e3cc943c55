/**
 * Scope rules: reading needs `.read`, writing needs `.write`; a missing scope is a 403 naming
 * `required_scope` and changes nothing; the scope alone is enough.
 */
import type { CallOptions, ScopeName } from '../support/api';
import { ALL_SCOPES, useSandbox } from '../support/api';
import { COLLECTIONS, create } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;
const ids: Record<string, string> = {};

beforeEach(async () => {
  token = await h.fresh();
  for (const c of COLLECTIONS) {
    const record = await create(h, c, token, c.minimal('Existing'));
    ids[c.name] = record[c.idKey] as string;
  }
});

interface Operation {
  label: string;
  scope: ScopeName;
  method: string;
  path: () => string;
  options?: Omit<CallOptions, 'token'>;
  /** The status when the token holds the scope (and `alsoNeeds`). */
  ok: number;
  /**
   * What else the operation needs: events carry their records' links expanded, so reading them
   * (listing or subscribing) also needs the read scope of each linked collection.
   */
  alsoNeeds?: ScopeName[];
}

/** The read scopes of the links a collection's events embed (sandbox/oauth/access.ts). */
const EMBEDDED: Record<string, ScopeName[]> = {
  locations: [],
  matters: ['saas/location.read'],
  activities: ['saas/matter.read', 'saas/location.read'],
};

const operations: Operation[] = COLLECTIONS.flatMap((c): Operation[] => [
  {
    label: `GET /v1/${c.name}`,
    scope: c.readScope,
    method: 'GET',
    path: () => `/v1/${c.name}`,
    ok: 200,
  },
  {
    label: `GET /v1/${c.name}/{id}`,
    scope: c.readScope,
    method: 'GET',
    path: () => `/v1/${c.name}/${ids[c.name]}`,
    ok: 200,
  },
  {
    label: `POST /v1/${c.name}`,
    scope: c.writeScope,
    method: 'POST',
    path: () => `/v1/${c.name}`,
    options: { body: c.minimal('New') },
    ok: 201,
  },
  {
    label: `PATCH /v1/${c.name}/{id}`,
    scope: c.writeScope,
    method: 'PATCH',
    path: () => `/v1/${c.name}/${ids[c.name]}`,
    options: { body: { [c.textField]: 'Changed' } },
    ok: 200,
  },
  {
    label: `PUT /v1/${c.name}/by-ref/clio/1`,
    scope: c.writeScope,
    method: 'PUT',
    path: () => `/v1/${c.name}/by-ref/clio/1`,
    options: { body: c.minimal('Upserted') },
    ok: 201,
  },
  {
    label: `GET /v1/custom-fields?object=${c.noun}`,
    scope: c.readScope,
    method: 'GET',
    path: () => '/v1/custom-fields',
    options: { query: { object: c.noun } },
    ok: 200,
  },
  {
    label: `GET /v1/events?types=${c.noun}.created`,
    scope: c.readScope,
    method: 'GET',
    path: () => '/v1/events',
    options: { query: { types: `${c.noun}.created` } },
    ok: 200,
    alsoNeeds: EMBEDDED[c.name],
  },
  {
    label: `POST /v1/webhooks for ${c.noun}.updated`,
    scope: c.readScope,
    method: 'POST',
    path: () => '/v1/webhooks',
    options: { body: { url: 'https://hooks.example.test/x', events: [`${c.noun}.updated`] } },
    ok: 201,
    alsoNeeds: EMBEDDED[c.name],
  },
]);

describe('scopes', () => {
  it.each(operations)(
    '$label without $scope → 403 naming it, nothing changed',
    async ({ scope, method, path, options }) => {
      const others = ALL_SCOPES.filter((s) => s !== scope);
      const limited = (await h.mintToken(others)).access_token;
      const before = await snapshotState(h);
      const response = await h.call(method, path(), { ...options, token: limited });
      expectProblem(response, 403, { requiredScope: scope });
      expectUnchanged(before, await snapshotState(h), 0);
    },
  );

  it.each(operations)(
    '$label with only $scope (and what it embeds) → $ok',
    async ({ scope, method, path, options, ok, alsoNeeds = [] }) => {
      const only = (await h.mintToken([scope, ...alsoNeeds])).access_token;
      const response = await h.call(method, path(), { ...options, token: only });
      expect(response.status).toBe(ok);
    },
  );

  it.each([
    ['GET', '/v1/me'],
    ['GET', '/v1/sync-errors'],
    ['GET', '/v1/webhooks'],
  ])('%s %s needs only a valid token', async (method, path) => {
    const minimal = (await h.mintToken(['saas/matter.write'])).access_token;
    const response = await h.call(method, path, { token: minimal });
    expect(response.status).toBe(200);
  });

  it('a write scope does not grant reading', async () => {
    const writeOnly = (await h.mintToken(['saas/matter.write'])).access_token;
    const response = await h.call('GET', `/v1/matters/${ids.matters}`, { token: writeOnly });
    expectProblem(response, 403, { requiredScope: 'saas/matter.read' });
  });

  it('lists the scopes of the token in /v1/me', async () => {
    const scopes = ['saas/activity.read', 'saas/location.read'];
    const response = await h.call('GET', '/v1/me', {
      token: (await h.mintToken(scopes)).access_token,
    });
    expect((response.body.scopes as string[]).sort()).toEqual(scopes);
  });
});

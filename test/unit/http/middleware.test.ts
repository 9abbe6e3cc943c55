import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { app } from '../../../src/app';
import packageJson from '../../../package.json';
import { createApiClient } from '../../../src/http/client';
import { USER_AGENT, prepareApiRequest } from '../../../src/http/middleware';
import { API_TIMEOUT_MS, TOKEN_TIMEOUT_MS } from '../../../src/http/timeouts';
import { me } from '../../support/fixtures';
import {
  ACCESS_TOKEN,
  API_ORIGIN,
  appTester,
  authData,
  snapshots,
  useFakeSnapshots,
} from '../../support/zapier';

const OTHER_ORIGIN = 'https://files.example.test';

describe('beforeRequest: prepareApiRequest', () => {
  useFakeSnapshots();

  it('sends the bearer token, User-Agent and Accept to the Snapshots API', async () => {
    const scope = nock(API_ORIGIN, {
      reqheaders: {
        authorization: `Bearer ${ACCESS_TOKEN}`,
        'user-agent': USER_AGENT,
        accept: 'application/json',
      },
    })
      .get('/v1/me')
      .reply(200, me());

    await appTester((z: ZObject) => createApiClient(z).me(), { authData });

    expect(scope.isDone()).toBe(true);
  });

  it('names the integration and its version in the User-Agent', () => {
    expect(USER_AGENT).toMatch(
      new RegExp(
        `^Snapshots-for-Zapier/${packageJson.version} zapier-platform-core/\\d+\\.\\d+\\.\\d+$`,
      ),
    );
  });

  it('never sends the token to another origin', async () => {
    const scope = nock(OTHER_ORIGIN, { badheaders: ['authorization'] })
      .get('/report.pdf')
      .reply(200, 'pdf');

    await appTester(async (z: ZObject) => (await z.request(`${OTHER_ORIGIN}/report.pdf`)).content, {
      authData,
    });

    expect(scope.isDone()).toBe(true);
  });

  it('does not treat a look-alike host as the API', async () => {
    const lookAlike = 'https://api.snapshots.test.evil.example';
    const scope = nock(lookAlike, { badheaders: ['authorization'] })
      .get('/v1/me')
      .reply(200, {});

    await appTester(async (z: ZObject) => (await z.request(`${lookAlike}/v1/me`)).status, {
      authData,
    });

    expect(scope.isDone()).toBe(true);
  });

  it('fails before any request when the API origin is not HTTPS', async () => {
    process.env.SNAPSHOTS_API_BASE_URL = 'http://api.snapshots.test';
    const scope = snapshots().get('/v1/me').reply(200, me());

    await expect(appTester((z: ZObject) => createApiClient(z).me(), { authData })).rejects.toThrow(
      /SNAPSHOTS_API_BASE_URL must use https:\/\//,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('passes the app definition to core by reference: no deep copy of it per request', async () => {
    // Core's request merge (off: the app has no requestTemplate) would deep-copy `input`, the
    // compiled definition included, on every request: an unfrozen copy instead of core's own.
    const seen: boolean[] = [];
    const spy = (request: { input?: { _zapier?: { app?: object } } }) => {
      seen.push(Object.isFrozen(request.input?._zapier?.app));
      return request;
    };
    const spied = createAppTester({ ...app, beforeRequest: [prepareApiRequest, spy] });
    const scope = snapshots()
      .get('/v1/locations')
      .query({ limit: '2', updated_since: '2026-11-27T10:00:00.000Z' })
      .reply(200, { data: [], meta: { next_cursor: null, limit: 2 } });

    await spied(
      (z: ZObject) =>
        createApiClient(z).locations.list({ limit: 2, updated_since: '2026-11-27T10:00:00.000Z' }),
      { authData },
    );

    expect(scope.isDone()).toBe(true);
    expect(seen).toEqual([true]);
  });

  it('keeps response bodies out of the context core adds to an unexpected error', async () => {
    const scope = snapshots().get('/v1/me').reply(200, me());

    const failure = appTester(
      async (z: ZObject) => {
        await createApiClient(z).me();
        throw new TypeError('a bug after the request');
      },
      { authData },
    );

    await expect(failure).rejects.toThrow(/a bug after the request\nWhat happened:/);
    await expect(failure).rejects.not.toThrow(/alex@demo-law\.example|Received content/);
    expect(scope.isDone()).toBe(true);
  });

  it('sets timeouts that leave room inside Zapier’s 30 s budget', () => {
    const bundle = { authData } as unknown as Bundle;
    const z = {} as ZObject;
    const api = prepareApiRequest({ url: `${API_ORIGIN}/v1/me` }, z, bundle);
    const token = prepareApiRequest({ url: `${API_ORIGIN}/oauth/token` }, z, bundle);
    const other = prepareApiRequest({ url: `${OTHER_ORIGIN}/x` }, z, bundle);

    expect(api.timeout).toBe(API_TIMEOUT_MS);
    expect(token.timeout).toBe(TOKEN_TIMEOUT_MS);
    expect(2 * API_TIMEOUT_MS).toBeLessThan(30_000);
    expect(other).toEqual({ url: `${OTHER_ORIGIN}/x` });
  });
});

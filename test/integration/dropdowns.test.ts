/**
 * The dropdown triggers against the real sandbox over loopback: Zapier's "Load more" pages over
 * 250 records of each collection hold every record once, newest first, at one API request per
 * page (counted with the sandbox's RateLimit-Remaining); the labels of the demo data; and the
 * missing-scope message a real 403 produces.
 */
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { activityList } from '../../src/activities/activity-list.trigger';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { locationList } from '../../src/locations/location-list.trigger';
import { matterList } from '../../src/matters/matter-list.trigger';
import { useSandboxOverLoopback } from '../support/sandbox';

const appTester = createAppTester(app);
const sandbox = useSandboxOverLoopback();

type Choice = { id: string; label: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<Choice[]>;

const DROPDOWNS: { kind: string; collection: string; idField: string; perform: Perform }[] = [
  {
    kind: 'location',
    collection: '/locations',
    idField: 'location_id',
    perform: locationList.operation.perform,
  },
  {
    kind: 'matter',
    collection: '/matters',
    idField: 'matter_id',
    perform: matterList.operation.perform,
  },
  {
    kind: 'activity',
    collection: '/activities',
    idField: 'activity_id',
    perform: activityList.operation.perform,
  },
];

/** Every id of a collection, newest first, straight from the API (the test's own reading). */
async function allIds(collection: string, idField: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await sandbox.get(collection, token, {
      sort: '-last_updated',
      limit: '100',
      ...(cursor ? { cursor } : {}),
    })) as { data: Record<string, string>[]; next_cursor: string | null };
    ids.push(...page.data.map((record) => String(record[idField])));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** Zapier loading page `page` of a dropdown; `fresh` empties z.cache first. */
const loadPage = (
  perform: Perform,
  authData: StoredAuthData,
  page: number,
  fresh = false,
  timezone: string | null = null,
) => appTester(perform, { authData, meta: { page, timezone } }, fresh);

beforeEach(() => sandbox.reset('empty'));

describe.each(DROPDOWNS)(
  'the $kind dropdown over 250 records',
  ({ kind, collection, idField, perform }) => {
    let authData: StoredAuthData;
    let expected: string[];

    beforeEach(async () => {
      await sandbox.controls.generate({ kind, count: 250 });
      authData = await sandbox.connect();
      expected = await allIds(collection, idField, authData.access_token);
      expect(expected).toHaveLength(250);
    });

    it('pages 0, 1 and 2 hold every record once, newest first, at one request each', async () => {
      const pages: Choice[][] = [];
      for (const page of [0, 1, 2]) {
        const { result, requests } = await sandbox.requestsDuring(authData.access_token, () =>
          loadPage(perform, authData, page, page === 0),
        );
        expect({ page, requests }).toEqual({ page, requests: 1 });
        pages.push(result);
      }

      expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
      const ids = pages.flat().map((choice) => choice.id);
      expect(new Set(ids).size).toBe(250); // no duplicates
      expect(ids).toEqual(expected); // no gaps, and the API's newest-first order
      for (const choice of pages.flat()) expect(choice.label).not.toBe('');

      // Past the end: the last page said so; no request.
      const past = await sandbox.requestsDuring(authData.access_token, () =>
        loadPage(perform, authData, 3),
      );
      expect(past).toEqual({ result: [], requests: 0 });
    });

    it('with the cache lost, page 2 is found again by walking (three requests), then costs one', async () => {
      const first = await loadPage(perform, authData, 2, true);
      const again = await sandbox.requestsDuring(authData.access_token, () =>
        loadPage(perform, authData, 2, true),
      );

      expect(again.requests).toBe(3);
      expect(again.result).toEqual(first);
      expect(again.result.map((choice) => choice.id)).toEqual(expected.slice(200));
      const cached = await sandbox.requestsDuring(authData.access_token, () =>
        loadPage(perform, authData, 2),
      );
      expect(cached).toEqual({ result: first, requests: 1 });
    });
  },
);

describe('labels of the demo data', () => {
  let authData: StoredAuthData;

  beforeEach(async () => {
    await sandbox.reset('demo');
    authData = await sandbox.connect();
  });

  it('locations: name and city', async () => {
    const choices = await loadPage(locationList.operation.perform, authData, 0, true);

    expect(choices).toEqual(
      expect.arrayContaining([
        { id: 'loc_demoHeadOffice', label: 'Head Office (New York)', name: 'Head Office' },
        { id: 'loc_demoBoston', label: 'Boston Branch (Boston)', name: 'Boston Branch' },
        { id: 'loc_demoLondon', label: 'London Chambers (London)', name: 'London Chambers' },
      ]),
    );
    expect(choices).toHaveLength(3);
  });

  it('matters: title and status', async () => {
    const choices = await loadPage(matterList.operation.perform, authData, 0, true);

    expect(choices.map((choice) => [choice.id, choice.label]).sort()).toEqual([
      ['mat_demoAcmeMerger', 'Acme Corp acquisition (Pending)'],
      ['mat_demoBrownEstate', 'Estate of R. Brown (Closed)'],
      ['mat_demoSmithVJones', 'Smith v. Jones (Open)'],
    ]);
  });

  it('activities: type, date in the user’s zone, matter title and notes, in one request', async () => {
    const { result, requests } = await sandbox.requestsDuring(authData.access_token, () =>
      loadPage(activityList.operation.perform, authData, 0, true, 'America/New_York'),
    );

    expect(requests).toBe(1);
    expect(result).toHaveLength(6);
    expect(result).toContainEqual({
      id: 'act_demoIntakeCall',
      label: 'Call · 2026-11-02 10:00 · Smith v. Jones — Intake call with Ms. Smith.',
      type: 'call',
      date: '2026-11-02T15:00:00.000Z',
      matter_id: 'mat_demoSmithVJones',
      matter_title: 'Smith v. Jones',
    });
  });
});

describe('scopes', () => {
  it('a connection without saas/matter.read gets the missing-scope message from a real 403', async () => {
    const authData = await sandbox.connect(['saas/location.read', 'saas/location.write']);

    const attempt = loadPage(matterList.operation.perform, authData, 0, true);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/matter.read" permission, which is needed to read matters.',
    );
  });
});

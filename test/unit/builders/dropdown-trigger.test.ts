/**
 * The paging every dropdown trigger shares, run against each of them: Zapier's numbered pages
 * ("Load more") over Snapshots' cursors, one request per page, with the start of each page
 * remembered per connection in z.cache (core's app tester keeps z.cache in memory; passing `true`
 * as its third argument empties it).
 */
import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { activityList } from '../../../src/activities/activity-list.trigger';
import nock from 'nock';
import { MAX_PAGES_TO_WALK, WALK_BUDGET_MS } from '../../../src/runtime/cursor-pages';
import { DROPDOWN_PAGE_SIZE, DROPDOWN_SORT } from '../../../src/builders/dropdown-trigger';
import { locationList } from '../../../src/locations/location-list.trigger';
import { matterList } from '../../../src/matters/matter-list.trigger';
import { PROBLEM_JSON, activity, location, matter, problem } from '../../support/fixtures';
import { appTester, authData, snapshots, appError, useFakeSnapshots } from '../../support/zapier';

interface Dropdown {
  key: string;
  perform: (z: ZObject, bundle: Bundle) => Promise<{ id: string; label: string }[]>;
  path: string;
  /** Query parameters this trigger adds to the shared ones. */
  extra: Record<string, string>;
  /** A record with id `<prefix>_<n>`. */
  record: (n: number) => object;
  prefix: string;
}

const DROPDOWNS: Dropdown[] = [
  {
    key: locationList.key,
    perform: locationList.operation.perform,
    path: '/v1/locations',
    extra: {},
    record: (n) => location({ location_id: `loc_${n}`, name: `Office ${n}` }),
    prefix: 'loc',
  },
  {
    key: matterList.key,
    perform: matterList.operation.perform,
    path: '/v1/matters',
    extra: {},
    record: (n) => matter({ matter_id: `mat_${n}`, title: `Matter ${n}` }),
    prefix: 'mat',
  },
  {
    key: activityList.key,
    perform: activityList.operation.perform,
    path: '/v1/activities',
    extra: { expand: 'matter' },
    record: (n) => activity({ activity_id: `act_${n}`, notes: `Note ${n}` }),
    prefix: 'act',
  },
];

describe.each(DROPDOWNS)('dropdown trigger $key', ({ perform, path, extra, record, prefix }) => {
  useFakeSnapshots();

  /** The query of every page request: newest first, the largest page, and the cursor if any. */
  const query = (cursor?: string) => ({
    sort: DROPDOWN_SORT,
    limit: String(DROPDOWN_PAGE_SIZE),
    ...extra,
    ...(cursor === undefined ? {} : { cursor }),
  });
  /** Records numbered from..to (inclusive) as one API page. */
  const page = (from: number, to: number, next_cursor: string | null) => ({
    data: Array.from({ length: to - from + 1 }, (_, i) => record(from + i)),
    next_cursor,
  });
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${prefix}_${from + i}`);
  /** Runs the trigger for one page; `fresh` empties z.cache first. */
  const load = async (pageNumber: number | undefined, fresh = false) =>
    (await appTester(perform, { authData, meta: { page: pageNumber } }, fresh)).map(
      (choice) => choice.id,
    );

  it('page 0 is one request for the newest records, each choice with an id and a label', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 3, 'c1'));

    const choices = await appTester(perform, { authData, meta: { page: 0 } }, true);

    expect(choices.map((choice) => choice.id)).toEqual(ids(1, 3));
    for (const choice of choices) expect(choice.label).toEqual(expect.any(String));
    expect(scope.isDone()).toBe(true);
  });

  it('without a page number (outside a dropdown) it returns the first page', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, null));

    await expect(load(undefined, true)).resolves.toEqual(ids(1, 2));
    expect(scope.isDone()).toBe(true);
  });

  it('"Load more" costs one request per page, each with the cursor the page before returned', async () => {
    const first = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'c1'));
    await expect(load(0, true)).resolves.toEqual(ids(1, 2));
    expect(first.isDone()).toBe(true);

    const second = snapshots()
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 4, 'c2'));
    await expect(load(1)).resolves.toEqual(ids(3, 4));
    expect(second.isDone()).toBe(true);

    const third = snapshots()
      .get(path)
      .query(query('c2'))
      .reply(200, page(5, 5, null));
    await expect(load(2)).resolves.toEqual(ids(5, 5));
    expect(third.isDone()).toBe(true);

    // Past the end: the last page said so, so no request at all (nock allows none here).
    await expect(load(3)).resolves.toEqual([]);
  });

  /** Loads page 0 (remembering `next` as the start of page 1), then `next` is refused naming `field`. */
  const refusedAfterFirstPage = async (next: string, field: string, detail: string) => {
    const first = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, next));
    await expect(load(0, true)).resolves.toEqual(ids(1, 2));
    expect(first.isDone()).toBe(true);
    return snapshots()
      .get(path)
      .query(query(next))
      .reply(
        400,
        problem(400, 'bad-request', detail, { errors: [{ field, message: 'is not valid here' }] }),
        PROBLEM_JSON,
      );
  };

  it('a remembered cursor that Snapshots rejects is forgotten: the pages are walked again', async () => {
    const scope = (await refusedAfterFirstPage('stale', 'cursor', 'The cursor is not valid here.'))
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'fresh'))
      .get(path)
      .query(query('fresh'))
      .reply(200, page(3, 4, null));
    await expect(load(1)).resolves.toEqual(ids(3, 4));
    expect(scope.isDone()).toBe(true);
  });

  it('any other rejection of a page is reported, not walked around', async () => {
    const scope = await refusedAfterFirstPage('c1', 'limit', 'Unknown parameter.');
    await expect(load(1)).rejects.toThrow('Unknown parameter.');
    expect(scope.isDone()).toBe(true);
  });

  it('a page asked for again, after a later one, is the same page (each page keeps its own start)', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'c1'))
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 4, 'c2'))
      .get(path)
      .query(query('c2'))
      .reply(200, page(5, 6, 'c3'))
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 4, 'c2'));

    await load(0, true);
    await load(1);
    await load(2);
    await expect(load(1)).resolves.toEqual(ids(3, 4));
    expect(scope.isDone()).toBe(true);
  });

  it('when the start of a page is no longer cached it walks from the first page, then remembers', async () => {
    const walk = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'c1'))
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 4, 'c2'))
      .get(path)
      .query(query('c2'))
      .reply(200, page(5, 6, 'c3'));

    await expect(load(2, true)).resolves.toEqual(ids(5, 6));
    expect(walk.isDone()).toBe(true);

    // The walk remembered every start: page 1 and page 3 are one request each now.
    const after = snapshots()
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 4, 'c2'))
      .get(path)
      .query(query('c3'))
      .reply(200, page(7, 7, null));
    await expect(load(1)).resolves.toEqual(ids(3, 4));
    await expect(load(3)).resolves.toEqual(ids(7, 7));
    expect(after.isDone()).toBe(true);
  });

  it('a walk that reaches the end of the list before the page asked for returns no choices', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'c1'))
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 3, null));

    await expect(load(5, true)).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('loads a page when z.cache fails or is absent (the cache is best effort), walking the pages', async () => {
    const broken = {
      get: () => Promise.reject(new Error('cache service down')),
      set: () => Promise.reject(new Error('cache service down')),
    };
    for (const cache of [broken, undefined]) {
      const scope = snapshots()
        .get(path)
        .query(query())
        .reply(200, page(1, 2, 'c1'))
        .get(path)
        .query(query('c1'))
        .reply(200, page(3, 4, null));
      const withCache = (z: ZObject, bundle: Bundle) =>
        perform({ ...z, cache } as unknown as ZObject, bundle);

      const choices = await appTester(withCache, { authData, meta: { page: 1 } }, true);

      expect(choices.map((choice) => choice.id)).toEqual(ids(3, 4));
      expect(scope.isDone()).toBe(true);
    }
  });

  it(`stops a walk after ${WALK_BUDGET_MS / 1000} s, well inside Zapier's 30 s, with a clear message`, async () => {
    // Every request "takes" 4 s: the clock moves on each time one is answered.
    let now = Date.parse('2026-11-27T10:00:00.000Z');
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    let requests = 0;
    const scope = snapshots()
      .get(path)
      .query(true)
      .times(MAX_PAGES_TO_WALK + 1)
      .reply(() => {
        requests += 1;
        now += 4_000;
        return [200, page(requests, requests, `c${requests}`)];
      });
    try {
      const attempt = load(MAX_PAGES_TO_WALK, true);

      await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
      await expect(attempt).rejects.toThrow('answered too slowly');
      // Requests start at 0, 4, 8 and 12 s; at 16 s the budget is spent, so no fifth one.
      expect(requests).toBe(4);
    } finally {
      clock.mockRestore();
      scope.persist(false);
      nock.cleanAll();
    }
  });

  it('honours bundle.meta.limit (`invoke --limit`) without changing the page size', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 5, 'c1'));

    const choices = await appTester(perform, { authData, meta: { page: 0, limit: 2 } }, true);

    expect(choices.map((choice) => choice.id)).toEqual(ids(1, 2));
    expect(scope.isDone()).toBe(true);
  });

  it(`does not walk more than ${MAX_PAGES_TO_WALK} pages: it asks to reopen the dropdown instead`, async () => {
    const attempt = load(MAX_PAGES_TO_WALK + 1, true);

    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow('Close the dropdown and open it again.');
  });

  it('a failed "Load more" says to try again (Zapier does not retry a dropdown), and the retry uses the same cursor', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, page(1, 2, 'c1'))
      .get(path)
      .query(query('c1'))
      .reply(503, problem(503, 'unavailable', 'Down for maintenance.'), {
        ...PROBLEM_JSON,
        'retry-after': '20',
      })
      .get(path)
      .query(query('c1'))
      .reply(200, page(3, 3, null));

    await load(0, true);
    const failed = load(1);
    await expect(failed).rejects.toMatchObject(
      appError(
        'Snapshots had a server error (Snapshots request id req_test_1). This is usually temporary. Try again in 20 seconds.',
      ),
    );
    await expect(failed).rejects.not.toMatchObject({
      message: expect.stringContaining('Zapier will retry'),
    });
    await expect(load(1)).resolves.toEqual(ids(3, 3));
    expect(scope.isDone()).toBe(true);
  });

  it('a page that breaks the contract is reported, naming the field', async () => {
    const scope = snapshots()
      .get(path)
      .query(query())
      .reply(200, { data: [{ ...record(1), version: 'one' }], next_cursor: null });

    await expect(load(0, true)).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('Snapshots returned unexpected data: data[0].version'),
    });
    expect(scope.isDone()).toBe(true);
  });
});

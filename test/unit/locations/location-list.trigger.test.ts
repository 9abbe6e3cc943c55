/** `location_list`: what a Location dropdown shows, and what happens without the read scope. */
import { errors } from 'zapier-platform-core';
import { locationList } from '../../../src/locations/location-list.trigger';
import { PROBLEM_JSON, location, problem } from '../../support/fixtures';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

const perform = locationList.operation.perform;
const FIRST_PAGE = { sort: '-last_updated', limit: '100' };

describe('location_list', () => {
  useFakeSnapshots();

  it('is hidden and pages: it only feeds dropdowns', () => {
    expect(locationList.display.hidden).toBe(true);
    expect(locationList.operation.canPaginate).toBe(true);
  });

  it('offers each location by id, labelled with its name and, when known, its city', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query(FIRST_PAGE)
      .reply(200, {
        data: [
          location({ location_id: 'loc_hq', name: 'Head Office', address: { city: 'New York' } }),
          location({ location_id: 'loc_remote', name: 'Remote team', address: {} }),
          location({ location_id: 'loc_blank', name: 'Annex', address: { city: '  ' } }),
        ],
        next_cursor: null,
      });

    await expect(appTester(perform, { authData, meta: { page: 0 } }, true)).resolves.toEqual([
      { id: 'loc_hq', label: 'Head Office (New York)', name: 'Head Office' },
      { id: 'loc_remote', label: 'Remote team', name: 'Remote team' },
      { id: 'loc_blank', label: 'Annex', name: 'Annex' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('a connection without saas/location.read gets the missing-scope message (403)', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query(FIRST_PAGE)
      .reply(
        403,
        problem(403, 'insufficient-scope', 'This token lacks saas/location.read.', {
          required_scope: 'saas/location.read',
        }),
        PROBLEM_JSON,
      );

    const attempt = appTester(perform, { authData, meta: { page: 0 } }, true);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/location.read" permission, which is needed to read locations.',
    );
    expect(scope.isDone()).toBe(true);
  });
});

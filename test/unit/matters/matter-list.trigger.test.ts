/** `matter_list`: what a Matter dropdown shows, and what happens without the read scope. */
import { errors } from 'zapier-platform-core';
import { matterList } from '../../../src/matters/matter-list.trigger';
import { PROBLEM_JSON, matter, problem } from '../../support/fixtures';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

const perform = matterList.operation.perform;
const FIRST_PAGE = { sort: '-last_updated', limit: '100' };

describe('matter_list', () => {
  useFakeSnapshots();

  it('is hidden and pages: it only feeds dropdowns', () => {
    expect(matterList.display.hidden).toBe(true);
    expect(matterList.operation.canPaginate).toBe(true);
  });

  it('offers each matter by id, labelled with its title and status (as Clio writes it)', async () => {
    const scope = snapshots()
      .get('/v1/matters')
      .query(FIRST_PAGE)
      .reply(200, {
        data: [
          matter({ matter_id: 'mat_a', title: 'Smith v. Jones', status: 'open' }),
          matter({ matter_id: 'mat_b', title: 'Acme Corp acquisition', status: 'pending' }),
          matter({ matter_id: 'mat_c', title: 'Estate of R. Brown', status: 'closed' }),
        ],
        next_cursor: null,
      });

    await expect(appTester(perform, { authData, meta: { page: 0 } }, true)).resolves.toEqual([
      { id: 'mat_a', label: 'Smith v. Jones (Open)', title: 'Smith v. Jones', status: 'open' },
      {
        id: 'mat_b',
        label: 'Acme Corp acquisition (Pending)',
        title: 'Acme Corp acquisition',
        status: 'pending',
      },
      {
        id: 'mat_c',
        label: 'Estate of R. Brown (Closed)',
        title: 'Estate of R. Brown',
        status: 'closed',
      },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('a connection without saas/matter.read gets the missing-scope message (403)', async () => {
    const scope = snapshots()
      .get('/v1/matters')
      .query(FIRST_PAGE)
      .reply(
        403,
        problem(403, 'insufficient-scope', 'This token lacks saas/matter.read.', {
          required_scope: 'saas/matter.read',
        }),
        PROBLEM_JSON,
      );

    const attempt = appTester(perform, { authData, meta: { page: 0 } }, true);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/matter.read" permission, which is needed to read matters.',
    );
    expect(scope.isDone()).toBe(true);
  });
});

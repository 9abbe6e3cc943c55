/** `activity_list`: what an Activity dropdown shows, and what happens without the read scope. */
import { errors } from 'zapier-platform-core';
import { activityList } from '../../../src/activities/activity-list.trigger';
import { PROBLEM_JSON, activity, matter, problem } from '../../support/fixtures';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

const perform = activityList.operation.perform;
/** The linked matter comes embedded in the same request, for its title. */
const FIRST_PAGE = { sort: '-last_updated', limit: '100', expand: 'matter' };

const linked = activity({
  activity_id: 'act_call',
  type: 'call',
  date: '2026-11-02T15:00:00.000Z',
  notes: 'Intake call with Ms. Smith.',
  matter_id: 'mat_smith',
  matter: matter({ matter_id: 'mat_smith', title: 'Smith v. Jones' }),
});
const bare = activity({
  activity_id: 'act_task',
  type: 'task',
  date: '2026-11-03T09:30:00.000Z',
  notes: null,
  matter_id: null,
  matter: null,
});
const wordy = activity({
  activity_id: 'act_note',
  type: 'note',
  date: '2026-11-04T23:45:00.000Z',
  notes:
    'Reviewed the\nlease   documents with the client and agreed next steps for the hearing in March.',
});

const loadFirstPage = (timezone: string | null) =>
  appTester(perform, { authData, meta: { page: 0, timezone } }, true);

describe('activity_list', () => {
  useFakeSnapshots();

  it('is hidden and pages: it only feeds dropdowns', () => {
    expect(activityList.display.hidden).toBe(true);
    expect(activityList.operation.canPaginate).toBe(true);
  });

  it('labels each activity with its type, date, matter and the start of its notes', async () => {
    const scope = snapshots()
      .get('/v1/activities')
      .query(FIRST_PAGE)
      .reply(200, { data: [linked, bare, wordy], next_cursor: null });

    await expect(loadFirstPage(null)).resolves.toEqual([
      {
        id: 'act_call',
        label: 'Call · 2026-11-02 15:00 UTC · Smith v. Jones — Intake call with Ms. Smith.',
        type: 'call',
        date: '2026-11-02T15:00:00.000Z',
        matter_id: 'mat_smith',
        matter_title: 'Smith v. Jones',
      },
      {
        id: 'act_task',
        label: 'Task · 2026-11-03 09:30 UTC',
        type: 'task',
        date: '2026-11-03T09:30:00.000Z',
        matter_id: null,
        matter_title: null,
      },
      {
        id: 'act_note',
        label:
          'Note · 2026-11-04 23:45 UTC — Reviewed the lease documents with the client and agreed…',
        type: 'note',
        date: '2026-11-04T23:45:00.000Z',
        matter_id: null,
        matter_title: null,
      },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('shows dates in the user’s time zone when Zapier gives one', async () => {
    const scope = snapshots()
      .get('/v1/activities')
      .query(FIRST_PAGE)
      .reply(200, { data: [linked, wordy], next_cursor: null });

    const choices = await loadFirstPage('America/Los_Angeles');

    expect(choices.map((choice) => choice.label)).toEqual([
      'Call · 2026-11-02 07:00 · Smith v. Jones — Intake call with Ms. Smith.',
      'Note · 2026-11-04 15:45 — Reviewed the lease documents with the client and agreed…',
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('shows a date-only activity as its day alone, the same day in any zone', async () => {
    const dated = activity({ ...bare, activity_id: 'act_dated', date: '2026-12-02' });
    const scope = snapshots()
      .get('/v1/activities')
      .query(FIRST_PAGE)
      .reply(200, { data: [dated], next_cursor: null });

    const choices = await loadFirstPage('America/Los_Angeles');

    expect(choices.map((choice) => choice.label)).toEqual(['Task · 2026-12-02']);
    expect(scope.isDone()).toBe(true);
  });

  it('a connection without saas/activity.read gets the missing-scope message (403)', async () => {
    const scope = snapshots()
      .get('/v1/activities')
      .query(FIRST_PAGE)
      .reply(
        403,
        problem(403, 'insufficient-scope', 'This token lacks saas/activity.read.', {
          required_scope: 'saas/activity.read',
        }),
        PROBLEM_JSON,
      );

    const attempt = loadFirstPage(null);

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/activity.read" permission, which is needed to read activities.',
    );
    expect(scope.isDone()).toBe(true);
  });
});

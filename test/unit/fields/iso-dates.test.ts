/**
 * Finding 10 of issue 17, through the app tester: ISO 8601's basic offsets and minutes-only times
 * reach Snapshots as the UTC timestamps the contract takes, and a missing offset is refused with a
 * suggestion that is itself accepted.
 */
import { errors } from 'zapier-platform-core';
import { createActivity } from '../../../src/activities/activity-create.action';
import { activity } from '../../support/fixtures';
import { runOperation as run, snapshots, useFakeSnapshots } from '../../support/zapier';

describe('ISO 8601 dates and times in a step', () => {
  useFakeSnapshots();

  it.each([
    ['2026-12-02T10:00:00+0000', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T10:00Z', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T05:00-0500', '2026-12-02T10:00:00.000Z'],
  ])('sends %p as %p', async (date, sent) => {
    const scope = snapshots()
      .post('/v1/activities', { type: 'call', date: sent })
      .query({ expand: 'matter,location' })
      .reply(201, activity());
    await run(createActivity, { type: 'call', date });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a time without offset, suggesting values it takes, and sends nothing', async () => {
    const scope = snapshots().post('/v1/activities').reply(201, activity());
    const attempt = run(createActivity, { type: 'call', date: '2026-12-02T10:00' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      '"Date" needs a time zone offset, e.g. 2026-12-02T10:00:00Z or 2026-12-02T10:00:00-05:00',
    );
    expect(scope.isDone()).toBe(false);
  });
});

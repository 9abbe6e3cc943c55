/**
 * The activity actions and search against a fake Snapshots (nock): Clio's durations (seconds,
 * hours), types and dates, links by Clio ids as `matter_ref` / `location_ref`, Clio references
 * by kind, exact requests, and bad input refused before any request.
 */
import { errors } from 'zapier-platform-core';
import { createActivity } from '../../../src/activities/activity-create.action';
import { findActivity } from '../../../src/activities/activity-find.search';
import { linkActivityToClio } from '../../../src/activities/activity-link.action';
import { updateActivity } from '../../../src/activities/activity-update.action';
import { upsertActivityFromClio } from '../../../src/activities/activity-upsert.action';
import { activity } from '../../support/fixtures';
import { snapshots, useFakeSnapshots, runOperation as run } from '../../support/zapier';

describe('activity actions', () => {
  useFakeSnapshots();

  // Finding 7 of issue 16: the date alone was sent as 12:00Z, the next day from UTC+12 on.
  it('create from a Clio time entry: date only (sent as that plain date), quantity in seconds, matter by Clio id', async () => {
    const scope = snapshots()
      .post('/v1/activities', {
        type: 'task',
        date: '2027-03-01',
        duration_minutes: 90,
        notes: 'Drafting',
        matter_ref: 'clio:555',
      })
      .query({ expand: 'matter,location' })
      .reply(201, activity({ type: 'task', duration_minutes: 90 }));
    await expect(
      run(createActivity, {
        type: 'Task',
        date: '2027-03-01',
        duration_seconds: '5400.0',
        notes: 'Drafting',
        matter_clio_matter_id: 555,
      }),
    ).resolves.toMatchObject({ id: 'act_1:1', duration_minutes: 90 });
    expect(scope.isDone()).toBe(true);
  });

  it("create from a Clio phone communication: its type, hours, the contact's location", async () => {
    const scope = snapshots()
      .post('/v1/activities', {
        type: 'call',
        date: '2027-03-01T14:00:00.000Z',
        duration_minutes: 15,
        location_ref: 'clio:98765',
      })
      .query({ expand: 'matter,location' })
      .reply(201, activity());
    await run(createActivity, {
      type: 'PhoneCommunication',
      date: '2027-03-01T09:00:00-05:00',
      duration_hours: 0.25,
      location_clio_contact_id: '98765',
    });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ type: 'Bill', date: '2027-03-01' }, /"Type" must be one of Call, Email/],
    [{ type: 'call' }, /"Date" is required/],
    [{ type: 'call', date: '2027-03-01T09:00:00' }, /"Date" needs a time zone offset/],
    [
      { type: 'call', date: '2027-03-01', duration_minutes: 'an hour' },
      /"Duration \(Minutes\)" must be a number/,
    ],
    [
      { type: 'call', date: '2027-03-01', duration_seconds: -60 },
      /"Duration \(Seconds\)" must not be negative/,
    ],
    [
      { type: 'call', date: '2027-03-01', duration_minutes: 5, duration_hours: 1 },
      /fill in only one of "Duration \(Minutes\)" and "Duration \(Hours\)"/,
    ],
    [
      { type: 'call', date: '2027-03-01', matter_id: 'mat_1', matter_clio_matter_id: 5 },
      /fill in only one of "Matter" and "Matter \(Clio Matter ID\)"/,
    ],
  ])('create refuses %p, naming the field, and sends nothing', async (inputData, message) => {
    const scope = snapshots()
      .post('/v1/activities')
      .query({ expand: 'matter,location' })
      .reply(201, activity());
    const attempt = run(createActivity, inputData);
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(message);
    expect(scope.isDone()).toBe(false);
  });

  it('update: Fields to Clear empties notes and duration', async () => {
    const scope = snapshots()
      .patch('/v1/activities/act_1', { type: 'meeting', notes: null, duration_minutes: null })
      .query({ expand: 'matter,location' })
      .reply(200, activity({ type: 'meeting', version: 2 }));
    await run(updateActivity, {
      activity_id: 'act_1',
      type: 'MEETING',
      fields_to_clear: ['notes', 'duration_minutes'],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('update refuses clearing a field that cannot be cleared', async () => {
    const scope = snapshots()
      .patch('/v1/activities/act_1')
      .query({ expand: 'matter,location' })
      .reply(200, activity());
    await expect(
      run(updateActivity, { activity_id: 'act_1', fields_to_clear: ['type'] }),
    ).rejects.toThrow(
      /"Fields to Clear" lists a field that cannot be cleared: choose only fields offered in its list \(required fields cannot be cleared\) \(got "type"\)/,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('upsert: one merge PATCH under the Clio record kind', async () => {
    const scope = snapshots()
      .patch('/v1/activities/by-ref/clio_time_entry/77', {
        type: 'task',
        date: '2027-03-01',
      })
      .query({ expand: 'matter,location' })
      .reply(201, activity({ external_refs: { clio_time_entry: '77' } }));
    await run(upsertActivityFromClio, {
      clio_id: 77,
      clio_kind: 'Clio Time Entry',
      type: 'task',
      date: '2027-03-01',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('link: one PATCH of external_refs under the kind, unless another is linked; the kind is required', async () => {
    const scope = snapshots()
      .patch('/v1/activities/act_1', {
        external_refs: { clio_note: '77' },
        expected_external_refs: { clio_note: null },
      })
      .query({ expand: 'matter,location' })
      .reply(200, activity({ external_refs: { clio_note: '77' } }));
    await run(linkActivityToClio, { activity_id: 'act_1', clio_id: '77', clio_kind: 'clio_note' });
    expect(scope.isDone()).toBe(true);

    const unsent = snapshots()
      .patch('/v1/activities/act_1')
      .query({ expand: 'matter,location' })
      .reply(200, activity());
    await expect(run(linkActivityToClio, { activity_id: 'act_1', clio_id: '77' })).rejects.toThrow(
      /"Clio Record Kind" is required/,
    );
    await expect(
      run(linkActivityToClio, { activity_id: 'act_1', clio_id: '77', clio_kind: 'bill' }),
    ).rejects.toThrow(
      /"Clio Record Kind" must be Clio Note, Clio Communication or Clio Time Entry/,
    );
    expect(unsent.isDone()).toBe(false);
  });
});

describe('find_activity', () => {
  useFakeSnapshots();

  it('by Clio id and kind: the external_ref filter of that kind', async () => {
    const scope = snapshots()
      .get('/v1/activities')
      .query({ expand: 'matter,location', external_ref: 'clio_communication:77', limit: '1' })
      .reply(200, {
        data: [activity({ external_refs: { clio_communication: '77' } })],
        next_cursor: null,
      });
    await expect(
      run(findActivity, { search_clio_id: '77', search_clio_kind: 'clio_communication' }),
    ).resolves.toMatchObject([{ id: 'act_1:1' }]);
    expect(scope.isDone()).toBe(true);
  });

  it('by Snapshots id: one GET', async () => {
    const scope = snapshots()
      .get('/v1/activities/act_1')
      .query({ expand: 'matter,location' })
      .reply(200, activity());
    await expect(run(findActivity, { search_activity_id: 'act_1' })).resolves.toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it('a Clio id without its kind is refused, naming the kind', async () => {
    const scope = snapshots().get(/.*/).reply(200, { data: [], next_cursor: null });
    await expect(run(findActivity, { search_clio_id: '77' })).rejects.toThrow(
      /"Clio Record Kind" is required/,
    );
    expect(scope.isDone()).toBe(false);
  });
});

/**
 * Issue 16, finding 7: an activity entered for a day keeps that day in Clio wherever it happened,
 * from UTC-12 to UTC+14. The day a Clio time entry carries goes through the action's Date input,
 * the contract and the output mapper; a timestamp is dated where the location is.
 */
import { ActivityCreate, type ActivityExpanded } from '../../../src/api/schemas';
import { toActivityOutput } from '../../../src/activities/activity';
import { activityFields } from '../../../src/activities/activity.fields';
import { activity, location } from '../../support/fixtures';

const dateField = activityFields.find((field) => field.key === 'date')!;

/** What the action sends, the sandbox stores (as the contract parses it) and the trigger emits. */
function throughSnapshots(date: string, timezone: string): ReturnType<typeof toActivityOutput> {
  const sent = dateField.convert.parse(date) as string;
  const stored = ActivityCreate.parse({ type: 'task', date: sent });
  const record: ActivityExpanded = {
    ...activity({ type: 'task', date: stored.date, location_id: 'loc_1' }),
    location: location({ timezone }),
  };
  return toActivityOutput(record);
}

const ZONES = [
  'Etc/GMT+12',
  'Pacific/Pago_Pago',
  'America/Los_Angeles',
  'UTC',
  'Asia/Kolkata',
  'Pacific/Fiji',
  'Pacific/Auckland',
  'Pacific/Tongatapu',
  'Pacific/Kiritimati',
];

it.each(ZONES)(
  'a Clio time entry Date of 2026-12-02 is 2026-12-02 in Clio at a location in %s',
  (zone) => {
    expect(throughSnapshots('2026-12-02', zone)).toMatchObject({
      date: '2026-12-02',
      clio_date: '2026-12-02',
    });
  },
);

it.each([
  ['2026-12-02T23:30:00+13:00', 'Pacific/Auckland', '2026-12-02'],
  ['2026-12-02T00:30:00+14:00', 'Pacific/Kiritimati', '2026-12-02'],
  ['2026-12-02T23:30:00-12:00', 'Etc/GMT+12', '2026-12-02'],
  ['2026-12-02T00:30:00-08:00', 'America/Los_Angeles', '2026-12-02'],
])('a timestamp %s at a location in %s is dated %s', (date, zone, day) => {
  expect(throughSnapshots(date, zone).clio_date).toBe(day);
});

it('the Date input keeps a date alone as a plain date and refuses an impossible one', () => {
  expect(dateField.convert.parse(' 2026-12-02 ')).toBe('2026-12-02');
  expect(dateField.convert.safeParse('2026-02-30').error?.issues[0]?.message).toMatch(
    /not a real date/,
  );
});

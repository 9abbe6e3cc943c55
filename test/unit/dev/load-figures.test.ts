/**
 * The load figures (dev/load/figures.ts) count each failure the load test and the benchmark look
 * for, and only those: a load test that passes must not be blind.
 */
import {
  type Change,
  type FiredRun,
  type SeenDelivery,
  type Version,
  zapFigures,
  type ZapObservation,
  type ZapSpec,
} from '../../../dev/load/figures';
import type { Reaction } from '../../../dev/hook-emulator';

const EVERY_UPDATE: ZapSpec = { name: 'every update', object: 'location', updates: true };
const PHONE_ONLY: ZapSpec = { ...EVERY_UPDATE, name: 'phone only', onlyWhen: ['phone'] };

/** loc_1: created, then its phone, then its name. */
const CHANGES: Change[] = ['created', ['phone'], ['name']];
const state = (version: number) => ({ location_id: 'loc_1', version, name: `n${version}` });
const history = new Map([
  [
    'loc_1',
    new Map<number, Version>(
      CHANGES.map((change, index) => [
        index + 1,
        { version: index + 1, change, state: state(index + 1) },
      ]),
    ),
  ],
]);

const delivery = (version: number, reaction: Reaction = 'accept'): SeenDelivery => ({
  n: version,
  eventId: `evt_${version}`,
  recordId: 'loc_1',
  version,
  reaction,
});
const firing = (
  version: number,
  startedMs = version * 10,
  finishedMs = startedMs + 5,
): FiredRun => ({
  startedMs,
  finishedMs,
  eventId: `evt_${version}`,
  output: state(version),
});

const figures = (
  zap: ZapSpec,
  runs: FiredRun[],
  deliveries: SeenDelivery[] = [1, 2, 3].map((version) => delivery(version)),
) => {
  const observed: ZapObservation = {
    zap,
    history,
    idField: 'location_id',
    writtenFields: ['name'],
    deliveries,
    runs,
  };
  const { lost, doubled, olderAfterNewer, nonMatching, lastStateMissed } = zapFigures(observed);
  return { lost, doubled, olderAfterNewer, nonMatching, lastStateMissed };
};
const CLEAN = { lost: 0, doubled: 0, olderAfterNewer: 0, nonMatching: 0, lastStateMissed: 0 };

describe('the load figures of a Zap', () => {
  it('a run that fired every version once, in order, is clean', () => {
    expect(figures(EVERY_UPDATE, [firing(1), firing(2), firing(3)])).toEqual(CLEAN);
  });

  it('a newer firing covers the versions before it; a missing last one is lost', () => {
    expect(figures(EVERY_UPDATE, [firing(1), firing(3)])).toEqual(CLEAN);
    expect(figures(EVERY_UPDATE, [firing(1), firing(2)])).toEqual({
      ...CLEAN,
      lost: 1,
      lastStateMissed: 1,
    });
  });

  it('a version fired twice is doubled', () => {
    expect(figures(EVERY_UPDATE, [firing(1), firing(2), firing(2, 22), firing(3)])).toEqual({
      ...CLEAN,
      doubled: 1,
    });
  });

  it('older after newer: a run that started after a newer firing ended; racing runs are not', () => {
    expect(figures(EVERY_UPDATE, [firing(1), firing(3, 30, 35), firing(2, 40, 45)])).toEqual({
      ...CLEAN,
      olderAfterNewer: 1,
    });
    expect(figures(EVERY_UPDATE, [firing(1), firing(3, 30, 35), firing(2, 32, 45)])).toEqual(CLEAN);
  });

  it('non-matching: a firing whose versions since the last acknowledged one changed no chosen field', () => {
    // v2 (phone) was received, so v3 (name) is no phone change.
    expect(figures(PHONE_ONLY, [firing(1), firing(2), firing(3)])).toEqual({
      ...CLEAN,
      nonMatching: 1,
    });
    // v2 ran but its 500 left it unreceived: v3 carries its phone change.
    const unacknowledged = [delivery(1), delivery(2, 'run-then-fail'), delivery(3)];
    expect(figures(PHONE_ONLY, [firing(1), firing(2), firing(3)], unacknowledged)).toEqual(CLEAN);
  });

  it('a filtered Zap need not get a last version it does not match', () => {
    expect(figures(PHONE_ONLY, [firing(1), firing(2)])).toEqual(CLEAN);
  });
});

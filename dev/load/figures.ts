/**
 * The load figures of one Zap, from what the writers made (every version of every record, what it
 * changed and the record it left) and what the Zap saw (the deliveries its receiver got, how it
 * answered, and what each `perform` run fired, with when the run started and ended):
 *
 * - lost: a version the Zap should fire with no version as new or newer fired for its record
 *   (a newer delivery carries an older one's changes, so firing it covers the older one);
 * - doubled: a version fired more than once;
 * - older after newer: a version fired by a run that started after a run firing a newer version
 *   of the record had finished. Runs that overlap in time race within the version memory's round
 *   trips and go side by side in no order (src/runtime/hook-memory.ts states that limit);
 * - non-matching: a fired event of a type the Zap does not take, or an update whose versions
 *   since the record's last acknowledged delivery to the Zap changed none of its chosen fields
 *   (what the source lists in `changed_fields`: src/api/schemas/events.ts, the delivery rules);
 * - last state missed: a record whose last version the Zap should fire, but whose last firing was
 *   not that version, with the record's fields as the writers left them.
 */
import type { Reaction } from '../hook-emulator';

/** What a version of a record changed: `created`, or the fields an update changed. */
export type Change = 'created' | readonly string[];

export interface Version {
  version: number;
  change: Change;
  /** The record as the write answered it. */
  state: Record<string, unknown>;
}

/** Every version of every record of one kind, by record id. */
export type History = ReadonlyMap<string, ReadonlyMap<number, Version>>;

export interface ZapSpec {
  /** Its name in the figures. */
  name: string;
  object: 'location' | 'matter';
  /** `new_or_updated_…` when true, `new_…` (creations only) when false. */
  updates: boolean;
  /** "Only When These Fields Change". */
  onlyWhen?: readonly string[];
}

export interface SeenDelivery {
  /** Arrival order at the Zap's receiver. */
  n: number;
  eventId: string;
  recordId: string | undefined;
  version: number | undefined;
  reaction: Reaction;
}

export interface FiredRun {
  startedMs: number;
  finishedMs: number;
  eventId: string;
  output: Record<string, unknown>;
}

export interface ZapFigures {
  zap: string;
  /** Versions the Zap should fire (or that a newer firing covers). */
  matching: number;
  deliveries: number;
  fired: number;
  lost: number;
  doubled: number;
  olderAfterNewer: number;
  nonMatching: number;
  lastStateMissed: number;
  /** The receiver's answers that were faults: 500 after running, outage 500s, slow answers. */
  faults: { runThenFail: number; outage: number; slow: number };
}

/** Only a prompt 2xx tells the source a version was received. */
const ACKNOWLEDGED: readonly Reaction[] = ['accept'];

/** Whether the Zap should fire this version (before what the source may merge into it). */
export function matches(zap: ZapSpec, change: Change): boolean {
  if (change === 'created') return true;
  if (!zap.updates) return false;
  return !zap.onlyWhen || change.some((field) => zap.onlyWhen!.includes(field));
}

/** What one Zap saw during the run. */
export interface ZapObservation {
  zap: ZapSpec;
  /** Every version of the Zap's kind of record. */
  history: History;
  /** The record id's output field: `location_id`. */
  idField: string;
  /** The fields the writers set, compared on the last firing. */
  writtenFields: readonly string[];
  deliveries: readonly SeenDelivery[];
  runs: readonly FiredRun[];
}

type Firing = FiredRun & { recordId: string; version: number };

function lostAndLastState({ zap, history, writtenFields }: ZapObservation, fired: Firing[]) {
  let matching = 0;
  let lost = 0;
  let lastStateMissed = 0;
  for (const [recordId, versions] of history) {
    const firings = fired.filter((run) => run.recordId === recordId);
    const newestFired = Math.max(0, ...firings.map((run) => run.version));
    for (const { version, change } of versions.values()) {
      if (!matches(zap, change)) continue;
      matching += 1;
      if (newestFired < version) lost += 1;
    }
    const last = versions.get(Math.max(...versions.keys()));
    if (last && matches(zap, last.change)) {
      const lastFiring = firings.find((run) => run.version === last.version);
      const reached = writtenFields.every(
        (field) => lastFiring?.output[field] === last.state[field],
      );
      if (!reached) lastStateMissed += 1;
    }
  }
  return { matching, lost, lastStateMissed };
}

function doubledCount(fired: Firing[]): number {
  const keys = fired.map((run) => `${run.recordId} ${run.version}`);
  return keys.length - new Set(keys).size;
}

function olderAfterNewerCount(fired: Firing[]): number {
  return fired.filter((run) =>
    fired.some(
      (newer) =>
        newer.recordId === run.recordId &&
        newer.version > run.version &&
        newer.finishedMs < run.startedMs,
    ),
  ).length;
}

/** Whether a firing matches: see the top of this file. */
function firedWithoutMatching({ zap, history, deliveries }: ZapObservation, run: Firing): boolean {
  const versions = history.get(run.recordId);
  const change = versions?.get(run.version)?.change;
  if (!versions || change === undefined) return true; // a version nobody wrote
  if (change === 'created') return false;
  if (!zap.updates) return true;
  if (!zap.onlyWhen) return false;
  const arrived = deliveries.find((delivery) => delivery.eventId === run.eventId);
  const acknowledgedBefore = deliveries.filter(
    (delivery) =>
      delivery.recordId === run.recordId &&
      arrived !== undefined &&
      delivery.n < arrived.n &&
      ACKNOWLEDGED.includes(delivery.reaction),
  );
  const since = Math.max(0, ...acknowledgedBefore.map((delivery) => delivery.version ?? 0));
  for (let version = since + 1; version <= run.version; version++) {
    const earlier = versions.get(version);
    if (earlier && matches(zap, earlier.change)) return false;
  }
  return true;
}

export function zapFigures(observed: ZapObservation): ZapFigures {
  const { zap, idField, deliveries, runs } = observed;
  const fired: Firing[] = runs.map((run) => ({
    ...run,
    recordId: String(run.output[idField]),
    version: Number(run.output.version),
  }));
  const reactions = (reaction: Reaction) =>
    deliveries.filter((delivery) => delivery.reaction === reaction).length;
  return {
    zap: zap.name,
    ...lostAndLastState(observed, fired),
    deliveries: deliveries.length,
    fired: fired.length,
    doubled: doubledCount(fired),
    olderAfterNewer: olderAfterNewerCount(fired),
    nonMatching: fired.filter((run) => firedWithoutMatching(observed, run)).length,
    faults: {
      runThenFail: reactions('run-then-fail'),
      outage: reactions('fail'),
      slow: reactions('slow'),
    },
  };
}

/** The figures as a Markdown table (the benchmark prints it; the load test shows it on failure). */
export function figuresTable(figures: readonly ZapFigures[]): string {
  const rows = figures.map(
    (zap) =>
      `| ${zap.zap} | ${zap.matching} | ${zap.deliveries} | ${zap.fired} | ${zap.lost} | ${zap.doubled} | ` +
      `${zap.olderAfterNewer} | ${zap.nonMatching} | ${zap.lastStateMissed} | ` +
      `${zap.faults.runThenFail} / ${zap.faults.outage} / ${zap.faults.slow} |`,
  );
  return [
    '| Zap | matching versions | deliveries | fired | lost | doubled | older after newer | non-matching fired | last state missed | faults (500 after run / outage / slow) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/**
 * What a play of the flows reports (dev/flows/scenario.ts): per change the firm made, each Zap
 * run with what every step mapped and every request it made. `npm start` prints it; the flow
 * tests assert on it.
 */
import type { Recipe, RunCost } from '../zaps/recipes';

type Fields = Record<string, unknown>;

export interface Request {
  method: string;
  url: string;
  status: number;
}

/** One mapped field of a step: the step's field, where its value came from, the value. */
export interface MappedRow {
  field: string;
  from: string;
  value: unknown;
  /** Where Clio's request carries it, or `action input`. */
  sentAs: string;
}

export interface StepRun {
  app: 'Clio' | 'Snapshots';
  name: string;
  rows: MappedRow[];
  snapshotsRequests: Request[];
  clioRequests: Request[];
  result: Fields;
}

export interface ZapRun {
  /** The trigger's name: ours by key, Clio's by its name in Clio's app. */
  trigger: string;
  /** The trigger's output (Clio's payload for flow 2a). */
  output: Fields;
  /** Requests our trigger's `perform` made (0: the hook delivers the record). */
  triggerRequests: Request[];
  /** The Paths rule that held, or undefined when none did (the Zap stops: no task). */
  path: string | undefined;
  steps: StepRun[];
  cost: RunCost;
}

/** A delivery our trigger received and, as configured, did not fire on. */
export interface NotFired {
  trigger: string;
  reason: string;
  /** Its perform's requests. */
  triggerRequests: Request[];
}

export interface Change {
  /** e.g. `1.1` */
  label: string;
  flow: Recipe['flow'];
  title: string;
  /** Where the firm made the change: its own requests there, not the Zap's. */
  madeIn: 'Snapshots' | 'Clio';
  made: Request[];
  runs: ZapRun[];
  notFired: NotFired[];
  /** What was checked, in words. */
  checks: string[];
}

export interface FlowsReport {
  connectedAs: string;
  changes: Change[];
}

/** A failed step: its label names it in the report and the exit message. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
    readonly done: Change[],
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** Every mapping row of every recipe, as `flow|step|field` (docs/zaps.md's table rows). */
export function rowsExercised(report: FlowsReport): Set<string> {
  const seen = new Set<string>();
  for (const change of report.changes) {
    for (const run of change.runs) {
      for (const step of run.steps) {
        for (const row of step.rows) {
          if (!isEmpty(row.value)) seen.add(`${change.flow}|${step.name}|${row.field}`);
        }
      }
    }
  }
  return seen;
}

/**
 * The checks the flows make on every run (dev/flows/scenario.ts adds each step's own): a failed
 * one throws, and the play stops with the step's label. One Snapshots request per action step
 * and none per trigger run, and each run costs what `costOf` says (docs/zaps.md's task counts).
 */
import type { RunCost } from '../zaps/recipes';
import type { Request, ZapRun } from './report';

export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The trigger fired exactly one output for the change. */
export function checkFiredOnce(trigger: string, outputs: readonly unknown[]): void {
  check(outputs.length === 1, `${trigger} fired ${outputs.length} times, not once.`);
}

/** A hook trigger's perform reads the delivery: it sends no request. */
export function checkTriggerSentNothing(triggerRequests: readonly Request[]): void {
  check(
    triggerRequests.length === 0,
    `the trigger's perform made ${triggerRequests.length} Snapshots requests, not 0.`,
  );
}

/** After a Zap's link-back step, its own change is delivered and must not fire the trigger. */
export function checkLinkBackIgnored(trigger: string, outputs: readonly unknown[]): void {
  check(outputs.length === 0, `the link-back's own change fired ${trigger} again.`);
}

/** Each of our action steps sent one Snapshots request, and the run cost what the recipe says. */
export function checkRunCost(run: ZapRun, expected: RunCost): void {
  for (const step of run.steps) {
    if (step.app === 'Snapshots') {
      check(
        step.snapshotsRequests.length === 1,
        `"${step.name}" made ${step.snapshotsRequests.length} Snapshots requests, not 1.`,
      );
    }
  }
  check(
    JSON.stringify(run.cost) === JSON.stringify(expected),
    `the run cost ${JSON.stringify(run.cost)}, the recipe says ${JSON.stringify(expected)}.`,
  );
}

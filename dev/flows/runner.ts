/**
 * The Zap runner: one Zap run on one trigger output, as Zapier runs it. The recipe's Paths rule
 * picks the steps (dev/zaps/recipes.ts); our actions run through core's app tester against the
 * sandbox, Clio's through `performClioStep` against the Clio stand-in. Each step's requests are
 * the Zap's connection's, read from the sandbox's request log.
 */
import type { createAppTester } from 'zapier-platform-core';
import type { ClioStandIn } from '../../sandbox/clio';
import type { SandboxRequest } from '../../sandbox/index';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { performClioStep } from '../zaps/clio-app';
import {
  type ClioStep,
  type Recipe,
  type RecipePath,
  type SnapshotsStep,
  type StepResults,
  costOf,
  fieldOf,
  pathFor,
  recipe,
  snapshotsInputs,
} from '../zaps/recipes';
import { checkRunCost, checkTriggerSentNothing } from './checks';
import type { Request, StepRun, ZapRun } from './report';

type Fields = Record<string, unknown>;
type AppTester = ReturnType<typeof createAppTester>;

export interface ZapRunnerOptions {
  tester: AppTester;
  /** The Zap's connection. */
  authData: StoredAuthData;
  clio: ClioStandIn;
  /** The sandbox's answered requests, as they happen. */
  sandboxRequests: SandboxRequest[];
}

export interface ZapRunner {
  /** A place in the sandbox's request log, to take the requests made after it. */
  mark(): number;
  /** The requests the Zap's connection made since `start`. */
  zapRequestsSince(start: number): Request[];
  /** One Zap run on one trigger output: the path that holds, each of its steps; checks its cost. */
  runZap(
    flow: Recipe['flow'],
    trigger: string,
    output: Fields,
    triggerRequests: Request[],
  ): Promise<ZapRun>;
  /** Runs the Zap on each output the trigger fired, checking the trigger made no request. */
  zapRunsOn(
    flow: Recipe['flow'],
    trigger: string,
    outputs: Fields[],
    triggerRequests: Request[],
  ): Promise<ZapRun[]>;
}

function fromText(from: ClioStep['mapping'][number]['from']): string {
  if ('fixed' in from) return `(picked) ${String(from.fixed)}`;
  if ('step' in from) return `${from.step}: ${from.field.toUpperCase()}`;
  return from.output;
}

function ruleText(path: RecipePath): string {
  if (path.when.length === 0) return 'every run';
  return path.when
    .map((rule) =>
      'equals' in rule ? `${rule.field} is ${rule.equals}` : `${rule.field} is ${rule.is}`,
    )
    .join(' and ');
}

export function createZapRunner(options: ZapRunnerOptions): ZapRunner {
  const { tester, authData, clio, sandboxRequests } = options;
  const zapAuthorization = `Bearer ${authData.access_token}`;
  const mark = () => sandboxRequests.length;
  const zapRequestsSince = (start: number): Request[] =>
    sandboxRequests
      .slice(start)
      .filter((request) => request.authorization === zapAuthorization)
      .map(({ method, url, status }) => ({ method, url, status }));

  async function runAction(step: SnapshotsStep, inputs: Fields): Promise<Fields> {
    const create = (app.creates as unknown as Record<string, { operation: { perform: unknown } }>)[
      step.key
    ];
    if (!create) throw new Error(`The app has no action ${step.key}.`);
    const result: unknown = await tester(
      create.operation.perform as never,
      { authData, inputData: inputs } as never,
    );
    return result as Fields;
  }

  async function runClioStep(
    step: ClioStep,
    output: Fields,
    results: StepResults,
  ): Promise<StepRun> {
    const start = mark();
    const clioRun = await performClioStep(clio, step, output, results);
    results[step.name] = clioRun.result;
    return {
      app: 'Clio',
      name: step.name,
      rows: step.mapping.map((row) => ({
        field: row.field,
        from: fromText(row.from),
        value:
          'fixed' in row.from
            ? row.from.fixed
            : 'output' in row.from
              ? fieldOf(output, row.from.output)
              : results[row.from.step]?.[row.from.field],
        sentAs: row.api === ':id' ? 'URL (the record to update)' : row.api,
      })),
      snapshotsRequests: zapRequestsSince(start),
      clioRequests: clioRun.calls.map(({ method, path: url, status }) => ({
        method,
        url,
        status,
      })),
      result: clioRun.result,
    };
  }

  async function runSnapshotsStep(
    step: SnapshotsStep,
    output: Fields,
    results: StepResults,
  ): Promise<StepRun> {
    const start = mark();
    const inputs = snapshotsInputs(step, output, results);
    const result = await runAction(step, inputs);
    results[step.name] = result;
    return {
      app: 'Snapshots',
      name: step.name,
      rows: step.mapping.map((row) => ({
        field: row.input,
        from: fromText(row.from),
        value: inputs[row.input],
        sentAs: 'action input',
      })),
      snapshotsRequests: zapRequestsSince(start),
      clioRequests: [],
      result,
    };
  }

  async function runZap(
    flow: Recipe['flow'],
    trigger: string,
    output: Fields,
    triggerRequests: Request[],
  ): Promise<ZapRun> {
    const zap = recipe(flow);
    const path = pathFor(zap, output);
    const run: ZapRun = {
      trigger,
      output,
      triggerRequests,
      path: path && ruleText(path),
      steps: [],
      cost: { tasks: 0, clioCalls: 0, snapshotsCalls: 0 },
    };
    if (!path) return run;
    const results: StepResults = {};
    for (const step of path.steps) {
      run.steps.push(
        step.app === 'Clio'
          ? await runClioStep(step, output, results)
          : await runSnapshotsStep(step, output, results),
      );
    }
    run.cost = {
      tasks: run.steps.length,
      clioCalls: run.steps.reduce((n, step) => n + step.clioRequests.length, 0),
      snapshotsCalls: run.steps.reduce((n, step) => n + step.snapshotsRequests.length, 0),
    };
    checkRunCost(run, costOf(path));
    return run;
  }

  async function zapRunsOn(
    flow: Recipe['flow'],
    trigger: string,
    outputs: Fields[],
    triggerRequests: Request[],
  ): Promise<ZapRun[]> {
    checkTriggerSentNothing(triggerRequests);
    const runs: ZapRun[] = [];
    for (const output of outputs) runs.push(await runZap(flow, trigger, output, triggerRequests));
    return runs;
  }

  return { mark, zapRequestsSince, runZap, zapRunsOn };
}

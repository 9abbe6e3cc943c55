/**
 * `npm start`: the three Clio flows, played end to end with no account and no network. It starts
 * the sandbox with its demo data and the Clio stand-in (`sandbox/clio`, not Clio), connects the
 * integration through the real OAuth flow (authorize URL, consent page, code + PKCE, token) as
 * Zapier would, subscribes the instant triggers through the app tester to the hook emulator
 * (Zapier's part), plays the flows (`dev/flows/scenario.ts`) and prints what every step mapped and
 * every request it made. Exits 0 when every step succeeded, 1 naming the failing step; closes
 * every server, so nothing keeps running (`npm run sandbox` is the interactive command).
 * NODE_ENV=test, set by the npm script, keeps core's per-invocation memory report out of the
 * output, as in the app tester's usual home.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Bundle, createAppTester } from 'zapier-platform-core';
import { startClioStandIn } from '../sandbox/clio';
import type { SandboxRequest } from '../sandbox/index';
import { startSandboxFromEnv } from '../sandbox/launch';
import { app } from '../src/app';
import { authentication, type StoredAuthData } from '../src/auth/authentication';
import { type Change, type FlowsReport, type Request, StepFailure } from '../dev/flows/report';
import { playFlows } from '../dev/flows/scenario';

/** Never followed: the code is read from the consent page's redirect. */
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';
const appTester = createAppTester(app);

/** What Zapier does around our authorize URL and token exchange when `enablePkce` is on. */
async function connect(origin: string): Promise<StoredAuthData> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('base64url');
  const authorizeUrl = await appTester(authentication.oauth2Config.authorizeUrl, {
    inputData: { redirect_uri: REDIRECT_URI, state },
  });
  const consentPage = await fetch(
    `${authorizeUrl}&code_challenge=${challenge}&code_challenge_method=S256`,
  );
  const consent = /name="consent" value="([^"]+)"/.exec(await consentPage.text())?.[1];
  if (!consent) throw new Error(`The consent page did not load (HTTP ${consentPage.status}).`);
  // The user presses "Approve".
  const approved = await fetch(`${origin}/oauth/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ consent, decision: 'approve' }),
    redirect: 'manual',
  });
  const code = new URL(approved.headers.get('location') ?? REDIRECT_URI).searchParams.get('code');
  if (!code) throw new Error('The sandbox did not redirect back with a code.');
  return appTester(authentication.oauth2Config.getAccessToken, {
    inputData: { code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
  });
}

/**
 * The report's own output. While the flows play, console.log is quiet: core's app tester prints
 * each run's z.console lines there (e.g. a delivery the trigger ignored), which the report
 * already tells in its place.
 */
const print = console.log.bind(console);

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
};
const requestLine = (app: string, r: Request) => `${app}: ${r.method} ${r.url} → ${r.status}`;
const pad = (text: string, width: number) => text.padEnd(width);

function printChange(change: Change): void {
  print(`\n${change.label}  ${change.title}`);
  for (const request of change.made)
    print(`      (the firm, not the Zap) ${requestLine(change.madeIn, request)}`);
  for (const run of change.runs) {
    const fromClio = run.trigger.startsWith('Clio');
    const what = fromClio
      ? `Clio's payload for record ${show(run.output.id)}`
      : `output ${show(run.output.id)}, ${run.triggerRequests.length} Snapshots requests (the hook delivered it)`;
    print(`    Trigger ${run.trigger} fired: ${what}`);
    if (run.path === undefined) {
      print('    Paths: no rule holds, the Zap stops here (no task)');
      continue;
    }
    print(`    Path: ${run.path}`);
    for (const step of run.steps) {
      print(`    ${step.app}: ${step.name}`);
      const width = Math.max(...step.rows.map((row) => row.field.length));
      const fromWidth = Math.max(...step.rows.map((row) => row.from.length));
      for (const row of step.rows) {
        print(
          `        ${pad(row.field, width)} ← ${pad(row.from, fromWidth)}  ${pad(show(row.value), 40)} ${row.sentAs}`,
        );
      }
      for (const request of step.snapshotsRequests)
        print(`      ${requestLine('Snapshots', request)}`);
      for (const request of step.clioRequests) print(`      ${requestLine('Clio', request)}`);
    }
    print(
      `    = ${run.cost.tasks} Zapier tasks, ${run.cost.clioCalls} Clio API calls, ${run.cost.snapshotsCalls} Snapshots requests`,
    );
  }
  for (const { trigger, reason, triggerRequests } of change.notFired) {
    const requests = triggerRequests.length;
    print(`    ${trigger}: delivered, fired nothing (${requests} Snapshots requests): ${reason}`);
  }
  for (const line of change.checks) print(`    ✓ ${line}`);
}

/** Our trigger's perform runs in a change: the ones that fired a Zap run, and the ones that did not. */
const triggerRunsOf = (change: Change): Request[][] => [
  ...change.runs.filter((run) => !run.trigger.startsWith('Clio')).map((run) => run.triggerRequests),
  ...change.notFired.map((ignored) => ignored.triggerRequests),
];

function printTotals(report: FlowsReport): void {
  print('\nTotals per synced change');
  const header = [
    'change',
    'Zapier tasks',
    'Clio API calls',
    'Snapshots requests per action step',
    'per trigger run',
  ];
  const list = (counts: number[]) => (counts.length ? counts.join(', ') : '-');
  const rows = report.changes.map((change) => {
    const steps = change.runs.flatMap((run) => run.steps);
    return [
      `${change.label} ${change.title}`,
      String(steps.length),
      String(steps.reduce((n, step) => n + step.clioRequests.length, 0)),
      list(steps.filter((s) => s.app === 'Snapshots').map((s) => s.snapshotsRequests.length)),
      list(triggerRunsOf(change).map((requests) => requests.length)),
    ];
  });
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => row[i]!.length)),
  );
  for (const row of [header, ...rows]) {
    print(
      `  ${row.map((cell, i) => (i === 0 ? pad(cell, widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
    );
  }
  const steps = report.changes.flatMap((change) => change.runs.flatMap((run) => run.steps));
  const actions = steps.filter((step) => step.app === 'Snapshots');
  const triggerRuns = report.changes.flatMap(triggerRunsOf);
  const perAction = new Set(actions.map((step) => step.snapshotsRequests.length));
  const perTrigger = new Set(triggerRuns.map((requests) => requests.length));
  print(
    `Total: ${steps.length} Zapier tasks, ${steps.reduce((n, s) => n + s.clioRequests.length, 0)} Clio API calls; ` +
      `Snapshots requests: ${[...perAction].join(' or ')} per action step (${actions.length} steps), ` +
      `${[...perTrigger].join(' or ')} per trigger run (${triggerRuns.length} runs).`,
  );
}

async function main(): Promise<number> {
  const requests: SandboxRequest[] = [];
  // A free port unless SANDBOX_PORT names one: nothing else needs to reach this run's sandbox.
  const sandbox = await startSandboxFromEnv(
    { ...process.env, SANDBOX_PORT: process.env.SANDBOX_PORT ?? '0' },
    {
      seed: 'demo', // the flows link to the demo data's Clio contact 1001
      onResponse: (request) => requests.push(request),
    },
  );
  const clio = await startClioStandIn();
  try {
    process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
    process.env.CLIENT_ID = sandbox.clientId;
    process.env.CLIENT_SECRET = sandbox.clientSecret;
    print(`Snapshots sandbox (demo data): ${sandbox.url}`);
    print(`Clio stand-in (not Clio; sandbox/clio/README.md): ${clio.url}`);
    const authData = await connect(sandbox.url);
    const me = await appTester((z) => authentication.test(z), { authData } as Partial<Bundle>);
    print(
      `Connected through OAuth 2.0 with PKCE as ${me.account_name} (${me.user_email}), scopes ${me.scopes.join(', ')}.`,
    );
    print(
      "Triggers subscribed through performSubscribe to the hook emulator (Zapier's part); each row below reads\n" +
        "  <step field> ← <trigger output field>  <value>  <where Clio's request carries it>",
    );
    console.log = () => undefined;
    const report = await playFlows({
      sandboxUrl: sandbox.url,
      sandboxRequests: requests,
      clio,
      authData,
      onChange: printChange,
    });
    console.log = print;
    printTotals(report);
    print(
      `\nAll ${report.changes.length} steps of the flows went as their recipes say: each Clio step succeeded or was stopped by its recipe's rule.`,
    );
    return 0;
  } catch (error) {
    console.log = print;
    const failed =
      error instanceof StepFailure ? error.message : `setup: ${(error as Error).message}`;
    console.error(`\nFAILED ${failed}`);
    return 1;
  } finally {
    await clio.close();
    await sandbox.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`FAILED setup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

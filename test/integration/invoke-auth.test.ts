/**
 * `zapier-platform invoke auth start` for real: the CLI 19 command runs in a throwaway project
 * folder against a sandbox started here, connects with the sandbox's CLI client (CLI 19 does no
 * PKCE) and stores the tokens in `.env`; `invoke auth test` and `invoke auth label` then use them,
 * and `invoke auth refresh` appends new ones.
 *
 * The CLI opens the authorize URL with the `open` package, which on Linux runs its bundled
 * xdg-open; with no desktop detected, xdg-open hands the URL to `$BROWSER`. `$BROWSER` here is a
 * scripted browser this file writes: it approves the consent page and follows the redirect to the
 * CLI's local server. Everything stays on loopback; every child process is killed at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../sandbox';
import { sandboxControls } from '../../sandbox/controls/client';
import { SCOPES } from '../../src/api/schemas';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ROOT = path.resolve(__dirname, '../..');
/**
 * `tsc -b` finds nothing to do after `npm run typecheck` (one incremental build, dist/.tsbuildinfo);
 * run alone it takes about 15 s here, and a loaded CI machine can take far longer.
 */
const BUILD_TIMEOUT_MS = 180_000;
/** Each CLI run takes about 1.5 s here: oclif and the app load, then a few loopback requests. */
const COMMAND_TIMEOUT_MS = 45_000;
const BROWSER_TIMEOUT_MS = 30_000;

/**
 * `open` hands the URL to `$BROWSER` only on Linux (not macOS, Windows or WSL); the project's
 * machines and CI are Linux. Elsewhere this suite fails loudly rather than being skipped.
 */

interface CommandResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Commands still running (the build, the CLI), each the leader of a process group of its own. */
const commandGroups = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Runs a command in its own process group, killed (with everything it started in that group)
 * when it outlives `timeoutMs`. Resolves whatever the outcome, so the caller can show the output.
 */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    commandGroups.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      commandGroups.delete(child);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      commandGroups.delete(child);
      resolve({ exitCode, timedOut, stdout, stderr });
    });
  });
}

/** The CLI loads the compiled app (index.js → dist/src/index.js), so it must be fresh. */
async function buildApp(): Promise<void> {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-b', 'tsconfig.json'], {
    cwd: ROOT,
    env: process.env,
    timeoutMs: BUILD_TIMEOUT_MS - 5_000,
  });
  if (result.exitCode !== 0) throw new Error(`The build failed:\n${result.stdout}${result.stderr}`);
}

/** A loopback port nobody listens on right now, for the CLI's local callback server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Project {
  dir: string;
  browser: string;
  browserLog: string;
  browserPidFile: string;
}

/**
 * The scripted browser, run by xdg-open with the authorize URL: shows the consent page, submits
 * its form with decision=approve and follows the 302 to the CLI's local server. Plain JavaScript
 * (Node runs it directly); it refuses any URL off loopback and gives up after a timeout.
 */
function fakeBrowserSource(files: Pick<Project, 'browserLog' | 'browserPidFile'>): string {
  return `#!${process.execPath}
'use strict';
const fs = require('node:fs');
const log = (line) => fs.appendFileSync(${JSON.stringify(files.browserLog)}, line + '\\n');
const signal = AbortSignal.timeout(${BROWSER_TIMEOUT_MS});

function loopbackUrl(text, base) {
  const url = new URL(text, base);
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new Error('refusing to leave loopback: ' + url.href);
  }
  return url;
}

async function browse(authorizeUrl) {
  const pageUrl = loopbackUrl(authorizeUrl);
  log('GET ' + pageUrl.href);
  const page = await fetch(pageUrl, { redirect: 'manual', signal });
  const html = await page.text();
  if (page.status !== 200) {
    const location = page.headers.get('location') ?? '';
    throw new Error('no consent page: ' + page.status + ' ' + location + ' ' + html);
  }
  const action = /<form method="post" action="([^"]+)"/.exec(html);
  const consent = /name="consent" value="([^"]+)"/.exec(html);
  if (!action || !consent) throw new Error('no consent form on the page: ' + html);
  const decision = await fetch(loopbackUrl(action[1], pageUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent: consent[1], decision: 'approve' }),
    redirect: 'manual',
    signal,
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) throw new Error('approval: ' + decision.status);
  log('302 ' + location);
  const callback = await fetch(loopbackUrl(location), { signal });
  log('callback ' + callback.status + ' ' + (await callback.text()));
}

fs.writeFileSync(${JSON.stringify(files.browserPidFile)}, String(process.pid));
// Exits 0 either way, like a browser that showed the page: on a failure xdg-open would run it again.
browse(process.argv[2])
  .catch((error) => log('error ' + error.message))
  .finally(() => process.exit(0));
`;
}

/** package.json, index.js, the compiled app and node_modules of this project; `.env` for the CLI client. */
async function createProject(sandbox: Sandbox): Promise<Project> {
  const dir = await mkdtemp(path.join(tmpdir(), 'invoke-auth-'));
  // xdg-open splits $BROWSER on ':' and on whitespace.
  if (/[\s:]/.test(dir)) throw new Error(`The temporary folder ${dir} cannot be used in $BROWSER.`);
  const files = {
    browserLog: path.join(dir, 'browser.log'),
    browserPidFile: path.join(dir, 'browser.pid'),
  };
  await copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  await copyFile(path.join(ROOT, 'index.js'), path.join(dir, 'index.js'));
  await symlink(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const env = [
    `SNAPSHOTS_API_BASE_URL=${sandbox.url}`,
    `CLIENT_ID=${sandbox.cliClientId}`,
    `CLIENT_SECRET=${sandbox.cliClientSecret}`,
  ];
  await writeFile(path.join(dir, '.env'), `${env.join('\n')}\n`);
  const browser = path.join(dir, 'browser.js');
  await writeFile(browser, fakeBrowserSource(files));
  await chmod(browser, 0o755);
  return { dir, browser, ...files };
}

/** The environment of the CLI only: no desktop, so xdg-open falls back to `$BROWSER`. */
function cliEnvironment(project: Project): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A display would let xdg-open find a real browser; the others would override `.env`.
  for (const name of [
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'XDG_RUNTIME_DIR',
    'CLIENT_ID',
    'CLIENT_SECRET',
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('authData_') || name.startsWith('SNAPSHOTS_')) delete env[name];
  }
  return {
    ...env,
    // The CLI's `#!/usr/bin/env node` must find this Node (22), as under `npx`.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`,
    // No ~/.zapierrc, no update-notifier state of the person running the tests.
    HOME: project.dir,
    XDG_CURRENT_DESKTOP: 'X-Generic',
    BROWSER: project.browser,
    DISABLE_ZAPIER_ANALYTICS: '1',
    NO_UPDATE_NOTIFIER: '1',
  };
}

/** The real command, as `npx zapier-platform …` runs it in the project folder. */
function zapierPlatform(project: Project, args: string[]): Promise<CommandResult> {
  const command = path.join(project.dir, 'node_modules', '.bin', 'zapier-platform');
  return run(command, args, {
    cwd: project.dir,
    env: cliEnvironment(project),
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
}

/** `.env` as the CLI writes it: `KEY=value` or `KEY='value'`, one per line. */
async function readDotEnv(dir: string): Promise<Record<string, string>> {
  const variables: Record<string, string> = {};
  for (const line of (await readFile(path.join(dir, '.env'), 'utf8')).split('\n')) {
    const [, key, value] = /^([A-Za-z_]\w*)=(.*)$/.exec(line) ?? [];
    if (key !== undefined && value !== undefined) variables[key] = value.replace(/^'(.*)'$/, '$1');
  }
  return variables;
}

async function readOptional(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

/** The browser is started by xdg-open in a session of its own; it normally exits by itself. */
async function stopFakeBrowser(project: Project): Promise<void> {
  const pid = Number(await readOptional(project.browserPidFile));
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const explain = (result: CommandResult, browserLog = '') =>
  [
    result.timedOut ? `killed after ${COMMAND_TIMEOUT_MS} ms` : `exit ${result.exitCode}`,
    `stdout:\n${result.stdout}`,
    `stderr:\n${result.stderr}`,
    `browser:\n${browserLog}`,
  ].join('\n');

/**
 * docs/sandbox.md's `zapier-platform invoke` session after `auth start`: a trigger's list, an action
 * and a search, in this order (the search finds the link the action stored). The page shows these
 * exact command lines (checked below) with the output these tests check.
 */
const SESSION = [
  ['invoke', 'trigger', 'location_list', '--limit', '2'],
  [
    'invoke',
    'create',
    'link_location_to_clio_contact',
    '--inputData',
    '{"location_id":"loc_demoBoston","clio_contact_id":"1002"}',
  ],
  ['invoke', 'search', 'find_location', '--inputData', '{"search_name":"Boston Branch"}'],
] as const;

/** A command line as typed in a shell: JSON in single quotes. */
const commandLine = (args: readonly string[]) =>
  ['npx zapier-platform', ...args.map((arg) => (/[{"\s]/.test(arg) ? `'${arg}'` : arg))].join(' ');

/** The invoke CLI prints the result as JSON after its own progress lines, on stdout. */
function resultOf(stdout: string): unknown {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON result in:\n${stdout}`);
  return JSON.parse(stdout.slice(start)) as unknown;
}

it('docs/sandbox.md shows exactly the session these tests run', async () => {
  const page = await readFile(path.join(ROOT, 'docs', 'sandbox.md'), 'utf8');
  const shown = page
    .split('\n')
    .filter((line) => /^npx zapier-platform invoke (trigger|create|search) /.test(line));
  expect(shown).toEqual(SESSION.map(commandLine));
});

describe('zapier-platform invoke auth start against the sandbox (real CLI)', () => {
  let sandbox: Sandbox | undefined;
  let project: Project | undefined;

  const current = (): Project => {
    if (!project) throw new Error('the project folder was not created');
    return project;
  };
  const controls = () => {
    if (!sandbox) throw new Error('the sandbox was not started');
    return sandboxControls(sandbox.url);
  };

  beforeAll(async () => {
    await buildApp();
    // With the demo data, as `npm run sandbox` starts it (docs/sandbox.md's invoke session reads it).
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    project = await createProject(sandbox);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    for (const child of commandGroups) killGroup(child);
    if (project) {
      await stopFakeBrowser(project);
      await rm(project.dir, { recursive: true, force: true });
    }
    await sandbox?.close();
  });

  it(
    'connects through the consent page and stores the tokens in .env',
    async () => {
      const port = await freePort();
      const result = await zapierPlatform(current(), [
        'invoke',
        'auth',
        'start',
        '--redirect-uri',
        `http://127.0.0.1:${port}/`,
        '--local-port',
        String(port),
      ]);
      const browserLog = await readOptional(current().browserLog);

      if (result.exitCode !== 0) throw new Error(explain(result, browserLog));
      expect(browserLog).toMatch(/^callback 200 /m);
      const stored = await readDotEnv(current().dir);
      expect(stored.authData_access_token).toMatch(/^snp_at_/);
      expect(stored.authData_refresh_token).toMatch(/^snp_rt_/);
      expect(stored.authData_scope?.split(' ')).toEqual([...SCOPES]);
    },
    COMMAND_TIMEOUT_MS + 5_000,
  );

  // The next two use the tokens the test above stored.
  it(
    'tests the stored connection: invoke auth test prints the /me account',
    async () => {
      const result = await zapierPlatform(current(), ['invoke', 'auth', 'test']);

      if (result.exitCode !== 0) throw new Error(explain(result));
      expect(JSON.parse(result.stdout)).toMatchObject({
        account: { id: 'acc_demo', name: 'Demo Law LLP' },
        user: { email: 'alex@demo-law.example' },
        scopes: [...SCOPES],
      });
    },
    COMMAND_TIMEOUT_MS + 5_000,
  );

  it(
    'labels the stored connection with account and email',
    async () => {
      const result = await zapierPlatform(current(), ['invoke', 'auth', 'label']);

      if (result.exitCode !== 0) throw new Error(explain(result));
      expect(result.stdout.trim()).toBe('Demo Law LLP (alex@demo-law.example)');
    },
    COMMAND_TIMEOUT_MS + 5_000,
  );

  it(
    'refreshes: the CLI appends the new tokens to .env (it does not replace them), and the last ones win',
    async () => {
      const lines = async (key: string) =>
        (await readFile(path.join(current().dir, '.env'), 'utf8'))
          .split('\n')
          .filter((line) => line.startsWith(`${key}=`));
      const [before] = await lines('authData_refresh_token');
      const result = await zapierPlatform(current(), ['invoke', 'auth', 'refresh']);

      if (result.exitCode !== 0) throw new Error(explain(result));
      const after = await lines('authData_refresh_token');
      expect(after).toHaveLength(2);
      expect(after[0]).toBe(before);
      expect(after[1]).not.toBe(before);
      // Past the rotation grace the first refresh token is dead: a second refresh succeeds only
      // if the CLI reads the appended (last) token.
      await controls().advanceClock(120);
      const again = await zapierPlatform(current(), ['invoke', 'auth', 'refresh']);
      if (again.exitCode !== 0) throw new Error(explain(again));
      expect(await lines('authData_refresh_token')).toHaveLength(3);
    },
    2 * COMMAND_TIMEOUT_MS + 5_000,
  );
  // After the refresh above: the last tokens in .env are the live ones.
  it(
    'the documented session: a trigger lists the demo locations, an action links one to Clio, a search finds it',
    async () => {
      const outputs: unknown[] = [];
      for (const args of SESSION) {
        const result = await zapierPlatform(current(), [...args]);
        if (result.exitCode !== 0) throw new Error(explain(result));
        outputs.push(resultOf(result.stdout));
      }
      const [listed, linked, found] = outputs;
      expect(listed).toEqual([
        expect.objectContaining({
          id: expect.stringMatching(/^loc_demo/),
          label: expect.any(String),
        }),
        expect.objectContaining({
          id: expect.stringMatching(/^loc_demo/),
          label: expect.any(String),
        }),
      ]);
      expect(linked).toMatchObject({
        location_id: 'loc_demoBoston',
        name: 'Boston Branch',
        external_refs: { clio: '1002' },
        clio_contact_id: '1002',
      });
      expect(found).toEqual([
        expect.objectContaining({ location_id: 'loc_demoBoston', clio_contact_id: '1002' }),
      ]);
    },
    SESSION.length * COMMAND_TIMEOUT_MS + 5_000,
  );
});

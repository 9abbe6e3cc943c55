/**
 * `npm start` as a newcomer runs it: the script as a child process, with nothing set up. It must
 * play the three flows, print every step and the totals, exit 0 and leave nothing running.
 * The script is bundled as `npm start` bundles it (scripts/bundle-entries.sh, esbuild, under a
 * second) into dist/scripts/, which the `zapier-platform invoke` suite (it reads dist/src) leaves be.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const RUN_TIMEOUT_MS = 60_000;

const script = path.join(ROOT, 'dist', 'scripts', 'start.js');
beforeAll(() => {
  const bundled = spawnSync('bash', ['scripts/bundle-entries.sh', 'scripts/start.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (bundled.status !== 0) throw new Error(`bundling scripts/start.ts failed: ${bundled.stderr}`);
});

function runStart(env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, [script], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', SANDBOX_PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
    },
  );
}

it(
  'plays every flow, prints each step and the totals, exits 0 by itself',
  async () => {
    const { code, stdout, stderr, ms } = await runStart();
    if (code !== 0) throw new Error(`exit ${code}\n${stdout}\n${stderr}`);
    // It exited by itself (close fired), within the timeout: no server kept it alive.
    expect(ms).toBeLessThan(RUN_TIMEOUT_MS);
    expect(stdout).toMatch(/^Connected through OAuth 2\.0 with PKCE as Demo Law LLP/m);
    const labels = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4'];
    labels.push('3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '4.1');
    for (const label of labels) {
      expect(stdout).toMatch(new RegExp(`^${label.replace('.', '\\.')}  \\S`, 'm'));
    }
    for (const step of [
      'Clio: Create Company Contact',
      'Snapshots: Link Location to Clio Contact',
      'Clio: Update Company Contact',
      'Snapshots: Create or Update Matter from Clio Matter',
      'Clio: Create Matter',
      'Snapshots: Link Matter to Clio Matter',
      'Clio: Create Communication',
      'Clio: Create Time Entry',
      'Clio: Create Matter Note',
      'Snapshots: Link Activity to Clio Record',
      'Snapshots: Create or Update Location from Clio Contact',
    ]) {
      expect(stdout).toContain(`    ${step}\n`);
    }
    // A trigger output field next to the Clio field it fills, and the requests made.
    expect(stdout).toMatch(/Street +← street +"75 Harbor Way\\nSuite 300" +addresses\[\]\.street/);
    expect(stdout).toContain('Clio: POST /api/v4/contacts.json → 201');
    expect(stdout).toMatch(/Snapshots: PATCH \/v1\/locations\/loc_\w+ → 200/);
    expect(stdout).toContain('new_or_updated_location: delivered, fired nothing');
    expect(stdout).toMatch(/^Totals per synced change$/m);
    expect(stdout).toMatch(
      /^Total: 24 Zapier tasks, 13 Clio API calls; Snapshots requests: 1 per action step \(13 steps\), 0 per trigger run \(23 runs\)\.$/m,
    );
    // The off-demo cases: the matter-less note stopped by recipe 3's rule, with its reason.
    expect(stdout).toMatch(
      /^3\.4 {2}A note with no matter[^\n]*\n(?:.*\n)*? {4}Paths: no rule holds, the Zap stops here \(no task\)\n {4}✓ clio_record none, clio_no_record_reason: "[^"]+"$/m,
    );
    expect(stdout).toMatch(/Body +← clio_body +"Call on 2026-12-01" +body/);
    expect(stdout).toMatch(/Date +← clio_date +"2026-12-02" +date/);
    expect(stdout).toMatch(/country +← primary_address\.country +"Canada" +action input/);
    expect(stdout).toContain('stores them as CA and +16045550100');
    expect(stdout).toMatch(
      /^All 16 steps of the flows went as their recipes say: each Clio step succeeded or was stopped by its recipe's rule\.$/m,
    );
    expect(stderr).toBe('');
  },
  RUN_TIMEOUT_MS + 10_000,
);

it(
  'exits 1 with the reason when it cannot even start (a bad SANDBOX_PORT)',
  async () => {
    // The sandbox refuses the port: there is nothing to connect to, and it says so.
    const { code, stdout, stderr } = await runStart({ SANDBOX_PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/succeeded/);
    expect(stderr).toMatch(
      /^FAILED setup: SANDBOX_PORT must be a port number, got "not-a-port"\.$/m,
    );
  },
  RUN_TIMEOUT_MS + 10_000,
);

/**
 * The suite guards (test/support/setup/suite-guards.ts) fail a test file that leaks a secret or
 * leaves loopback: a child jest runs test/support/setup/fixtures/leaks.fixture.ts, whose every
 * test breaks one rule.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

it('fails a file that logs a token, rejects with one, or connects outside loopback', () => {
  const folder = mkdtempSync(join(tmpdir(), 'suite-guards-test-'));
  const output = join(folder, 'report.json');
  spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--ci',
      '--json',
      '--outputFile',
      output,
      '--testMatch',
      '**/test/support/setup/fixtures/leaks.fixture.ts',
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SUITE_GUARDS_DIR: '' } },
  );
  const report = JSON.parse(readFileSync(output, 'utf8')) as {
    numFailedTestSuites: number;
    testResults: { message: string; assertionResults: { status: string }[] }[];
  };
  rmSync(folder, { recursive: true, force: true });
  expect(report.numFailedTestSuites).toBe(1);
  // The tests themselves pass: it is the guard that fails the file …
  expect(report.testResults[0]!.assertionResults.map((test) => test.status)).toEqual([
    'passed',
    'passed',
    'passed',
  ]);
  // … naming each leak and the host, never the secret.
  const message = report.testResults[0]!.message;
  expect(message).toContain(
    'the unit tests’ access token appeared in the output, in: console.log: token is <the secret>',
  );
  expect(message).toMatch(
    /a sandbox token, code or consent id \(snp_rt_\) appeared in the output, in: app tester rejected: Error: cannot use <the secret>/,
  );
  expect(message).toContain('outside loopback and the base URL: a connection to 192.0.2.1:80');
  expect(message).not.toMatch(/snp_(at|rt)_[A-Za-z0-9_-]{20,}/);
}, 60_000);

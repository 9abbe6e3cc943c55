/**
 * jest globalSetup / globalTeardown of the suite guards (./suite-guards): each test file writes its
 * totals into a folder; after the run, one line sums them up.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface FileTotals {
  file: string;
  lines: number;
  secrets: number;
  connections: number;
  apiRequests: number;
  mockedForeignRequests: number;
}

export function startSummary(): void {
  process.env.SUITE_GUARDS_DIR = mkdtempSync(join(tmpdir(), 'snapshots-suite-guards-'));
}

export function printSummary(): void {
  const directory = process.env.SUITE_GUARDS_DIR;
  if (!directory) return;
  const files = readdirSync(directory).map(
    (name) => JSON.parse(readFileSync(join(directory, name), 'utf8')) as FileTotals,
  );
  rmSync(directory, { recursive: true, force: true });
  const sum = (key: keyof Omit<FileTotals, 'file'>) =>
    files.reduce((total, file) => total + file[key], 0).toLocaleString('en');
  // eslint-disable-next-line no-console -- the count line of the run
  console.log(
    `\nSuite guards, ${files.length} test files: ${sum('lines')} log lines, console lines and ` +
      `error messages scanned for ${sum('secrets')} issued secrets (tokens, codes, verifiers, ` +
      `client and webhook secrets); ${sum('connections')} real connections, all loopback; ` +
      `${sum('apiRequests')} requests by the integration to the configured base URL or loopback, ` +
      `${sum('mockedForeignRequests')} to hosts a test mocked on purpose. ` +
      'Any leak or other host fails its test file.',
  );
}

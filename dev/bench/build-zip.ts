/** build/build.zip, what Zapier runs: the cold-start and size measurements read it. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project-root';

export const ZIP = join(ROOT, 'build/build.zip');

/** The newest modification time under `path` (a file or a folder), in ms. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Runs the zip build when build/build.zip is missing or older than what goes into it. */
export function ensureZip(): void {
  const inputs = [
    'src',
    'index.js',
    'package.json',
    'package-lock.json',
    '.zapierapprc',
    'scripts/zapier-build.sh',
    'scripts/bundle-app.ts',
  ];
  const newestInput = Math.max(...inputs.map((input) => newestChange(join(ROOT, input))));
  if (existsSync(ZIP) && statSync(ZIP).mtimeMs >= newestInput) return;
  console.error('build/build.zip is missing or stale: running npm run zapier:build …');
  execFileSync('bash', [join(ROOT, 'scripts/zapier-build.sh')], { cwd: ROOT, stdio: 'ignore' });
}

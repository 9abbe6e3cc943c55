import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project folder: the nearest folder above this file that holds package-lock.json (dist/ has a
 * copy of package.json). The benchmark runs bundled (dist/scripts/bench.js) or compiled
 * (dist/dev/bench/), at different depths.
 */
function projectRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package-lock.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package-lock.json above ${from}.`);
  }
}

export const ROOT = projectRoot(__dirname);

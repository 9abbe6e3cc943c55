/** The size of build/build.zip, what Zapier uploads and unpacks. */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { ZIP } from './build-zip';

export function benchBuildSize(): void {
  const size = statSync(ZIP).size;
  const files = execFileSync('unzip', ['-Z1', ZIP], { encoding: 'utf8' }).trim().split('\n');
  console.log('\n## Build size\n');
  console.log(
    `build/build.zip: ${size.toLocaleString('en')} bytes (${(size / 1024).toFixed(0)} KiB), ` +
      `${files.length} files`,
  );
}

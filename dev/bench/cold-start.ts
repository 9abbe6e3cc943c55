/**
 * Cold start of the BUILT app: build/build.zip unpacked and loaded through zapierwrapper.js as
 * Zapier loads it, over zapier-platform-core alone, each in a fresh Node process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZIP } from './build-zip';
import { ms, stats } from './stats';

const RUNS = 15;

const VARIANTS = [
  ['an empty Node process', ''],
  ['zapier-platform-core alone', "require('zapier-platform-core');"],
  ['the app alone: index.js (the bundle, which requires core)', "require('./index.js');"],
  [
    'the built app: zapierwrapper.js, its definition (loads index.js)',
    "await require('./zapierwrapper.js').handler({ command: 'definition' }, {});",
  ],
] as const;

/**
 * From process start until `code` has run, in a fresh Node process in `cwd`: the wall time and
 * the CPU time, both reported by the child itself (so teardown is not counted). On a shared
 * machine the CPU time is the steadier of the two.
 */
function startup(cwd: string, code: string): { wall: number; cpu: number } {
  const report =
    'const cpu = process.cpuUsage(); ' +
    'console.log(JSON.stringify({ wall: performance.now(), cpu: (cpu.user + cpu.system) / 1000 }))';
  const child = spawnSync(
    process.execPath,
    ['-e', `(async () => { ${code} })().then(() => { ${report} })`],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  if (child.status !== 0) throw new Error(`cold start of "${code}" failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { wall: number; cpu: number };
}

/** The median wall and CPU time of each variant, run round-robin in `cwd`. */
function medianStartups(cwd: string): { wall: number; cpu: number }[] {
  // Round-robin, so load on the machine affects each variant alike.
  const samples = VARIANTS.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < RUNS; i++) {
    VARIANTS.forEach(([, code], index) => {
      const { wall, cpu } = startup(cwd, code);
      samples[index]!.wall.push(wall);
      samples[index]!.cpu.push(cpu);
    });
  }
  return samples.map(({ wall, cpu }) => ({ wall: stats(wall).p50, cpu: stats(cpu).p50 }));
}

export function benchColdStart(): void {
  const unpacked = mkdtempSync(join(tmpdir(), 'snapshots-bench-zip-'));
  try {
    execFileSync('unzip', ['-q', ZIP, '-d', unpacked]);
    const medians = medianStartups(unpacked);
    const core = medians[1]!;
    const built = medians[3]!;
    console.log(
      `\n## Cold start of build/build.zip, unpacked (fresh Node process each, median of ${RUNS})\n`,
    );
    console.log('| loaded | wall | CPU | wall over core | CPU over core |');
    console.log('|---|---:|---:|---:|---:|');
    VARIANTS.forEach(([what], index) => {
      const { wall, cpu } = medians[index]!;
      const over = index <= 1 ? ' | ' : `${ms(wall - core.wall)} | ${ms(cpu - core.cpu)}`;
      console.log(`| ${what} | ${ms(wall)} | ${ms(cpu)} | ${over} |`);
    });
    console.log(
      `\nThe built app is ready ${ms(built.cpu - core.cpu)} of CPU (${ms(built.wall - core.wall)} ` +
        'of wall time) after zapier-platform-core alone.',
    );
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

/** `npm run bench -- --write-docs` puts the printed report between docs/benchmark.md's markers. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  recordConsoleLog,
  REPORT_END,
  REPORT_START,
  withReport,
} from '../../../scripts/bench-report';

const page = [
  '# Benchmark',
  '',
  'How to read it.',
  '',
  REPORT_START,
  '',
  'Run `npm run bench -- --write-docs`.',
  '',
  REPORT_END,
  '',
  '## Reading the figures',
  '',
].join('\n');

it('replaces the block between the markers with the report, headings one level down', () => {
  const report =
    '# Snapshots for Zapier benchmark\n\nrun of today\n\n## Build size\n\n| a |\n| - |\n';
  expect(withReport(page, report)).toBe(
    [
      '# Benchmark',
      '',
      'How to read it.',
      '',
      REPORT_START,
      '',
      '## Snapshots for Zapier benchmark',
      '',
      'run of today',
      '',
      '### Build size',
      '',
      '| a |',
      '| - |',
      '',
      REPORT_END,
      '',
      '## Reading the figures',
      '',
    ].join('\n'),
  );
});

it('writes again over its own output, changing only the block', () => {
  const once = withReport(page, '## First\n\n1');
  expect(withReport(once, '## Second\n\n2')).toBe(withReport(page, '## Second\n\n2'));
});

it('refuses a page without the block, naming the markers', () => {
  expect(() => withReport('# Benchmark\n', 'x')).toThrow(`no ${REPORT_START} … ${REPORT_END}`);
});

it('records what the sections print while still printing it, until stopped', () => {
  const printed: unknown[][] = [];
  const print = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args);
  });
  try {
    const recording = recordConsoleLog();
    // eslint-disable-next-line no-console -- a section printing its row
    console.log('| %s | %d |', 'row', 3);
    recording.stop();
    // eslint-disable-next-line no-console -- a line after the recording stopped
    console.log('after');
    expect(recording.lines).toEqual(['| row | 3 |']);
    expect(printed).toEqual([['| %s | %d |', 'row', 3], ['after']]);
  } finally {
    print.mockRestore();
  }
});

it('docs/benchmark.md has the block the command writes into', () => {
  const docs = readFileSync(path.resolve(__dirname, '../../../docs/benchmark.md'), 'utf8');
  expect(() => withReport(docs, 'x')).not.toThrow();
});

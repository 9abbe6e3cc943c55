/**
 * What a newcomer reads first is true: the README explains the EBADENGINE warnings and how to opt
 * out of the Zapier CLI's analytics (with a mode the CLI really has), and docs/sandbox.md says that
 * tokens live in memory, with the same local hint a restarted sandbox gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_RECONNECT_HINT } from '../../src/http/errors';

const root = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8').replace(/\s+/g, ' ');

it('the README says the EBADENGINE warnings of npm ci on Node 20 are expected, and why', () => {
  expect(read('README.md')).toMatch(/EBADENGINE[^.]*expected.*Node 22[^.]*devDependency/);
});

it('the README gives an analytics opt-out the CLI accepts', () => {
  const readme = read('README.md');
  const mode = /npx zapier-platform analytics --mode (\w+)/.exec(readme)?.[1];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CLI's own list of modes
  const { ANALYTICS_MODES } = require('zapier-platform-cli/src/constants') as {
    ANALYTICS_MODES: Record<string, string>;
  };
  expect(Object.values(ANALYTICS_MODES)).toContain(mode);
  expect(mode).toBe('disabled');
  expect(readme).toContain('DISABLE_ZAPIER_ANALYTICS=1');
});

it('docs/sandbox.md says tokens live in memory and gives the local hint a restarted sandbox gives', () => {
  const sandboxDoc = read('docs/sandbox.md');
  expect(sandboxDoc).toMatch(
    /in memory only, so \*\*a restarted sandbox forgets every connection\*\*/,
  );
  expect(sandboxDoc).toContain('delete the `authData_` lines in `.env`');
  expect(LOCAL_RECONNECT_HINT).toContain('delete the authData_ lines in .env');
  expect(sandboxDoc).toContain('npx zapier-platform invoke auth start');
});

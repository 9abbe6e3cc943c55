/**
 * The Zapier CLI reports usage to Zapier unless DISABLE_ZAPIER_ANALYTICS is set: every npm script
 * and shell script of ours that runs it sets the variable, so no command sends anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const packageScripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const shellScripts = readdirSync(join(root, 'scripts')).filter((name) => name.endsWith('.sh'));

const runsCli = (command: string) => /\bzapier-platform\b(?![-\w])/.test(command);

it('finds the CLI in the scripts it checks (the check is not vacuous)', () => {
  expect(Object.values(packageScripts).filter(runsCli).length).toBeGreaterThanOrEqual(3);
  expect(
    shellScripts.some((name) => runsCli(readFileSync(join(root, 'scripts', name), 'utf8'))),
  ).toBe(true);
});

it.each(Object.entries(packageScripts).filter(([, command]) => runsCli(command)))(
  'npm run %s disables the CLI’s analytics',
  (_name, command) => {
    expect(command).toMatch(/^DISABLE_ZAPIER_ANALYTICS=1 /);
  },
);

it.each(shellScripts.filter((name) => runsCli(readFileSync(join(root, 'scripts', name), 'utf8'))))(
  'scripts/%s disables the CLI’s analytics before running it',
  (name) => {
    const text = readFileSync(join(root, 'scripts', name), 'utf8');
    const disabled = text.indexOf('export DISABLE_ZAPIER_ANALYTICS=1');
    expect(disabled).toBeGreaterThan(-1);
    expect(disabled).toBeLessThan(text.search(/zapier-platform"? /));
  },
);

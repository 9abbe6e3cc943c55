/**
 * `npm run deploy` (scripts/deploy.sh) for real, offline: in a throwaway git project holding this
 * project's package.json, CHANGELOG.md, .gitignore and deploy scripts, with the real Zapier CLI 19
 * pointed at a loopback stand-in for Zapier's platform API (`ZAPIER_BASE_ENDPOINT`).
 *
 * Choice: the deploy uploads a prebuilt fixture (`DEPLOY_PREBUILT`), not a full build. The full
 * build installs production packages (the npm registry, minutes) and already runs in `npm test`
 * with the same zip check (`npm run zapier:build`); here the fixture is a small zip whose
 * zapierwrapper.js answers the check like the app would, so the check, the refusals and the
 * upload are what is tested, in seconds.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import packageJson from '../../package.json';
import { storedZip } from '../support/zip';

const ROOT = path.resolve(__dirname, '../..');
const APP_ID = 4242;
const DEPLOY_KEY = 'deploy-key-for-the-deploy-test';
/** npm, oclif and the CLI start in about 2 s here; a loaded machine takes far longer. */
const DEPLOY_TIMEOUT_MS = 60_000;

/** A stand-in for the packaged app: what scripts/check-build-zip.ts asks of zapierwrapper.js. */
const FIXTURE_WRAPPER = `'use strict';
const definition = require('./definition.json');
exports.handler = async (event) => {
  if (event.command === 'definition') return { results: definition };
  if (event.command === 'validate') return { results: [] };
  const response = await fetch(process.env.SNAPSHOTS_API_BASE_URL + '/v1/me', {
    headers: { authorization: 'Bearer ' + event.bundle.authData.access_token },
  });
  const me = await response.json();
  return { results: { account_name: me.account && me.account.name } };
};
`;

function fixtureZip({ authentication = true, version = packageJson.version } = {}): Buffer {
  const definition = {
    version,
    platformVersion: packageJson.dependencies['zapier-platform-core'],
    ...(authentication ? { authentication: { type: 'oauth2' } } : {}),
    triggers: {},
    creates: {},
    searches: {},
  };
  return storedZip({
    'definition.json': JSON.stringify(definition),
    'zapierwrapper.js': FIXTURE_WRAPPER,
  });
}

interface Recorded {
  method: string;
  url: string;
  deployKey: string | undefined;
  body: Record<string, unknown>;
}

/**
 * Zapier's platform API as the CLI uses it for the documented order: the app lookup, the upload
 * (after which the version exists), `env:set` and `promote`.
 */
async function startZapierStandIn(): Promise<{
  server: Server;
  url: string;
  requests: Recorded[];
}> {
  const requests: Recorded[] = [];
  const app = {
    id: APP_ID,
    key: `App${APP_ID}`,
    title: 'Snapshots',
    description: packageJson.description,
    app_category: 'legal',
    intention: 'public',
    role: 'employee',
    status: 'private',
    all_versions: [] as string[],
  };
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const deployKey = request.headers['x-deploy-key'];
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        deployKey: typeof deployKey === 'string' ? deployKey : undefined,
        body,
      });
      const answer = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (deployKey !== DEPLOY_KEY) return answer(401, { errors: ['Invalid deploy key.'] });
      const base = `/api/platform/cli/apps/${APP_ID}`;
      if (request.method === 'GET' && request.url === base) return answer(200, app);
      if (request.method === 'PUT' && request.url === `${base}/versions/${packageJson.version}`) {
        app.all_versions.push(packageJson.version);
        return answer(200, { version: packageJson.version });
      }
      const ok =
        request.url === `${base}/versions/${packageJson.version}/multi-environment` ||
        request.url === `${base}/pre-migration-require-confirmation-checks` ||
        request.url === `${base}/migrations`;
      if (request.method === 'POST' && ok) return answer(200, {});
      return answer(404, { errors: ['Not found.'] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

interface Result {
  exitCode: number | null;
  output: string;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), DEPLOY_TIMEOUT_MS - 5_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output });
    });
  });
}

const git = (cwd: string, ...args: string[]) => run('git', args, cwd, process.env);

/** A committed project linked to the stand-in's integration, with a fixture ready to upload. */
async function createProject(
  zip: Buffer,
): Promise<{ dir: string; prebuilt: string; home: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deploy-'));
  await mkdir(path.join(dir, 'scripts'));
  for (const file of [
    'package.json',
    'CHANGELOG.md',
    '.gitignore',
    'scripts/deploy.sh',
    'scripts/bundle-entries.sh',
    'scripts/check-build-zip.ts',
  ]) {
    await copyFile(path.join(ROOT, file), path.join(dir, file));
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const appConfig = JSON.parse(await readFile(path.join(ROOT, '.zapierapprc'), 'utf8')) as object;
  await writeFile(
    path.join(dir, '.zapierapprc'),
    JSON.stringify({ ...appConfig, id: APP_ID, key: `App${APP_ID}` }),
  );
  // Outside the project, as a CI artifact would be.
  const prebuilt = `${dir}-prebuilt`;
  await mkdir(prebuilt);
  // HOME outside the project: npm and the CLI write there, and the project must stay committed.
  const home = `${dir}-home`;
  await mkdir(home);
  await writeFile(path.join(prebuilt, 'build.zip'), zip);
  await writeFile(path.join(prebuilt, 'source.zip'), storedZip({ 'README.md': 'source' }));
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(
    dir,
    '-c',
    'user.name=Deploy Test',
    '-c',
    'user.email=deploy@test.invalid',
    'commit',
    '-qm',
    'release',
  );
  return { dir, prebuilt, home };
}

describe('npm run deploy', () => {
  let zapier: Awaited<ReturnType<typeof startZapierStandIn>>;
  const folders: string[] = [];

  beforeEach(async () => {
    zapier = await startZapierStandIn();
  });
  afterEach(async () => {
    await new Promise((resolve) => zapier.server.close(resolve));
  });
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  /** A committed project linked to the stand-in's integration, and the environment to deploy it. */
  async function prepareProject(zip: Buffer, prepare?: (dir: string) => Promise<void>) {
    const project = await createProject(zip);
    folders.push(project.dir, project.prebuilt, project.home);
    await prepare?.(project.dir);
    // Jest's NODE_ENV=test would make the CLI skip analytics by itself; the script must see to it.
    const env = { ...process.env };
    delete env.NODE_ENV;
    delete env.DISABLE_ZAPIER_ANALYTICS;
    return {
      dir: project.dir,
      env: {
        ...env,
        // The CLI's `#!/usr/bin/env node` must find this Node (22), as under npm.
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        // No ~/.zapierrc and no update-notifier state of the person running the tests.
        HOME: project.home,
        ZAPIER_BASE_ENDPOINT: zapier.url,
        ZAPIER_DEPLOY_KEY: DEPLOY_KEY,
        DEPLOY_PREBUILT: project.prebuilt,
        // Neither the CLI nor npm itself may look for updates: nothing leaves loopback.
        NO_UPDATE_NOTIFIER: '1',
        npm_config_update_notifier: 'false',
      },
    };
  }

  async function deploy(zip: Buffer, prepare?: (dir: string) => Promise<void>): Promise<Result> {
    const { dir, env } = await prepareProject(zip, prepare);
    return run('npm', ['run', '--silent', 'deploy'], dir, env);
  }

  it(
    'checks the zip, uploads exactly it with the deploy key, and prints the next steps',
    async () => {
      const zip = fixtureZip();
      const result = await deploy(zip);

      expect(result.output).toContain('build.zip runs: version');
      expect(result.exitCode).toBe(0);
      const uploads = zapier.requests.filter((request) => request.method === 'PUT');
      expect(uploads).toEqual([
        expect.objectContaining({
          url: `/api/platform/cli/apps/${APP_ID}/versions/${packageJson.version}`,
          deployKey: DEPLOY_KEY,
        }),
      ]);
      expect(Buffer.from(String(uploads[0]?.body.zip_file), 'base64').equals(zip)).toBe(true);
      // The script sets DISABLE_ZAPIER_ANALYTICS itself (left out of its environment here).
      expect(zapier.requests.map((request) => request.url)).not.toContain(
        '/api/platform/cli/analytics',
      );
      expect(result.output).toContain(`zapier-platform env:set ${packageJson.version}`);
      expect(result.output).toContain(`zapier-platform promote ${packageJson.version}`);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'refuses with uncommitted changes, naming them',
    async () => {
      const result = await deploy(fixtureZip(), (dir) =>
        writeFile(path.join(dir, 'CHANGELOG.md'), '## 9.9.9\n\nNot committed.\n'),
      );
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain('M CHANGELOG.md');
      expect(result.output).toContain('deploy: uncommitted changes');
      expect(result.output).toContain('nothing was uploaded');
      expect(zapier.requests).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'refuses a zip that fails its check, and uploads nothing',
    async () => {
      const result = await deploy(fixtureZip({ authentication: false }));
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain('does not define the OAuth 2.0 authentication');
      expect(result.output).toContain('deploy: build/build.zip failed its check');
      expect(zapier.requests).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'refuses a zip of another version than package.json',
    async () => {
      const result = await deploy(fixtureZip({ version: '0.0.1' }));
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain(
        `build/build.zip is version 0.0.1, but package.json says ${packageJson.version}`,
      );
      expect(zapier.requests).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'refuses a version CHANGELOG.md has no entry for, as promote would',
    async () => {
      const result = await deploy(fixtureZip(), async (dir) => {
        await writeFile(path.join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 0.9.0\n\nOlder.\n');
        await git(
          dir,
          '-c',
          'user.name=T',
          '-c',
          'user.email=t@test.invalid',
          'commit',
          '-qam',
          'x',
        );
      });
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain(
        `CHANGELOG.md has no entry for version ${packageJson.version}`,
      );
      expect(zapier.requests).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'refuses an unlinked project, saying to register or link',
    async () => {
      const result = await deploy(fixtureZip(), async (dir) => {
        const unlinked = JSON.parse(await readFile(path.join(dir, '.zapierapprc'), 'utf8'));
        delete unlinked.id;
        delete unlinked.key;
        await writeFile(path.join(dir, '.zapierapprc'), JSON.stringify(unlinked));
        await git(
          dir,
          '-c',
          'user.name=T',
          '-c',
          'user.email=t@test.invalid',
          'commit',
          '-qam',
          'x',
        );
      });
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/zapier-platform register.*zapier-platform link/);
      expect(zapier.requests).toEqual([]);
    },
    DEPLOY_TIMEOUT_MS,
  );

  it(
    'the documented order holds: env:set only once the version is uploaded, then promote reads CHANGELOG.md',
    async () => {
      const { dir, env } = await prepareProject(fixtureZip());
      const zapierPlatform = (...args: string[]) =>
        run(path.join(dir, 'node_modules/.bin/zapier-platform'), args, dir, {
          ...env,
          DISABLE_ZAPIER_ANALYTICS: '1',
        });
      const version = packageJson.version;

      const early = await zapierPlatform('env:set', version, 'CLIENT_ID=client');
      expect(early.output).toContain(`Version ${version} doesn't exist`);
      expect(early.exitCode).not.toBe(0);

      expect((await run('npm', ['run', '--silent', 'deploy'], dir, env)).exitCode).toBe(0);
      const set = await zapierPlatform('env:set', version, 'CLIENT_ID=client');
      expect(set.exitCode).toBe(0);
      expect(zapier.requests).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          url: `/api/platform/cli/apps/${APP_ID}/versions/${version}/multi-environment`,
          body: { CLIENT_ID: 'client' },
        }),
      );

      const promote = await zapierPlatform('promote', version, '--yes');
      expect(promote.exitCode).toBe(0);
      const migration = zapier.requests.find((request) => request.url.endsWith('/migrations'));
      const job = migration?.body.job as { name: string; to_version: string; changelog: string };
      expect(job).toMatchObject({ name: 'promote', to_version: version });
      expect(job.changelog).toMatch(/^Initial release/);
    },
    DEPLOY_TIMEOUT_MS * 2,
  );
});

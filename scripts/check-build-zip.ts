// Runs build/build.zip the way Zapier does: through zapierwrapper.js and the root index.js, in a
// folder holding nothing but the zip's contents. The CLI's own smoke test only loads the files;
// this asks the packaged app for its definition, has core validate it, and runs the connection
// test over loopback HTTP (the zip's own HTTP stack: core, node-fetch, the bundled client).
// Usage (from the unzipped folder): node dist/scripts/check-build-zip.js
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface Definition {
  version?: string;
  authentication?: { type?: string };
  [kind: string]: unknown;
}
type Handler = (event: Record<string, unknown>, context: object) => Promise<{ results: unknown }>;

const ME = {
  account: { id: 'acc_zip', name: 'Zip Check LLP' },
  user: { id: 'usr_zip', name: 'Zip Check', email: 'zip@check.example' },
  scopes: ['saas/location.read'],
};

/** The packaged connection test against a loopback stand-in for GET /v1/me: its account name. */
async function connectionTest(handler: Handler): Promise<unknown> {
  const server = createServer((request, response) => {
    const ok = request.url === '/v1/me' && request.headers.authorization === 'Bearer zip-check';
    response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? ME : { title: 'Not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SNAPSHOTS_API_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { results } = await handler(
      {
        command: 'execute',
        method: 'authentication.test',
        bundle: { authData: { access_token: 'zip-check' } },
      },
      {},
    );
    return (results as { account_name?: unknown } | undefined)?.account_name;
  } finally {
    server.close();
  }
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  const { handler } = require(join(process.cwd(), 'zapierwrapper.js')) as { handler: Handler };
  const definition = (await handler({ command: 'definition' }, {})).results as Definition;
  if (definition?.authentication?.type !== 'oauth2') {
    throw new Error(
      'build.zip does not define the OAuth 2.0 authentication: the app code is missing.',
    );
  }
  const problems = (await handler({ command: 'validate' }, {})).results as unknown[];
  if (problems.length > 0)
    throw new Error(`build.zip fails validation:\n${JSON.stringify(problems, null, 2)}`);
  const accountName = await connectionTest(handler);
  if (accountName !== ME.account.name)
    throw new Error(`build.zip's connection test answered ${JSON.stringify(accountName)}.`);
  const count = (kind: string) =>
    Object.keys((definition[kind] as object | undefined) ?? {}).length;
  console.log(
    `build.zip runs: version ${definition.version ?? '?'}, ${count('triggers')} triggers, ` +
      `${count('creates')} creates, ${count('searches')} searches; valid; its connection test ` +
      'ran over loopback HTTP.',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

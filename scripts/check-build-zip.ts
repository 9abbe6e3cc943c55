// Runs build/build.zip the way Zapier does: through zapierwrapper.js and the root index.js, in a
// folder holding nothing but the zip's contents. The CLI's own smoke test only loads the files;
// this asks the packaged app for its definition and has core validate it.
// Usage (from the unzipped folder): node dist/scripts/check-build-zip.js
import { join } from 'node:path';

interface Definition {
  version?: string;
  authentication?: { type?: string };
  [kind: string]: unknown;
}
type Handler = (event: { command: string }, context: object) => Promise<{ results: unknown }>;

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
  const count = (kind: string) =>
    Object.keys((definition[kind] as object | undefined) ?? {}).length;
  console.log(
    `build.zip runs: version ${definition.version ?? '?'}, ${count('triggers')} triggers, ` +
      `${count('creates')} creates, ${count('searches')} searches; valid.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

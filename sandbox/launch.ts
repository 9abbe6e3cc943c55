/**
 * Starting the sandbox from the command line (`npm run sandbox`, `npm start`): options from the
 * environment, the announcement lines, and a clean stop on Ctrl-C.
 * SANDBOX_PORT (default 4010, 0 = a free port), SANDBOX_SEED (demo | empty, default demo),
 * SANDBOX_LOG=1 logs every request.
 */
import { type Sandbox, type SandboxOptions, startSandbox } from './index';

function seedFromEnv(value: string | undefined): 'demo' | 'empty' {
  if (value === undefined || value === '' || value === 'demo') return 'demo';
  if (value === 'empty') return 'empty';
  throw new Error(`SANDBOX_SEED must be "demo" or "empty", got "${value}".`);
}

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 4010;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number, got "${value}".`);
  }
  return port;
}

export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxOptions {
  return {
    port: portFromEnv(env.SANDBOX_PORT),
    seed: seedFromEnv(env.SANDBOX_SEED),
    log: env.SANDBOX_LOG === '1',
  };
}

/**
 * What `npm run sandbox` prints: the three agreed lines first (origin and Zapier's client, read by
 * scripts and tests), then the CLI client, then which pair is for what, with the `.env` lines for
 * `zapier-platform invoke` (Zapier's pair fails there with `code_challenge: Invalid input`).
 */
export function announcement(sandbox: Sandbox): string[] {
  return [
    `origin: ${sandbox.url}`,
    `client_id: ${sandbox.clientId}`,
    `client_secret: ${sandbox.clientSecret}`,
    `cli_client_id: ${sandbox.cliClientId}`,
    `cli_client_secret: ${sandbox.cliClientSecret}`,
    '',
    "client_id / client_secret: Zapier's client (PKCE required), for the integration as Zapier runs it",
    '  and for the tests. Not for `zapier-platform invoke`: there it fails with',
    '  "code_challenge: Invalid input" (the CLI cannot do PKCE).',
    'cli_client_id / cli_client_secret: for `zapier-platform invoke`. Put these lines in .env:',
    `  SNAPSHOTS_API_BASE_URL=${sandbox.url}`,
    `  CLIENT_ID=${sandbox.cliClientId}`,
    `  CLIENT_SECRET=${sandbox.cliClientSecret}`,
  ];
}

/** Starts the sandbox from the environment; a busy port becomes a message that names the fix. */
export async function startSandboxFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<SandboxOptions> = {},
): Promise<Sandbox> {
  const options = { ...sandboxOptionsFromEnv(env), ...overrides };
  try {
    return await startSandbox(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `Port ${options.port} is already in use (another sandbox or program is listening there). ` +
        'Stop it, or set SANDBOX_PORT to another port (0 picks a free one), e.g. `SANDBOX_PORT=4011 npm run sandbox`.',
    );
  }
}

/** Starts the sandbox and prints its announcement. Ctrl-C closes it. */
export async function launchSandbox(): Promise<Sandbox> {
  const sandbox = await startSandboxFromEnv();
  for (const line of announcement(sandbox)) console.log(line);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sandbox;
}

/** For entry points: print the message, not a stack trace, and exit non-zero. */
export function exitOnError(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

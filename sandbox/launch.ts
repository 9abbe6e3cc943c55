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
 * Starts the sandbox and prints the three agreed lines (origin and the Zapier client) first, then
 * the client for `zapier-platform invoke auth start`. Ctrl-C closes it.
 */
export async function launchSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox(sandboxOptionsFromEnv());
  console.log(`origin: ${sandbox.url}`);
  console.log(`client_id: ${sandbox.clientId}`);
  console.log(`client_secret: ${sandbox.clientSecret}`);
  console.log(`cli_client_id: ${sandbox.cliClientId}`);
  console.log(`cli_client_secret: ${sandbox.cliClientSecret}`);
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

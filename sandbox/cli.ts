/**
 * `npm run sandbox`: starts the sandbox and prints its origin and OAuth client, one per line.
 * SANDBOX_PORT (default 4010, 0 = a free port), SANDBOX_SEED (demo | empty, default demo),
 * SANDBOX_LOG=1 logs every request.
 */
import { startSandbox } from './index';

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

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    port: portFromEnv(process.env.SANDBOX_PORT),
    seed: seedFromEnv(process.env.SANDBOX_SEED),
    log: process.env.SANDBOX_LOG === '1',
  });
  console.log(`origin: ${sandbox.url}`);
  console.log(`client_id: ${sandbox.clientId}`);
  console.log(`client_secret: ${sandbox.clientSecret}`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

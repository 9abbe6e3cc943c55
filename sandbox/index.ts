/**
 * The Snapshots API sandbox: the reference server of the contract, in memory.
 *
 *     const sandbox = await startSandbox({ seed: 'demo' });
 *     // ... talk to sandbox.url ...
 *     await sandbox.close();
 */
import type { Registry } from '../src/api/objects';
import { OAuthClients } from './oauth/clients';
import type { SeedName } from './seed';
import { buildServer } from './http/server';
import { SandboxState } from './state';

export const DEFAULT_CLIENT_ID = 'snapshots-zapier-sandbox';
export const DEFAULT_CLIENT_SECRET = 'sandbox-secret-do-not-use-in-production';
/** The client for `zapier-platform invoke auth start` (optional PKCE, loopback redirects only). */
export const DEFAULT_CLI_CLIENT_ID = 'snapshots-zapier-cli';
export const DEFAULT_CLI_CLIENT_SECRET = 'sandbox-cli-secret-do-not-use-in-production';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'empty'. */
  seed?: SeedName;
  clientId?: string;
  clientSecret?: string;
  cliClientId?: string;
  cliClientSecret?: string;
  /** Request logging (pino, to stdout). Default off. */
  log?: boolean;
  /** Called with each answered request, e.g. to show which requests a step made (`npm start`). */
  onResponse?: (request: SandboxRequest) => void;
  /** The objects served: the API's registry (src/api/objects.ts) unless a test adds one. */
  objects?: Registry;
}

export interface SandboxRequest {
  method: string;
  /** Path and query. */
  url: string;
  status: number;
  /** The `Authorization` header, to tell one caller's requests from another's (never printed). */
  authorization: string | undefined;
}

export interface Sandbox {
  /** The origin, e.g. `http://127.0.0.1:4010`, without a trailing slash. */
  url: string;
  /** The client Zapier uses: PKCE S256 required. */
  clientId: string;
  clientSecret: string;
  /** The client for `zapier-platform invoke auth start`: PKCE optional, loopback redirects only. */
  cliClientId: string;
  cliClientSecret: string;
  /** Stops the server, every webhook timer and in-flight delivery. */
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clients = new OAuthClients(
    {
      id: options.clientId ?? DEFAULT_CLIENT_ID,
      secret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    },
    {
      id: options.cliClientId ?? DEFAULT_CLI_CLIENT_ID,
      secret: options.cliClientSecret ?? DEFAULT_CLI_CLIENT_SECRET,
    },
  );
  const state = new SandboxState(options.seed ?? 'empty', options.objects);
  const app = buildServer({ state, clients, log: options.log ?? false });
  const { onResponse } = options;
  if (onResponse) {
    app.addHook('onResponse', (request, reply, done) => {
      onResponse({
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        authorization: request.headers.authorization,
      });
      done();
    });
  }
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await app.close(); // the state's timers go with it, so a failed start leaves nothing running
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}`,
    clientId: clients.zapier.id,
    clientSecret: clients.zapier.secret,
    cliClientId: clients.cli.id,
    cliClientSecret: clients.cli.secret,
    close: () => app.close(),
  };
}

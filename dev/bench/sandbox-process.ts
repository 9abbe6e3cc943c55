/**
 * The benchmark's sandbox: `dist/sandbox/cli.js` in a child process, so the client and the
 * server do not share an event loop; and what the measurements ask of it over loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type SandboxControls, sandboxControls } from '../../sandbox/controls/client';
import { ROOT } from './project-root';

/** Core wraps the global fetch with its logger on every app tester run: keep the bare one. */
export const bareFetch = globalThis.fetch;

export interface Sandbox {
  origin: string;
  clientId: string;
  clientSecret: string;
  process: ChildProcess;
  controls: SandboxControls;
}

/** Starts `dist/sandbox/cli.js` on a free port and reads its three announcement lines. */
export async function startSandboxProcess(): Promise<Sandbox> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/sandbox/cli.js')], {
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_SEED: 'empty' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const announced: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const [key, ...rest] = line.split(': ');
    if (key) announced[key] = rest.join(': ');
    if (announced.origin && announced.client_id && announced.client_secret) break;
  }
  return {
    origin: announced.origin!,
    clientId: announced.client_id!,
    clientSecret: announced.client_secret!,
    process: child,
    controls: sandboxControls(announced.origin!, { fetch: bareFetch }),
  };
}

/** The rate limit lifted out of the way, and a new all-scope access token. */
export async function freshToken(sandbox: Sandbox): Promise<string> {
  await sandbox.controls.setRateLimit({ limit: 10_000_000, window_seconds: 3600 });
  return (await sandbox.controls.mintToken()).access_token;
}

export async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  const response = await bareFetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Requests one run sent with `token`: the server's own count, from RateLimit-Remaining. */
export async function requestsSent(sandbox: Sandbox, token: string, run: () => Promise<unknown>) {
  const remaining = async () =>
    Number(
      (
        await bareFetch(`${sandbox.origin}/v1/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).headers.get('ratelimit-remaining'),
    );
  const before = await remaining();
  await run();
  return before - (await remaining()) - 1; // the second probe counts itself
}

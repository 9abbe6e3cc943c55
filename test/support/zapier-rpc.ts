/**
 * A loopback stand-in for Zapier's RPC service, so that a test runs core's real `z.cache` and
 * `z.cursor` (not the app tester's mock, which answers synchronously and ignores ttl, scope and
 * `nx`) over a real round trip.
 *
 * What it implements is what zapier-platform-core 19 calls (src/tools/create-rpc-client.js,
 * create-cache.js, create-storekey-tool.js): a `POST` to `event.rpc_base` with the header
 * `X-Token: event.token` and the body `{ id, storeKey, method, params }`, answered with JSON
 * `{ id, result }` or `{ id, error }` (a 5xx is retried by core, three times in all):
 *
 * - `zcache_get(key, scope)`: the stored JSON string, or null when absent or expired;
 * - `zcache_set(key, json, ttl, scope, nx)`: stores it and answers true; with `nx`, an existing
 *   (unexpired) key is left alone and the answer is false, as Redis's `SET NX` does; `ttl` is in
 *   seconds (none: it never expires);
 * - `zcache_delete(key, scope)`: true when something was deleted;
 * - `get_cursor()` / `set_cursor(cursor)`: one cursor per `storeKey` (null when none).
 *
 * `scope` keys a value by the caller: `['auth']` by the connection, `['user']` by the user, both
 * by both, none shared by every caller of the app. Each token stands for one user and one
 * connection (`tokenFor`). A token it did not issue is refused (401).
 *
 * With a token, core also streams its log to `LOGGING_ENDPOINT` (create-logger.js) instead of
 * Zapier's; `runInZapier` points it here, where the lines are kept (`logLines`).
 *
 * `runInZapier` runs one operation the way Zapier's worker does: core's app handler
 * (`createAppHandler`) with `rpc_base` and `token` in the event, never the app tester.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as core from 'zapier-platform-core';

export interface Caller {
  user: string;
  auth: string;
}

export interface RpcStandInOptions {
  /** Milliseconds each call waits before it is answered (the round trip); 0 by default. */
  delayMs?: (method: string) => number;
  /** The stand-in's clock, for ttl (a test moves it); the wall clock by default. */
  nowMs?: () => number;
}

export interface RpcCall {
  method: string;
  params: unknown[];
  storeKey: string | null;
}

export interface RpcStandIn {
  /** `rpc_base`. */
  url: string;
  /** The token of the default caller (`user_1`, `auth_1`). */
  token: string;
  /** A token for another caller (another user, another connection). */
  tokenFor(caller: Caller): string;
  /** Every call answered, in order of arrival. */
  calls: RpcCall[];
  /** The lines core logged through the log stream. */
  logLines: string[];
  /** The raw stored JSON of a key as `caller` (default the default caller) reads it in `scope`. */
  peek(key: string, scope?: string[] | null, caller?: Caller): string | null;
  /** The cursor stored for a storeKey. */
  cursorOf(storeKey: string): string | null;
  close(): Promise<void>;
}

interface Stored {
  value: string;
  /** Wall-clock ms after which it is gone; Infinity without a ttl. */
  expiresAt: number;
}

const DEFAULT_CALLER: Caller = { user: 'user_1', auth: 'auth_1' };

/** The key as stored: who may read it (by the scope) and the app's key. */
function scopedKey(key: string, scope: unknown, caller: Caller): string {
  const parts = Array.isArray(scope) ? scope : [];
  const user = parts.includes('user') ? caller.user : '*';
  const auth = parts.includes('auth') ? caller.auth : '*';
  return JSON.stringify([user, auth, key]);
}

export async function startZapierRpc(options: RpcStandInOptions = {}): Promise<RpcStandIn> {
  const nowMs = options.nowMs ?? (() => Date.now());
  const store = new Map<string, Stored>();
  const cursors = new Map<string, string>();
  const callers = new Map<string, Caller>();
  const calls: RpcCall[] = [];
  const logLines: string[] = [];

  const tokenFor = (caller: Caller): string => {
    const token = `rpc_${randomUUID()}`;
    callers.set(token, caller);
    return token;
  };
  const token = tokenFor(DEFAULT_CALLER);

  const read = (key: string): Stored | undefined => {
    const stored = store.get(key);
    if (stored && stored.expiresAt <= nowMs()) {
      store.delete(key);
      return undefined;
    }
    return stored;
  };

  const answer = (caller: Caller, call: RpcCall): unknown => {
    const [key, second, third, fourth, fifth] = call.params;
    switch (call.method) {
      case 'zcache_get': {
        return read(scopedKey(String(key), second, caller))?.value ?? null;
      }
      case 'zcache_set': {
        const stored = scopedKey(String(key), fourth, caller);
        if (fifth === true && read(stored)) return false;
        const ttl = typeof third === 'number' ? third : null;
        store.set(stored, {
          value: String(second),
          expiresAt: ttl === null ? Number.POSITIVE_INFINITY : nowMs() + ttl * 1000,
        });
        return true;
      }
      case 'zcache_delete': {
        const stored = scopedKey(String(key), second, caller);
        const existed = read(stored) !== undefined;
        store.delete(stored);
        return existed;
      }
      case 'get_cursor':
        return call.storeKey === null ? null : (cursors.get(call.storeKey) ?? null);
      case 'set_cursor':
        if (call.storeKey === null) throw new Error('set_cursor needs a storeKey');
        cursors.set(call.storeKey, String(key));
        return null;
      default:
        throw new Error(`Unexpected method '${call.method}'`);
    }
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.url === '/logs') {
        logLines.push(...body.split('\n').filter((line) => line !== ''));
        response.writeHead(200).end();
        return;
      }
      const caller = callers.get(String(request.headers['x-token']));
      if (request.url !== '/rpc' || request.method !== 'POST' || !caller) {
        response.writeHead(caller ? 404 : 401).end();
        return;
      }
      let id: unknown = null;
      let method = '';
      let reply: Record<string, unknown>;
      try {
        const parsed = JSON.parse(body) as {
          id?: unknown;
          storeKey?: unknown;
          method?: unknown;
          params?: unknown;
        };
        id = parsed.id;
        method = String(parsed.method);
        const call: RpcCall = {
          method,
          params: Array.isArray(parsed.params) ? (parsed.params as unknown[]) : [],
          storeKey: typeof parsed.storeKey === 'string' ? parsed.storeKey : null,
        };
        calls.push(call);
        reply = { id, result: answer(caller, call) };
      } catch (error) {
        reply = { id, error: error instanceof Error ? error.message : String(error) };
      }
      const send = () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      const delay = options.delayMs?.(method) ?? 0;
      if (delay > 0) setTimeout(send, delay);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/rpc`,
    token,
    tokenFor,
    calls,
    logLines,
    peek: (key, scope = null, caller = DEFAULT_CALLER) =>
      read(scopedKey(key, scope, caller))?.value ?? null,
    cursorOf: (storeKey) => cursors.get(storeKey) ?? null,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

type Handler = (event: Record<string, unknown>) => Promise<{ results: unknown }>;

/**
 * Runs one operation of `app` (its path, `triggers.new_location.operation.perform`) as Zapier's
 * worker does: core's app handler, with the stand-in as `rpc_base` and `token`, so `z.cache` and
 * `z.cursor` go over the wire. `storeKey` names the cursor's store (Zapier sets it for a paging
 * trigger). Resolves with the operation's result, rejects with its error.
 */
export function zapierRunner(app: object, rpc: RpcStandIn) {
  const { createAppHandler } = core as unknown as { createAppHandler: (app: object) => Handler };
  const handler = createAppHandler(app);
  // Core streams its log to Zapier's log service when it has a token: here, to the stand-in.
  const logging = process.env.LOGGING_ENDPOINT;
  process.env.LOGGING_ENDPOINT = rpc.url.replace(/\/rpc$/, '/logs');
  return {
    run: async (
      method: string,
      bundle: Record<string, unknown>,
      { token = rpc.token, storeKey = null }: { token?: string; storeKey?: string | null } = {},
    ): Promise<unknown> => {
      const response = await handler({
        command: 'execute',
        method,
        bundle,
        storeKey,
        rpc_base: rpc.url,
        token,
      });
      return response.results;
    },
    /** Gives LOGGING_ENDPOINT back. */
    restore: () => {
      if (logging === undefined) delete process.env.LOGGING_ENDPOINT;
      else process.env.LOGGING_ENDPOINT = logging;
    },
  };
}

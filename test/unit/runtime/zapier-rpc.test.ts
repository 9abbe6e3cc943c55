/**
 * The loopback stand-in for Zapier's RPC (test/support/zapier-rpc), driven by core's own
 * `z.cache` and `z.cursor` through core's app handler: `nx`, ttl and scope honoured, one cursor per
 * storeKey, and a real round trip.
 */
import { version as coreVersion, type ZObject } from 'zapier-platform-core';
import { startZapierRpc, zapierRunner, type RpcStandIn } from '../../support/zapier-rpc';

type Cache = {
  get(key: string, scope?: string[]): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number, scope?: string[], nx?: boolean): Promise<unknown>;
  delete(key: string, scope?: string[]): Promise<unknown>;
};
type Cursor = { get(): Promise<unknown>; set(cursor: string): Promise<unknown> };

/** What the probe trigger runs next (with core's z). */
let probe: (z: { cache: Cache; cursor: Cursor }) => Promise<unknown> = () => Promise.resolve(null);

/** A one-trigger app whose perform runs `probe` and hands back its answer. */
const probeApp = {
  version: '1.0.0',
  platformVersion: coreVersion,
  triggers: {
    probe: {
      key: 'probe',
      noun: 'Probe',
      display: { label: 'Probe', description: 'Runs the test probe.' },
      operation: {
        canPaginate: true,
        perform: async (z: ZObject) => [{ id: 'probe', answer: await probe(z) }],
      },
    },
  },
};
const METHOD = 'triggers.probe.operation.perform';

let now = Date.now();
let rpc: RpcStandIn;
let runner: ReturnType<typeof zapierRunner>;
beforeEach(async () => {
  now = Date.now();
  rpc = await startZapierRpc({ nowMs: () => now, delayMs: () => 2 });
  runner = zapierRunner(probeApp, rpc);
});
afterEach(async () => {
  runner.restore();
  await rpc.close();
});

const run = async (
  body: typeof probe,
  options?: Parameters<ReturnType<typeof zapierRunner>['run']>[2],
): Promise<unknown> => {
  probe = body;
  const results = (await runner.run(METHOD, {}, options)) as { answer: unknown }[];
  return results[0]!.answer;
};

describe('the RPC stand-in, through core', () => {
  it('z.cache: set, get and delete go over the wire as JSON', async () => {
    expect(await run(async (z) => z.cache.set('k', { a: [1, 'two'] }))).toBe(true);
    expect(await run(async (z) => z.cache.get('k'))).toEqual({ a: [1, 'two'] });
    expect(rpc.peek('k')).toBe('{"a":[1,"two"]}');
    expect(await run(async (z) => z.cache.delete('k'))).toBe(true);
    expect(await run(async (z) => z.cache.get('k'))).toBeNull();
    expect(rpc.calls.map((call) => call.method)).toEqual([
      'zcache_set',
      'zcache_get',
      'zcache_delete',
      'zcache_get',
    ]);
  });

  it('z.cache: nx sets only an absent key, and says whether it did', async () => {
    expect(await run(async (z) => z.cache.set('k', 1, 60, undefined, true))).toBe(true);
    expect(await run(async (z) => z.cache.set('k', 2, 60, undefined, true))).toBe(false);
    expect(await run(async (z) => z.cache.get('k'))).toBe(1);
    // Concurrent runs: exactly one set-if-absent wins.
    const wins = await Promise.all(
      [10, 11, 12, 13].map((value) => run(async (z) => z.cache.set('race', value, 60, [], true))),
    );
    expect(wins.filter((won) => won === true)).toHaveLength(1);
  });

  it('z.cache: a ttl expires the key (and frees it for nx)', async () => {
    await run(async (z) => z.cache.set('k', 'v', 30));
    now += 29_000;
    expect(await run(async (z) => z.cache.get('k'))).toBe('v');
    now += 1_000;
    expect(await run(async (z) => z.cache.get('k'))).toBeNull();
    expect(await run(async (z) => z.cache.set('k', 'w', 30, undefined, true))).toBe(true);
  });

  it('z.cache: scope keys a value by connection and by user', async () => {
    const otherConnection = rpc.tokenFor({ user: 'user_1', auth: 'auth_2' });
    const otherUser = rpc.tokenFor({ user: 'user_2', auth: 'auth_1' });
    await run(async (z) => z.cache.set('k', 'mine', 60, ['auth']));
    expect(await run(async (z) => z.cache.get('k', ['auth']))).toBe('mine');
    expect(await run(async (z) => z.cache.get('k', ['auth']), { token: otherUser })).toBe('mine');
    expect(
      await run(async (z) => z.cache.get('k', ['auth']), { token: otherConnection }),
    ).toBeNull();
    expect(await run(async (z) => z.cache.get('k'))).toBeNull();
    await run(async (z) => z.cache.set('u', 'user one', 60, ['user']));
    expect(await run(async (z) => z.cache.get('u', ['user']), { token: otherUser })).toBeNull();
  });

  it('z.cursor: one cursor per storeKey', async () => {
    await run(async (z) => z.cursor.set('page-2'), { storeKey: 'zap_1' });
    expect(await run(async (z) => z.cursor.get(), { storeKey: 'zap_1' })).toBe('page-2');
    expect(await run(async (z) => z.cursor.get(), { storeKey: 'zap_2' })).toBeNull();
    await run(async (z) => z.cursor.set('page-9'), { storeKey: 'zap_2' });
    expect(rpc.cursorOf('zap_1')).toBe('page-2');
    expect(rpc.cursorOf('zap_2')).toBe('page-9');
  });

  it('refuses a token it did not issue', async () => {
    await expect(run(async (z) => z.cache.get('k'), { token: 'rpc_forged' })).rejects.toThrow(
      /RPC request failed/,
    );
  });
});

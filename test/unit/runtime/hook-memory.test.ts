/**
 * The hook's memory in z.cache is best effort: absent, failing or refusing, it fires rather than
 * drops. With a cache that honours `nx` (as Zapier's is meant to; core's test mock ignores it), a
 * duplicate is caught even when two runs claim at once.
 */
import type { ZObject } from 'zapier-platform-core';
import { app } from '../../../src/app';
import { HookMemory } from '../../../src/runtime/hook-memory';
import { TEST_SECRET, zapierRequest } from '../../support/deliveries';
import { location } from '../../support/fixtures';
import { startZapierRpc, zapierRunner, type RpcStandIn } from '../../support/zapier-rpc';

/** A store with Redis-like `nx`, as the production cache is meant to behave. */
function nxCache() {
  const store = new Map<string, unknown>();
  return {
    store,
    get: (key: string) => Promise.resolve(store.get(key) ?? null),
    set: (key: string, value: unknown, _ttl?: number, _scope?: string[], nx?: boolean) => {
      if (nx && store.has(key)) return Promise.resolve(false);
      store.set(key, value);
      return Promise.resolve(true);
    },
  };
}

const options = (lines: string[]) => ({
  deliveryTtlSeconds: 3600,
  versionTtlSeconds: 86_400,
  log: (line: string) => lines.push(line),
});
const memoryWith = (cache: unknown, lines: string[] = []) =>
  new HookMemory({ cache } as unknown as ZObject, 'whk_1', options(lines));

describe('HookMemory', () => {
  it('fires once per webhook-id, and never an older version after a newer one', async () => {
    const memory = memoryWith(nxCache());
    await expect(memory.claim('evt_1', { id: 'loc_1', version: 2 })).resolves.toBe('fire');
    await expect(memory.claim('evt_1', { id: 'loc_1', version: 2 })).resolves.toBe('duplicate');
    await expect(memory.claim('evt_0', { id: 'loc_1', version: 1 })).resolves.toBe('older');
    await expect(memory.claim('evt_2', { id: 'loc_1', version: 3 })).resolves.toBe('fire');
    await expect(memory.claim('evt_9', { id: 'loc_2', version: 1 })).resolves.toBe('fire');
  });

  it('two runs claiming the same delivery at once: exactly one fires', async () => {
    const cache = nxCache();
    const claims = await Promise.all([
      memoryWith(cache).claim('evt_1'),
      memoryWith(cache).claim('evt_1'),
      memoryWith(cache).claim('evt_1'),
    ]);
    expect(claims.filter((claim) => claim === 'fire')).toHaveLength(1);
  });

  it('concurrent claims of v4 and v2, then v3: v4 fires, v3 does not, the ladder only climbs', async () => {
    const cache = nxCache();
    const [v4, v2] = await Promise.all([
      memoryWith(cache).claim('evt_4', { id: 'loc_1', version: 4 }),
      memoryWith(cache).claim('evt_2', { id: 'loc_1', version: 2 }),
    ]);
    expect(v4).toBe('fire');
    expect(['fire', 'older']).toContain(v2);
    await expect(memoryWith(cache).claim('evt_3', { id: 'loc_1', version: 3 })).resolves.toBe(
      'older',
    );
    const slots = [...cache.store]
      .filter(([key]) => /:version:loc_1:\d+$/.test(key))
      .map(([, value]) => (value as { version: number }).version);
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
    expect(slots.at(-1)).toBe(4);
  });

  it('a top hint that lags (or holds garbage) only costs a longer climb', async () => {
    const cache = nxCache();
    await memoryWith(cache).claim('evt_1', { id: 'loc_1', version: 1 });
    await memoryWith(cache).claim('evt_5', { id: 'loc_1', version: 5 });
    cache.store.set('hook:whk_1:version:loc_1:top', 0);
    await expect(memoryWith(cache).claim('evt_3', { id: 'loc_1', version: 3 })).resolves.toBe(
      'older',
    );
    cache.store.set('hook:whk_1:version:loc_1:top', 'not a number');
    await expect(memoryWith(cache).claim('evt_6', { id: 'loc_1', version: 6 })).resolves.toBe(
      'fire',
    );
    await expect(memoryWith(cache).claim('evt_5b', { id: 'loc_1', version: 5 })).resolves.toBe(
      'older',
    );
  });

  it('keys are per subscription: two Zaps on the same event both fire', async () => {
    const cache = nxCache();
    const lines: string[] = [];
    const other = new HookMemory({ cache } as unknown as ZObject, 'whk_2', options(lines));
    await expect(memoryWith(cache).claim('evt_1', { id: 'loc_1', version: 1 })).resolves.toBe(
      'fire',
    );
    await expect(other.claim('evt_1', { id: 'loc_1', version: 1 })).resolves.toBe('fire');
  });

  it.each([
    ['absent', undefined, true],
    [
      'failing',
      {
        get: () => Promise.reject(new Error('rpc is not available')),
        set: () => Promise.resolve(true),
      },
      true,
    ],
    [
      'refusing every write (a rate limit)',
      { get: () => Promise.resolve(null), set: () => Promise.resolve(false) },
      false,
    ],
  ])('a cache that is %s fires rather than drops, every time', async (_label, cache, logs) => {
    const lines: string[] = [];
    const memory = memoryWith(cache, lines);
    // Without a working cache a redelivery cannot be told apart: it fires again (never lost).
    await expect(memory.claim('evt_1', { id: 'loc_1', version: 1 })).resolves.toBe('fire');
    await expect(memory.claim('evt_1', { id: 'loc_1', version: 1 })).resolves.toBe('fire');
    if (logs) expect(lines[0]).toMatch(/firing without the duplicate and order checks/);
    else expect(lines).toEqual([]);
  });
});

/**
 * The race of issue 18, through the real trigger and core's real `z.cache`, over a loopback RPC
 * with a 1–3 ms round trip: deliveries of v4 and v2 of a record run at once, then v3 a round trip
 * or more later. However the two interleave, v4 fires, and v3 (lower than a version already read
 * back) never does: the remembered version never went down.
 */
describe("HookMemory through core's z.cache over RPC", () => {
  const PERFORM = 'triggers.new_or_updated_location.operation.perform';
  let rpc: RpcStandIn;
  let runner: ReturnType<typeof zapierRunner>;
  beforeEach(async () => {
    rpc = await startZapierRpc({ delayMs: () => 1 + Math.random() * 2 });
    runner = zapierRunner(app, rpc);
  });
  afterEach(async () => {
    runner.restore();
    await rpc.close();
  });

  let sequence = 0;
  const deliver = async (locationId: string, version: number): Promise<unknown[]> => {
    sequence += 1;
    const event = {
      event_id: `evt_${locationId}_v${version}_${sequence}`,
      sequence,
      type: 'location.updated',
      occurred_at: new Date().toISOString(),
      changed_fields: ['name'],
      data: location({ location_id: locationId, version, name: `v${version}` }),
    };
    return (await runner.run(PERFORM, {
      authData: { access_token: 'unused' },
      subscribeData: { id: 'whk_1', secret: TEST_SECRET },
      inputData: {},
      rawRequest: zapierRequest(TEST_SECRET, event),
    })) as unknown[];
  };

  it('v4 and v2 at once, then v3: v4 fires, v3 never does', async () => {
    const records = Array.from({ length: 8 }, (_, index) => `loc_race${index}`);
    for (const id of records) expect(await deliver(id, 1)).toHaveLength(1);
    const raced = await Promise.all(
      records.map(async (id) => {
        const [v4, v2] = await Promise.all([deliver(id, 4), deliver(id, 2)]);
        return { id, v4: v4.length, v2: v2.length };
      }),
    );
    for (const { v4 } of raced) expect(v4).toBe(1);
    const late = await Promise.all(records.map(async (id) => (await deliver(id, 3)).length));
    expect(late).toEqual(records.map(() => 0));
  });
});

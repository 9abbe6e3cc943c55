/**
 * The hook's memory in z.cache is best effort: absent, failing or refusing, it fires rather than
 * drops. With a cache that honours `nx` (as Zapier's is meant to; core's test mock ignores it), a
 * duplicate is caught even when two runs claim at once.
 */
import type { ZObject } from 'zapier-platform-core';
import { HookMemory } from '../../../src/runtime/hook-memory';

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

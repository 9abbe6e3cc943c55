/** z.cache entries are scoped to the connection and read back only when they have the expected shape. */
import { z as zod } from 'zod';
import { CONNECTION_SCOPE, connectionCache } from '../../../src/runtime/connection-cache';

/** Records how z.cache is called, and stores values as core does (JSON round trip). */
function fakeCache() {
  const store = new Map<string, string>();
  const calls: unknown[][] = [];
  return {
    calls,
    store,
    cache: {
      get: (...args: [key: string, scope?: string[]]) => {
        calls.push(['get', ...args]);
        const raw = store.get(args[0]);
        return Promise.resolve(raw === undefined ? null : (JSON.parse(raw) as unknown));
      },
      set: (...args: [key: string, value: unknown, ttl?: number, scope?: string[]]) => {
        calls.push(['set', ...args]);
        store.set(args[0], JSON.stringify(args[1]));
        return Promise.resolve(true);
      },
      delete: () => Promise.resolve(true),
    },
  };
}

const Entry = zod.strictObject({ cursor: zod.string() });

describe('connectionCache', () => {
  it('sets and gets with the connection scope ("auth") and the given TTL', async () => {
    const fake = fakeCache();
    const cache = connectionCache(fake, Entry);

    await cache.set('list:page:1', { cursor: 'c1' }, 3600);

    await expect(cache.get('list:page:1')).resolves.toEqual({ cursor: 'c1' });
    expect(CONNECTION_SCOPE).toEqual(['auth']);
    expect(fake.calls).toEqual([
      ['set', 'list:page:1', { cursor: 'c1' }, 3600, ['auth']],
      ['get', 'list:page:1', ['auth']],
    ]);
  });

  it('reads an absent key as a miss', async () => {
    await expect(connectionCache(fakeCache(), Entry).get('nothing')).resolves.toBeUndefined();
  });

  it('reads a value of another shape as a miss rather than trusting it', async () => {
    const fake = fakeCache();
    fake.store.set('list:page:1', JSON.stringify({ cursor: 42 }));

    await expect(connectionCache(fake, Entry).get('list:page:1')).resolves.toBeUndefined();
  });
});

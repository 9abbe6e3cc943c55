/**
 * `z.cache` (Zapier's short-lived key-value store) scoped to the connection, with validated reads.
 *
 * Keys of `z.cache` are shared by every user of the integration unless a scope is given; with
 * `['auth']` Zapier keys them by the connection (`bundle.authData`'s owner), so what one
 * connection stores is never read by another. Core's `createCache` accepts the scope on `get` as
 * well as on `set` (zapier-platform-core/src/tools/create-cache.js); its type declares it only on
 * `set`, hence `ScopedCache` below. A stored value is untrusted JSON: it is checked with `schema`,
 * and anything that does not fit (an older format, say) reads as a miss.
 *
 * Best effort: the cache only saves requests. When `z.cache` is absent or fails (its service
 * down, a value too large), a read is a miss and a write is skipped, so the operation carries on.
 */
import type { ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';

type CacheScope = 'auth' | 'user';

/** `z.cache` as core implements it. */
interface ScopedCache {
  get(key: string, scope?: CacheScope[]): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number, scope?: CacheScope[]): Promise<boolean | null>;
}

/** Keyed by the connection: one Snapshots authorization, whoever uses it. */
export const CONNECTION_SCOPE: CacheScope[] = ['auth'];

export interface ConnectionCache<T> {
  /** The stored value, or undefined when absent, expired or not of the expected shape. */
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlSeconds: number): Promise<void>;
}

export function connectionCache<S extends zod.ZodType>(
  z: Pick<ZObject, 'cache'>,
  schema: S,
): ConnectionCache<zod.output<S>> {
  const cache = z.cache as ScopedCache | undefined;
  return {
    get: async (key) => {
      let stored: unknown;
      try {
        stored = await cache?.get(key, CONNECTION_SCOPE);
      } catch {
        return undefined;
      }
      const parsed = schema.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    set: async (key, value, ttlSeconds) => {
      try {
        await cache?.set(key, value, ttlSeconds, CONNECTION_SCOPE);
      } catch {
        // A start not remembered costs one request later, never the page itself.
      }
    },
  };
}

/**
 * What a hook's runs remember between them, in `z.cache` (runs of `perform` share no memory):
 * the deliveries already claimed (by `webhook-id`) and the highest version of each record already
 * claimed, per subscription (the trigger claims a version only for a delivery that fires).
 *
 * `z.cache` is undocumented (../../README.md, "Instant triggers"), so it is best effort: when it
 * is absent, fails, or does not store, the answer is "fire". A change is never lost because of
 * the cache; at worst a duplicate gets through.
 *
 * It has no compare-and-set, so the claims are atomic-ish: a claim of a delivery writes a token
 * unique to this run with `nx` (set-if-absent) and reads it back; only the run whose token is
 * stored fires. A version is written and read back; a run that reads a higher version drops its
 * own. Two runs for the same record racing in the same few milliseconds can still both fire.
 */
import { randomUUID } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import { CONNECTION_SCOPE } from './connection-cache';

/** `z.cache` as core implements it (scope on `get` too; its type declares it only on `set`). */
interface RawCache {
  get(key: string, scope?: string[]): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number, scope?: string[], nx?: boolean): Promise<unknown>;
}

export interface HookMemoryOptions {
  /** Seconds a fired delivery id is remembered; at least the signature's timestamp tolerance. */
  deliveryTtlSeconds: number;
  /** Seconds a record's version is remembered: Snapshots' whole retry horizon. */
  versionTtlSeconds: number;
  /** One line per cache failure (never a secret). */
  log: (line: string) => void;
}

export type Claim = 'fire' | 'duplicate' | 'older';

export class HookMemory {
  private readonly cache: RawCache | undefined;

  constructor(
    z: ZObject,
    private readonly subscriptionId: string,
    private readonly options: HookMemoryOptions,
  ) {
    this.cache = (z as { cache?: RawCache }).cache;
  }

  /** Whether this delivery fires: not seen before, and not older than a version already claimed. */
  async claim(webhookId: string, record?: { id: string; version: number }): Promise<Claim> {
    if (!(await this.claimDelivery(webhookId))) return 'duplicate';
    if (record && !(await this.claimVersion(record.id, record.version))) return 'older';
    return 'fire';
  }

  private key(kind: string, id: string): string {
    return `hook:${this.subscriptionId}:${kind}:${id}`;
  }

  private async claimDelivery(webhookId: string): Promise<boolean> {
    const key = this.key('delivery', webhookId);
    const token = randomUUID();
    return this.bestEffort(true, async (cache) => {
      if (isSet(await cache.get(key, CONNECTION_SCOPE))) return false;
      await cache.set(key, token, this.options.deliveryTtlSeconds, CONNECTION_SCOPE, true);
      const stored = await cache.get(key, CONNECTION_SCOPE);
      // Another run's token: it claimed first. Nothing stored (a refused write): fire.
      return !isSet(stored) || stored === token;
    });
  }

  private async claimVersion(recordId: string, version: number): Promise<boolean> {
    const key = this.key('version', recordId);
    return this.bestEffort(true, async (cache) => {
      const known = await cache.get(key, CONNECTION_SCOPE);
      if (typeof known === 'number' && known >= version) return false;
      await cache.set(key, version, this.options.versionTtlSeconds, CONNECTION_SCOPE);
      const after = await cache.get(key, CONNECTION_SCOPE);
      return !(typeof after === 'number' && after > version);
    });
  }

  private async bestEffort(fallback: boolean, use: (cache: RawCache) => Promise<boolean>) {
    if (!this.cache) {
      this.options.log('z.cache is not available: firing without the duplicate and order checks');
      return fallback;
    }
    try {
      return await use(this.cache);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(
        `z.cache failed (${message}): firing without the duplicate and order checks`,
      );
      return fallback;
    }
  }
}

const isSet = (value: unknown): boolean => value !== null && value !== undefined;

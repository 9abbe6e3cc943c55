/**
 * What a hook's runs remember between them, in `z.cache` (runs of `perform` share no memory):
 * the deliveries already claimed (by `webhook-id`) and the highest version of each record already
 * claimed, per subscription (the trigger claims a version only for a delivery that fires).
 *
 * `z.cache` is undocumented (../../README.md, "Instant triggers"), so it is best effort: when it
 * is absent, fails, or does not store, the answer is "fire". A change is never lost because of
 * the cache; at worst a duplicate gets through.
 *
 * It has `nx` (set-if-absent) but no compare-and-set, so every claim is built from keys that are
 * only ever written once, with `nx`, and read back (a run owns a key when its unique token is the
 * one stored; whether `set` answers false on an existing key is not documented, so the answer is
 * not relied on):
 *
 * - a delivery: `…:delivery:<webhook-id>`; only the run whose token is stored fires.
 * - a record's versions: a ladder of slots `…:version:<record>:0`, `:1`, `:2`, …, each holding one
 *   claimed version. A run walks up from a hint of the top slot (`…:version:<record>:top`,
 *   written plainly, so it may lag; the walk corrects it); it drops its delivery on meeting a
 *   slot with its version or a higher one, and otherwise claims the first empty slot. A slot is
 *   claimed only above slots that all hold lower versions, so the ladder only ever climbs: the
 *   remembered version (its top) never goes down, and once any run has read a version, no run of
 *   a lower version claims after it.
 *
 * What remains for runs racing within one round trip: two deliveries of one record whose claims
 * overlap can both fire (the lower one only if its claim reached the cache first), and their Zap
 * runs then go on side by side, in no guaranteed order.
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

  /**
   * Climbs the record's ladder (see the top of this file): true when this run claimed a slot above
   * every lower version (or the cache would not store one), false when a slot holds this version or
   * a higher one.
   */
  private async claimVersion(recordId: string, version: number): Promise<boolean> {
    const top = this.key('version', `${recordId}:top`);
    const slot = (index: number) => this.key('version', `${recordId}:${index}`);
    const ttl = this.options.versionTtlSeconds;
    const token = randomUUID();
    return this.bestEffort(true, async (cache) => {
      const hint = await cache.get(top, CONNECTION_SCOPE);
      let index = typeof hint === 'number' && Number.isInteger(hint) && hint >= 0 ? hint : 0;
      for (let steps = 0; steps < MAX_LADDER_STEPS; steps++, index++) {
        let held = await cache.get(slot(index), CONNECTION_SCOPE);
        if (!isSet(held)) {
          await cache.set(slot(index), { version, token }, ttl, CONNECTION_SCOPE, true);
          held = await cache.get(slot(index), CONNECTION_SCOPE);
          // Nothing stored (a refused write): fire, unremembered.
          if (!isSet(held)) return true;
          if (isOwn(held, token)) {
            await cache.set(top, index, ttl, CONNECTION_SCOPE);
            return true;
          }
        }
        // Another run's slot: at or above this version, drop; below it, climb on. A value this
        // run cannot read blocks nothing.
        if (isSlot(held) && held.version >= version) return false;
      }
      this.options.log(
        `the version ladder of ${recordId} is over ${MAX_LADDER_STEPS} steps: firing without the order check`,
      );
      return true;
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

/**
 * How far a run climbs from the hint before it gives up and fires: the hint lags by at most the
 * runs that raced it, so a long walk means a cache that keeps losing the hint.
 */
const MAX_LADDER_STEPS = 64;

interface Slot {
  version: number;
  token: string;
}

const isSlot = (value: unknown): value is Slot =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Slot).version === 'number' &&
  typeof (value as Slot).token === 'string';

const isOwn = (value: unknown, token: string): boolean => isSlot(value) && value.token === token;

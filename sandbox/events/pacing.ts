/**
 * One subscription's delivery-rate cap (WEBHOOK_PACING_RULES): `cap` slots; an attempt takes one
 * when it starts and frees it a full window after its answer, so the receiver, which handles a
 * request between its start and its answer, never sees more than `cap` in any window, however long
 * requests travel. Attempts that find no free slot wait in one queue, oldest first, one place per
 * record: a newer version of a record takes the place of the waiting older one, which is superseded.
 */

/** What a waiting attempt is told once it may go, or must not. */
export type PacedTurn =
  | {
      outcome: 'go';
      /** Frees the slot: a window from now when a request went out, at once when none did. */
      done(sent: boolean): void;
    }
  | { outcome: 'superseded'; byVersion: number }
  | { outcome: 'cancelled' };

interface Waiter {
  version: number | undefined;
  wake: (turn: PacedTurn) => void;
}

export class DeliveryPacer {
  /** Slots taken: requests under way, and answered ones still inside their window. */
  private taken = 0;
  /** In arrival order; replacing a record's waiter keeps its place (a Map keeps insertion order). */
  private readonly queue = new Map<string | symbol, Waiter>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private cancelled = false;

  constructor(
    readonly cap: number,
    /** The window's length now (a control scales it for tests and the benchmark). */
    private readonly windowMs: () => number,
  ) {}

  /** Attempts waiting for a slot. */
  waiting(): number {
    return this.queue.size;
  }

  /**
   * Resolves once the attempt may start, or when a newer version of its record (`recordKey`)
   * waits already or arrives while it waits. Events of no record each wait on their own.
   */
  wait(recordKey: string | undefined, version: number | undefined): Promise<PacedTurn> {
    const key = recordKey ?? Symbol('event');
    const waiting = this.queue.get(key);
    if (waiting?.version !== undefined && version !== undefined && waiting.version >= version) {
      return Promise.resolve({ outcome: 'superseded', byVersion: waiting.version });
    }
    if (!waiting && this.queue.size === 0 && this.taken < this.cap) {
      return Promise.resolve(this.take());
    }
    return new Promise((wake) => {
      if (waiting && version !== undefined) {
        waiting.wake({ outcome: 'superseded', byVersion: version });
      }
      this.queue.set(key, { version, wake });
    });
  }

  /** Wakes every waiting attempt as cancelled and forgets the windows (reset, unsubscribe). */
  cancel(): void {
    this.cancelled = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waiters = [...this.queue.values()];
    this.queue.clear();
    for (const waiter of waiters) waiter.wake({ outcome: 'cancelled' });
  }

  private take(): PacedTurn {
    this.taken += 1;
    let freed = false;
    return {
      outcome: 'go',
      done: (sent) => {
        if (freed || this.cancelled) return;
        freed = true;
        if (!sent) return this.free();
        this.freeAt(Date.now() + this.windowMs());
      },
    };
  }

  /**
   * Frees a slot once the wall clock reaches `atMs`. A Node timer counts from the event loop's
   * cached time, which lags behind after synchronous work, so it can fire early: it is checked.
   */
  private freeAt(atMs: number): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (Date.now() < atMs) this.freeAt(atMs);
        else this.free();
      },
      Math.max(0, atMs - Date.now()),
    );
    this.timers.add(timer);
  }

  private free(): void {
    this.taken -= 1;
    for (const [key, waiter] of this.queue) {
      if (this.taken >= this.cap) break;
      this.queue.delete(key);
      waiter.wake(this.take());
    }
  }
}

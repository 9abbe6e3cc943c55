/**
 * The sandbox's delivery-rate cap on its own (sandbox/events/pacing.ts), on real timers with a
 * short window: slots freed a window after a sent attempt and at once after an unsent one, one
 * place in line per record, taken over by its newer version, and cancel.
 */
import { DeliveryPacer, type PacedTurn } from '../../../sandbox/events/pacing';

const WINDOW_MS = 60;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A turn's outcome once settled, or 'waiting'. */
async function settled(turn: Promise<PacedTurn>): Promise<PacedTurn['outcome'] | 'waiting'> {
  return Promise.race([turn.then((t) => t.outcome), delay(5).then(() => 'waiting' as const)]);
}

const go = async (turn: Promise<PacedTurn>) => {
  const result = await turn;
  if (result.outcome !== 'go') throw new Error(`expected go, got ${result.outcome}`);
  return result;
};

describe('DeliveryPacer', () => {
  it('lets the cap go at once; the next waits a full window after a sent attempt ends', async () => {
    const pacer = new DeliveryPacer(2, () => WINDOW_MS);
    const first = await go(pacer.wait('a', 1));
    await go(pacer.wait('b', 1));
    const third = pacer.wait('c', 1);
    expect(await settled(third)).toBe('waiting');
    expect(pacer.waiting()).toBe(1);
    const sentAt = Date.now();
    first.done(true);
    await go(third);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(pacer.waiting()).toBe(0);
    pacer.cancel();
  });

  it('frees the slot at once when the attempt sent nothing', async () => {
    const pacer = new DeliveryPacer(1, () => 10_000);
    const first = await go(pacer.wait('a', 1));
    const next = pacer.wait('b', 1);
    first.done(false);
    expect(await settled(next)).toBe('go');
    pacer.cancel();
  });

  it('gives a newer version of a waiting record its place in line; an older one is dropped', async () => {
    const pacer = new DeliveryPacer(1, () => WINDOW_MS);
    const busy = await go(pacer.wait('x', 1));
    const a2 = pacer.wait('a', 2);
    const b1 = pacer.wait('b', 1);
    const a3 = pacer.wait('a', 3);
    await expect(a2).resolves.toEqual({ outcome: 'superseded', byVersion: 3 });
    await expect(pacer.wait('a', 1)).resolves.toEqual({ outcome: 'superseded', byVersion: 3 });
    expect(pacer.waiting()).toBe(2);
    busy.done(true);
    // a3 kept a2's place, ahead of b1.
    (await go(a3)).done(true);
    expect(await settled(b1)).toBe('waiting');
    await go(b1);
    pacer.cancel();
  });

  it('wakes every waiting attempt as cancelled', async () => {
    const pacer = new DeliveryPacer(1, () => WINDOW_MS);
    await go(pacer.wait('a', 1));
    const waiting = pacer.wait('b', 1);
    pacer.cancel();
    await expect(waiting).resolves.toEqual({ outcome: 'cancelled' });
    expect(pacer.waiting()).toBe(0);
  });
});

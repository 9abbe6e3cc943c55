/**
 * A Zap with "Max Runs per Minute" set, against the real sandbox over loopback with the hook
 * emulator playing Zapier's part, under a burst of changes (the pacing window scaled down so a
 * minute lasts half a second): it never receives more than the cap in any window, every
 * record fires once, in its newest state, and the subscription shows what waits meanwhile.
 */
import { createAppTester, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { MAX_RUNS_INPUT } from '../../src/builders/hook-trigger';
import { createApiClient } from '../../src/http/client';
import { PRODUCTION_PACING_WINDOW_MS } from '../../sandbox/events/deliveries';
import { useHookEmulators } from '../support/hook-emulators';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const tester = createAppTester(app);
// Runs through the app tester take tens of milliseconds each here, so the window is long enough
// for the cap, not the emulator, to be what holds the burst back.
const WINDOW_MS = 500;
const CAP = 4;
const BURST = 24;

let authData: StoredAuthData;

beforeEach(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  await sandbox.controls.setPacingWindow({ window_ms: WINDOW_MS });
  authData = await sandbox.connect();
});

afterEach(async () => {
  await sandbox.controls.setPacingWindow({ window_ms: PRODUCTION_PACING_WINDOW_MS });
});

const withApi = <T>(use: (api: ReturnType<typeof createApiClient>) => Promise<T>) =>
  tester((z: ZObject) => use(createApiClient(z)), { authData });

/** The most arrivals within any window of `windowMs` (half-open). */
function peakInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

describe('a Zap with Max Runs per Minute', () => {
  it(`runs at most ${CAP} times in any window under a burst of ${BURST} changes, losing none`, async () => {
    const arrivals: number[] = [];
    const hook = await hooks.start({
      trigger: app.triggers.new_or_updated_location,
      authData,
      inputData: { [MAX_RUNS_INPUT]: String(CAP) },
      onDelivery: () => arrivals.push(Date.now()),
    });
    const { id } = await hook.subscribe();
    const subscription = async () =>
      (await withApi((api) => api.webhooks.list())).data.find((webhook) => webhook.id === id);
    expect(await subscription()).toMatchObject({ max_deliveries_per_minute: CAP });

    const started = Date.now();
    await sandbox.controls.generate({ kind: 'location', count: BURST });
    expect((await subscription())?.pending_deliveries).toBeGreaterThan(0);

    await hooks.waitFor(() => expect(hook.outputs).toHaveLength(BURST), 15_000);
    // The cap is reached, and never passed.
    expect(peakInAnyWindow(arrivals, WINDOW_MS)).toBe(CAP);
    // Six windows' worth of runs cannot all start in fewer than five windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual((BURST / CAP - 1) * WINDOW_MS);
    const ids = hook.outputs.map((output) => output.id);
    expect(new Set(ids).size).toBe(BURST);
    expect((await subscription())?.pending_deliveries).toBe(0);
  });

  it('blank leaves the Zap unpaced: the subscription has no cap', async () => {
    const hook = await hooks.start({
      trigger: app.triggers.new_location,
      authData,
      inputData: { [MAX_RUNS_INPUT]: '' },
    });
    const { id } = await hook.subscribe();
    const listed = await withApi((api) => api.webhooks.list());
    expect(listed.data.find((webhook) => webhook.id === id)).toMatchObject({
      max_deliveries_per_minute: null,
      pending_deliveries: 0,
    });
  });
});

/**
 * The hook emulator for jest suites: `dev/hook-emulator.ts` (Zapier's part for one instant
 * trigger: a loopback receiver that runs each delivery through `perform`), with every emulator a
 * test started closed after it, and a wait for asynchronous deliveries.
 *
 *     const hooks = useHookEmulators();
 *     const hook = await hooks.start({ trigger: app.triggers.new_location, authData });
 *     await hook.subscribe();
 *     ... make a change ...
 *     await hooks.waitFor(() => expect(hook.outputs).toHaveLength(1));
 */
import {
  startHookEmulator,
  type HookEmulator,
  type HookEmulatorOptions,
} from '../../dev/hook-emulator';

export interface HookEmulators {
  start(options: HookEmulatorOptions): Promise<HookEmulator>;
  /** Retries `probe` until it passes (or `timeoutMs`), then waits for running performs. */
  waitFor<T>(probe: () => T | Promise<T>, timeoutMs?: number): Promise<T>;
}

export function useHookEmulators(): HookEmulators {
  const started: HookEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.map((hook) => hook.settled()));
    await Promise.all(started.splice(0).map((hook) => hook.close()));
  });
  return {
    async start(options) {
      const hook = await startHookEmulator(options);
      started.push(hook);
      return hook;
    },
    async waitFor(probe, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await Promise.all(started.map((hook) => hook.settled()));
        try {
          return await probe();
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    },
  };
}

/**
 * Our instant triggers as the flows' Zaps hold them: each subscribed through `performSubscribe`
 * to a hook emulator (Zapier's part, dev/hook-emulator.ts), whose deliveries become `perform`
 * runs.
 */
import type { createAppTester } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { type HookEmulator, startHookEmulator } from '../hook-emulator';
import { check } from './checks';

type Fields = Record<string, unknown>;

const DELIVERY_TIMEOUT_MS = 10_000;

export interface SubscribeOptions {
  tester: ReturnType<typeof createAppTester>;
  authData: StoredAuthData;
  /** Every emulator started, to close at the end (also one whose subscription failed). */
  started: HookEmulator[];
}

/** Subscribes our trigger `key`, with the Zap's configured `inputs`, to a new hook emulator. */
export async function subscribeTrigger(
  key: string,
  inputs: Record<string, string[]> | undefined,
  { tester, authData, started }: SubscribeOptions,
): Promise<HookEmulator> {
  const trigger = (app.triggers as unknown as Record<string, { key: string; operation: unknown }>)[
    key
  ];
  if (!trigger) throw new Error(`The app has no trigger ${key}.`);
  const hook = await startHookEmulator({ trigger, authData, inputData: inputs, tester });
  started.push(hook);
  await hook.subscribe();
  return hook;
}

/** How far a hook got: deliveries received, outputs its perform runs returned. */
export interface HookState {
  deliveries: number;
  outputs: number;
}

export const hookState = (hook: HookEmulator): HookState => ({
  deliveries: hook.deliveries.length,
  outputs: hook.outputs.length,
});

/** Waits for a new delivery to `hook` since `before`, and for its perform runs; returns the outputs. */
export async function delivered(hook: HookEmulator, before: HookState): Promise<Fields[]> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  while (hook.deliveries.length <= before.deliveries) {
    check(Date.now() < deadline, `no webhook delivery reached ${hook.url} within 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await hook.settled();
  return hook.outputs.slice(before.outputs);
}

/** Lets the runs finish, unsubscribes (as switching the Zap off) and closes each emulator. */
export async function closeHooks(hooks: readonly HookEmulator[]): Promise<void> {
  for (const hook of hooks) {
    await hook.settled();
    await hook.unsubscribe().catch(() => undefined);
    await hook.close();
  }
}

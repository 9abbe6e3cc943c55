/**
 * `npm run hook -- <trigger>`: watches one instant trigger by hand. Against a running sandbox
 * (`npm run sandbox`), it mints a token through the sandbox's controls, subscribes the trigger to
 * the hook emulator (which plays Zapier's part), and prints each output `perform` returns as
 * changes happen. Stopping it unsubscribes.
 */
import { app } from '../src/app';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../sandbox/index';
import { sandboxControls } from '../sandbox/controls/client';
import { startHookEmulator, type HookEmulator } from './hook-emulator';

type Trigger = { key: string; operation: { type?: string } };

/** The triggers Zapier runs from webhooks (`new_location`, …), by key. */
export function instantTriggers(): Map<string, Trigger> {
  const triggers = Object.values(app.triggers as Record<string, Trigger>);
  return new Map(triggers.filter((t) => t.operation.type === 'hook').map((t) => [t.key, t]));
}

export interface WatchOptions {
  sandboxUrl: string;
  triggerKey: string | undefined;
  /** The Zap's configured inputs, e.g. `{ changed_fields_filter: 'status' }`. */
  inputData?: Record<string, unknown>;
  print: (line: string) => void;
}

export interface Watch {
  hook: HookEmulator;
  /** Unsubscribes (Snapshots stops sending) and closes the receiver. */
  stop(): Promise<void>;
}

export async function watchTrigger(options: WatchOptions): Promise<Watch> {
  const triggers = instantTriggers();
  const trigger = options.triggerKey ? triggers.get(options.triggerKey) : undefined;
  if (!trigger) {
    throw new Error(
      `${options.triggerKey ? `"${options.triggerKey}" is not an instant trigger. ` : ''}` +
        `Name one: npm run hook -- <trigger>, where <trigger> is one of ${[...triggers.keys()].join(', ')}.`,
    );
  }
  // The integration reads its API origin and OAuth client from the environment, as on Zapier.
  process.env.SNAPSHOTS_API_BASE_URL = options.sandboxUrl;
  process.env.CLIENT_ID ??= DEFAULT_CLIENT_ID;
  process.env.CLIENT_SECRET ??= DEFAULT_CLIENT_SECRET;
  const token = await sandboxControls(options.sandboxUrl).mintToken();
  const hook = await startHookEmulator({
    trigger,
    authData: { access_token: token.access_token, refresh_token: token.refresh_token },
    inputData: options.inputData ?? {},
    onOutput: (output) => options.print(JSON.stringify(output, null, 2)),
  });
  await hook.subscribe();
  options.print(
    `Subscribed ${trigger.key} at ${hook.url} to ${options.sandboxUrl}. Change something there ` +
      '(your own requests, or Snapshots actions through `npx zapier-platform invoke`); each output ' +
      'prints here. Ctrl-C unsubscribes.',
  );
  return {
    hook,
    async stop() {
      await hook.unsubscribe();
      await hook.close();
    },
  };
}

/** `key=value` arguments after the trigger become the Zap's inputs (`a,b` a list). */
export function inputsFromArgs(args: string[]): Record<string, unknown> {
  return Object.fromEntries(
    args.map((arg) => {
      const at = arg.indexOf('=');
      if (at < 1) throw new Error(`Inputs are key=value, got "${arg}".`);
      const value = arg.slice(at + 1);
      return [arg.slice(0, at), value.includes(',') ? value.split(',') : value];
    }),
  );
}

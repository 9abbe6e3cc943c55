/**
 * The benchmark's instant-trigger section (`npm run bench`), self-contained: the latency from a
 * change in the sandbox to the hook's output, through the hook emulator (the sandbox's signed
 * delivery over loopback, then `perform` through the app tester), against the floor of the
 * delivery itself; and the requests per `perform` (0: the delivery carries the record) and per
 * `performList` (1), counted by the server.
 */
import { performance } from 'node:perf_hooks';
import { createAppTester } from 'zapier-platform-core';
import { app } from '../../src/app';
import { startHookEmulator, type HookEmulator } from '../hook-emulator';
import { requestsSent, type Sandbox } from './sandbox-process';
import { ms, percentile } from './stats';

const RUNS = 200;
const WARM_UP = 20;

export async function benchTriggerLatency(sandbox: Sandbox): Promise<void> {
  const { controls } = sandbox;
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.origin;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await controls.reset('empty');
  await controls.setRateLimit({ limit: 1_000_000, window_seconds: 3600 });
  const { access_token, refresh_token, scope } = await controls.mintToken();
  const authData = { access_token, refresh_token, scope };

  const waiting = new Map<string, { delivered?: number; resolve: (at: number) => void }>();
  const hook: HookEmulator = await startHookEmulator({
    trigger: app.triggers.new_or_updated_location,
    authData,
    onDelivery: (delivery) => {
      const name = (JSON.parse(delivery.rawRequest.content) as { data?: { name?: string } }).data
        ?.name;
      const entry = name ? waiting.get(name) : undefined;
      if (entry) entry.delivered = performance.now();
    },
    onOutput: (output) => waiting.get(String(output.name))?.resolve(performance.now()),
  });
  try {
    await hook.subscribe();
    const change = async (n: number) => {
      const name = `Latency ${n}`;
      const started = performance.now();
      const fired = new Promise<number>((resolve) => waiting.set(name, { resolve }));
      const response = await fetch(`${sandbox.origin}/v1/locations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${authData.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name }),
      });
      await response.arrayBuffer();
      const output = (await fired) - started;
      const delivered = (waiting.get(name)?.delivered ?? Number.NaN) - started;
      waiting.delete(name);
      return { output, delivered };
    };
    for (let n = 0; n < WARM_UP; n++) await change(-n - 1);
    const samples = [];
    for (let n = 0; n < RUNS; n++) samples.push(await change(n));
    const outputs = samples.map((sample) => sample.output);
    const delivered = samples.map((sample) => sample.delivered);
    const p50 = percentile(outputs, 0.5);
    const floor = percentile(delivered, 0.5);

    const token = authData.access_token;
    const [delivery] = hook.deliveries;
    const perTrigger = createAppTester(app);
    // A fresh tester (an empty z.cache), so this perform fires rather than skipping a replay.
    let fired: unknown;
    const performRequests = await requestsSent(sandbox, token, async () => {
      fired = await perTrigger(
        app.triggers.new_or_updated_location.operation.perform as never,
        {
          authData,
          subscribeData: hook.subscribeData,
          rawRequest: delivery?.rawRequest,
        } as never,
      );
    });
    const listRequests = await requestsSent(sandbox, token, () =>
      perTrigger(
        app.triggers.new_or_updated_location.operation.performList as never,
        {
          authData,
          meta: { limit: 10 },
        } as never,
      ),
    );

    console.log(
      `\n## Instant trigger latency (New or Updated Location, ${RUNS} changes, loopback)`,
    );
    console.log('| measure | p50 | p99 |');
    console.log('|---|---:|---:|');
    console.log(
      `| change → signed delivery received (the floor) | ${ms(floor)} | ${ms(percentile(delivered, 0.99))} |`,
    );
    console.log(
      `| change → hook output (delivery + perform) | ${ms(p50)} | ${ms(percentile(outputs, 0.99))} |`,
    );
    console.log(
      `\noutput / floor at p50: ${(p50 / floor).toFixed(2)}×; perform adds ${ms(p50 - floor)} at p50`,
    );
    const firedCount = Array.isArray(fired) ? fired.length : 0;
    console.log(
      `requests per perform: ${performRequests} (it fired ${firedCount} output); per performList: ${listRequests}`,
    );
  } finally {
    await hook.close();
  }
}

/**
 * Delivery pacing: a burst of 1,000 changes to a subscription capped at 60 deliveries a minute
 * (what "Max Runs per Minute" sets), with the sandbox's pacing window scaled so a minute lasts a
 * second. Prints the most deliveries any window saw at the receiver, the time to drain in scaled
 * minutes and wall time, how many waited at the peak, and how many changes were lost.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PRODUCTION_PACING_WINDOW_MS } from '../../sandbox/events/deliveries';
import { bareFetch, freshToken, getJson, type Sandbox } from './sandbox-process';

const BURST = 1_000;
const CAP_PER_MINUTE = 60;
/** A scaled minute. */
const WINDOW_MS = 1_000;
/** Past three times the drain time the cap allows, whatever has not arrived counts as lost. */
const DEADLINE_MS = 3 * (BURST / CAP_PER_MINUTE) * WINDOW_MS;

/** Counts each delivery's `webhook-id` and arrival time; calls `onAll` once every event came. */
async function startReceiver(
  arrivals: number[],
  received: Set<string>,
  onAll: () => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push(performance.now());
      received.add(String(request.headers['webhook-id']));
      response.writeHead(204).end();
      if (received.size === BURST) onAll();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks` };
}

/** The most arrivals within any window of `windowMs` (half-open). */
export function peakInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

export async function benchPacing(sandbox: Sandbox): Promise<void> {
  await sandbox.controls.reset('empty');
  const token = await freshToken(sandbox);
  await sandbox.controls.setPacingWindow({ window_ms: WINDOW_MS });
  const arrivals: number[] = [];
  const received = new Set<string>();
  let drained: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (drained = resolve));
  const receiver = await startReceiver(arrivals, received, () => drained());
  try {
    const subscribed = await bareFetch(`${sandbox.origin}/v1/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-pacing-${process.pid}`,
      },
      body: JSON.stringify({
        url: receiver.url,
        events: ['location.created'],
        max_deliveries_per_minute: CAP_PER_MINUTE,
      }),
    });
    if (subscribed.status !== 201) throw new Error(`subscribe → ${subscribed.status}`);
    const { id } = (await subscribed.json()) as { id: string };

    const start = performance.now();
    await sandbox.controls.generate({ kind: 'location', count: BURST });
    const waiting = (await getJson(`${sandbox.origin}/v1/webhooks/${id}`, token))
      .pending_deliveries as number;
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise<void>((resolve) => (deadline = setTimeout(resolve, DEADLINE_MS))),
    ]);
    clearTimeout(deadline);
    const wallSeconds = (performance.now() - start) / 1000;
    const lost = BURST - received.size;

    console.log('\n## Delivery pacing\n');
    console.log(
      `A burst of ${BURST.toLocaleString('en-US')} changes to a subscription capped at ` +
        `${CAP_PER_MINUTE} deliveries a minute, the minute scaled to ${WINDOW_MS} ms ` +
        `(${PRODUCTION_PACING_WINDOW_MS / WINDOW_MS}× faster than real time):\n`,
    );
    console.log('| figure | value |');
    console.log('| --- | --- |');
    console.log(
      `| peak deliveries in any window | ${peakInAnyWindow(arrivals, WINDOW_MS)} (cap ${CAP_PER_MINUTE}) |`,
    );
    console.log(`| waiting right after the burst | ${waiting} |`);
    console.log(
      `| time to drain | ${(wallSeconds / (WINDOW_MS / 1000)).toFixed(1)} scaled minutes, ` +
        `${wallSeconds.toFixed(1)} s wall time |`,
    );
    console.log(`| deliveries received | ${arrivals.length} |`);
    console.log(`| changes lost | ${lost} |`);
  } finally {
    receiver.server.close();
    await sandbox.controls.setPacingWindow({ window_ms: PRODUCTION_PACING_WINDOW_MS });
  }
}

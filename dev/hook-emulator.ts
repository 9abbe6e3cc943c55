/**
 * The hook emulator: plays Zapier's part for one instant trigger. A loopback HTTP receiver that
 * turns each webhook delivery into a `perform` run through core's app tester, as Zapier does:
 * the raw body in `bundle.rawRequest.content`, every header but Content-Type and Content-Length
 * renamed `Http-…` in Camel-Case, the parsed body in `bundle.cleanedRequest`, the subscription's
 * `subscribeData`. Like Zapier it answers 200 first and runs `perform` afterwards, and 410 once
 * the trigger is unsubscribed. Importable outside jest (npm start flows, the benchmark).
 *
 *     const hook = await startHookEmulator({ trigger: app.triggers.new_location, authData });
 *     await hook.subscribe();            // performSubscribe with bundle.targetUrl = hook.url
 *     // ... change something in Snapshots ...
 *     await hook.settled();              // every perform run so far has finished
 *     hook.outputs                       // everything perform returned, in order
 *     await hook.unsubscribe();          // performUnsubscribe; the receiver answers 410 from now on
 *     await hook.close();
 *
 * Options: `respond(delivery, n)` picks what the receiver does with the n-th delivery (1-based):
 * `'accept'` (200, then perform), `'fail'` (a 500, perform never runs: Zapier's endpoint failed),
 * `'lose-ack'` (perform runs, but the connection is cut before the 200: the acknowledgement is
 * lost, so Snapshots sends it again), `'hold'` (200, perform waits until `runHeld` is called, in
 * the order given: Zapier processing deliveries late and out of order), `'gone'` (410: the Zap was
 * switched off, so Snapshots drops the subscription), `'run-then-fail'` (perform runs, the answer is
 * a 500), `'slow'` (perform runs, the 200 comes after Snapshots' attempt timeout). `inputData` is the Zap's
 * configured input; `tester` a shared app tester (its z.cache is what runs share, as in Zapier).
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppTester } from 'zapier-platform-core';
import { ATTEMPT_TIMEOUT_MS } from '../sandbox/events/deliveries';
import { app } from '../src/app';

export type Reaction = 'accept' | 'fail' | 'lose-ack' | 'hold' | 'gone' | 'run-then-fail' | 'slow';
/** A `'slow'` answer comes this late: after the sandbox gave up waiting. */
const SLOW_ANSWER_MS = ATTEMPT_TIMEOUT_MS + 1000;

/** One request the receiver got, as Zapier would hand it to `perform`. */
export interface EmulatedDelivery {
  /** 1-based arrival order. */
  n: number;
  /** The headers as received (lowercase names). */
  received: Record<string, string>;
  rawRequest: {
    method: string;
    querystring: string;
    headers: Record<string, string>;
    content: string;
  };
  reaction: Reaction;
}

type Operation = {
  perform: unknown;
  performSubscribe: unknown;
  performUnsubscribe: unknown;
};

export interface HookEmulatorOptions {
  /** The trigger, e.g. `app.triggers.new_location`. */
  trigger: { key: string; operation: unknown };
  authData: Record<string, string | undefined>;
  inputData?: Record<string, unknown>;
  respond?: (delivery: EmulatedDelivery, n: number) => Reaction;
  tester?: AppTester;
  /** How many `perform` runs may go at once (4). */
  concurrency?: number;
  /** Called as each delivery arrives, and with each output `perform` returns (the benchmark). */
  onDelivery?: (delivery: EmulatedDelivery) => void;
  onOutput?: (output: Record<string, unknown>) => void;
}

type AppTester = ReturnType<typeof createAppTester>;

export interface HookEmulator {
  /** The `bundle.targetUrl` subscribed. */
  readonly url: string;
  readonly deliveries: EmulatedDelivery[];
  /** Everything `perform` returned, in the order the runs finished. */
  readonly outputs: Record<string, unknown>[];
  /** How many `perform` runs there were. */
  readonly runs: number;
  subscribeData: { id: string; secret: string } | undefined;
  subscribe(): Promise<{ id: string; secret: string }>;
  unsubscribe(): Promise<void>;
  /** Runs `perform` for the held deliveries, one after the other, in the order given. */
  runHeld(order?: (held: EmulatedDelivery[]) => EmulatedDelivery[]): Promise<void>;
  /** Runs `perform` on a request of your own (a replay, a forgery); returns its output. */
  perform(rawRequest: EmulatedDelivery['rawRequest']): Promise<Record<string, unknown>[]>;
  /** Resolves when every `perform` run started so far has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** `webhook-id` → `Http-Webhook-Id`; Content-Type and Content-Length keep their names. */
export function zapierHeaderName(name: string): string {
  const lower = name.toLowerCase();
  const camel = lower.replace(/(^|-)([a-z])/g, (match) => match.toUpperCase());
  return /^content-(type|length)$/.test(lower) ? camel : `Http-${camel}`;
}

/** The headers of a signed delivery as `perform` gets them (a test's or the benchmark's own). */
export function deliveryHeaders(id: string, at: Date, signature: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    [zapierHeaderName('webhook-id')]: id,
    [zapierHeaderName('webhook-timestamp')]: String(Math.floor(at.getTime() / 1000)),
    [zapierHeaderName('webhook-signature')]: signature,
  };
}

/** Every header renamed as Zapier renames them for `bundle.rawRequest.headers`. */
export function zapierHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    renamed[zapierHeaderName(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return renamed;
}

const flatten = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );

/**
 * Perform runs wait their turn, a few at a time: Zapier runs them on its own machines, and a
 * thousand app-tester runs at once would starve this process's event loop (and with it the
 * acknowledgements, and a sandbox running in the same process).
 */
function turnsOf(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function turn<T>(work: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/** The perform runs started and not yet finished. */
function runsInFlight() {
  const running = new Set<Promise<void>>();
  return {
    track(promise: Promise<void>): Promise<void> {
      const settled = promise.finally(() => running.delete(settled));
      running.add(settled);
      return settled;
    },
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** The `n`-th request the receiver got, as Zapier hands it to `perform`. */
function deliveryOf(request: IncomingMessage, content: string, n: number): EmulatedDelivery {
  return {
    n,
    received: flatten(request.headers),
    rawRequest: {
      method: request.method ?? 'POST',
      querystring: (request.url ?? '').split('?')[1] ?? '',
      headers: zapierHeaders(request.headers),
      content,
    },
    reaction: 'accept',
  };
}

/**
 * Answers a delivery as its reaction says; `accept` starts its perform run (for `lose-ack` too:
 * Zapier took it, but the 200 never reaches Snapshots).
 */
function answer(
  delivery: EmulatedDelivery,
  request: IncomingMessage,
  response: ServerResponse,
  accept: (delivery: EmulatedDelivery) => void,
): void {
  switch (delivery.reaction) {
    case 'fail':
      response.writeHead(500).end();
      return;
    case 'gone':
      response.writeHead(410).end();
      return;
    case 'lose-ack':
      accept(delivery);
      request.socket.destroy();
      return;
    case 'hold':
      response.writeHead(200).end();
      return;
    case 'run-then-fail':
      accept(delivery);
      response.writeHead(500).end();
      return;
    case 'slow':
      accept(delivery);
      setTimeout(() => response.writeHead(200).end(), SLOW_ANSWER_MS).unref();
      return;
    default:
      response.writeHead(200).end();
      accept(delivery);
  }
}

/**
 * The loopback receiver: each request becomes a delivery, `react` picks its reaction (seeing it
 * recorded first), and the answer follows.
 */
function createReceiver(
  react: (request: IncomingMessage, content: string) => EmulatedDelivery,
  accept: (delivery: EmulatedDelivery) => void,
): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = react(request, Buffer.concat(chunks).toString('utf8'));
      answer(delivery, request, response, accept);
    });
  });
}

/** Listens on a free loopback port; returns the port. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve),
  );
  const address: AddressInfo | string | null = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });

export async function startHookEmulator(options: HookEmulatorOptions): Promise<HookEmulator> {
  const tester = options.tester ?? createAppTester(app);
  const operation = options.trigger.operation as Operation;
  const turn = turnsOf(options.concurrency ?? 4);
  const inFlight = runsInFlight();
  const deliveries: EmulatedDelivery[] = [];
  const outputs: Record<string, unknown>[] = [];
  let runs = 0;
  let gone = false;
  let url = '';

  /** One run through the app tester with the Zap's bundle. */
  async function invoke<T>(method: unknown, bundle: Record<string, unknown>): Promise<T> {
    const result: unknown = await tester(
      method as never,
      {
        authData: options.authData,
        inputData: options.inputData ?? {},
        targetUrl: url,
        ...bundle,
      } as never,
    );
    return result as T;
  }

  async function performOn(rawRequest: EmulatedDelivery['rawRequest']) {
    runs += 1;
    let cleaned: unknown = {};
    try {
      cleaned = JSON.parse(rawRequest.content);
    } catch {
      // Zapier hands over what it could parse; perform reads the raw body anyway.
    }
    return invoke<Record<string, unknown>[]>(operation.perform, {
      subscribeData: emulator.subscribeData,
      rawRequest,
      cleanedRequest: { ...(cleaned as object), querystring: {} },
    });
  }

  async function run(rawRequest: EmulatedDelivery['rawRequest']): Promise<void> {
    const result = await turn(() => performOn(rawRequest));
    outputs.push(...result);
    for (const output of result) options.onOutput?.(output);
  }

  /** Records a delivery and picks its reaction: 410 once unsubscribed, else `respond`'s. */
  function react(request: IncomingMessage, content: string): EmulatedDelivery {
    const delivery = deliveryOf(request, content, deliveries.length + 1);
    deliveries.push(delivery);
    options.onDelivery?.(delivery);
    delivery.reaction = gone ? 'gone' : (options.respond?.(delivery, delivery.n) ?? 'accept');
    return delivery;
  }

  const server = createReceiver(react, (delivery) => {
    void inFlight.track(run(delivery.rawRequest));
  });

  const emulator: HookEmulator = {
    get url() {
      return url;
    },
    deliveries,
    outputs,
    get runs() {
      return runs;
    },
    subscribeData: undefined,
    async subscribe() {
      const data = await invoke<{ id: string; secret: string }>(operation.performSubscribe, {});
      emulator.subscribeData = data;
      gone = false;
      return data;
    },
    async unsubscribe() {
      await invoke(operation.performUnsubscribe, { subscribeData: emulator.subscribeData });
      gone = true;
    },
    async runHeld(order = (held) => held) {
      const held = deliveries.filter((delivery) => delivery.reaction === 'hold');
      for (const delivery of order(held)) {
        delivery.reaction = 'accept';
        await inFlight.track(run(delivery.rawRequest));
      }
    },
    perform: (rawRequest) => performOn(rawRequest),
    settled: () => inFlight.settled(),
    close: () => closeServer(server),
  };

  const port = await listenOnLoopback(server);
  url = `http://127.0.0.1:${port}/hooks/catch/${options.trigger.key}`;
  return emulator;
}

/** A real local HTTP server that receives webhook deliveries from the sandbox. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The raw body, exactly as received (signatures cover these bytes). */
  body: string;
  /** Date.now() when it arrived. */
  at: number;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>/hooks/<name>` */
  url: string;
  deliveries: Delivery[];
  close(): Promise<void>;
}

const flatten = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );

/**
 * Starts a receiver on a free loopback port. `respond` picks the status of each delivery
 * (`attempt` is 1 for the first request the receiver gets); 200 by default.
 */
export async function startReceiver(
  respond: (delivery: Delivery, attempt: number) => number = () => 200,
  name = 'snapshots',
): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const delivery: Delivery = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: flatten(req.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      deliveries.push(delivery);
      res.statusCode = respond(delivery, deliveries.length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/${name}`,
    deliveries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

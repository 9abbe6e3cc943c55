/** Webhook delivery throughput: location.created events signed and delivered to a loopback receiver. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bareFetch, freshToken, type Sandbox } from './sandbox-process';

const COUNT = 2_000;

async function startReceiver(onDelivery: () => void): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      onDelivery();
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks` };
}

export async function benchWebhookThroughput(sandbox: Sandbox): Promise<void> {
  await sandbox.controls.reset('empty');
  const token = await freshToken(sandbox);
  let received = 0;
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const receiver = await startReceiver(() => {
    received += 1;
    if (received === COUNT) allReceived();
  });
  const subscribed = await bareFetch(`${sandbox.origin}/v1/webhooks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-webhook-${process.pid}`,
    },
    body: JSON.stringify({ url: receiver.url, events: ['location.created'] }),
  });
  if (subscribed.status !== 201) throw new Error(`subscribe → ${subscribed.status}`);
  const start = performance.now();
  await sandbox.controls.generate({ kind: 'location', count: COUNT });
  await done;
  const seconds = (performance.now() - start) / 1000;
  receiver.server.close();
  console.log('\n## Webhook delivery throughput\n');
  console.log(
    `${COUNT} location.created events signed and delivered to a loopback receiver in ${seconds.toFixed(2)} s: ` +
      `${Math.round(COUNT / seconds)} deliveries/s`,
  );
}

/** Webhook subscriptions: `POST/GET/DELETE /v1/webhooks`. Deliveries live in deliveries.ts. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { webhookCreateFor, type Webhook } from '../../src/api/schemas';
import { isSecureOrLoopback } from '../../src/api/transport';
import type { Registry } from '../../src/api/objects';
import { callerOf, requireEventScopes } from '../oauth/access';
import type { SandboxClock } from '../clock';
import { randomId } from '../ids';
import { notFound, unprocessable } from '../http/problems';
import { parseBody } from '../http/validation';

export interface Subscription extends Omit<Webhook, 'events' | 'pending_deliveries'> {
  /** Event types of the registry served (`location.created`, …, `sync.error`). */
  events: string[];
  secret: string;
}

/**
 * HTTPS anywhere; plain HTTP only on loopback (the contract's rule, src/api/transport.ts). No
 * credentials: the URL is shown in the delivery log and in sync errors, which any token reads.
 */
function checkDeliveryUrl(url: string): void {
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') {
    const message = 'must not contain a user name or password (user:pass@)';
    throw unprocessable(`\`url\` ${message}.`, [{ field: 'url', message }]);
  }
  if (!isSecureOrLoopback(parsed)) {
    const message = 'must use https (plain http only on 127.0.0.1, localhost or [::1])';
    throw unprocessable(`\`url\` ${message}.`, [{ field: 'url', message }]);
  }
}

export class WebhookRegistry {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly deletionListeners: ((id: string) => void)[] = [];

  constructor(private readonly clock: SandboxClock) {}

  clear(): void {
    this.subscriptions.clear();
  }

  /** `maxPerMinute`: the delivery-rate cap (./pacing.ts), null for none. */
  create(url: string, events: string[], maxPerMinute: number | null = null): Subscription {
    const subscription: Subscription = {
      id: randomId('whk'),
      url,
      events: [...new Set(events)],
      created_at: this.clock.nowIso(),
      max_deliveries_per_minute: maxPerMinute,
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  get(id: string): Subscription | undefined {
    return this.subscriptions.get(id);
  }

  delete(id: string): boolean {
    const deleted = this.subscriptions.delete(id);
    if (deleted) for (const listener of this.deletionListeners) listener(id);
    return deleted;
  }

  /** Called with each deleted subscription's id (unsubscribe, or a 410 from its receiver). */
  onDelete(listener: (id: string) => void): void {
    this.deletionListeners.push(listener);
  }

  list(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  subscribersOf(type: string): Subscription[] {
    return this.list().filter((subscription) => subscription.events.includes(type));
  }
}

/** The subscription as `GET` shows it: never the secret; the deliveries waiting under its cap. */
const shown = (
  { secret: _secret, ...webhook }: Subscription,
  pendingDeliveries: number,
): Omit<Subscription, 'secret'> & { pending_deliveries: number } => ({
  ...webhook,
  pending_deliveries: pendingDeliveries,
});

export function registerWebhookRoutes(
  app: FastifyInstance,
  deps: {
    webhooks: WebhookRegistry;
    objects: Registry;
    deliveries: { waitingFor(webhookId: string): number };
  },
): void {
  const show = (subscription: Subscription) =>
    shown(subscription, deps.deliveries.waitingFor(subscription.id));
  const webhookCreate = webhookCreateFor(deps.objects);
  app.post('/v1/webhooks', async (request, reply) => {
    const auth = callerOf(request);
    const body = parseBody(webhookCreate, request.body);
    for (const type of body.events) requireEventScopes(auth, type, deps.objects);
    checkDeliveryUrl(body.url);
    const subscription = deps.webhooks.create(
      body.url,
      body.events,
      body.max_deliveries_per_minute ?? null,
    );
    return reply.code(201).header('location', `/v1/webhooks/${subscription.id}`).send(subscription);
  });

  app.get('/v1/webhooks', (request) => {
    callerOf(request);
    return { data: deps.webhooks.list().map(show) };
  });

  app.get<{ Params: { id: string } }>('/v1/webhooks/:id', (request) => {
    callerOf(request);
    const subscription = deps.webhooks.get(request.params.id);
    if (!subscription) {
      throw notFound(`No webhook subscription "${request.params.id}".`, 'webhook_id');
    }
    return show(subscription);
  });

  app.delete<{ Params: { id: string } }>('/v1/webhooks/:id', async (request, reply) => {
    callerOf(request);
    if (!deps.webhooks.delete(request.params.id)) {
      throw notFound(`No webhook subscription "${request.params.id}".`, 'webhook_id');
    }
    return reply.code(204).send();
  });
}

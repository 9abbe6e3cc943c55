/** The change log, webhook subscriptions and the sync-error log. */
import { z } from 'zod';
import { EventId, SyncErrorId, Timestamp, WebhookId } from './common';
import { ActivityExpanded, Location, Matter } from './resources';

export const SyncErrorResourceType = z.enum(['location', 'matter', 'activity', 'webhook']);
export const SyncError = z
  .object({
    error_id: SyncErrorId,
    occurred_at: Timestamp,
    code: z.string().meta({ example: 'validation_failed' }),
    message: z.string(),
    resource: z.object({ type: SyncErrorResourceType, id: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'SyncError', description: 'Something that went wrong while syncing.' });

export const EVENT_TYPES = [
  'location.created',
  'location.updated',
  'matter.created',
  'matter.updated',
  'activity.created',
  'activity.updated',
  'sync.error',
] as const;
export const EventType = z.enum(EVENT_TYPES).meta({ id: 'EventType' });
export type EventType = z.infer<typeof EventType>;

const eventOf = <T extends readonly [string, ...string[]], D extends z.ZodType>(
  types: T,
  data: D,
  id: string,
) =>
  z
    .object({
      event_id: EventId,
      sequence: z.number().int().min(1).meta({ description: 'Strictly increasing.' }),
      type: z.enum(types),
      occurred_at: Timestamp,
      data,
    })
    .meta({ id });

export const LocationEvent = eventOf(
  ['location.created', 'location.updated'],
  Location,
  'LocationEvent',
);
export const MatterEvent = eventOf(['matter.created', 'matter.updated'], Matter, 'MatterEvent');
export const ActivityEvent = eventOf(
  ['activity.created', 'activity.updated'],
  ActivityExpanded,
  'ActivityEvent',
);
export const SyncErrorEvent = eventOf(['sync.error'], SyncError, 'SyncErrorEvent');
export const Event = z
  .discriminatedUnion('type', [LocationEvent, MatterEvent, ActivityEvent, SyncErrorEvent])
  .meta({
    id: 'Event',
    description: 'Every change emits one; `data` is the resource as GET returns it.',
  });

export const WebhookCreate = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048),
    events: z.array(EventType).min(1, 'must list at least one event type'),
  })
  .meta({ id: 'WebhookCreate' });
const webhookShape = {
  id: WebhookId,
  url: z.string(),
  events: z.array(EventType),
  created_at: Timestamp,
};
export const Webhook = z.object(webhookShape).meta({ id: 'Webhook' });
export const WebhookWithSecret = z
  .object({
    ...webhookShape,
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]+$/)
      .meta({ description: 'Shown once, at creation. Signs deliveries (Standard Webhooks).' }),
  })
  .meta({ id: 'WebhookWithSecret' });

export type SyncError = z.infer<typeof SyncError>;
export type Event = z.infer<typeof Event>;
export type Webhook = z.infer<typeof Webhook>;
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

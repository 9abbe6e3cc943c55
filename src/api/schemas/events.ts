/** The change log, webhook subscriptions and the sync-error log. */
import { z } from 'zod';
import { OBJECT_NAMES, OBJECTS, recordEventTypesOf, type Registry } from '../objects';
import { Cursor, EventId, Limit, SyncErrorId, Timestamp, WebhookId } from './common';
import { commaList } from './queries';

/** What a sync error is about: a record of any object, or a webhook subscription. */
export const SyncErrorResourceType = z.enum([...OBJECT_NAMES, 'webhook']);
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

/** Each object's `.created` and `.updated`, then `sync.error`. */
export const EVENT_TYPES = [...recordEventTypesOf(OBJECTS), 'sync.error' as const] as [
  ...ReturnType<typeof recordEventTypesOf<typeof OBJECTS>>,
  'sync.error',
];
export const EventType = z.enum(EVENT_TYPES).meta({ id: 'EventType' });
export type EventType = z.infer<typeof EventType>;

/** The event types of a registry: the API's own is `EventType`; a test's gets its own enum. */
const eventTypeOf = (objects: Registry) =>
  objects === OBJECTS ? EventType : z.enum(['sync.error', ...recordEventTypesOf(objects)]);

/** `GET /v1/events`' query for a registry (the sandbox serves a test's registry with it). */
export const eventListQueryFor = (objects: Registry) =>
  z.strictObject({
    types: commaList(eventTypeOf(objects)).optional(),
    after_sequence: z.coerce.number().int('must be a whole number').min(0).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: Limit,
    cursor: Cursor.optional(),
  });
export const EventListQuery = eventListQueryFor(OBJECTS);
export type EventListQuery = z.input<typeof EventListQuery>;

const eventShape = {
  event_id: EventId,
  sequence: z.number().int().min(1).meta({ description: 'Strictly increasing.' }),
  occurred_at: Timestamp,
};

/**
 * What a `*.updated` event changed: the names of the top-level fields whose value differs from
 * the previous version (`address`, `status`, …) and `custom_fields.<key>` for each custom field.
 * Absent on `*.created` and `sync.error` events. A webhook delivery may list more: what the
 * versions its subscription has not received changed too (WEBHOOK_DELIVERY_RULES).
 */
export const ChangedFields = z
  .array(z.string().min(1))
  .meta({ id: 'ChangedFields', example: ['status', 'custom_fields.billing_code'] });

/**
 * The keys of the custom fields defined for the event's object when the event is sent (a
 * delivery) or read (`GET /v1/events`): a receiver filtering on `changed_fields` can tell a
 * custom field deleted since from one that did not change. Sent on every record event; optional
 * for readers, as servers before it did not send it.
 */
export const CustomFieldKeys = z
  .array(z.string().min(1))
  .meta({ id: 'CustomFieldKeys', example: ['billing_code', 'practice_area'] });

const eventOf = <T extends readonly [string, ...string[]], D extends z.ZodType>(
  types: T,
  data: D,
  id: string,
) => z.object({ ...eventShape, type: z.enum(types), data }).meta({ id });

/** A record's event: `changed_fields` is set on its `*.updated` type, `custom_field_keys` on both. */
const recordEventOf = <T extends readonly [string, ...string[]], D extends z.ZodType>(
  types: T,
  data: D,
  id: string,
) =>
  z
    .object({
      ...eventShape,
      type: z.enum(types),
      changed_fields: ChangedFields.optional(),
      custom_field_keys: CustomFieldKeys.optional(),
      data,
    })
    .meta({ id });

/**
 * Each object's events, `<Title>Event`, carrying its record as a read returns it (a matter's
 * location, an activity's matter and location embedded: links expanded, null when unlinked).
 */
const recordEvents = OBJECTS.map((object) =>
  recordEventOf(
    [`${object.name}.created`, `${object.name}.updated`],
    object.schemas.record,
    `${object.nouns.title}Event`,
  ),
);
type RecordEvent = (typeof recordEvents)[number];
export const SyncErrorEvent = eventOf(['sync.error'], SyncError, 'SyncErrorEvent');

/**
 * An event read tolerantly, for receivers: any `type` and any `data`, extra fields ignored. A
 * newer server's event type must not crash a reader that does not know it; it checks `type`
 * first and parses `data` with the schema of a type it does know.
 */
export const EventEnvelope = z.object({
  ...eventShape,
  event_id: z.string().min(1),
  type: z.string(),
  changed_fields: z.array(z.string()).optional().catch(undefined),
  custom_field_keys: z.array(z.string()).optional().catch(undefined),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;
export const Event = z
  .discriminatedUnion('type', [
    ...(recordEvents as [RecordEvent, ...RecordEvent[]]),
    SyncErrorEvent,
  ])
  .meta({
    id: 'Event',
    description: 'Every change emits one; `data` is the resource as GET returns it.',
  });

/** The bounds of a subscription's delivery-rate cap, per minute. */
export const MAX_DELIVERIES_PER_MINUTE = { min: 1, max: 600 } as const;
/** How long the pacing window lasts: the cap counts deliveries in any window this long. */
export const PACING_WINDOW_SECONDS = 60;
const CAP_RANGE = `must be between ${MAX_DELIVERIES_PER_MINUTE.min} and ${MAX_DELIVERIES_PER_MINUTE.max}`;

const DeliveryRateCap = z
  .number()
  .int('must be a whole number')
  .min(MAX_DELIVERIES_PER_MINUTE.min, CAP_RANGE)
  .max(MAX_DELIVERIES_PER_MINUTE.max, CAP_RANGE)
  .nullable()
  .meta({
    description:
      `At most this many delivery attempts, retries included, reach the URL in any ${PACING_WINDOW_SECONDS}-second ` +
      'window; the rest wait their turn (see `POST /v1/webhooks`). Null or absent: no cap.',
    example: 30,
  });

/** `POST /v1/webhooks`' body for a registry (the sandbox serves a test's registry with it). */
export const webhookCreateFor = (objects: Registry) =>
  z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048),
    events: z.array(eventTypeOf(objects)).min(1, 'must list at least one event type'),
    max_deliveries_per_minute: DeliveryRateCap.optional(),
  });
export const WebhookCreate = webhookCreateFor(OBJECTS).meta({ id: 'WebhookCreate' });
const webhookShape = {
  id: WebhookId,
  url: z.string(),
  events: z.array(EventType),
  created_at: Timestamp,
  max_deliveries_per_minute: DeliveryRateCap,
};
/**
 * Pacing, part of the contract (OpenAPI: `POST /v1/webhooks`). A slot of the cap is taken when an
 * attempt starts and freed a full window after its answer (or its failure), so however long a
 * request travels, the receiver never gets more than the cap in any window.
 */
export const WEBHOOK_PACING_RULES =
  'With `max_deliveries_per_minute`, at most that many delivery attempts, retries included, reach ' +
  `the URL in any ${PACING_WINDOW_SECONDS}-second window: an attempt takes one of the cap's slots when it starts, and ` +
  `the slot is free again ${PACING_WINDOW_SECONDS} seconds after its answer. Deliveries above the cap wait their turn, ` +
  'in the order they were queued, and none is lost. While one version of a record waits, a newer ' +
  'version of the same record takes its place in the queue: the waiting one is superseded (as ' +
  'above) and the newer one carries its changes. `pending_deliveries` on the subscription counts ' +
  'the deliveries waiting for a slot.';
/**
 * The delivery rules, part of the contract (OpenAPI: `POST /v1/webhooks` and `webhooks.event`).
 * Superseded deliveries are dropped at the source, so a late retry never hands a receiver an older
 * state of a record after a newer one; the newer delivery carries their changed fields instead.
 */
export const WEBHOOK_DELIVERY_RULES =
  'Deliveries are signed per Standard Webhooks (`webhook-id` is the event id, the same on every ' +
  'retry) and retried on failure. A subscription is never sent an older version of a record after ' +
  'a newer one: once an event of a record with a higher `version` has been sent to it, whatever ' +
  'the answer or none (a receiver may have processed a delivery it answered with an error, or ' +
  'not at all), a delivery of a lower version, a pending retry included, is superseded: it is ' +
  "dropped, not sent, and recorded in the delivery log, and the newer version's deliveries carry " +
  'its changes. So that no change is lost to a receiver that filters on `changed_fields`, an ' +
  'update delivered to a subscription lists, beside its own changes, those of every earlier ' +
  'version of the record that the subscription has not received (failing, abandoned or ' +
  'superseded); after a creation it has not received, every stored field, each custom field ' +
  'defined included. So retries of one event may list different fields, and a field changed and ' +
  "changed back is still listed. `GET /v1/events` keeps each version's own `changed_fields`. A " +
  'subscription is sent one version of a record at a time: the next once the outcome of the ' +
  'attempt before it is known.';
export const Webhook = z
  .object({
    ...webhookShape,
    pending_deliveries: z
      .number()
      .int()
      .min(0)
      .meta({
        description:
          'Deliveries waiting for a slot under `max_deliveries_per_minute` (0 without a cap); ' +
          'retries scheduled for later are not counted until they are due.',
      }),
  })
  .meta({ id: 'Webhook' });
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

/**
 * Instant (REST hook) triggers, written once. An object's kind (./object-kind) supplies its noun,
 * the schema of its events' `data`, its output mapper and what its trigger role outputs; each
 * trigger adds its key, labels and event types; this module does the rest:
 *
 * - `performSubscribe`: one `POST /v1/webhooks` for exactly the trigger's event types at
 *   `bundle.targetUrl`, with a record trigger's "Max Runs per Minute" as the subscription's
 *   delivery-rate cap; every subscribe makes its own subscription (own id, own secret), so Zaps
 *   never share or overwrite one. `performUnsubscribe` deletes it; already gone (404) is fine.
 * - `perform`: trusts a delivery only after its Standard Webhooks signature checks out with the
 *   subscription's secret, within the timestamp tolerance, and its type is one the trigger
 *   subscribed to; then fires once per event (`webhook-id`), never an older version of a record
 *   after a newer one (../runtime/hook-memory), and only when a chosen field changed. A rejected
 *   delivery returns [] and logs one line saying why. It makes no request: the delivery carries
 *   the record.
 * - `performList`: the newest events of the trigger's types, one `GET /v1/events` request, through
 *   the same mapper, so a sample and a live run have the same shape. During a Transfer (Zapier's
 *   bulk read, `canPaginate`) a record trigger pages through the records themselves instead
 *   (`transferPages`).
 */
import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  PlainInputField,
  PlainOutputField,
  Trigger,
  WebhookTriggerPerform,
  ZObject,
} from 'zapier-platform-core';
import { z as zod } from 'zod';
import { OBJECT, objectOfEvent } from '../api/objects';
import {
  EventEnvelope,
  MAX_DELIVERIES_PER_MINUTE,
  type CustomFieldObject,
  type EventType,
} from '../api/schemas';
import { reader } from '../api/schemas/lenient';
import { createApiClient, type ApiClient } from '../http/client';
import { halted, unexpectedDataError } from '../http/errors';
import { loadCustomFieldDefinitions } from '../fields/custom-field-definitions';
import { listOf } from '../fields/inputs';
import type { ChangeInfo } from '../fields/outputs';
import { requestedLimit, requestedPage } from '../runtime/bundle-meta';
import { fetchTransferPage, type CursorPage } from '../runtime/cursor-pages';
import { HookMemory } from '../runtime/hook-memory';
import { verifyDelivery, type Tolerance } from '../runtime/webhook-signature';
import type { ObjectKind } from './object-kind';

/**
 * How old a delivery's timestamp may be when `perform` runs. Zapier acknowledges a delivery at
 * once but may run `perform` "several minutes" later under load, and a throttled run is retried
 * up to 5 minutes after that; 30 minutes covers both with room to spare. A delay only makes a
 * delivery older, so the future side allows clock skew only. README: "Instant triggers".
 */
export const SIGNATURE_TOLERANCE: Tolerance = { pastSeconds: 30 * 60, futureSeconds: 5 * 60 };
/**
 * Fired delivery ids are remembered twice as long as the tolerance: a replay inside the window is
 * caught by the cache, one beyond it by the timestamp check.
 */
export const DELIVERY_TTL_SECONDS = 2 * SIGNATURE_TOLERANCE.pastSeconds;
/** Versions are remembered beyond Snapshots' last retry (5 s … 10 h, about 18 h in all). */
export const VERSION_TTL_SECONDS = 24 * 3600;
/** performList: the newest events (enough for Zapier's samples), at most one page. */
export const LIST_SIZE = 10;

/** The input key of "Only When These Fields Change". */
export const CHANGED_FIELDS_INPUT = 'only_when_changed';
/** The input key of "Max Runs per Minute", Snapshots' delivery-rate cap for the Zap. */
export const MAX_RUNS_INPUT = 'max_runs_per_minute';

export interface FieldChoice {
  /** The name as `changed_fields` lists it: `status`, `custom_fields.<key>`. */
  value: string;
  label: string;
}

export interface HookTriggerConfig<K extends string, O extends { id: string }> {
  key: K;
  label: string;
  /** "Triggers when …" */
  description: string;
  events: readonly [EventType, ...EventType[]];
  /** "Only When These Fields Change": the object's fields (its custom fields are added). */
  fieldFilter?: readonly FieldChoice[];
  /** A performList other than the event log (sync errors read their own log). */
  list?: (api: ApiClient, limit: number) => Promise<O[]>;
}

const SubscribeData = zod.object({ id: zod.string().min(1), secret: zod.string().min(1) });
type SubscribeData = zod.infer<typeof SubscribeData>;

/**
 * The fields the user chose (Zapier sends a list; a comma-separated text is accepted too).
 * Anything else was refused at subscribe (checkChosenFields), and filters nothing.
 */
function chosenFields(bundle: Bundle): string[] {
  const value: unknown = bundle.inputData[CHANGED_FIELDS_INPUT];
  return Array.isArray(value) || typeof value === 'string' ? listOf(value) : [];
}

/** `custom_fields.<key>`: a custom field, whichever the definitions hold when the Zap runs. */
const CUSTOM_FIELD_CHOICE = /^custom_fields\.[a-z][a-z0-9_]{0,63}$/;
const CUSTOM_FIELD_CHOICE_PREFIX = 'custom_fields.';

/** The output saying why "Only When These Fields Change" could not be applied to an update. */
export const FILTER_NOT_APPLIED = 'filter_not_applied';
const filterNotAppliedField: PlainOutputField = {
  key: FILTER_NOT_APPLIED,
  label: 'Filter Not Applied',
  type: 'string',
};

interface FieldFilter {
  object: CustomFieldObject;
  choices: readonly FieldChoice[];
}

/**
 * Throws a HaltedError naming the input and the field when a chosen field is not one the trigger
 * offers, or a custom field the object does not have (read afresh: the Zap is being turned on).
 */
async function checkChosenFields(z: ZObject, bundle: Bundle, filter: FieldFilter): Promise<void> {
  const { choices } = filter;
  const value: unknown = bundle.inputData[CHANGED_FIELDS_INPUT];
  const label = '"Only When These Fields Change"';
  const fix = 'pick fields from its list, or leave it empty to fire on every change.';
  const items: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : [];
  if (value !== undefined && value !== null && typeof value !== 'string' && !Array.isArray(value)) {
    throw halted(`${label} must be a list of fields: ${fix}`);
  }
  const known = new Set(choices.map((choice) => choice.value));
  const customFields: string[] = [];
  for (const item of items) {
    const name: unknown = typeof item === 'string' ? item.trim() : item;
    if (name === '') continue;
    if (typeof name !== 'string' || (!known.has(name) && !CUSTOM_FIELD_CHOICE.test(name))) {
      throw halted(
        `${label} has ${JSON.stringify(name).slice(0, 60)}, not a field of this trigger: ${fix}`,
      );
    }
    if (!known.has(name)) customFields.push(name);
  }
  if (customFields.length === 0) return;
  const definitions = await loadCustomFieldDefinitions(z, filter.object, { maxAgeSeconds: 0 });
  const defined = new Set(definitions.map(({ key }) => `${CUSTOM_FIELD_CHOICE_PREFIX}${key}`));
  const unknown = customFields.find((name) => !defined.has(name));
  if (unknown !== undefined) {
    const key = unknown.slice(CUSTOM_FIELD_CHOICE_PREFIX.length);
    throw halted(
      `${label} has the custom field "${key}", which ${OBJECT[filter.object].nouns.many} do not have in Snapshots (deleted, or never defined): ${fix}`,
    );
  }
}

/**
 * Why "Only When These Fields Change" cannot be applied to an update, or undefined when it can:
 * the update does not say what changed, or a chosen field is one this trigger can no longer check
 * (a custom field deleted since, which the event's `custom_field_keys` no longer lists). Such an
 * update fires, saying why: firing beats losing a change.
 */
export function unappliedFilterReason(
  event: EventEnvelope,
  chosen: readonly string[],
  choices: readonly FieldChoice[],
): string | undefined {
  if (chosen.length === 0 || !event.type.endsWith('.updated')) return undefined;
  const reasons: string[] = [];
  if (!event.changed_fields) reasons.push('the update does not say which fields it changed');
  const offered = new Set(choices.map((choice) => choice.value));
  for (const field of chosen) {
    if (offered.has(field)) continue;
    const key = CUSTOM_FIELD_CHOICE.test(field)
      ? field.slice(CUSTOM_FIELD_CHOICE_PREFIX.length)
      : undefined;
    if (key === undefined) reasons.push(`"${field}" is not a field of this trigger`);
    else if (!event.custom_field_keys) {
      reasons.push(
        `the update does not list the custom fields defined, so "${key}" cannot be checked`,
      );
    } else if (!event.custom_field_keys.includes(key)) {
      reasons.push(`the custom field "${key}" no longer exists in Snapshots`);
    }
  }
  if (reasons.length === 0) return undefined;
  return `Only When These Fields Change could not be applied, so this update fired: ${reasons.join('; ')}. Edit the trigger to choose its fields again.`;
}

/**
 * "Max Runs per Minute" as Snapshots takes it: undefined when blank (no cap). Anything but a
 * whole number in range throws a HaltedError naming the input, so the Zap is not turned on with
 * a cap the user did not mean.
 */
function maxRunsPerMinute(bundle: Bundle): number | undefined {
  const value: unknown = bundle.inputData[MAX_RUNS_INPUT];
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value;
  if (text === undefined || text === null || text === '') return undefined;
  const { min, max } = MAX_DELIVERIES_PER_MINUTE;
  const cap = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (cap >= min && cap <= max) return cap;
  throw halted(
    `"Max Runs per Minute" must be a whole number from ${min} to ${max}, not ` +
      `${JSON.stringify(value).slice(0, 60)}: enter one, or leave it blank for no limit.`,
  );
}

/**
 * A created event always passes; an updated one passes when it changed a chosen field. An event
 * that does not say what changed passes too: firing beats losing a change.
 */
export function passesFieldFilter(event: EventEnvelope, chosen: readonly string[]): boolean {
  if (chosen.length === 0 || !event.type.endsWith('.updated')) return true;
  if (!event.changed_fields) return true;
  return event.changed_fields.some((field) => chosen.includes(field));
}

export function changeOf(event: EventEnvelope): ChangeInfo {
  return {
    event_id: event.event_id,
    event_type: event.type,
    occurred_at: event.occurred_at,
    changed_fields: event.changed_fields ?? [],
  };
}

/**
 * performSubscribe: one Snapshots webhook per Zap, with the trigger's events and its cap. A filter
 * that can never match would silently drop every update, and a cap the user did not mean would
 * pace the wrong way: both are refused while the user is turning the Zap on, before any write.
 */
function subscribeWith(
  events: readonly EventType[],
  fieldFilter: FieldFilter | undefined,
  paced: boolean,
) {
  return async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
    if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no URL to subscribe.');
    const cap = paced ? maxRunsPerMinute(bundle) : undefined;
    if (fieldFilter) await checkChosenFields(z, bundle, fieldFilter);
    const webhook = await createApiClient(z).webhooks.create(
      {
        url: bundle.targetUrl,
        events: [...events],
        ...(cap === undefined ? {} : { max_deliveries_per_minute: cap }),
      },
      // Each subscribe is its own subscription; a twin from a retried subscribe is harmless (its
      // deliveries fail this one's signature check, and Zapier's 410 removes it after unsubscribe).
      { idempotencyKey: `zap_subscribe_${randomUUID()}` },
    );
    return { id: webhook.id, secret: webhook.secret };
  };
}

/** performUnsubscribe: deletes the Zap's webhook (already gone is fine). */
async function performUnsubscribe(z: ZObject, bundle: Bundle) {
  const subscription = SubscribeData.pick({ id: true }).safeParse(bundle.subscribeData);
  if (!subscription.success) return { deleted: false };
  return createApiClient(z).webhooks.delete(subscription.data.id);
}

export function defineHookTrigger<K extends string, R, O extends { id: string }>(
  kind: ObjectKind<R, O>,
  config: HookTriggerConfig<K, O>,
) {
  const fieldFilter: FieldFilter | undefined = config.fieldFilter && {
    object: customFieldObjectOf(kind),
    choices: config.fieldFilter,
  };
  /** Whether an event passes the field filter, and why the filter could not be applied to it. */
  const filterOf = (event: EventEnvelope, chosen: readonly string[]) => {
    const unapplied = fieldFilter && unappliedFilterReason(event, chosen, fieldFilter.choices);
    return { passes: unapplied !== undefined || passesFieldFilter(event, chosen), unapplied };
  };
  /** Filter Not Applied on a trigger that has the filter (empty: applied, or nothing to filter). */
  const noted = (output: O, unapplied?: string): O =>
    fieldFilter ? { ...output, [FILTER_NOT_APPLIED]: unapplied ?? '' } : output;
  const outputOf = (record: R, event: EventEnvelope, unapplied: string | undefined): O =>
    noted(kind.output(record, changeOf(event)), unapplied);
  const types: readonly string[] = config.events;
  // A record's Zaps are the ones that write to Clio, whose rate limit the cap is for.
  const paced = kind.versionOf !== undefined;
  const ignore = (z: ZObject, reason: string): O[] => {
    z.console.log(`${config.key}: delivery ignored, ${reason}.`);
    return [];
  };

  /**
   * The event's record, read as the API client reads every response (../api/schemas/lenient): a
   * value newer than this version (an enum value, say), an extra field or a timestamp with
   * an offset never breaks a run, and a delivery reads exactly as the same event in performList
   * (which comes through the client). An error names the field when a signed event breaks even
   * that. The mappers take such records (as the action builders hand them) and fall back for
   * values they do not know.
   */
  const recordOf = (event: EventEnvelope): R => {
    const parsed = reader(kind.record).safeParse(event.data);
    if (!parsed.success) throw unexpectedDataError(parsed.error, `the ${event.type} event`);
    return parsed.data as R;
  };

  const performSubscribe = subscribeWith(config.events, fieldFilter, paced);

  const perform = (async (z: ZObject, bundle: Bundle): Promise<O[]> => {
    const subscription = SubscribeData.safeParse(bundle.subscribeData);
    if (!subscription.success) return ignore(z, 'the Zap has no Snapshots subscription data');
    const raw = bundle.rawRequest;
    if (typeof raw?.content !== 'string') return ignore(z, 'it carries no raw body to verify');
    const verified = verifyDelivery(
      { headers: raw.headers ?? {}, body: raw.content },
      subscription.data.secret,
      Math.floor(Date.now() / 1000),
      SIGNATURE_TOLERANCE,
    );
    if (!verified.ok) return ignore(z, verified.reason);

    let json: unknown;
    try {
      json = JSON.parse(raw.content);
    } catch {
      return ignore(z, 'its body is not JSON');
    }
    const envelope = reader(EventEnvelope).safeParse(json);
    if (!envelope.success) return ignore(z, 'its body is not a Snapshots event');
    const event = envelope.data;
    if (!types.includes(event.type)) {
      return ignore(z, `its event type ${event.type} is not one this trigger subscribed to`);
    }
    const record = recordOf(event);

    const memory = new HookMemory(z, subscription.data.id, {
      deliveryTtlSeconds: DELIVERY_TTL_SECONDS,
      versionTtlSeconds: VERSION_TTL_SECONDS,
      log: (line) => z.console.log(`${config.key}: ${line}.`),
    });
    // Only a delivery that fires sets the version a later one must exceed: an update the field
    // filter skipped was never handed to the next step, so an older change that did touch a chosen
    // field, processed after it, is still newer than anything this Zap fired.
    const { passes, unapplied } = filterOf(event, chosenFields(bundle));
    const claim = await memory.claim(
      verified.webhookId,
      passes ? kind.versionOf?.(record) : undefined,
    );
    if (claim === 'duplicate') return ignore(z, `event ${event.event_id} was already fired`);
    if (claim === 'older') {
      return ignore(z, `event ${event.event_id} is older than a version already fired`);
    }
    if (!passes) return ignore(z, `event ${event.event_id} changed none of the chosen fields`);
    return [outputOf(record, event, unapplied)];
  }) satisfies WebhookTriggerPerform;

  const transfer = config.list ? undefined : transferPages(kind, config.events);

  const performList = async (z: ZObject, bundle: Bundle): Promise<O[]> => {
    if (transfer && isBulkRead(bundle)) {
      return (await transfer(z, requestedPage(bundle))).map((output) => noted(output));
    }
    // The editor's sample is one page: with canPaginate, its "load more" must not repeat it.
    if (transfer && requestedPage(bundle) > 0) return [];
    const api = createApiClient(z);
    const limit = Math.min(requestedLimit(bundle) ?? LIST_SIZE, 100);
    if (config.list) return config.list(api, limit);
    const page = await api.events.list({ types: config.events, order: 'desc', limit });
    const chosen = chosenFields(bundle);
    // Only the trigger's own types are read: an event of a kind this version does not know (a
    // server that ignored `types`) is skipped whatever its shape, as perform skips it.
    return page.data
      .filter((item) => types.includes(item.type))
      .map((item) => reader(EventEnvelope).parse(item))
      .map((event) => ({ event, ...filterOf(event, chosen) }))
      .filter(({ passes }) => passes)
      .map(({ event, unapplied }) => outputOf(recordOf(event), event, unapplied));
  };

  const inputFields = [
    ...(fieldFilter ? [changedFieldsInput(fieldFilter)] : []),
    ...(paced ? [MAX_RUNS_FIELD] : []),
  ];

  return {
    key: config.key,
    noun: kind.noun,
    display: { label: config.label, description: config.description },
    operation: {
      type: 'hook',
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      ...(transfer && { canPaginate: true }),
      inputFields,
      sample: fieldFilter
        ? { ...sampleOf(kind.outputs.trigger.sample, config.events), [FILTER_NOT_APPLIED]: '' }
        : sampleOf(kind.outputs.trigger.sample, config.events),
      outputFields: fieldFilter
        ? [...kind.outputs.trigger.outputFields, filterNotAppliedField]
        : kind.outputs.trigger.outputFields,
    },
  } satisfies Trigger<K>;
}

/** Transfer's page size: the API's largest, so a firm's history costs the fewest requests. */
export const TRANSFER_PAGE_SIZE = 100;

/** What Transfer reads of a record (the mapper reads the rest, as the kind's record). */
type ListedRecord = { version: number; last_updated: string };
/** Any registry object's collection, as Transfer lists it. */
type RecordList = {
  list(
    query: Record<string, string | number | readonly string[] | undefined>,
  ): Promise<CursorPage<ListedRecord>>;
};

/** Zapier is reading the trigger's history (Transfer), not taking a sample. */
const isBulkRead = (bundle: Bundle): boolean =>
  (bundle.meta as Partial<Bundle['meta']> | undefined)?.isBulkRead === true;

/**
 * A record trigger's Transfer: the object's records, oldest created first (a record never moves
 * in that order, and one created during the run can only come after the position, so nothing
 * comes twice), each in its current state with every link expanded as events carry them, through
 * the trigger's mapper: the output and `id` of a live delivery of that version. A Transfer item is
 * the record as it stands, not a change: its Event ID is empty and it lists no Changed Fields, so
 * "Only When These Fields Change" has nothing to filter and every record is offered. None for a
 * trigger that is not on a registry object's events (sync errors).
 */
function transferPages<R, O extends { id: string }>(
  kind: ObjectKind<R, O>,
  events: readonly EventType[],
): ((z: ZObject, page: number) => Promise<O[]>) | undefined {
  const object = objectOfEvent(events[0] ?? '');
  if (!object) return undefined;
  const types: readonly string[] = events;
  const expand = object.links.flatMap((link) => link.expandAs ?? []);
  const changeOfRecord = (record: ListedRecord): ChangeInfo => {
    const type = `${object.name}.${record.version === 1 ? 'created' : 'updated'}`;
    return {
      event_id: '',
      // A created-only trigger offers every record as the creation it fires on.
      event_type: types.includes(type) ? type : types[0]!,
      occurred_at: record.last_updated,
      changed_fields: [],
    };
  };
  return async (z, page) => {
    const collection = (createApiClient(z) as unknown as Record<string, RecordList>)[object.path]!;
    const records = await fetchTransferPage(z, page, (cursor) =>
      collection.list({
        sort: 'created_at',
        expand: expand.length > 0 ? expand : undefined,
        limit: TRANSFER_PAGE_SIZE,
        cursor,
      }),
    );
    return records.map((record) => kind.output(record as R, changeOfRecord(record)));
  };
}

/**
 * The sample as this trigger fires it: an object shares one sample (an update) between its
 * triggers and its actions, so a trigger that never sees that event type (a created-only one)
 * shows it as its own first type, a created event, which changed no fields.
 */
function sampleOf<O extends object>(sample: O, events: readonly EventType[]): O {
  const type = (sample as Partial<ChangeInfo>).event_type;
  if (type === undefined || (events as readonly string[]).includes(type)) return sample;
  return { ...sample, event_type: events[0], changed_fields: [] };
}

/** The object whose custom fields a field filter offers: only a kind with custom fields has one. */
function customFieldObjectOf(kind: ObjectKind<never, { id: string }>): CustomFieldObject {
  if (!kind.object) throw new Error(`${kind.noun} has no custom fields to filter changes by`);
  return kind.object;
}

const MAX_RUNS_FIELD = {
  key: MAX_RUNS_INPUT,
  label: 'Max Runs per Minute',
  type: 'integer',
  required: false,
  helpText:
    `Optional, ${MAX_DELIVERIES_PER_MINUTE.min} to ${MAX_DELIVERIES_PER_MINUTE.max}. At most ` +
    'this many runs of this Zap start in any minute; changes above it wait their turn and none ' +
    "is lost. Clio allows 50 requests a minute across all of a firm's Zaps, so give each Zap " +
    'that writes to Clio its share: about 50 ÷ its Clio steps ÷ the number of such Zaps, less ' +
    'some headroom. Leave blank for no limit.',
} as const satisfies PlainInputField;

/** "Only When These Fields Change": the object's fields and its custom fields, any number. */
function changedFieldsInput(filter: FieldFilter) {
  return async (z: ZObject): Promise<PlainInputField[]> => {
    const definitions = await loadCustomFieldDefinitions(z, filter.object);
    const choices = [
      ...filter.choices,
      ...definitions.map((definition) => ({
        value: `custom_fields.${definition.key}`,
        label: `${definition.label} (Custom Field)`,
      })),
    ];
    return [
      {
        key: CHANGED_FIELDS_INPUT,
        label: 'Only When These Fields Change',
        helpText:
          'Optional. Pick fields to fire on an update only when one of them changed; a new record ' +
          'always fires. Leave empty to fire on every change. If a chosen custom field is deleted ' +
          'later, updates fire anyway and the output Filter Not Applied says why.',
        list: true,
        required: false,
        choices: choices.map(({ value, label }) => ({ value, label, sample: value })),
      },
    ];
  };
}

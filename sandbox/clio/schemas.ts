/**
 * What the Clio stand-in accepts: the write bodies of Clio's API v4 for the five collections the
 * recipes use, with Clio's field names and types (Clio's document, pruned in ./clio-openapi.json).
 * Every object is strict (an unknown field is a 422 naming it), ids are integers, enums are Clio's
 * spelling, dates are ISO dates. Rules that need the stored data (references exist, custom fields
 * exist, nested list items exist) are checked in `records.ts`.
 */
import { z } from 'zod';
import { documentedReadFields, documentedWriteFields } from './conformance';

export const CLIO_COLLECTIONS = [
  'contacts',
  'matters',
  'activities',
  'notes',
  'communications',
] as const;
export type ClioCollection = (typeof CLIO_COLLECTIONS)[number];

const ClioId = z.int('must be an integer id').positive('must be an integer id');
const Ref = z.strictObject({ id: ClioId });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar date, `YYYY-MM-DD`, that exists. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
const IsoDate = z.string().refine(isIsoDate, 'must be an ISO date (YYYY-MM-DD)');
const IsoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO date-time with an offset',
});
const Text = z.string();
const Required = z.string().trim().min(1, 'is required');

/** A nested list item: `id` names an existing item to change, `_destroy: true` removes it. */
const nested = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject({ id: ClioId.optional(), _destroy: z.boolean().optional(), ...shape });

// A new address, email or phone without a `name` is "Other": the document's default.
const Address = nested({
  name: z.enum(['Work', 'Home', 'Billing', 'Other']).optional(),
  street: Text.optional(),
  city: Text.optional(),
  province: Text.optional(),
  postal_code: Text.optional(),
  country: Text.optional(),
});
const EmailAddress = nested({
  name: z.enum(['Work', 'Home', 'Other']).optional(),
  address: z.email('must be an email address').optional(),
  default_email: z.boolean().optional(),
});
const PhoneNumber = nested({
  name: z.enum(['Work', 'Home', 'Mobile', 'Fax', 'Pager', 'Skype', 'Other']).optional(),
  number: Required.optional(),
  default_number: z.boolean().optional(),
});
/**
 * A value's `id` is Clio's composite one ("text_line-1"), or null for a field shown by default
 * that has no value yet: the contacts and matters docs' prose (their PATCH schema says integer).
 * The value is a string, as Clio types it, whatever the field's type.
 */
export const COMPOSITE_VALUE_ID = /^[a-z_]+-[1-9]\d*$/;
const CustomFieldValue = z.strictObject({
  id: z
    .string('must be the value\'s composite id, such as "text_line-1"')
    .regex(COMPOSITE_VALUE_ID, 'must be the value\'s composite id, such as "text_line-1"')
    .nullable()
    .optional(),
  _destroy: z.boolean().optional(),
  value: z.string("must be text (Clio's custom field values are strings)").optional(),
  custom_field: Ref.optional(),
});
export type CustomFieldValueInput = z.infer<typeof CustomFieldValue>;

/** What a new item (no `id`) of each nested list must carry. */
export const NEW_ITEM_REQUIRES: Record<string, readonly string[]> = {
  addresses: [],
  email_addresses: ['address'],
  phone_numbers: ['number'],
  custom_field_values: ['custom_field', 'value'],
};
/** What Clio fills in on a new item: the document's defaults. */
export const NEW_ITEM_DEFAULTS: Record<string, Record<string, unknown>> = {
  addresses: { name: 'Other' },
  email_addresses: { name: 'Other' },
  phone_numbers: { name: 'Other' },
  custom_field_values: {},
};

const contact = {
  type: z.enum(['Person', 'Company']),
  name: Required,
  prefix: Text.optional(),
  first_name: Text.optional(),
  middle_name: Text.optional(),
  last_name: Text.optional(),
  title: Text.optional(),
  date_of_birth: IsoDate.optional(),
  addresses: z.array(Address).optional(),
  email_addresses: z.array(EmailAddress).optional(),
  phone_numbers: z.array(PhoneNumber).optional(),
  custom_field_values: z.array(CustomFieldValue).optional(),
};

const matter = {
  client: Ref,
  description: Required,
  status: z.enum(['open', 'pending', 'closed'], 'must be open, pending or closed (lowercase)'),
  display_number: Text.optional(),
  client_reference: Text.optional(),
  open_date: IsoDate.optional(),
  pending_date: IsoDate.optional(),
  close_date: IsoDate.optional(),
  location: Text.optional(),
  billable: z.boolean().optional(),
  custom_field_values: z.array(CustomFieldValue).optional(),
};

const activity = {
  type: z.enum(['TimeEntry', 'ExpenseEntry', 'HardCostEntry', 'SoftCostEntry']),
  date: IsoDate,
  quantity: z.number().nonnegative().optional(),
  price: z.number().nonnegative().optional(),
  note: Text.optional(),
  matter: Ref.optional(),
  non_billable: z.boolean().optional(),
  no_charge: z.boolean().optional(),
};

const note = {
  type: z.enum(['Matter', 'Contact']),
  subject: Text.optional(),
  detail: Text.optional(),
  detail_text_type: z.enum(['plain_text', 'rich_text']).optional(),
  date: IsoDate.optional(),
  matter: Ref.optional(),
  contact: Ref.optional(),
};

const Participant = z.strictObject({
  id: ClioId,
  type: z.enum(['User', 'Contact']),
  _deleted: z.boolean().optional(),
});
const ExternalProperty = z.strictObject({ name: Text.optional(), value: Text.optional() });
const communication = {
  type: z.enum(['PhoneCommunication', 'EmailCommunication']),
  subject: Required,
  body: Required,
  date: IsoDate.optional(),
  received_at: IsoDateTime.optional(),
  matter: Ref.optional(),
  senders: z.array(Participant).optional(),
  receivers: z.array(Participant).optional(),
  external_properties: z.array(ExternalProperty).optional(),
};

type Shape = z.core.$ZodLooseShape;

/**
 * A write body's fields: those modelled above, checked here, and the document's other writable
 * fields (practice areas, rates, budgets…), which the stand-in stores as sent; the conformance
 * check (conformance.ts) holds them to the document's types. A field the document does not list
 * for this write is refused.
 */
function documented(collection: ClioCollection, method: 'post' | 'patch', shape: Shape): Shape {
  const path = method === 'post' ? `/${collection}.json` : `/${collection}/{id}.json`;
  const names = documentedWriteFields(path, method);
  return Object.fromEntries(
    names.map((name) => [name, shape[name] ?? z.unknown().optional()] as const),
  );
}
const allOptional = (shape: Shape): Shape =>
  Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [
      key,
      schema instanceof z.ZodOptional ? schema : (schema as z.ZodType).optional(),
    ]),
  );

/** Fields with no `.optional()` above are required on create; `createDefaults` are Clio's. */
function schemasOf(
  collection: ClioCollection,
  shape: Shape,
  createDefaults: Record<string, unknown> = {},
) {
  const createShape = Object.fromEntries(
    Object.entries(documented(collection, 'post', shape)).map(([key, schema]) => [
      key,
      key in createDefaults ? (schema as z.ZodType).default(createDefaults[key]) : schema,
    ]),
  );
  return {
    create: z.strictObject(createShape),
    patch: z.strictObject(allOptional(documented(collection, 'patch', shape))),
  };
}

export const WRITE_SCHEMAS: Record<ClioCollection, { create: z.ZodType; patch: z.ZodType }> = {
  contacts: schemasOf('contacts', contact),
  matters: schemasOf('matters', matter, { status: 'open', billable: true }),
  activities: schemasOf('activities', activity),
  notes: schemasOf('notes', note, { detail_text_type: 'plain_text' }),
  communications: schemasOf('communications', communication),
};

/** Clio's one envelope: `{ "data": { … } }` and nothing else. */
export const Envelope = z.strictObject({
  data: z.record(z.string(), z.unknown(), 'must be an object'),
});

/** The document's answer schema of each collection's records. */
const READ_SCHEMA: Record<ClioCollection, string> = {
  contacts: 'Contact',
  matters: 'Matter',
  activities: 'Activity',
  notes: 'Note',
  communications: 'Communication',
};

/** What `?fields=` may name: every field of the record's answer schema in Clio's document. */
export const READABLE_FIELDS: Record<ClioCollection, ReadonlySet<string>> = Object.fromEntries(
  CLIO_COLLECTIONS.map((collection) => [
    collection,
    new Set(documentedReadFields(READ_SCHEMA[collection])),
  ]),
) as unknown as Record<ClioCollection, ReadonlySet<string>>;

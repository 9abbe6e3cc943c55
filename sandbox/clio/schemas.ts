/**
 * What the Clio stand-in accepts: the write bodies of Clio's API v4 for the five collections the
 * recipes use, with Clio's field names and types (`/work/shared/clio-v4.md`). Every object is
 * strict (an unknown field is a 422 naming it), ids are integers, enums are Clio's spelling, dates
 * are ISO dates. Rules that need the stored data (references exist, custom fields exist, nested
 * list items exist) are checked in `records.ts`.
 */
import { z } from 'zod';

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

const Address = nested({
  name: z.enum(['Work', 'Home', 'Billing', 'Other']).optional(),
  street: Text.optional(),
  city: Text.optional(),
  province: Text.optional(),
  postal_code: Text.optional(),
  country: Text.optional(),
  primary: z.boolean().optional(),
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
const CustomFieldValue = nested({
  value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  custom_field: Ref.optional(),
});
export type CustomFieldValueInput = z.infer<typeof CustomFieldValue>;

/** What a new item (no `id`) of each nested list must carry. */
export const NEW_ITEM_REQUIRES: Record<string, readonly string[]> = {
  addresses: ['name'],
  email_addresses: ['name', 'address'],
  phone_numbers: ['name', 'number'],
  custom_field_values: ['custom_field', 'value'],
};

const contact = {
  type: z.enum(['Person', 'Company']),
  name: Required,
  first_name: Text.optional(),
  last_name: Text.optional(),
  title: Text.optional(),
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
};

const note = {
  type: z.enum(['Matter', 'Contact']),
  subject: Text.optional(),
  detail: Text.optional(),
  date: IsoDate.optional(),
  matter: Ref.optional(),
  contact: Ref.optional(),
};

const Participant = z.strictObject({ id: ClioId, type: z.enum(['User', 'Contact']) });
const communication = {
  type: z.enum(['PhoneCommunication', 'EmailCommunication']),
  subject: Required,
  body: Required,
  date: IsoDate.optional(),
  received_at: IsoDateTime.optional(),
  matter: Ref.optional(),
  senders: z.array(Participant).optional(),
  receivers: z.array(Participant).optional(),
};

type Shape = z.core.$ZodLooseShape;
const allOptional = (shape: Shape): Shape =>
  Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [
      key,
      schema instanceof z.ZodOptional ? schema : (schema as z.ZodType).optional(),
    ]),
  );

/** Fields with no `.optional()` above are required on create (`matters.status` has a default). */
function schemasOf(shape: Shape, createDefaults: Record<string, unknown> = {}) {
  const createShape = Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [
      key,
      key in createDefaults ? (schema as z.ZodType).default(createDefaults[key]) : schema,
    ]),
  );
  return { create: z.strictObject(createShape), patch: z.strictObject(allOptional(shape)) };
}

export const WRITE_SCHEMAS: Record<ClioCollection, { create: z.ZodType; patch: z.ZodType }> = {
  contacts: schemasOf(contact),
  matters: schemasOf(matter, { status: 'open' }),
  activities: schemasOf(activity),
  notes: schemasOf(note),
  communications: schemasOf(communication),
};

/** Clio's one envelope: `{ "data": { … } }` and nothing else. */
export const Envelope = z.strictObject({
  data: z.record(z.string(), z.unknown(), 'must be an object'),
});

const SHAPES: Record<ClioCollection, Shape> = {
  contacts: contact,
  matters: matter,
  activities: activity,
  notes: note,
  communications: communication,
};

const readable = (collection: ClioCollection): ReadonlySet<string> =>
  new Set([
    'id',
    'etag',
    'created_at',
    'updated_at',
    ...Object.keys(SHAPES[collection]),
    ...(collection === 'matters' ? ['display_number'] : []),
  ]);

/** What `?fields=` may name: the writable fields, and those Clio adds. */
export const READABLE_FIELDS: Record<ClioCollection, ReadonlySet<string>> = {
  contacts: readable('contacts'),
  matters: readable('matters'),
  activities: readable('activities'),
  notes: readable('notes'),
  communications: readable('communications'),
};

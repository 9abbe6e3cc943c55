/**
 * The Clio stand-in's memory: records of the five collections, the firm's custom fields and its
 * user. A write is checked completely (body shape first, then everything that needs the stored
 * data) before anything changes, so a 422 leaves the records as they were.
 *
 * Nested lists (addresses, email addresses, phone numbers, custom field values) follow Clio: an
 * item with an `id` changes that item (`_destroy: true` removes it), an item without one is added,
 * and a list that is not sent is kept. A second value for a custom field that already has one is a
 * 422: Clio wants the existing value's `id` to change it.
 */
import type { z } from 'zod';
import {
  type ClioCollection,
  CLIO_COLLECTIONS,
  type CustomFieldValueInput,
  Envelope,
  NEW_ITEM_DEFAULTS,
  NEW_ITEM_REQUIRES,
  WRITE_SCHEMAS,
  isIsoDate,
} from './schemas';

export interface ClioFieldError {
  /** Where, as a path into the request body, e.g. `data.addresses[0].name`. */
  field: string;
  message: string;
}

/** Answered as 422 with every problem found. */
export class ClioValidationError extends Error {
  constructor(readonly errors: ClioFieldError[]) {
    super(`Validation failed: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`);
  }
}

export class ClioNotFoundError extends Error {}

export interface ClioCustomField {
  id: number;
  name: string;
  parent_type: 'Contact' | 'Matter';
  field_type: 'text_line' | 'numeric' | 'date' | 'checkbox';
  /** Shown on every record by default: read back with a null value (and id) until given one. */
  displayed: boolean;
}

export type ClioRecord = { id: number; created_at: string; updated_at: string } & Record<
  string,
  unknown
>;

/** A nested list item; a custom field value's id is Clio's composite string ("date-3"). */
type Item = Record<string, unknown> & { id?: number | string | null; _destroy?: boolean };

/** The firm's setup the recipes rely on: created once in Clio's settings (README: Zap recipes). */
export const CLIO_CUSTOM_FIELDS: readonly ClioCustomField[] = [
  {
    id: 9001,
    name: 'Snapshots ID',
    parent_type: 'Contact',
    field_type: 'text_line',
    displayed: false,
  },
  {
    id: 9002,
    name: 'Last Seen',
    parent_type: 'Contact',
    field_type: 'text_line',
    displayed: false,
  },
  { id: 9003, name: 'Due Date', parent_type: 'Matter', field_type: 'date', displayed: true },
];
export const CLIO_USER = { id: 501, name: 'Alex Demo' };

/** Ids per collection start apart, so a log line shows which kind an id is. */
const FIRST_ID: Record<ClioCollection, number> = {
  contacts: 1001,
  matters: 2001,
  activities: 3001,
  notes: 4001,
  communications: 5001,
};
const NESTED_LISTS = Object.keys(NEW_ITEM_REQUIRES);

/** The records the demo data of the Snapshots sandbox is linked to (`external_refs.clio`). */
const DEMO: readonly [ClioCollection, Record<string, unknown>][] = [
  ['contacts', { type: 'Company', name: 'Head Office' }],
  ['matters', { client: { id: 1001 }, description: 'Smith v. Jones', status: 'open' }],
];

const issuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    'data',
  );

function zodErrors(error: z.ZodError, input: Record<string, unknown>): ClioFieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: issuePath([...issue.path, key]),
        message: 'is not a field Clio knows',
      }));
    }
    const missing = valueAt(input, issue.path) === undefined;
    return [{ field: issuePath(issue.path), message: missing ? 'is required' : issue.message }];
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export class ClioStore {
  readonly records = Object.fromEntries(
    CLIO_COLLECTIONS.map((collection) => [collection, new Map<number, ClioRecord>()]),
  ) as Record<ClioCollection, Map<number, ClioRecord>>;
  readonly customFields = CLIO_CUSTOM_FIELDS;
  private readonly nextId = { ...FIRST_ID };
  private nextItemId = 1;
  /** The number part of custom field value ids ("text_line-1"). */
  private nextValueNumber = 1;

  constructor(
    seed: 'demo' | 'empty',
    private readonly now: () => Date = () => new Date(),
  ) {
    if (seed === 'demo') for (const [collection, data] of DEMO) this.create(collection, { data });
  }

  get(collection: ClioCollection, id: number): ClioRecord {
    const record = this.records[collection].get(id);
    if (!record) throw new ClioNotFoundError(`No ${collection} record with id ${id}.`);
    return record;
  }

  create(collection: ClioCollection, body: unknown): ClioRecord {
    const data = this.parse(collection, 'create', body);
    const id = this.nextId[collection];
    const at = this.now().toISOString();
    const base: ClioRecord = { id, created_at: at, updated_at: at };
    // The number Clio gives a matter within the account: 1, 2, 3…
    if (collection === 'matters') base.number = this.records.matters.size + 1;
    const record = this.commit(collection, base, data);
    this.nextId[collection] += 1;
    return record;
  }

  update(collection: ClioCollection, id: number, body: unknown): ClioRecord {
    const existing = this.get(collection, id);
    const data = this.parse(collection, 'patch', body);
    return this.commit(collection, { ...existing, updated_at: this.now().toISOString() }, data);
  }

  /**
   * A record as Clio answers it: matter statuses capitalised, the client with its name, the
   * fields Clio derives (primary email and phone, is_client, client_id), participants typed as
   * Person, Company or User, and a null value for each custom field shown by default and unset.
   */
  render(collection: ClioCollection, record: ClioRecord): Record<string, unknown> {
    const rendered: Record<string, unknown> = { ...record, etag: `"${record.updated_at}"` };
    if (collection === 'contacts' || collection === 'matters') {
      rendered.custom_field_values = this.renderValues(collection, record);
    }
    if (collection === 'contacts') {
      const emails = (record.email_addresses as Item[] | undefined) ?? [];
      const phones = (record.phone_numbers as Item[] | undefined) ?? [];
      rendered.email_addresses = emails.map(({ default_email, ...item }) => ({
        ...item,
        primary: default_email === true,
      }));
      rendered.phone_numbers = phones.map(({ default_number, ...item }) => ({
        ...item,
        primary: default_number === true,
      }));
      const primary = (items: Item[], flag: string, field: string) =>
        ((items.find((item) => item[flag] === true) ?? items[0])?.[field] as string) ?? null;
      rendered.primary_email_address = primary(emails, 'default_email', 'address');
      rendered.primary_phone_number = primary(phones, 'default_number', 'number');
      rendered.is_client = [...this.records.matters.values()].some(
        (matter) => (matter.client as { id: number }).id === record.id,
      );
    }
    if (collection === 'matters') {
      const client = this.records.contacts.get((record.client as { id: number }).id);
      rendered.status = capitalized(String(record.status));
      rendered.client = { id: client?.id, name: client?.name };
      rendered.client_id = client?.id;
    }
    if (collection === 'communications') {
      for (const list of ['senders', 'receivers'] as const) {
        const who = record[list] as { id: number; type: string }[] | undefined;
        if (who) rendered[list] = who.map((participant) => this.participant(participant));
      }
    }
    return rendered;
  }

  /** A sender or receiver as Clio reads it back: `Person`, `Company` or `User`, with its name. */
  private participant({ id, type }: { id: number; type: string }) {
    if (type === 'User') return { id, type: 'User', name: CLIO_USER.name };
    const contact = this.records.contacts.get(id);
    return { id, type: String(contact?.type), name: String(contact?.name) };
  }

  private renderValues(collection: ClioCollection, record: ClioRecord): Item[] {
    const parentType = collection === 'contacts' ? 'Contact' : 'Matter';
    const values = (record.custom_field_values as Item[] | undefined) ?? [];
    const has = (field: ClioCustomField) =>
      values.some((item) => (item.custom_field as { id: number }).id === field.id);
    const unset = this.customFields
      .filter((field) => field.parent_type === parentType && field.displayed && !has(field))
      .map((field) => ({
        id: null,
        field_name: field.name,
        field_type: field.field_type,
        value: null,
        custom_field: { id: field.id },
      }));
    return [...values, ...unset];
  }

  private parse(collection: ClioCollection, mode: 'create' | 'patch', body: unknown) {
    const envelope = Envelope.safeParse(body);
    if (!envelope.success) {
      throw new ClioValidationError(
        envelope.error.issues.map((issue) => ({
          field: issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'data',
          message:
            issue.code === 'unrecognized_keys'
              ? 'is not allowed: the body is { "data": { … } }'
              : 'is required: the body is { "data": { … } }',
        })),
      );
    }
    const result = WRITE_SCHEMAS[collection][mode].safeParse(envelope.data.data);
    if (!result.success) throw new ClioValidationError(zodErrors(result.error, envelope.data.data));
    return result.data as Record<string, unknown>;
  }

  /** Applies `data` to `base`, checks the result against the stored data, then stores it. */
  private commit(
    collection: ClioCollection,
    base: ClioRecord,
    data: Record<string, unknown>,
  ): ClioRecord {
    const errors: ClioFieldError[] = [];
    let itemId = this.nextItemId;
    let valueNumber = this.nextValueNumber;
    const merge: ListMerge = {
      errors,
      sentAt: new Map(),
      newId: () => itemId++,
      newValueId: (item) => `${this.fieldOf(item)?.field_type ?? 'text_line'}-${valueNumber++}`,
    };
    const next: ClioRecord = { ...base };
    for (const [key, value] of Object.entries(data)) {
      next[key] = NESTED_LISTS.includes(key)
        ? mergeList(key, (base[key] as Item[] | undefined) ?? [], value as Item[], merge)
        : value;
    }
    if (collection === 'matters' && next.display_number === undefined) {
      next.display_number = `${String(next.number).padStart(5, '0')}-${this.clientName(next)}`;
    }
    this.checkReferences(collection, next, errors);
    if (Array.isArray(next.custom_field_values)) {
      next.custom_field_values = this.checkCustomFieldValues(
        collection,
        next.custom_field_values as Item[],
        (item) => merge.sentAt.get(item) ?? 'data.custom_field_values',
        errors,
      );
    }
    if (errors.length > 0) throw new ClioValidationError(errors);
    this.nextItemId = itemId;
    this.nextValueNumber = valueNumber;
    this.records[collection].set(next.id, next);
    return next;
  }

  /**
   * The label of Clio's default matter numbering, `00001-Smith`: a Person's last name, a
   * Company's name (our notes on Clio, `../shared/clio-v4.md` beside the repository; Clio's
   * document leaves the format to the account's numbering setting).
   */
  private clientName(matter: ClioRecord): string {
    const client = this.records.contacts.get((matter.client as { id: number }).id);
    const name = typeof client?.name === 'string' ? client.name : 'Client';
    if (client?.type === 'Company') return name;
    const last = typeof client?.last_name === 'string' ? client.last_name : undefined;
    return last ?? name.split(/\s+/).at(-1) ?? 'Client';
  }

  private fieldOf(item: Item): ClioCustomField | undefined {
    const ref = item.custom_field as { id?: number } | undefined;
    return this.customFields.find((field) => field.id === ref?.id);
  }

  private checkReferences(
    collection: ClioCollection,
    record: ClioRecord,
    errors: ClioFieldError[],
  ) {
    const exists = (field: string, target: ClioCollection) => {
      const ref = record[field] as { id: number } | undefined;
      if (ref && !this.records[target].has(ref.id)) {
        errors.push({
          field: `data.${field}.id`,
          message: `is not a ${target.slice(0, -1)} in Clio (${ref.id})`,
        });
      }
    };
    if (collection === 'matters') exists('client', 'contacts');
    if (['activities', 'notes', 'communications'].includes(collection)) exists('matter', 'matters');
    if (collection === 'notes') {
      exists('contact', 'contacts');
      const wants = record.type === 'Matter' ? 'matter' : 'contact';
      const other = wants === 'matter' ? 'contact' : 'matter';
      if (record[wants] === undefined) {
        errors.push({
          field: `data.${wants}`,
          message: `is required for a ${String(record.type)} note`,
        });
      }
      if (record[other] !== undefined) {
        errors.push({
          field: `data.${other}`,
          message: `is not allowed on a ${String(record.type)} note`,
        });
      }
    }
    if (collection === 'communications') {
      for (const list of ['senders', 'receivers'] as const) {
        ((record[list] as { id: number; type: string }[] | undefined) ?? []).forEach((who, i) => {
          const known =
            who.type === 'User' ? who.id === CLIO_USER.id : this.records.contacts.has(who.id);
          if (!known) {
            errors.push({
              field: `data.${list}[${i}].id`,
              message: `is not a ${who.type} in Clio (${who.id})`,
            });
          }
        });
      }
    }
  }

  /** Each value names an existing custom field of this record's type, once, with a fitting value. */
  private checkCustomFieldValues(
    collection: ClioCollection,
    values: Item[],
    pathOf: (item: Item) => string,
    errors: ClioFieldError[],
  ): Item[] {
    const parentType = collection === 'contacts' ? 'Contact' : 'Matter';
    const seen = new Set<number>();
    return values.map((item) => {
      const { custom_field: ref, value } = item as CustomFieldValueInput;
      const at = pathOf(item);
      const field = this.customFields.find((f) => f.id === ref?.id);
      if (!field) {
        errors.push({
          field: `${at}.custom_field.id`,
          message: `is not a custom field in Clio (${ref?.id})`,
        });
        return item;
      }
      if (field.parent_type !== parentType) {
        errors.push({
          field: `${at}.custom_field.id`,
          message: `is a ${field.parent_type} custom field, not a ${parentType} one`,
        });
      }
      if (seen.has(field.id)) {
        errors.push({
          field: `${at}.custom_field.id`,
          message: `"${field.name}" already has a value on this record: send that value's id to change it`,
        });
      }
      seen.add(field.id);
      const problem = valueProblem(field, value);
      if (problem) errors.push({ field: `${at}.value`, message: problem });
      return { ...item, field_name: field.name, field_type: field.field_type };
    });
  }
}

interface ListMerge {
  errors: ClioFieldError[];
  /** Where each new or changed item was sent, for the messages of later checks. */
  sentAt: Map<Item, string>;
  newId: () => number;
  /** A new custom field value's composite id, from its field's type. */
  newValueId: (item: Item) => string;
}

/** A nested list after a write: items with an `id` change (or go), items without one are added. */
function mergeList(key: string, current: Item[], sent: Item[], merge: ListMerge): Item[] {
  return sent.reduce<Item[]>((list, item, index) => {
    const at = `data.${key}[${index}]`;
    const { _destroy: destroy, ...fields } = item;
    const keep = (changed: Item) => (merge.sentAt.set(changed, at), changed);
    // A null value id is a field shown by default with no value yet: a new value (Clio's prose).
    if (item.id === undefined || item.id === null) {
      for (const name of NEW_ITEM_REQUIRES[key] ?? []) {
        if (fields[name] === undefined)
          merge.errors.push({ field: `${at}.${name}`, message: 'is required' });
      }
      if (destroy)
        merge.errors.push({ field: `${at}._destroy`, message: 'needs the id of the item' });
      const added = { ...NEW_ITEM_DEFAULTS[key], ...fields };
      const id = key === 'custom_field_values' ? merge.newValueId(added) : merge.newId();
      return [...list, keep({ ...added, id })];
    }
    const position = list.findIndex((existing) => existing.id === item.id);
    if (position < 0) {
      merge.errors.push({ field: `${at}.id`, message: `is not an item of this record's ${key}` });
      return list;
    }
    if (destroy) return list.filter((_, i) => i !== position);
    return list.map((existing, i) =>
      i === position ? keep({ ...existing, ...fields }) : existing,
    );
  }, current);
}

/** Clio's custom field values are strings, whatever the field's type (the document's schema). */
function valueProblem(field: ClioCustomField, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the body's schema wants a string
  const text = value;
  switch (field.field_type) {
    case 'text_line':
      return undefined;
    case 'numeric':
      return /^-?\d+(\.\d+)?$/.test(text) ? undefined : `must be a number for "${field.name}"`;
    case 'checkbox':
      return ['true', 'false'].includes(text)
        ? undefined
        : `must be "true" or "false" for "${field.name}"`;
    case 'date':
      return isIsoDate(text) ? undefined : `must be an ISO date (YYYY-MM-DD) for "${field.name}"`;
  }
}

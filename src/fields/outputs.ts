/**
 * What every object's output shares: the id of one change, the change's own fields, and labelled
 * output-field tables (Zapier flattens nested objects as `address__city`, so nested fields are
 * labelled under those keys).
 */
import type { PlainOutputField } from 'zapier-platform-core';

/** The event an output came from; absent when the output is an action's result. */
export type ChangeInfo = {
  event_id: string;
  event_type: string;
  occurred_at: string;
  /** The fields a `*.updated` event changed (`custom_fields.<key>` for custom fields); [] on create. */
  changed_fields: string[];
};

type FieldType = NonNullable<PlainOutputField['type']>;

/** `{ key: ['Label', 'type'] }` → Zapier's output fields, in that order. */
export function outputFields(
  table: Record<string, readonly [string, FieldType]>,
): PlainOutputField[] {
  return Object.entries(table).map(([key, [label, type]]) => ({ key, label, type }));
}

/** The same fields nested under `prefix` (`<prefix>__<key>`, "<Label Prefix>: <Label>"). */
export function nestedFields(
  prefix: string,
  labelPrefix: string,
  fields: readonly PlainOutputField[],
): PlainOutputField[] {
  return fields.map((field) => ({
    ...field,
    key: `${prefix}__${field.key}`,
    label: `${labelPrefix}: ${field.label ?? field.key}`,
  }));
}

/**
 * `loc_abc:3`: one id per change of a record, the same whether the change came from a delivery,
 * from performList or from an action's result, so an update fires again and a retry does not.
 */
export const changeId = (recordId: string, version: number): string => `${recordId}:${version}`;

/** The change's fields, appended to an output when it came from an event. */
export function withChange<T extends object>(
  output: T,
  change: ChangeInfo | undefined,
): T & Partial<ChangeInfo> {
  if (!change) return output;
  return {
    ...output,
    event_id: change.event_id,
    event_type: change.event_type,
    occurred_at: change.occurred_at,
    changed_fields: [...change.changed_fields],
  };
}

/** The fields the server sets on every record. */
export const SERVER_FIELDS = {
  created_at: ['Created At', 'datetime'],
  last_updated: ['Last Updated', 'datetime'],
  version: ['Version', 'integer'],
} as const;

/**
 * An object's output fields in the order Zapier lists them: the change id, the record's fields,
 * the embedded records, the Clio-ready extras. Triggers add the change's fields
 * (`changeOutputFields`); actions and searches have no change to tell.
 */
export function objectOutputFields(parts: {
  noun: string;
  record: readonly PlainOutputField[];
  embedded?: readonly PlainOutputField[];
  clio: Record<string, readonly [string, FieldType]>;
}): PlainOutputField[] {
  return [
    ...outputFields({ id: [`Change ID (${parts.noun} ID and Version)`, 'string'] }),
    ...parts.record,
    ...(parts.embedded ?? []),
    ...outputFields(parts.clio),
  ];
}

/** What only a trigger's output carries: the event it fired for. */
export const changeOutputFields: PlainOutputField[] = [
  ...outputFields({
    event_id: ['Event ID', 'string'],
    event_type: ['Event Type', 'string'],
    occurred_at: ['Changed At', 'datetime'],
  }),
  { key: 'changed_fields', label: 'Changed Fields', type: 'string', list: true },
];

/**
 * A linked record that is not there (`location: null`) is left out: Zapier would show the null
 * as a field of its own, which no output field declares; its nested fields are simply absent.
 */
export function withoutMissingLinks<T extends object>(output: T, links: readonly (keyof T)[]): T {
  const kept = { ...output };
  for (const link of links) if (kept[link] === null) delete kept[link];
  return kept;
}

/** The Clio id stored under `external_refs[system]`, or null. */
export const externalId = (refs: Record<string, string>, system: string): string | null =>
  refs[system] ?? null;

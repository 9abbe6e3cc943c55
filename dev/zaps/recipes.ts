/**
 * The Zap recipes as data: for each flow, the trigger, the paths, and every step's mapping (which
 * field of the trigger's output fills which field of the next step). `npm start`, the flow tests
 * and docs/zaps.md's recipe tables (`recipe-table.ts`) all read this one place.
 *
 * Clio steps are modelled as Clio's Zapier app performs them: the user maps our output fields
 * into the step's fields, Zapier hands each value over as the field's type (an integer field
 * turns "1001" into 1001; an empty value is left out), and the step sends Clio's API the body
 * `clioRequest` builds. Snapshots steps are our own actions, by key, with the inputs they are given.
 */
import type { ClioCustomField, ClioRecord } from '../../sandbox/clio/records';
import type { ClioCollection } from '../../sandbox/clio/schemas';

/** How a Clio step's field hands a mapped value on (the type of the field in Clio's app). */
export type ClioFieldType = 'text' | 'integer' | 'number' | 'date' | 'choice';

export type MappedFrom =
  /** A field of the trigger's output (our output, or the Clio trigger's payload: `client.id`). */
  | { output: string }
  /** A field of an earlier step's result in the same Zap, e.g. the Clio record's `id`. */
  | { step: string; field: string }
  /** A value the user picks once in the step. */
  | { fixed: string | number | boolean };

export interface ClioFieldMapping {
  /** The field's label in the Clio step. */
  field: string;
  from: MappedFrom;
  /**
   * Where the value goes in Clio's request: `name`, `matter.id`, `addresses[].street` (the one
   * item of a list), `custom_field_values[Snapshots ID]` (a custom field, by its name in Clio), or
   * `:id` (the record to update, in the URL).
   */
  api: string;
  type: ClioFieldType;
}

export interface ClioStep {
  app: 'Clio';
  /** The action's name in Clio's Zapier app. */
  name: string;
  collection: ClioCollection;
  method: 'POST' | 'PATCH';
  /** Values the action itself sets (e.g. `type: Company` for Create Company Contact). */
  sets?: Record<string, string>;
  mapping: ClioFieldMapping[];
}

export interface SnapshotsInputMapping {
  /** Our action's input key. */
  input: string;
  from: MappedFrom;
  /** The label Zapier shows for the mapped field (Clio's, or our output field's). */
  label: string;
}

export interface SnapshotsStep {
  app: 'Snapshots';
  /** Our action's key (src/<object>/<object>.keys.ts). */
  key: string;
  name: string;
  mapping: SnapshotsInputMapping[];
}

export type RecipeStep = ClioStep | SnapshotsStep;

/** A Zapier Paths (or Filter) rule on the trigger's output. */
export type Condition = { field: string; is: 'empty' | 'set' } | { field: string; equals: string };

export interface RecipePath {
  /** Every rule must hold; an empty list is the Zap without Paths. */
  when: Condition[];
  steps: RecipeStep[];
}

export interface Recipe {
  flow: '1' | '2a' | '2b' | '3' | '4';
  title: string;
  trigger: {
    app: 'Snapshots' | 'Clio';
    names: string[];
    /**
     * The trigger's settings in the Zap (ours: "Only When These Fields Change"). Leaving out
     * `external_refs` keeps the link-back step's own change from running the Zap again.
     */
    inputs?: Record<string, string[]>;
  };
  paths: RecipePath[];
}

const out = (output: string): MappedFrom => ({ output });
const fixed = (value: string | number | boolean): MappedFrom => ({ fixed: value });
const clioId = (step: string): MappedFrom => ({ step, field: 'id' });
const row = (field: string, from: MappedFrom, api: string, type: ClioFieldType = 'text') => ({
  field,
  from,
  api,
  type,
});

// ------------------------------------------------------------------ 1. Location → Company contact
const CONTACT_FIELDS: ClioFieldMapping[] = [
  row('Name', out('name'), 'name'),
  row('Address Type', fixed('Work'), 'addresses[].name', 'choice'),
  row('Street', out('street'), 'addresses[].street'),
  row('City', out('city'), 'addresses[].city'),
  row('State/Province', out('province'), 'addresses[].province'),
  row('ZIP/Postal Code', out('postal_code'), 'addresses[].postal_code'),
  row('Country', out('country'), 'addresses[].country'),
  row('Email Type', fixed('Work'), 'email_addresses[].name', 'choice'),
  row('Email Address', out('email'), 'email_addresses[].address'),
  row('Phone Type', fixed('Work'), 'phone_numbers[].name', 'choice'),
  row('Phone Number', out('phone'), 'phone_numbers[].number'),
  row('Snapshots ID (custom field)', out('location_id'), 'custom_field_values[Snapshots ID]'),
  row('Last Seen (custom field)', out('last_seen'), 'custom_field_values[Last Seen]'),
];

const locationToContact: Recipe = {
  flow: '1',
  title: 'Location → Clio Company contact',
  trigger: {
    app: 'Snapshots',
    names: ['new_or_updated_location'],
    inputs: { only_when_changed: ['name', 'address', 'email', 'phone', 'last_seen'] },
  },
  paths: [
    {
      when: [{ field: 'clio_contact_id', is: 'empty' }],
      steps: [
        {
          app: 'Clio',
          name: 'Create Company Contact',
          collection: 'contacts',
          method: 'POST',
          sets: { type: 'Company' },
          mapping: CONTACT_FIELDS,
        },
        {
          app: 'Snapshots',
          key: 'link_location_to_clio_contact',
          name: 'Link Location to Clio Contact',
          mapping: [
            { input: 'location_id', from: out('location_id'), label: 'Location ID' },
            {
              input: 'clio_contact_id',
              from: clioId('Create Company Contact'),
              label: 'Create Company Contact: ID',
            },
          ],
        },
      ],
    },
    {
      when: [{ field: 'clio_contact_id', is: 'set' }],
      steps: [
        {
          app: 'Clio',
          name: 'Update Company Contact',
          collection: 'contacts',
          method: 'PATCH',
          sets: { type: 'Company' },
          mapping: [row('Contact', out('clio_contact_id'), ':id', 'integer'), ...CONTACT_FIELDS],
        },
      ],
    },
  ],
};

// ------------------------------------------------------------------ 2a. Clio matter → Snapshots
const clioMatterToSnapshots: Recipe = {
  flow: '2a',
  title: 'Clio matter → Snapshots matter',
  trigger: { app: 'Clio', names: ['New Matter', 'Matter Status Updated'] },
  paths: [
    {
      when: [],
      steps: [
        {
          app: 'Snapshots',
          key: 'upsert_matter_from_clio',
          name: 'Create or Update Matter from Clio Matter',
          mapping: [
            { input: 'clio_matter_id', from: out('id'), label: 'ID' },
            { input: 'title', from: out('description'), label: 'Description' },
            { input: 'status', from: out('status'), label: 'Status' },
            {
              input: 'due_date',
              from: out('custom_field_values[Due Date]'),
              label: 'Due Date (custom field)',
            },
            { input: 'location_clio_contact_id', from: out('client.id'), label: 'Client ID' },
          ],
        },
      ],
    },
  ],
};

// ------------------------------------------------------------------ 2b. Snapshots matter → Clio
const snapshotsMatterToClio: Recipe = {
  flow: '2b',
  title: 'Snapshots matter → Clio matter',
  trigger: { app: 'Snapshots', names: ['new_matter'] },
  paths: [
    {
      // A matter that came from Clio (flow 2a) is already linked: creating it again would loop.
      when: [
        { field: 'clio_matter_id', is: 'empty' },
        { field: 'clio_client_id', is: 'set' },
      ],
      steps: [
        {
          app: 'Clio',
          name: 'Create Matter',
          collection: 'matters',
          method: 'POST',
          mapping: [
            row('Client', out('clio_client_id'), 'client.id', 'integer'),
            row('Description', out('clio_description'), 'description'),
            row('Status', out('status'), 'status', 'choice'),
            row(
              'Due Date (custom field)',
              out('due_date'),
              'custom_field_values[Due Date]',
              'date',
            ),
          ],
        },
        {
          app: 'Snapshots',
          key: 'link_matter_to_clio_matter',
          name: 'Link Matter to Clio Matter',
          mapping: [
            { input: 'matter_id', from: out('matter_id'), label: 'Matter ID' },
            {
              input: 'clio_matter_id',
              from: clioId('Create Matter'),
              label: 'Create Matter: ID',
            },
          ],
        },
      ],
    },
  ],
};

// ------------------------------------------------------------------ 3. Activity → Clio record
const linkActivity = (clioStep: string): SnapshotsStep => ({
  app: 'Snapshots',
  key: 'link_activity_to_clio_record',
  name: 'Link Activity to Clio Record',
  mapping: [
    { input: 'activity_id', from: out('activity_id'), label: 'Activity ID' },
    { input: 'clio_kind', from: out('clio_record'), label: 'Clio Record' },
    { input: 'clio_id', from: clioId(clioStep), label: `${clioStep}: ID` },
  ],
});
const activityPath = (kind: string, storedId: string, step: ClioStep): RecipePath => ({
  when: [
    { field: 'clio_record', equals: kind },
    { field: storedId, is: 'empty' },
  ],
  steps: [step, linkActivity(step.name)],
});

/**
 * Paths on `clio_record`: an activity for which no Clio record fits (`none`, with
 * `clio_no_record_reason`) matches no branch, so the run stops at Paths and costs no task.
 */
const activityToClio: Recipe = {
  flow: '3',
  title: 'Activity → Clio note, communication or time entry',
  trigger: {
    app: 'Snapshots',
    names: ['new_or_updated_activity'],
    inputs: { only_when_changed: ['type', 'date', 'notes', 'duration_minutes', 'matter_id'] },
  },
  paths: [
    activityPath('clio_note', 'clio_note_id', {
      app: 'Clio',
      name: 'Create Matter Note',
      collection: 'notes',
      method: 'POST',
      sets: { type: 'Matter' },
      mapping: [
        row('Matter', out('clio_matter_id'), 'matter.id', 'integer'),
        row('Subject', out('clio_subject'), 'subject'),
        row('Detail', out('notes'), 'detail'),
        row('Date', out('clio_date'), 'date', 'date'),
      ],
    }),
    activityPath('clio_communication', 'clio_communication_id', {
      app: 'Clio',
      name: 'Create Communication',
      collection: 'communications',
      method: 'POST',
      mapping: [
        row('Type', out('clio_communication_type'), 'type', 'choice'),
        row('Subject', out('clio_subject'), 'subject'),
        row('Body', out('clio_body'), 'body'),
        row('Date', out('clio_date'), 'date', 'date'),
        row('Received At', out('clio_received_at'), 'received_at'),
        row('Matter', out('clio_matter_id'), 'matter.id', 'integer'),
        row('Receiver Type', fixed('Contact'), 'receivers[].type', 'choice'),
        row('Receiver', out('clio_contact_id'), 'receivers[].id', 'integer'),
      ],
    }),
    activityPath('clio_time_entry', 'clio_time_entry_id', {
      app: 'Clio',
      name: 'Create Time Entry',
      collection: 'activities',
      method: 'POST',
      sets: { type: 'TimeEntry' },
      mapping: [
        row('Matter', out('clio_matter_id'), 'matter.id', 'integer'),
        row('Date', out('clio_date'), 'date', 'date'),
        row('Duration (seconds)', out('duration_seconds'), 'quantity', 'number'),
        row('Note', out('notes'), 'note'),
      ],
    }),
  ],
};

// ------------------------------------------------------------------ 4. Clio contact → Snapshots
/**
 * Clio's New Contact trigger, then our upsert by the contact's ID: Clio's values as Clio holds
 * them (the country's English name, a phone in national form), which the action's inputs take.
 */
const clioContactToLocation: Recipe = {
  flow: '4',
  title: 'Clio contact → Snapshots location',
  trigger: { app: 'Clio', names: ['New Contact'] },
  paths: [
    {
      when: [],
      steps: [
        {
          app: 'Snapshots',
          key: 'upsert_location_from_clio',
          name: 'Create or Update Location from Clio Contact',
          mapping: [
            { input: 'clio_contact_id', from: out('id'), label: 'ID' },
            { input: 'name', from: out('name'), label: 'Name' },
            {
              input: 'email',
              from: out('primary_email_address'),
              label: 'Primary Email Address',
            },
            { input: 'phone', from: out('primary_phone_number'), label: 'Primary Phone Number' },
            {
              input: 'street',
              from: out('primary_address.street'),
              label: 'Primary Address Street',
            },
            { input: 'city', from: out('primary_address.city'), label: 'Primary Address City' },
            {
              input: 'province',
              from: out('primary_address.province'),
              label: 'Primary Address Province',
            },
            {
              input: 'postal_code',
              from: out('primary_address.postal_code'),
              label: 'Primary Address Postal Code',
            },
            {
              input: 'country',
              from: out('primary_address.country'),
              label: 'Primary Address Country',
            },
          ],
        },
      ],
    },
  ],
};

export const RECIPES: readonly Recipe[] = [
  locationToContact,
  clioMatterToSnapshots,
  snapshotsMatterToClio,
  activityToClio,
  clioContactToLocation,
];

// ------------------------------------------------------------------ Pacing (Max Runs per Minute)

/** Clio's rate limit at peak hours: requests a minute per access token, across all of a firm's Zaps. */
export const CLIO_REQUESTS_PER_MINUTE = 50;
/**
 * The share of Clio's limit the recommendations hand out: the rest is headroom for the firm's
 * other uses of the same Clio connection (Clio-triggered Zaps' own steps, other tools, replays).
 */
export const CLIO_SHARE = 0.8;

/** The Clio API calls of one run at most: those of its busiest path (`costOf`). */
export function clioCallsPerRun(recipe: Recipe): number {
  return Math.max(0, ...recipe.paths.map((path) => costOf(path).clioCalls));
}

/** The Zaps our trigger starts that write to Clio: the ones "Max Runs per Minute" paces. */
export const ZAPS_WRITING_TO_CLIO: readonly Recipe[] = RECIPES.filter(
  (recipe) => recipe.trigger.app === 'Snapshots' && clioCallsPerRun(recipe) > 0,
);

export interface PacingAdvice {
  recipe: Recipe;
  clioCallsPerRun: number;
  /** The value for the trigger's "Max Runs per Minute". */
  maxRunsPerMinute: number;
  /** The arithmetic, in words. */
  why: string;
}

/**
 * What each Zap that writes to Clio should set as "Max Runs per Minute": Clio's limit, less
 * headroom, shared evenly among those Zaps and divided by what one run costs in Clio calls,
 * rounded down, so that all of them at full speed together stay under Clio's limit.
 */
export function pacingAdvice(): PacingAdvice[] {
  const zaps = ZAPS_WRITING_TO_CLIO.length;
  const budget = CLIO_REQUESTS_PER_MINUTE * CLIO_SHARE;
  return ZAPS_WRITING_TO_CLIO.map((recipe) => {
    const calls = clioCallsPerRun(recipe);
    const exact = budget / calls / zaps;
    return {
      recipe,
      clioCallsPerRun: calls,
      maxRunsPerMinute: Math.max(1, Math.floor(exact)),
      why: `${CLIO_REQUESTS_PER_MINUTE} × ${CLIO_SHARE} ÷ ${calls} ÷ ${zaps} = ${exact.toFixed(1)}`,
    };
  });
}

export function recipe(flow: Recipe['flow']): Recipe {
  const found = RECIPES.find((r) => r.flow === flow);
  if (!found) throw new Error(`No recipe for flow ${flow}.`);
  return found;
}

// ------------------------------------------------------------------ Reading values

type Fields = Record<string, unknown>;
const isEmpty = (value: unknown) => value === undefined || value === null || value === '';
const CUSTOM_FIELD = /^custom_field_values\[(.+)\]$/;

/**
 * A field of a trigger's output: a top-level key, a dotted path into nested objects (`client.id`),
 * or `custom_field_values[<name>]`, the value of the custom field of that name (Clio's payloads).
 */
export function fieldOf(fields: Fields, path: string): unknown {
  const custom = CUSTOM_FIELD.exec(path);
  if (custom) {
    const values = (fields.custom_field_values ?? []) as { field_name?: string; value?: unknown }[];
    return values.find((item) => item.field_name === custom[1])?.value;
  }
  if (path in fields) return fields[path];
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Fields)[key] : undefined,
      fields,
    );
}

/** Which path of the recipe the trigger's output takes (Zapier Paths: the first that holds). */
export function pathFor(recipe: Recipe, output: Fields): RecipePath | undefined {
  return recipe.paths.find((path) =>
    path.when.every((rule) => {
      const value = fieldOf(output, rule.field);
      if ('equals' in rule) return value === rule.equals;
      return rule.is === 'empty' ? isEmpty(value) : !isEmpty(value);
    }),
  );
}

/** Earlier steps' results in one Zap run, by step name. */
export type StepResults = Record<string, Fields>;

function valueOf(from: MappedFrom, output: Fields, results: StepResults): unknown {
  if ('fixed' in from) return from.fixed;
  if ('output' in from) return fieldOf(output, from.output);
  return results[from.step]?.[from.field];
}

/** What Zapier hands a Clio field of this type for a mapped value (undefined: left out). */
function asFieldType(value: unknown, type: ClioFieldType): unknown {
  if (isEmpty(value)) return undefined;
  if ((type === 'integer' || type === 'number') && typeof value === 'string') {
    const pattern = type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    return pattern.test(value.trim()) ? Number(value) : value;
  }
  if (type === 'text' && (typeof value === 'number' || typeof value === 'boolean')) {
    return String(value);
  }
  return value;
}

// ------------------------------------------------------------------ Building Clio's request

export interface ClioRequest {
  method: 'POST' | 'PATCH';
  /** e.g. `/api/v4/contacts.json`, `/api/v4/contacts/1001.json` */
  path: string;
  body: { data: Fields };
}

export interface ClioFirm {
  customFields: readonly ClioCustomField[];
}

const LIST_ITEM = /^(\w+)\[\]\.(\w+)$/;

function customFieldId(firm: ClioFirm, name: string): number {
  const field = firm.customFields.find((f) => f.name === name);
  if (!field)
    throw new Error(`The recipe needs the Clio custom field "${name}"; create it in Clio.`);
  return field.id;
}

/**
 * The request Clio's Zapier action sends for this step: the mapped values, typed as the step's
 * fields type them, at their places in Clio's body. For an update, `existing` is the record as
 * the action reads it first: the one item of each list and each custom field value keep their
 * `id`, so Clio changes them instead of adding twins.
 */
export function clioRequest(
  step: ClioStep,
  output: Fields,
  firm: ClioFirm,
  results: StepResults = {},
  existing?: ClioRecord,
): ClioRequest {
  const data: Fields = { ...step.sets };
  const items = new Map<string, { item: Fields; mapped: boolean }>();
  let id: unknown;
  for (const { from, api, type } of step.mapping) {
    const value = asFieldType(valueOf(from, output, results), type);
    if (value === undefined) continue;
    const custom = CUSTOM_FIELD.exec(api);
    const listItem = LIST_ITEM.exec(api);
    if (api === ':id') id = value;
    else if (custom?.[1]) {
      const fieldId = customFieldId(firm, custom[1]);
      const values = (data.custom_field_values ??= []) as Fields[];
      const stored = existingList(existing, 'custom_field_values').find(
        (item) => (item.custom_field as { id?: number } | undefined)?.id === fieldId,
      );
      values.push({
        ...(stored ? { id: stored.id } : {}),
        value,
        custom_field: { id: fieldId },
      });
    } else if (listItem?.[1] && listItem[2]) {
      const list = listItem[1];
      const entry = items.get(list) ?? { item: {}, mapped: false };
      entry.item[listItem[2]] = value;
      entry.mapped ||= !('fixed' in from);
      items.set(list, entry);
    } else setPath(data, api, value);
  }
  for (const [list, { item, mapped }] of items) {
    // A list item whose mapped fields are all empty is left out (no empty address or email).
    if (!mapped) continue;
    const stored = existingList(existing, list).find((e) => e.name === item.name);
    data[list] = [{ ...(stored ? { id: stored.id } : {}), ...item }];
  }
  const base = `/api/v4/${step.collection}`;
  if (step.method === 'POST') return { method: 'POST', path: `${base}.json`, body: { data } };
  if (typeof id !== 'number') {
    throw new Error(
      `"${step.name}" needs the id of the Clio record to update (got ${String(id)}).`,
    );
  }
  return { method: 'PATCH', path: `${base}/${id}.json`, body: { data } };
}

const existingList = (existing: ClioRecord | undefined, list: string): Fields[] =>
  Array.isArray(existing?.[list]) ? (existing[list] as Fields[]) : [];

function setPath(target: Fields, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) node = (node[key] ??= {}) as Fields;
  node[last] = value;
}

/** The inputs our action gets in this step (Zapier passes mapped values as they are). */
export function snapshotsInputs(
  step: SnapshotsStep,
  output: Fields,
  results: StepResults = {},
): Fields {
  const inputs: Fields = {};
  for (const { input, from } of step.mapping) {
    const value = valueOf(from, output, results);
    if (!isEmpty(value)) inputs[input] = value;
  }
  return inputs;
}

export interface RunCost {
  /** Zapier tasks: one per action step that runs (the trigger, Paths and Filters cost none). */
  tasks: number;
  /** Clio API requests: one per create; two per update, which reads the record first (`clio-app.ts`). */
  clioCalls: number;
  /** Snapshots API requests: one per action of ours (a trigger run costs none: the hook delivers). */
  snapshotsCalls: number;
}

/** What one run of this path of a Zap costs. */
export function costOf(path: RecipePath): RunCost {
  return path.steps.reduce<RunCost>(
    (cost, step) => ({
      tasks: cost.tasks + 1,
      clioCalls: cost.clioCalls + (step.app === 'Clio' ? (step.method === 'PATCH' ? 2 : 1) : 0),
      snapshotsCalls: cost.snapshotsCalls + (step.app === 'Snapshots' ? 1 : 0),
    }),
    { tasks: 0, clioCalls: 0, snapshotsCalls: 0 },
  );
}

/**
 * The rows of the operations table (./operations.ts), taken from the app definition: the
 * connection test, the dropdown, each hook trigger, and each action, search and find-or-create
 * in `app.creates`, `app.searches` and `app.searchOrCreates`, grouped by noun. What the table
 * runs an action or search with is below, by key; an action or search the app adds needs its
 * entry there (tsc says so).
 */
import { objectNamed } from '../../src/api/objects';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import { LIST_SIZE as HOOK_LIST_SIZE } from '../../src/builders/hook-trigger';
import { createApiClient } from '../../src/http/client';

export type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** One app-tester invocation: what Zapier runs for one step (or one hook delivery). */
export interface Invocation {
  perform: Perform;
  bundle?: Partial<Bundle>;
  /** Run with an empty z.cache (a delivery the hook memory must not take for a replay). */
  freshCache?: boolean;
}

/**
 * One row of the operations table: the invocations of one run, built afresh for each run (a
 * create gets a new name, so its idempotency key is new and Snapshots really creates). The raw
 * `fetch` and the floor replay the very requests the app sent in its first run, captured in its
 * middleware: the same method, URL and body.
 */
export interface Operation {
  name: string;
  run: () => Invocation[];
  /** The most requests the operation may send (the actions' and searches' budgets). */
  budget?: number;
}

/** What the rows are written with. */
export interface Context {
  /** A value no other call of this run used (names, idempotency keys). */
  unique: () => string;
  /** Records made before the table runs, with their Clio ids. */
  ids: { location: string; matter: string; activity: string };
  /** A signed delivery of a location change, for a hook's perform (0 requests). */
  delivery: () => Partial<Bundle>;
}

type Input = Record<string, unknown>;
/** One row of an action or search: what follows its key in the row's name, and its input
 * (a function when each run needs its own, e.g. a new name). */
interface InputRow {
  label?: string;
  input: Input | (() => Input);
}

type Creates = typeof app.creates;
type Searches = typeof app.searches;
type Described = { key: string; noun: string; operation: { perform: unknown } };

/** Actions and searches: 1 request each; find-or-create at most 2 (the search, the create). */
const ACTION_BUDGET = 1;
const FIND_OR_CREATE_BUDGET = 2;

/** Each action's inputs; an operation without an entry is listed as not measured. */
const actionRows = ({ unique, ids }: Context): Partial<Record<keyof Creates, InputRow[]>> => ({
  create_location: [{ input: () => ({ name: unique() }) }],
  update_location: [
    { input: { location_id: ids.location, city: 'Salem', fields_to_clear: ['email'] } },
  ],
  upsert_location_from_clio: [{ input: { clio_contact_id: '91001', name: 'Bench site (Clio)' } }],
  link_location_to_clio_contact: [{ input: { location_id: ids.location, clio_contact_id: 91001 } }],
  create_matter: [
    {
      label: '(client by Clio contact id)',
      input: () => ({ title: unique(), status: 'Open', location_clio_contact_id: 91001 }),
    },
  ],
  update_matter: [{ input: { matter_id: ids.matter, status: 'PENDING' } }],
  upsert_matter_from_clio: [
    {
      input: { clio_matter_id: 92002, title: 'Bench matter', location_clio_contact_id: 91001 },
    },
  ],
  link_matter_to_clio_matter: [{ input: { matter_id: ids.matter, clio_matter_id: 92002 } }],
  create_activity: [
    {
      label: '(matter by Clio matter id)',
      input: () => ({
        type: 'task',
        date: '2027-03-01',
        notes: unique(),
        matter_clio_matter_id: 92002,
      }),
    },
  ],
  update_activity: [{ input: { activity_id: ids.activity, duration_seconds: 1800 } }],
  upsert_activity_from_clio: [
    {
      input: { clio_id: 93003, clio_kind: 'clio_time_entry', type: 'task', date: '2027-03-01' },
    },
  ],
  link_activity_to_clio_record: [
    { input: { activity_id: ids.activity, clio_id: 93003, clio_kind: 'clio_time_entry' } },
  ],
});

const SEARCH_ROWS: Partial<Record<keyof Searches, InputRow[]>> = {
  find_location: [
    { label: 'by Clio contact id', input: { search_clio_contact_id: 91001 } },
    { label: 'by name', input: { search_name: 'bench site' } },
  ],
  find_matter: [{ label: 'by Clio matter id', input: { search_clio_matter_id: 92002 } }],
  find_activity: [
    {
      label: 'by Clio id and kind',
      input: { search_clio_id: 93003, search_clio_kind: 'clio_time_entry' },
    },
  ],
};

/**
 * The text field a find-or-create searches by (never found) and then creates with: the exact text
 * filter of the registry object its search finds (`find_matter` → `title`).
 */
const findOrCreateField = (search: string): string | undefined =>
  objectNamed(search.replace(/^find_/, ''))?.textFilter;

/** An action's or search's rows: one invocation each, with the row's input. */
const rowsOf = (operation: Described, rows: InputRow[]): Operation[] =>
  rows.map(({ label, input }) => ({
    name: label ? `${operation.key} ${label}` : operation.key,
    budget: ACTION_BUDGET,
    run: () => [
      {
        perform: operation.operation.perform as Perform,
        bundle: { inputData: typeof input === 'function' ? input() : input },
      },
    ],
  }));

/** Zapier's search-or-create: the search, then (never found) the create, both requests. */
function findOrCreateRow(
  { key, search, create }: { key: string; search: string; create: string },
  unique: () => string,
): Operation {
  const searchOperation = app.searches[search as keyof Searches] as Described;
  const createOperation = app.creates[create as keyof Creates] as Described;
  const field = findOrCreateField(search);
  if (!field)
    throw new Error(`No text field for find-or-create ${key}: its object has no textFilter.`);
  return {
    name: `find-or-create ${searchOperation.noun.toLowerCase()} (none found: created)`,
    budget: FIND_OR_CREATE_BUDGET,
    run: () => {
      const value = `Bench ${unique()}`;
      return [
        {
          perform: searchOperation.operation.perform as Perform,
          bundle: { inputData: { [`search_${field}`]: value } },
        },
        {
          perform: createOperation.operation.perform as Perform,
          bundle: { inputData: { [field]: value } },
        },
      ];
    },
  };
}

/** Per noun, in the app's order: its actions, its searches, its find-or-create. */
function actionAndSearchRows(context: Context): Operation[] {
  const creates = Object.values(app.creates) as Described[];
  const searches = Object.values(app.searches) as Described[];
  const inputs = actionRows(context);
  const nouns = [...new Set([...creates, ...searches].map((operation) => operation.noun))];
  return nouns.flatMap((noun) => [
    ...creates
      .filter((operation) => operation.noun === noun)
      .flatMap((operation) => rowsOf(operation, inputs[operation.key as keyof Creates] ?? [])),
    ...searches
      .filter((operation) => operation.noun === noun)
      .flatMap((operation) =>
        rowsOf(operation, SEARCH_ROWS[operation.key as keyof Searches] ?? []),
      ),
    ...Object.values(app.searchOrCreates ?? {})
      .filter(({ search }) => (app.searches[search as keyof Searches] as Described).noun === noun)
      .map((searchOrCreate) => findOrCreateRow(searchOrCreate, context.unique)),
  ]);
}

const op = (
  name: string,
  budget: number | undefined,
  perform: unknown,
  bundle: Partial<Bundle>,
) => ({
  name,
  budget,
  run: () => [{ perform: perform as Perform, bundle }],
});

/** Actions and searches with no input here (nor a find-or-create row): the table has no row for them. */
export function unmeasured(context: Context): string[] {
  const inputs: Partial<Record<string, InputRow[]>> = { ...actionRows(context), ...SEARCH_ROWS };
  const findOrCreates = Object.values(app.searchOrCreates ?? {}).map(({ create }) => create);
  return [...Object.keys(app.creates), ...Object.keys(app.searches)].filter(
    (key) => !inputs[key] && !findOrCreates.includes(key),
  );
}

/** Every row of the table, in order. */
export function operations(context: Context): Operation[] {
  const pollBundle = { meta: { page: 0, limit: -1 } } as Partial<Bundle>;
  const hookTriggers = Object.entries(app.triggers).flatMap(([key, { operation }]) =>
    operation.type === 'hook' ? [{ key, performList: operation.performList }] : [],
  );
  return [
    op('connection test (GET /v1/me)', 1, app.authentication?.test, { inputData: {} }),
    op(
      'API client: list 100 locations',
      1,
      (z: ZObject) => createApiClient(z).locations.list({ limit: 100 }),
      { inputData: {} },
    ),
    op(
      'location dropdown, first page',
      undefined,
      app.triggers.location_list.operation.perform,
      pollBundle,
    ),
    ...hookTriggers.map(({ key, performList }) =>
      op(`${key}: performList`, 1, performList, {
        meta: { limit: HOOK_LIST_SIZE },
      } as Partial<Bundle>),
    ),
    {
      name: 'new_or_updated_location: perform of a signed delivery',
      budget: 0,
      run: () => [
        {
          perform: app.triggers.new_or_updated_location.operation.perform,
          bundle: context.delivery(),
          freshCache: true,
        },
      ],
    },
    ...actionAndSearchRows(context),
  ];
}

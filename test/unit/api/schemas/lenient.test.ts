/**
 * Forward compatibility: a Snapshots server newer than this integration must not fail a page.
 * Variants are derived from the contract schemas themselves, so a field added there is covered
 * here too: every enum gets a value it does not list, every object a field it does not know,
 * every nullable field goes missing, every timestamp comes in other RFC 3339 forms, every
 * prefixed id in a new alphabet, every map a key like `clio-manage` (and custom fields an array
 * value), every map may be null, and the event log a kind of event nobody knows yet. Each
 * variant is answered by nock to every client method, dropdown trigger and New Sync Error that
 * reads that schema, through the app tester; none may fail, and what they return keeps the new
 * data (timestamps normalised to the canonical `.000Z` form).
 */
import { OBJECT } from '../../../../src/api/objects';
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { z } from 'zod';
import { activityList } from '../../../../src/activities/activity-list.trigger';
import {
  CustomFieldDefinitionList,
  EventPage,
  Location,
  Matter,
  Me,
  ActivityExpanded,
  SyncErrorPage,
  WebhookList,
  WebhookWithSecret,
  reader,
} from '../../../../src/api/schemas';
import { createApiClient, type ApiClient } from '../../../../src/http/client';
import { locationList } from '../../../../src/locations/location-list.trigger';
import { matterList } from '../../../../src/matters/matter-list.trigger';
import { newSyncError } from '../../../../src/sync-errors/new-sync-error.trigger';
import { activity, location, matter, me, syncError } from '../../../support/fixtures';
import { API_ORIGIN, appTester, authData, useFakeSnapshots } from '../../../support/zapier';

type Path = (string | number)[];
interface Variant {
  name: string;
  body: unknown;
  /** Where the change is, and what must be read there (undefined: only that it reads). */
  path: Path;
  expected?: unknown;
}

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

const NEW_FIELD = { added: 'by a newer server', nested: { list: [1, 2] } };
const TIMESTAMP_FORMS = [
  '2026-11-27T10:15:00Z',
  '2026-11-27T10:15:00.1Z',
  '2026-11-27T10:15:00.123456Z',
  '2026-11-27T10:15:00.123456789Z',
  '2026-11-27T11:15:00+01:00',
  '2026-11-27T05:15:00.5-05:00',
  '2026-11-27 10:15:00Z',
];

const clone = <T>(value: T): T => structuredClone(value);

function setAt(
  root: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy = clone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

/** Every variant of `root` that a newer server might send, found by walking `schema` over it. */
function variantsOf(schema: z.ZodType, root: unknown): Variant[] {
  const found: Variant[] = [];
  const replace = (name: string, path: Path, value: unknown, expected: unknown = value) =>
    found.push({
      name,
      path,
      expected,
      body: setAt(root, path, (parent, key) => (parent[key] = value)),
    });

  let timestampFields = 0;
  const walk = (node: z.ZodType, value: unknown, path: Path): void => {
    const def = defOf(node);
    switch (def.type) {
      case 'nullable':
      case 'optional':
      case 'default':
        if (value !== null && value !== undefined) walk(def.innerType as z.ZodType, value, path);
        return;
      case 'object': {
        const shape = def.shape as Record<string, z.ZodType>;
        const record = value as Record<string, unknown>;
        found.push({
          name: `an unknown field at ${format(path)}`,
          path: [...path, 'future_field'],
          expected: NEW_FIELD,
          body: setAt(root, [...path, 'future_field'], (parent, key) => (parent[key] = NEW_FIELD)),
        });
        for (const [key, field] of Object.entries(shape)) {
          if (!(key in record)) continue;
          if (defOf(field).type === 'nullable') {
            found.push({
              name: `nullable ${format([...path, key])} missing`,
              path: [...path, key],
              expected: null,
              body: setAt(root, [...path, key], (parent, k) => delete parent[k]),
            });
          }
          walk(field, record[key], [...path, key]);
        }
        return;
      }
      case 'array':
        (value as unknown[]).forEach((item, index) =>
          walk(def.element as z.ZodType, item, [...path, index]),
        );
        return;
      case 'enum':
        replace(`a new value of ${format(path)}`, path, 'brand_new_value');
        return;
      case 'string':
        if (def.format === 'datetime') {
          // Two forms per field, a different pair each time, so all forms are covered in fewer runs.
          const first = (timestampFields++ * 2) % TIMESTAMP_FORMS.length;
          for (const form of [
            TIMESTAMP_FORMS[first]!,
            TIMESTAMP_FORMS[(first + 1) % TIMESTAMP_FORMS.length]!,
          ]) {
            replace(`${format(path)} as ${form}`, path, form, new Date(form).toISOString());
          }
        } else if (typeof value === 'string' && /^[a-z]{3}_/.test(value)) {
          replace(`an id of a new form at ${format(path)}`, path, `${value.slice(0, 3)}_8f2k-3j4h`);
        }
        return;
      case 'record': {
        const valueDef = defOf(def.valueType as z.ZodType);
        const entry = valueDef.type === 'union' ? ['Family', 'Estates'] : 'clio-42';
        replace(`a new key and value in ${format(path)}`, [...path, 'clio-manage'], entry);
        replace(`${format(path)} as null`, path, null, {});
        return;
      }
      case 'union':
        if (def.discriminator) {
          const discriminator = def.discriminator as string;
          const kind = (value as Record<string, unknown>)[discriminator];
          const option = (def.options as z.ZodType[]).find((candidate) => {
            const shape = defOf(candidate).shape as Record<string, z.ZodType>;
            return shape[discriminator]!.safeParse(kind).success;
          });
          replace(`an unknown kind at ${format(path)}`, path, {
            ...(value as object),
            [discriminator]: 'matter.archived',
            data: NEW_FIELD,
          });
          if (option) walk(option, value, path);
        }
        return;
      default:
        return;
    }
  };
  walk(schema, root, []);
  return found;
}

const format = (path: Path) =>
  path.length === 0
    ? 'the root'
    : path
        .map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`))
        .join('')
        .replace(/^\./, '');

const getAt = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], value);

// ---------------------------------------------------------------- what reads each schema

const expandedActivity = activity({
  matter_id: 'mat_1',
  location_id: 'loc_1',
  notes: 'Call with the client',
  matter: matter(),
  location: location({ last_seen: '2026-11-27T10:15:00.000Z' }),
});
const stamp = '2026-11-27T10:15:00.000Z';
const events = {
  data: [
    {
      event_id: 'evt_1',
      sequence: 1,
      type: 'location.created',
      occurred_at: stamp,
      data: location(),
    },
    {
      event_id: 'evt_2',
      sequence: 2,
      type: 'matter.updated',
      occurred_at: stamp,
      data: matter({ description: 'd' }),
    },
    {
      event_id: 'evt_3',
      sequence: 3,
      type: 'activity.created',
      occurred_at: stamp,
      data: expandedActivity,
    },
    { event_id: 'evt_4', sequence: 4, type: 'sync.error', occurred_at: stamp, data: syncError() },
  ],
  next_cursor: 'c1',
};
const webhook = {
  id: 'whk_1',
  url: 'https://hooks.zapier.com/1',
  events: ['matter.created'],
  created_at: stamp,
  max_deliveries_per_minute: 30,
  pending_deliveries: 0,
};

type Run = (api: ApiClient) => Promise<unknown>;
interface Reader {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** Runs the reader; its result is compared at the variant's path when `sameShape`. */
  run: Run | { trigger: (z: ZObject, bundle: Bundle) => Promise<unknown[]> };
  sameShape?: boolean;
}
interface Case {
  schema: z.ZodType;
  body: unknown;
  readers: Reader[];
}

const key = { idempotencyKey: 'k' };
const NEW_SYNC_ERROR = 'New Sync Error trigger';
const recordReaders = (
  collection: 'locations' | 'matters' | 'activities',
  id: string,
): Reader[] => {
  const path = `/v1/${collection}`;
  return [
    {
      name: `${collection}.get`,
      method: 'GET',
      path: `${path}/${id}`,
      run: (api) => api[collection].get(id),
      sameShape: true,
    },
    {
      name: `${collection}.create`,
      method: 'POST',
      path,
      run: (api) => api[collection].create({} as never, key),
      sameShape: true,
    },
    {
      name: `${collection}.update`,
      method: 'PATCH',
      path: `${path}/${id}`,
      run: (api) => api[collection].update(id, {}),
      sameShape: true,
    },
    {
      name: `${collection}.upsertByRef`,
      method: 'PUT',
      path: `${path}/by-ref/clio/1`,
      run: async (api) => (await api[collection].upsertByRef('clio', '1', {} as never)).record,
      sameShape: true,
    },
  ];
};
const listReader = (name: string, path: string, run: Run): Reader => ({
  name,
  method: 'GET',
  path,
  run,
  sameShape: true,
});
const triggerReader = (name: string, path: string, trigger: Reader['run']): Reader => ({
  name,
  method: 'GET',
  path,
  run: trigger,
});

const CASES: Case[] = [
  { schema: Me, body: me(), readers: [listReader('me', '/v1/me', (api) => api.me())] },
  {
    schema: Location,
    body: location({ last_seen: stamp }),
    readers: recordReaders('locations', 'loc_1'),
  },
  {
    schema: Matter,
    body: matter({ due_date: '2026-12-31', description: 'An estate' }),
    readers: recordReaders('matters', 'mat_1'),
  },
  {
    schema: ActivityExpanded,
    body: expandedActivity,
    readers: recordReaders('activities', 'act_1'),
  },
  {
    schema: OBJECT.location.schemas.page,
    body: { data: [location({ last_seen: stamp })], next_cursor: 'c1' },
    readers: [
      listReader('locations.list', '/v1/locations', (api) => api.locations.list()),
      triggerReader('location_list trigger', '/v1/locations', {
        trigger: locationList.operation.perform,
      }),
    ],
  },
  {
    schema: OBJECT.matter.schemas.page,
    body: { data: [matter({ description: 'An estate' })], next_cursor: 'c1' },
    readers: [
      listReader('matters.list', '/v1/matters', (api) => api.matters.list()),
      triggerReader('matter_list trigger', '/v1/matters', {
        trigger: matterList.operation.perform,
      }),
    ],
  },
  {
    schema: OBJECT.activity.schemas.page,
    body: { data: [expandedActivity], next_cursor: 'c1' },
    readers: [
      listReader('activities.list', '/v1/activities', (api) => api.activities.list()),
      triggerReader('activity_list trigger', '/v1/activities', {
        trigger: activityList.operation.perform,
      }),
    ],
  },
  {
    schema: CustomFieldDefinitionList,
    body: {
      data: [
        {
          key: 'practice_area',
          label: 'Practice Area',
          type: 'select',
          choices: ['Family'],
          required: false,
          help_text: 'Pick one',
        },
      ],
    },
    readers: [
      listReader('customFields.list', '/v1/custom-fields', (api) =>
        api.customFields.list('matter'),
      ),
    ],
  },
  {
    schema: EventPage,
    body: events,
    readers: [listReader('events.list', '/v1/events', (api) => api.events.list())],
  },
  {
    schema: SyncErrorPage,
    body: { data: [syncError({ resource: { type: 'matter', id: 'mat_1' } })], next_cursor: null },
    readers: [
      listReader('syncErrors.list', '/v1/sync-errors', (api) => api.syncErrors.list()),
      triggerReader(NEW_SYNC_ERROR, '/v1/sync-errors', {
        trigger: newSyncError.operation.performList,
      }),
    ],
  },
  {
    schema: WebhookWithSecret,
    body: { ...webhook, secret: 'whsec_c2VjcmV0' },
    readers: [
      {
        name: 'webhooks.create',
        method: 'POST',
        path: '/v1/webhooks',
        run: (api) =>
          api.webhooks.create({ url: 'https://x.example', events: ['matter.created'] }, key),
        sameShape: true,
      },
    ],
  },
  {
    schema: WebhookList,
    body: { data: [webhook] },
    readers: [listReader('webhooks.list', '/v1/webhooks', (api) => api.webhooks.list())],
  },
];

const READS = CASES.flatMap(({ schema, body, readers }) => {
  const variants = variantsOf(schema, body);
  return readers.map((reader) => ({ reader, variants }));
});
const ALL = READS.flatMap(({ reader, variants }) =>
  variants.map((variant) => ({ reader, variant })),
);

/** What went wrong with one variant, or undefined when it read as it should. */
function checkRead(reader: Reader, variant: Variant, output: unknown): string | undefined {
  if (reader.sameShape) {
    if (variant.expected === undefined) return undefined;
    const got = getAt(output, variant.path);
    return isDeepStrictEqual(got, variant.expected)
      ? undefined
      : `${variant.name}: read ${JSON.stringify(got)}`;
  }
  const items = output as Record<string, unknown>[];
  if (items.length === 0) return `${variant.name}: no items`;
  // New Sync Error passes the record through: a new field must reach Zapier.
  if (reader.name === NEW_SYNC_ERROR && variant.path.join('.') === 'data.0.future_field') {
    return isDeepStrictEqual(items[0]?.future_field, NEW_FIELD)
      ? undefined
      : `${variant.name}: dropped`;
  }
  return undefined;
}

describe('forward compatibility: what a newer server sends never fails a page', () => {
  useFakeSnapshots();

  afterAll(() => {
    const variants = CASES.reduce(
      (sum, { schema, body }) => sum + variantsOf(schema, body).length,
      0,
    );
    // eslint-disable-next-line no-console -- every run shows how much it tried
    console.log(
      `forward compatibility: ${ALL.length} reads tried (${variants} response variants × their readers, ${CASES.flatMap((c) => c.readers).length} readers)`,
    );
  });

  it('starts from bodies the contract accepts as they are', () => {
    for (const { schema, body } of CASES) expect(schema.safeParse(body).error).toBeUndefined();
  });

  it('the readers still refuse what is not a record at all; the contract schemas stay exact', () => {
    const read = reader(Matter);
    expect(read.safeParse(matter({ last_updated: 'soon' })).success).toBe(false);
    expect(read.safeParse({ ...matter(), version: 'three' }).success).toBe(false);
    expect(read.safeParse({ ...matter(), title: undefined }).success).toBe(false);
    expect(read.safeParse(matter({ status: 'archived' as 'open' })).success).toBe(true);
    expect(Matter.safeParse(matter({ status: 'archived' as 'open' })).success).toBe(false);
    expect(reader(Matter)).toBe(read); // derived once per schema
  });

  it('tries every kind of change: new enum values, timestamp forms and id forms, new map keys, missing nullables, null maps, unknown kinds and fields', () => {
    const names = ALL.map(({ variant }) => variant.name).join('\n');
    for (const form of TIMESTAMP_FORMS) expect(names).toContain(`as ${form}`);
    for (const kind of [
      'a new value of data[0].status',
      'a new value of data[0].type',
      'a new value of data[0].resource.type',
      'as 2026-11-27T10:15:00Z',
      'as 2026-11-27T10:15:00.123456Z',
      'an id of a new form',
      'a new key and value in data[0].custom_fields',
      'a new key and value in data[0].external_refs',
      'nullable data[0].description missing',
      'nullable data[0].last_seen missing',
      'data[0].details as null',
      'an unknown kind at data[0]',
      'an unknown field at data[0]',
    ]) {
      expect(names).toContain(kind);
    }
  });

  // One app-tester run per reader, every variant inside it: core's memory check ends a process
  // that has run more than 250 invocations with a large heap, as a long jest worker has.
  it.each(
    READS.map(({ reader, variants }) => [reader.name, variants.length, reader, variants] as const),
  )('%s reads all %i variants', async (_name, _count, reader, variants) => {
    const failures = await appTester(
      async (z: ZObject, bundle: Bundle) => {
        const found: string[] = [];
        for (const variant of variants) {
          const scope = nock(API_ORIGIN)
            .intercept(reader.path, reader.method)
            .query(true)
            .reply(200, variant.body as object);
          try {
            const output =
              typeof reader.run === 'function'
                ? await reader.run(createApiClient(z))
                : await reader.run.trigger(z, { ...bundle, meta: { ...bundle.meta, page: 0 } });
            const problem = checkRead(reader, variant, output);
            if (problem) found.push(problem);
          } catch (error) {
            found.push(`${variant.name}: ${(error as Error).message}`);
          }
          if (!scope.isDone()) found.push(`${variant.name}: no request`);
        }
        return found;
      },
      { authData },
    );

    expect(failures).toEqual([]);
  });
});

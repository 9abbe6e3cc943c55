/**
 * Every instant trigger of the app, generated from `app.triggers` (and checked against the table
 * below of keys and event types): subscribe and unsubscribe with exact bodies, perform
 * with no request, equal output from perform and performList, and every delivery that must fire
 * nothing.
 */
import nock from 'nock';
import { createAppTester, errors, type Bundle } from 'zapier-platform-core';
import type { EventType } from '../../../src/api/schemas';
import { app } from '../../../src/app';
import { PRODUCTION_DELAYS_MS } from '../../../sandbox/events/deliveries';
import {
  CHANGED_FIELDS_INPUT,
  DELIVERY_TTL_SECONDS,
  FILTER_NOT_APPLIED,
  MAX_RUNS_INPUT,
  SIGNATURE_TOLERANCE,
  VERSION_TTL_SECONDS,
} from '../../../src/builders/hook-trigger';
import { OTHER_SECRET, TEST_SECRET, zapierRequest } from '../../support/deliveries';
import { activity, location, matter, syncError } from '../../support/fixtures';
import { authData, snapshots, useFakeSnapshots } from '../../support/zapier';

/** The keys users' Zaps hold, and the event types each subscribes to. */
const EXPECTED: Record<string, EventType[]> = {
  new_location: ['location.created'],
  new_or_updated_location: ['location.created', 'location.updated'],
  new_matter: ['matter.created'],
  new_or_updated_matter: ['matter.created', 'matter.updated'],
  new_activity: ['activity.created'],
  new_or_updated_activity: ['activity.created', 'activity.updated'],
  new_sync_error: ['sync.error'],
};

type HookOperation = {
  type: 'hook';
  perform: (z: never, bundle: never) => unknown;
  performList: (z: never, bundle: never) => unknown;
  performSubscribe: (z: never, bundle: never) => unknown;
  performUnsubscribe: (z: never, bundle: never) => unknown;
  inputFields: unknown[];
};
const HOOKS = Object.values(app.triggers)
  .filter((trigger) => trigger.operation.type === 'hook')
  .map((trigger) => ({
    key: trigger.key,
    operation: trigger.operation as unknown as HookOperation,
  }));

const TARGET_URL = 'https://hooks.zapier.test/hooks/standard/1/abc';
const subscribeData = { id: 'whk_1', secret: TEST_SECRET };

// Records as Snapshots sends them: with custom fields and, for matters and activities, the linked
// records expanded (each with its Clio id), so equality covers every part of the mappers.
const linkedLocation = location({
  location_id: 'loc_1',
  external_refs: { clio: '555' },
  custom_fields: { practice_area: 'Family' },
});
const linkedMatter = matter({ external_refs: { clio: '888' }, custom_fields: { budget: 5 } });
const activityOf = (version: number) => ({
  ...activity({
    version,
    type: 'meeting',
    duration_minutes: 30,
    matter_id: 'mat_1',
    location_id: 'loc_1',
    custom_fields: { billable: true },
  }),
  matter: linkedMatter,
  location: linkedLocation,
});
const dataOf: Record<EventType, (version: number) => object> = {
  'location.created': (version) => ({ ...linkedLocation, version }),
  'location.updated': (version) => ({ ...linkedLocation, version }),
  'matter.created': (version) => ({ ...linkedMatter, version, location: linkedLocation }),
  'matter.updated': (version) => ({ ...linkedMatter, version, location: linkedLocation }),
  'activity.created': activityOf,
  'activity.updated': activityOf,
  'sync.error': () => syncError(),
};

/** Each object's event as a newer Snapshots might send it: a value this version does not know. */
const newerData: Record<string, (data: Record<string, unknown>) => object> = {
  location: (data) => ({ ...data, created_at: '2026-11-27T11:15:00+01:00' }),
  matter: (data) => ({ ...data, status: 'archived' }),
  activity: (data) => ({ ...data, type: 'sms' }),
  sync: (data) => ({ ...data, resource: { type: 'document', id: 'doc_1' } }),
};

const listScope = (key: string, events: EventType[], event: { data: object }) =>
  key === 'new_sync_error'
    ? snapshots()
        .get('/v1/sync-errors')
        .query({ limit: '10' })
        .reply(200, { data: [event.data], next_cursor: null })
    : snapshots()
        .get('/v1/events')
        .query({ types: events.join(','), order: 'desc', limit: '10' })
        .reply(200, { data: [event], next_cursor: null });

let sequence = 0;
function eventOf(type: EventType, version = 1, extra: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    event_id: `evt_${type.replace('.', '')}${version}x${sequence}`,
    sequence,
    type,
    occurred_at: '2026-11-27T10:15:00.000Z',
    ...(type.endsWith('.updated') ? { changed_fields: ['name'] } : {}),
    ...(type === 'sync.error' ? {} : { custom_field_keys: ['budget', 'practice_area'] }),
    data: dataOf[type](version),
    ...extra,
  };
}

// A fresh tester (and so a fresh z.cache) per test: runs within one test share it, as Zapier's do.
let appTester = createAppTester(app);
beforeEach(() => {
  appTester = createAppTester(app);
});

async function run(op: HookOperation['perform'], bundle: Partial<Bundle>): Promise<unknown[]> {
  const result: unknown = await appTester(op as never, { authData, ...bundle });
  return result as unknown[];
}

const deliver = (
  operation: HookOperation,
  request: ReturnType<typeof zapierRequest>,
  inputData: Record<string, unknown> = {},
) =>
  run(operation.perform, {
    subscribeData,
    rawRequest: request,
    cleanedRequest: JSON.parse(request.content) as object,
    inputData,
  });

describe('the instant triggers', () => {
  it('are exactly the keys users’ Zaps hold, no more and no fewer', () => {
    expect(HOOKS.map((hook) => hook.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('remember a fired delivery for as long as it could be replayed inside the tolerance', () => {
    // A delivery first seen at t carries a timestamp of at most t + future, so a replay passes the
    // timestamp check until at most t + future + past: the cache must hold it that long.
    const { pastSeconds, futureSeconds } = SIGNATURE_TOLERANCE;
    expect(DELIVERY_TTL_SECONDS).toBeGreaterThanOrEqual(pastSeconds + futureSeconds);
    // Versions outlive Snapshots' whole retry schedule (a late retry is an old version).
    const retryHorizon = PRODUCTION_DELAYS_MS.reduce((sum, delay) => sum + delay, 0) * 1.1;
    expect(VERSION_TTL_SECONDS * 1000).toBeGreaterThan(retryHorizon);
    // z.cache takes whole seconds.
    expect([DELIVERY_TTL_SECONDS, VERSION_TTL_SECONDS].every(Number.isInteger)).toBe(true);
  });
});

describe.each(HOOKS)('$key', ({ key, operation }) => {
  useFakeSnapshots();
  const events = EXPECTED[key]!;
  const lastType = events.at(-1)!;

  it(`subscribes to exactly ${events.join(', ')} at the target URL, returning id and secret`, async () => {
    const scope = snapshots()
      .post('/v1/webhooks', { url: TARGET_URL, events })
      .matchHeader('idempotency-key', /^zap_subscribe_/)
      .reply(201, {
        id: 'whk_new',
        url: TARGET_URL,
        events,
        created_at: '2026-11-27T10:15:00.000Z',
        secret: TEST_SECRET,
      });
    await expect(run(operation.performSubscribe, { targetUrl: TARGET_URL })).resolves.toEqual({
      id: 'whk_new',
      secret: TEST_SECRET,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('two subscribes (two Zaps, or one turned off and on) never share a subscription', async () => {
    const keys: string[] = [];
    const scope = snapshots()
      .post('/v1/webhooks', { url: TARGET_URL, events })
      .times(2)
      .reply(201, function reply() {
        keys.push(String(this.req.headers['idempotency-key']));
        return {
          id: `whk_${keys.length}`,
          url: TARGET_URL,
          events,
          created_at: '2026-11-27T10:15:00.000Z',
          secret: TEST_SECRET,
        };
      });
    const first = await run(operation.performSubscribe, { targetUrl: TARGET_URL });
    const second = await run(operation.performSubscribe, { targetUrl: TARGET_URL });
    expect([first, second]).toEqual([
      expect.objectContaining({ id: 'whk_1' }),
      expect.objectContaining({ id: 'whk_2' }),
    ]);
    expect(new Set(keys).size).toBe(2);
    expect(scope.isDone()).toBe(true);
  });

  it.each([204, 404])(
    'unsubscribes with DELETE /v1/webhooks/{id} (%s counts as done)',
    async (status) => {
      const scope = snapshots().delete('/v1/webhooks/whk_1').reply(status);
      await expect(run(operation.performUnsubscribe, { subscribeData })).resolves.toEqual({
        deleted: status === 204,
      });
      expect(scope.isDone()).toBe(true);
    },
  );

  it('perform fires one output for a signed delivery, with no request, equal to performList', async () => {
    const event = eventOf(lastType, 2);
    const fired = await deliver(operation, zapierRequest(TEST_SECRET, event));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ id: expect.any(String) });

    const scope = listScope(key, events, event);
    const listed = await run(operation.performList, {});
    expect(listed).toEqual(fired);
    expect(scope.isDone()).toBe(true);
  });

  it('a value newer than this version or a timestamp with an offset fires, equal to performList', async () => {
    const base = eventOf(lastType, 7);
    const object = lastType.split('.')[0]!;
    const event = {
      ...base,
      occurred_at: '2026-11-27T11:15:00+01:00',
      data: newerData[object]!(base.data as Record<string, unknown>),
    };
    const fired = await deliver(operation, zapierRequest(TEST_SECRET, event));
    expect(fired).toHaveLength(1);
    const scope = listScope(key, events, event);
    expect(await run(operation.performList, {})).toEqual(fired);
    expect(scope.isDone()).toBe(true);
    if (key !== 'new_sync_error') {
      expect(fired[0]).toMatchObject({ occurred_at: '2026-11-27T10:15:00.000Z' });
    }
  });

  it('labels every static output field in Title Case (literal values in parentheses aside)', () => {
    const fields = (
      app.triggers[key].operation as { outputFields: ({ key: string; label?: string } | object)[] }
    ).outputFields.filter((field): field is { key: string; label?: string } => 'key' in field);
    expect(fields.map((field) => field.key)).toContain('id');
    const small = new Set(['a', 'and', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
    for (const { key: field, label = '' } of fields) {
      const words = label
        .replace(/\([^)]*\)/g, '')
        .split(/[ :]+/)
        .filter(Boolean);
      const titled = words.every((word, i) => (i > 0 && small.has(word)) || /^[A-Z0-9]/.test(word));
      expect([field, label, titled]).toEqual([field, expect.stringMatching(/\S/), true]);
    }
  });

  it("its sample is one of its own events (a New … trigger's is a created one)", () => {
    const sample = (app.triggers[key].operation as { sample: object }).sample as {
      event_type?: string;
      changed_fields?: string[];
    };
    if (sample.event_type === undefined) return; // sync errors carry no event fields
    expect(events).toContain(sample.event_type);
    if (sample.event_type.endsWith('.created')) expect(sample.changed_fields).toEqual([]);
  });

  it('a second delivery of the same event (same webhook-id) fires nothing', async () => {
    const event = eventOf(lastType);
    expect(await deliver(operation, zapierRequest(TEST_SECRET, event))).toHaveLength(1);
    expect(await deliver(operation, zapierRequest(TEST_SECRET, event))).toEqual([]);
  });

  it.each([
    [
      'a forged body',
      (event: object & { event_id: string }) =>
        zapierRequest(TEST_SECRET, event, { sentBody: JSON.stringify({ ...event, forged: true }) }),
    ],
    ['a wrong secret', (event: { event_id: string }) => zapierRequest(OTHER_SECRET, event)],
    [
      'a stale timestamp (31 minutes)',
      (event: { event_id: string }) =>
        zapierRequest(TEST_SECRET, event, { at: new Date(Date.now() - 31 * 60_000) }),
    ],
    [
      'no signature',
      (event: { event_id: string }) => {
        const request = zapierRequest(TEST_SECRET, event);
        delete request.headers['Http-Webhook-Signature'];
        return request;
      },
    ],
  ])('fires nothing for %s, and logs why without the secret', async (label, make) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await deliver(operation, make(eventOf(lastType)))).toEqual([]);
      const lines = log.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
      expect(lines).toContain(`${key}: delivery ignored`);
      expect(lines).not.toContain(TEST_SECRET.slice(6));
      expect(lines).not.toContain(OTHER_SECRET.slice(6));
      expect(label).toBeTruthy();
    } finally {
      log.mockRestore();
    }
  });

  it('fires nothing for an event type it did not subscribe to, or one unknown (no crash)', async () => {
    const other = Object.keys(dataOf).find(
      (type) => !events.includes(type as EventType),
    ) as EventType;
    expect(await deliver(operation, zapierRequest(TEST_SECRET, eventOf(other)))).toEqual([]);
    const unknown = { ...eventOf(lastType), type: 'location.deleted' };
    expect(await deliver(operation, zapierRequest(TEST_SECRET, unknown))).toEqual([]);
  });

  it('performList skips an event of a kind it does not know, whatever its shape', async () => {
    const event = eventOf(lastType, 2);
    const stranger = { type: 'document.created', id: 'doc_1' };
    const scope =
      key === 'new_sync_error'
        ? listScope(key, events, event)
        : snapshots()
            .get('/v1/events')
            .query({ types: events.join(','), order: 'desc', limit: '10' })
            .reply(200, { data: [stranger, event], next_cursor: null });
    expect(await run(operation.performList, {})).toEqual([
      expect.objectContaining({ id: expect.any(String) }),
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('an extra field in the event changes nothing; one in its data is passed on', async () => {
    const event = eventOf(lastType, 3);
    const plain = await deliver(operation, zapierRequest(TEST_SECRET, event));
    appTester = createAppTester(app);
    const extended = { ...event, region: 'eu', data: { ...event.data, colour: 'red' } };
    expect(await deliver(operation, zapierRequest(TEST_SECRET, extended))).toEqual([
      { ...plain[0]!, colour: 'red' },
    ]);
  });

  if (key !== 'new_sync_error') {
    it('offers Max Runs per Minute and subscribes with it as the delivery-rate cap', async () => {
      const field = operation.inputFields.find(
        (input) => (input as { key?: string }).key === MAX_RUNS_INPUT,
      );
      expect(field).toMatchObject({
        label: 'Max Runs per Minute',
        type: 'integer',
        required: false,
        helpText: expect.stringContaining('50 requests a minute'),
      });
      const scope = snapshots()
        .post('/v1/webhooks', { url: TARGET_URL, events, max_deliveries_per_minute: 12 })
        .reply(201, {
          id: 'whk_paced',
          url: TARGET_URL,
          events,
          created_at: '2026-11-27T10:15:00.000Z',
          max_deliveries_per_minute: 12,
          secret: TEST_SECRET,
        });
      await expect(
        run(operation.performSubscribe, {
          targetUrl: TARGET_URL,
          inputData: { [MAX_RUNS_INPUT]: '12' },
        }),
      ).resolves.toEqual({ id: 'whk_paced', secret: TEST_SECRET });
      expect(scope.isDone()).toBe(true);
    });

    it.each([0, '601', '2.5', 'fast'])(
      'refuses Max Runs per Minute %p at subscribe, naming it, and subscribes nothing',
      async (value) => {
        const subscribe = snapshots().post('/v1/webhooks').reply(201, {});
        const attempt = run(operation.performSubscribe, {
          targetUrl: TARGET_URL,
          inputData: { [MAX_RUNS_INPUT]: value },
        });
        await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
        await expect(attempt).rejects.toThrow(
          /"Max Runs per Minute" must be a whole number from 1 to 600.*leave it blank/,
        );
        expect(subscribe.isDone()).toBe(false);
        nock.cleanAll();
      },
    );

    it('an older version after a newer one fires nothing', async () => {
      expect(
        await deliver(operation, zapierRequest(TEST_SECRET, eventOf(lastType, 5))),
      ).toHaveLength(1);
      expect(await deliver(operation, zapierRequest(TEST_SECRET, eventOf(lastType, 4)))).toEqual(
        [],
      );
      expect(
        await deliver(operation, zapierRequest(TEST_SECRET, eventOf(lastType, 6))),
      ).toHaveLength(1);
    });
  }

  if (events.some((type) => type.endsWith('.updated'))) {
    it('Only When These Fields Change: an update fires only when a chosen field changed', async () => {
      const chosen = { [CHANGED_FIELDS_INPUT]: ['external_refs', 'custom_fields.budget'] };
      const created = eventOf(events[0]!, 1);
      const other = eventOf(lastType, 2, { changed_fields: ['title'] });
      const hit = eventOf(lastType, 3, { changed_fields: ['title', 'custom_fields.budget'] });
      expect(await deliver(operation, zapierRequest(TEST_SECRET, created), chosen)).toHaveLength(1);
      expect(await deliver(operation, zapierRequest(TEST_SECRET, other), chosen)).toEqual([]);
      expect(await deliver(operation, zapierRequest(TEST_SECRET, hit), chosen)).toEqual([
        expect.objectContaining({ changed_fields: ['title', 'custom_fields.budget'] }),
      ]);
    });

    it('an update the filter skipped does not block an older one that changed a chosen field', async () => {
      // Zapier processes v3 (title only) before v2 (links): v3 fired nothing, so v2 is newer than
      // anything this Zap handed on, and its change of links must not be lost.
      const chosen = { [CHANGED_FIELDS_INPUT]: ['external_refs'] };
      const v3 = eventOf(lastType, 3, { changed_fields: ['title'] });
      const v2 = eventOf(lastType, 2, { changed_fields: ['external_refs'] });
      expect(await deliver(operation, zapierRequest(TEST_SECRET, v3), chosen)).toEqual([]);
      expect(await deliver(operation, zapierRequest(TEST_SECRET, v2), chosen)).toEqual([
        expect.objectContaining({ changed_fields: ['external_refs'] }),
      ]);
      // ...and once v2 fired, an older v1 update still fires nothing.
      const v1 = eventOf(lastType, 1, { changed_fields: ['external_refs'] });
      expect(await deliver(operation, zapierRequest(TEST_SECRET, v1), chosen)).toEqual([]);
    });

    // Finding 5 of issue 17: a filter naming a missing custom field dropped every update silently.
    it('a filter on a custom field deleted since lets updates through, saying so', async () => {
      const chosen = { [CHANGED_FIELDS_INPUT]: ['external_refs', 'custom_fields.budget'] };
      const other = eventOf(lastType, 2, { changed_fields: ['title'], custom_field_keys: [] });
      expect(await deliver(operation, zapierRequest(TEST_SECRET, other), chosen)).toEqual([
        expect.objectContaining({
          [FILTER_NOT_APPLIED]:
            'Only When These Fields Change could not be applied, so this update fired: the custom field "budget" no longer exists in Snapshots. Edit the trigger to choose its fields again.',
        }),
      ]);
      const applied = eventOf(lastType, 3, { changed_fields: ['external_refs'] });
      expect(await deliver(operation, zapierRequest(TEST_SECRET, applied), chosen)).toEqual([
        expect.objectContaining({ [FILTER_NOT_APPLIED]: '' }),
      ]);
    });

    it.each([
      [
        'an update that does not say what changed',
        { changed_fields: undefined },
        /does not say which fields it changed/,
      ],
      [
        'an update that does not list the custom fields',
        { custom_field_keys: undefined },
        /does not list the custom fields defined, so "budget" cannot be checked/,
      ],
      [
        'a chosen field this trigger no longer offers (a Zap set up with an older version)',
        {},
        /"retired_field" is not a field of this trigger/,
        'retired_field',
      ],
    ])(
      '%s fires, saying the filter could not be applied',
      async (_case, extra, reason, field = 'custom_fields.budget') => {
        const chosen = { [CHANGED_FIELDS_INPUT]: [field] };
        const event = eventOf(lastType, 2, { changed_fields: ['title'], ...extra });
        const [fired] = (await deliver(
          operation,
          zapierRequest(TEST_SECRET, event),
          chosen,
        )) as Record<string, unknown>[];
        expect(fired?.[FILTER_NOT_APPLIED]).toMatch(reason);
      },
    );

    it('declares Filter Not Applied in its output fields and sample, and performList says it too', async () => {
      const trigger = app.triggers[key].operation as { outputFields: unknown[]; sample: object };
      expect(trigger.outputFields).toContainEqual({
        key: FILTER_NOT_APPLIED,
        label: 'Filter Not Applied',
        type: 'string',
      });
      expect(trigger.sample).toMatchObject({ [FILTER_NOT_APPLIED]: '' });
      const event = eventOf(lastType, 2, { changed_fields: ['title'], custom_field_keys: [] });
      const scope = listScope(key, events, event);
      const listed = (await run(operation.performList, {
        inputData: { [CHANGED_FIELDS_INPUT]: ['custom_fields.budget'] },
      })) as Record<string, unknown>[];
      expect(listed).toEqual([
        expect.objectContaining({
          [FILTER_NOT_APPLIED]: expect.stringMatching(/"budget" no longer exists/),
        }),
      ]);
      expect(scope.isDone()).toBe(true);
    });

    it('refuses to subscribe with a custom field the object does not have, sending no subscription', async () => {
      const object = key.replace('new_or_updated_', '');
      const definitions = snapshots()
        .get('/v1/custom-fields')
        .query({ object })
        .reply(200, { data: [] });
      const subscribe = snapshots().post('/v1/webhooks').reply(201, {});
      const attempt = run(operation.performSubscribe, {
        targetUrl: TARGET_URL,
        inputData: { [CHANGED_FIELDS_INPUT]: ['external_refs', 'custom_fields.budgett'] },
      });
      await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
      await expect(attempt).rejects.toThrow(
        /"Only When These Fields Change" has the custom field "budgett", which \w+ do not have in Snapshots \(deleted, or never defined\): pick fields from its list/,
      );
      expect(definitions.isDone()).toBe(true);
      expect(subscribe.isDone()).toBe(false);
    });

    it('subscribes with a custom field the object has, read afresh', async () => {
      const object = key.replace('new_or_updated_', '');
      const definitions = snapshots()
        .get('/v1/custom-fields')
        .query({ object })
        .reply(200, {
          data: [
            {
              key: 'budget',
              label: 'Budget',
              type: 'number',
              choices: [],
              required: false,
              help_text: null,
            },
          ],
        });
      const subscribe = snapshots().post('/v1/webhooks', { url: TARGET_URL, events }).reply(201, {
        id: 'whk_new',
        url: TARGET_URL,
        events,
        created_at: '2026-11-27T10:15:00.000Z',
        secret: TEST_SECRET,
      });
      await run(operation.performSubscribe, {
        targetUrl: TARGET_URL,
        inputData: { [CHANGED_FIELDS_INPUT]: ['custom_fields.budget'] },
      });
      expect(definitions.isDone()).toBe(true);
      expect(subscribe.isDone()).toBe(true);
    });

    it('offers the object fields and its custom fields as choices', async () => {
      const object = key.replace('new_or_updated_', '');
      const scope = snapshots()
        .get('/v1/custom-fields')
        .query({ object })
        .reply(200, {
          data: [
            {
              key: 'budget',
              label: 'Budget',
              type: 'number',
              choices: [],
              required: false,
              help_text: null,
            },
          ],
        });
      const [input] = operation.inputFields as ((z: never, b: never) => unknown)[];
      const [field] = (await run(input!, {})) as {
        key: string;
        label: string;
        list: boolean;
        choices: { value: string }[];
      }[];
      expect(field).toMatchObject({
        key: CHANGED_FIELDS_INPUT,
        label: 'Only When These Fields Change',
        list: true,
        required: false,
      });
      const values = field!.choices.map((choice) => choice.value);
      expect(values).toContain('custom_fields.budget');
      expect(values.length).toBeGreaterThan(4);
      expect(scope.isDone()).toBe(true);
    });
  }

  if (key === 'new_sync_error') {
    it('offers no Max Runs per Minute: its Zaps tell people, they do not write to Clio', () => {
      expect(operation.inputFields).toEqual([]);
    });
  }

  it('perform makes no request at all (the network is closed and nothing is mocked)', async () => {
    expect(nock.pendingMocks()).toEqual([]);
    await expect(
      deliver(operation, zapierRequest(TEST_SECRET, eventOf(lastType, 9))),
    ).resolves.toHaveLength(1);
  });
});

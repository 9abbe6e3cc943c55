/**
 * Transfer (Zapier's bulk read of a trigger's history) on the six record triggers, against the
 * real sandbox over loopback. Each page runs as Zapier's worker runs it: core's app handler with a
 * per-run cursor store (the loopback stand-in for Zapier's RPC and a `storeKey`), never the app
 * tester, whose cursor mock does not keep a cursor. On several pages of records, with records
 * added and changed while the transfer runs: every record arrives exactly once, a page costs at
 * most one request (counted by the sandbox), and each item is what a live delivery of the same
 * version of the record outputs.
 */
import { randomUUID } from 'node:crypto';
import { createAppTester, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { CHANGED_FIELDS_INPUT, TRANSFER_PAGE_SIZE } from '../../src/builders/hook-trigger';
import { createApiClient } from '../../src/http/client';
import { useHookEmulators } from '../support/hook-emulators';
import { useSandboxOverLoopback } from '../support/sandbox';
import { startZapierRpc, zapierRunner, type RpcStandIn } from '../support/zapier-rpc';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const tester = createAppTester(app);

type RecordTrigger =
  | 'new_location'
  | 'new_or_updated_location'
  | 'new_matter'
  | 'new_or_updated_matter'
  | 'new_activity'
  | 'new_or_updated_activity';
type Kind = 'location' | 'matter' | 'activity';
type Output = Record<string, unknown> & { id: string };

const TRIGGERS: { trigger: RecordTrigger; kind: Kind; updates: boolean; filter: string }[] = [
  { trigger: 'new_location', kind: 'location', updates: false, filter: 'name' },
  { trigger: 'new_or_updated_location', kind: 'location', updates: true, filter: 'name' },
  { trigger: 'new_matter', kind: 'matter', updates: false, filter: 'title' },
  { trigger: 'new_or_updated_matter', kind: 'matter', updates: true, filter: 'title' },
  { trigger: 'new_activity', kind: 'activity', updates: false, filter: 'notes' },
  { trigger: 'new_or_updated_activity', kind: 'activity', updates: true, filter: 'notes' },
];
/** Records there before the transfer: enough for three full pages and a part. */
const GENERATED = 3 * TRANSFER_PAGE_SIZE + 20;
/** The fields of an output that describe the change rather than the record. */
const CHANGE_FIELDS = ['event_id', 'event_type', 'occurred_at', 'changed_fields'];

let authData: StoredAuthData;
let rpc: RpcStandIn;
let runner: ReturnType<typeof zapierRunner>;

beforeAll(async () => {
  rpc = await startZapierRpc();
  runner = zapierRunner(app, rpc);
});
afterAll(async () => {
  runner.restore();
  await rpc.close();
});
beforeEach(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  authData = await sandbox.connect();
});

const withApi = <T>(use: (api: ReturnType<typeof createApiClient>) => Promise<T>) =>
  tester((z: ZObject) => use(createApiClient(z)), { authData });
const key = () => randomUUID();
const recordIdOf = (output: Output) => output.id.split(':')[0]!;
const withoutChange = (output: Output) =>
  Object.fromEntries(Object.entries(output).filter(([field]) => !CHANGE_FIELDS.includes(field)));

/** A record of `kind` through the API (linked ones first), with a Clio id on each. */
async function createOne(kind: Kind, n: number, links: { locationId?: string; matterId?: string }) {
  const clio = { clio: `${kind.length}${n}` };
  if (kind === 'location') {
    const made = await withApi((api) =>
      api.locations.create({ name: `Site ${n}`, external_refs: clio }, { idempotencyKey: key() }),
    );
    return made.location_id;
  }
  if (kind === 'matter') {
    const made = await withApi((api) =>
      api.matters.create(
        { title: `Matter ${n}`, location_id: links.locationId, external_refs: clio },
        { idempotencyKey: key() },
      ),
    );
    return made.matter_id;
  }
  const made = await withApi((api) =>
    api.activities.create(
      {
        type: 'call',
        date: '2026-11-27T10:15:00Z',
        notes: `Call ${n}`,
        matter_id: links.matterId,
        location_id: links.locationId,
      },
      { idempotencyKey: key() },
    ),
  );
  return made.activity_id;
}

async function updateOne(kind: Kind, id: string, n: number) {
  if (kind === 'location')
    await withApi((api) => api.locations.update(id, { email: `s${n}@x.example` }));
  else if (kind === 'matter') await withApi((api) => api.matters.update(id, { status: 'closed' }));
  else await withApi((api) => api.activities.update(id, { duration_minutes: 30 + n }));
}

/** Ids of every record of `kind`, oldest created first, through the API as the test reads it. */
async function allIds(kind: Kind): Promise<string[]> {
  const path = `/${kind === 'activity' ? 'activities' : `${kind}s`}`;
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = (await sandbox.get(path, authData.access_token, {
      sort: 'created_at',
      limit: '100',
      ...(cursor ? { cursor } : {}),
    })) as { data: Record<string, string>[]; next_cursor: string | null };
    ids.push(...page.data.map((record) => record[`${kind}_id`]!));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

/** One page of a Transfer run, as Zapier's worker runs it, with its requests counted. */
const transferPage = (
  trigger: RecordTrigger,
  page: number,
  storeKey: string,
  inputData: Record<string, unknown> = {},
) =>
  sandbox.requestsDuring(
    authData.access_token,
    async () =>
      (await runner.run(
        `triggers.${trigger}.operation.performList`,
        { authData, inputData, meta: { isBulkRead: true, page, limit: -1 } },
        { storeKey },
      )) as Output[],
  );

describe('Transfer', () => {
  it('is offered by the six record triggers and not by New Sync Error', () => {
    for (const { trigger } of TRIGGERS) {
      expect([trigger, app.triggers[trigger].operation.canPaginate]).toEqual([trigger, true]);
    }
    expect(app.triggers.new_sync_error.operation).not.toHaveProperty('canPaginate');
  });

  it.each(TRIGGERS)(
    '$trigger: every record exactly once, one request a page, each item as a live delivery outputs it',
    async ({ trigger, kind, updates, filter }) => {
      await sandbox.controls.generate({ kind, count: GENERATED });
      const generated = await allIds(kind);

      // Live deliveries of records linked to Clio and to each other, for the comparison.
      const hook = await hooks.start({ trigger: app.triggers[trigger], authData });
      await hook.subscribe();
      const locationId = await createOne('location', 1, {});
      const matterId = await createOne('matter', 1, { locationId });
      const activityId = await createOne('activity', 1, { locationId, matterId });
      const linked = { location: locationId, matter: matterId, activity: activityId }[kind];
      if (updates) {
        await updateOne(kind, linked, 1);
        await updateOne(kind, generated[0]!, 2);
      }
      await hooks.waitFor(() => expect(hook.outputs).toHaveLength(updates ? 3 : 1));
      const before = new Set(await allIds(kind));

      // The transfer, with "Only When These Fields Change" set: it filters nothing here.
      const storeKey = `transfer_${trigger}_${randomUUID()}`;
      const inputData = updates ? { [CHANGED_FIELDS_INPUT]: [filter] } : {};
      const items: Output[] = [];
      const requests: number[] = [];
      const added: string[] = [];
      for (let page = 0; page < 10; page++) {
        const { result, requests: made } = await transferPage(trigger, page, storeKey, inputData);
        requests.push(made);
        items.push(...result);
        if (result.length === 0) break;
        // While the transfer runs: a record is added, one already sent and one still to come change.
        added.push(await createOne(kind, 100 + page, { locationId, matterId }));
        if (page === 1) {
          await updateOne(kind, generated[0]!, 3);
          await updateOne(kind, generated.at(-1)!, 4);
        }
      }

      const ids = items.map(recordIdOf);
      expect(new Set(ids).size).toBe(ids.length); // nothing twice
      for (const id of before) expect(ids).toContain(id); // everything there at the start
      for (const id of ids) expect(before.has(id) || added.includes(id)).toBe(true);
      expect(requests.length).toBeGreaterThanOrEqual(4); // several pages and the empty last one
      expect(requests.every((count) => count <= 1)).toBe(true);
      expect(requests.at(-1)).toBe(0); // past the end costs nothing
      expect(rpc.cursorOf(storeKey)).toBe('');

      // A record changed before it was reached arrives in its newest state.
      const last = items.find((item) => recordIdOf(item) === generated.at(-1));
      expect(last?.id).toBe(`${generated.at(-1)}:2`);

      // Each item equals the live output of the same version, but for the change it came from.
      const compared = (hook.outputs as Output[]).filter((live) =>
        items.some((item) => item.id === live.id),
      );
      expect(compared.length).toBeGreaterThanOrEqual(1);
      expect(compared.map(recordIdOf)).toContain(linked);
      for (const live of compared) {
        const item = items.find((candidate) => candidate.id === live.id)!;
        expect(Object.keys(item).sort()).toEqual(Object.keys(live).sort());
        expect(withoutChange(item)).toEqual(withoutChange(live));
        expect(item).toMatchObject({
          event_id: '',
          event_type: live.event_type,
          occurred_at: item.last_updated,
          changed_fields: [],
        });
      }
      // The Clio ids of the record and of the records it links to are there.
      const clio = items.find((item) => recordIdOf(item) === linked)!;
      if (kind === 'location') expect(clio).toMatchObject({ clio_contact_id: '81' });
      if (kind === 'matter')
        expect(clio).toMatchObject({ clio_matter_id: '61', clio_client_id: '81' });
      if (kind === 'activity')
        expect(clio).toMatchObject({ clio_matter_id: '61', clio_contact_id: '81' });
    },
    60_000,
  );

  it('page 0 starts afresh without reading the cursor a previous run left', async () => {
    await sandbox.controls.generate({ kind: 'location', count: TRANSFER_PAGE_SIZE + 1 });
    const storeKey = `transfer_${randomUUID()}`;
    const first = await transferPage('new_location', 0, storeKey);
    expect(rpc.cursorOf(storeKey)).not.toBe('');
    const calls = rpc.calls.length;
    const again = await transferPage('new_location', 0, storeKey);
    expect(again.result.map((item) => item.id)).toEqual(first.result.map((item) => item.id));
    expect(rpc.calls.slice(calls).map((call) => call.method)).toEqual(['set_cursor']);
    const second = await transferPage('new_location', 1, storeKey);
    expect(second.result).toHaveLength(1);
    expect(rpc.cursorOf(storeKey)).toBe('');
  });

  it('a page that resumes from a cursor Snapshots refuses halts, asking to start again', async () => {
    await sandbox.controls.generate({ kind: 'location', count: TRANSFER_PAGE_SIZE + 1 });
    const storeKey = `transfer_${randomUUID()}`;
    const first = await transferPage('new_location', 0, storeKey);
    expect(first.result).toHaveLength(TRANSFER_PAGE_SIZE);
    // The stored cursor is the locations list's: the matters list refuses it.
    await expect(transferPage('new_matter', 1, storeKey)).rejects.toMatchObject({
      name: 'HaltedError',
      message: expect.stringMatching(
        /^Snapshots no longer recognises where this transfer stopped\. Start the transfer again/,
      ),
    });
  });

  it('outside a bulk read, performList is the sample: the newest events, one request', async () => {
    const locationId = await createOne('location', 1, {});
    await updateOne('location', locationId, 1);
    const { result, requests } = await sandbox.requestsDuring(
      authData.access_token,
      async () =>
        (await runner.run(
          'triggers.new_or_updated_location.operation.performList',
          { authData, inputData: {}, meta: { isBulkRead: false, page: 0 } },
          { storeKey: `sample_${randomUUID()}` },
        )) as Output[],
    );
    expect(requests).toBe(1);
    expect(result.map((item) => [item.id, item.event_type])).toEqual([
      [`${locationId}:2`, 'location.updated'],
      [`${locationId}:1`, 'location.created'],
    ]);
    expect(result[0]!.event_id).toMatch(/^evt_/);
  });

  it('outside a bulk read, the editor’s "load more" (page 1) repeats nothing and sends nothing', async () => {
    await createOne('location', 1, {});
    const { result, requests } = await sandbox.requestsDuring(
      authData.access_token,
      async () =>
        (await runner.run(
          'triggers.new_or_updated_location.operation.performList',
          { authData, inputData: {}, meta: { isBulkRead: false, page: 1 } },
          { storeKey: `sample_${randomUUID()}` },
        )) as Output[],
    );
    expect(result).toEqual([]);
    expect(requests).toBe(0);
  });
});

/**
 * The contract extensions the instant triggers rely on: matters with `expand=location` (and their
 * events carrying it), `changed_fields` on `*.updated` events, and superseded deliveries dropped
 * at the source.
 */
import { Event } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { LOCATIONS, MATTERS, create, get, patch } from '../support/collections';
import { eventually } from '../support/expectations';
import { startReceiver, type Receiver } from '../support/receiver';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const lastEvent = async (types: string): Promise<Json> => {
  const [event] = await listAll(h, '/v1/events', token, { types, order: 'desc', limit: 1 });
  return event;
};

describe('matters with expand=location', () => {
  it('embed the location, with its external_refs, in GET, in lists and in their events', async () => {
    const location = await create(h, LOCATIONS, token, {
      name: 'Client site',
      external_refs: { clio: 'C-77' },
    });
    const matter = await create(h, MATTERS, token, {
      title: 'Smith v. Jones',
      location_id: location.location_id,
    });
    expect(matter).not.toHaveProperty('location');

    const expanded = await get(h, MATTERS, token, matter.matter_id, { expand: 'location' });
    expect(expanded).toEqual({ ...matter, location });
    const listed = await h.call('GET', '/v1/matters', { token, query: { expand: 'location' } });
    expect(listed.body.data).toEqual([expanded]);

    const event = await lastEvent('matter.created');
    expect(Event.parse(event)).toMatchObject({ type: 'matter.created' });
    expect(event.data).toEqual(expanded);
    expect(event.data.location.external_refs).toEqual({ clio: 'C-77' });
  });

  it('embed null for a matter without a location', async () => {
    const matter = await create(h, MATTERS, token, { title: 'Unlinked' });
    expect(await get(h, MATTERS, token, matter.matter_id, { expand: 'location' })).toEqual({
      ...matter,
      location: null,
    });
    expect((await lastEvent('matter.created')).data.location).toBeNull();
  });
});

describe('changed_fields', () => {
  it('lists the top-level fields and custom_fields.<key> an update changed', async () => {
    const location = await create(h, LOCATIONS, token, {
      name: 'Before',
      custom_fields: { practice_area: 'Family' },
    });
    expect(await lastEvent('location.created')).not.toHaveProperty('changed_fields');

    await patch(h, LOCATIONS, token, location.location_id, {
      name: 'After',
      address: { city: 'Springfield' },
      custom_fields: { practice_area: 'Criminal', client_since: '2020-01-01' },
    });
    const event = await lastEvent('location.updated');
    expect(Event.parse(event)).toMatchObject({ type: 'location.updated' });
    expect([...(event.changed_fields as string[])].sort()).toEqual([
      'address',
      'custom_fields.client_since',
      'custom_fields.practice_area',
      'name',
    ]);
  });

  it('a status change of a matter says only status (Clio: "Matter Status Updated")', async () => {
    const matter = await create(h, MATTERS, token, { title: 'Case' });
    await patch(h, MATTERS, token, matter.matter_id, { status: 'closed' });
    expect((await lastEvent('matter.updated')).changed_fields).toEqual(['status']);
  });

  it('a cleared custom field counts as changed', async () => {
    const matter = await create(h, MATTERS, token, {
      title: 'Case',
      custom_fields: { billing_code: 'B-1' },
    });
    await patch(h, MATTERS, token, matter.matter_id, { custom_fields: { billing_code: null } });
    expect((await lastEvent('matter.updated')).changed_fields).toEqual([
      'custom_fields.billing_code',
    ]);
  });
});

describe('superseded deliveries', () => {
  let hook: Receiver;
  afterEach(() => hook.close());

  it('a retry of an older version after a newer one was delivered is dropped and logged', async () => {
    // The first delivery fails; its retry comes 300 ms later, after the newer version went out.
    await h.controls.setWebhookSchedule({ delays_ms: [300] });
    hook = await startReceiver((_delivery, attempt) => (attempt === 1 ? 500 : 200));
    const subscribed = await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['location.created', 'location.updated'] },
    });
    const webhookId = subscribed.body.id as string;
    const location = await create(h, LOCATIONS, token, { name: 'V1' });
    await eventually(() => expect(hook.deliveries).toHaveLength(1));
    await patch(h, LOCATIONS, token, location.location_id, { name: 'V2' });

    const log = await eventually(
      async (): Promise<Json[]> => {
        const entries = await h.controls.deliveries();
        const mine = entries.filter((entry) => entry.webhook_id === webhookId);
        expect(mine).toHaveLength(3);
        return mine;
      },
      { timeoutMs: 5000 },
    );
    expect(
      log.map(({ event_type, attempt, outcome }) => ({ event_type, attempt, outcome })),
    ).toEqual([
      { event_type: 'location.created', attempt: 1, outcome: 'retrying' },
      { event_type: 'location.updated', attempt: 1, outcome: 'delivered' },
      { event_type: 'location.created', attempt: 2, outcome: 'superseded' },
    ]);
    expect(log[2].error).toMatch(/superseded/);
    // The receiver never saw version 1 again.
    const versions = hook.deliveries.map((d) => Event.parse(JSON.parse(d.body)).data);
    expect(versions.map((data) => ('version' in data ? data.version : null))).toEqual([1, 2]);
    // It never received the creation, so to it every field of version 2 is new.
    const update = Event.parse(JSON.parse(hook.deliveries[1]!.body));
    expect(update.type).toBe('location.updated');
    const definitions = (
      await h.call('GET', '/v1/custom-fields', { token, query: { object: 'location' } })
    ).body.data as { key: string }[];
    const custom = definitions.map((definition) => `custom_fields.${definition.key}`);
    expect('changed_fields' in update && update.changed_fields).toEqual([
      'name',
      'address',
      'email',
      'phone',
      'timezone',
      'last_seen',
      'external_refs',
      ...custom,
    ]);
  });

  it('after a missed creation, every stored field counts, empty custom fields too', async () => {
    await h.controls.addCustomField({
      object: 'matter',
      key: 'intake_source',
      label: 'Intake Source',
      type: 'text',
      required: false,
    });
    await h.controls.setWebhookSchedule({ delays_ms: [300] });
    hook = await startReceiver((_delivery, attempt) => (attempt === 1 ? 500 : 200));
    await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['matter.created', 'matter.updated'] },
    });
    const matter = await create(h, MATTERS, token, { title: 'Case' });
    await eventually(() => expect(hook.deliveries).toHaveLength(1));
    await patch(h, MATTERS, token, matter.matter_id, { title: 'Case, renamed' });
    await eventually(() => expect(hook.deliveries).toHaveLength(2));

    const update = Event.parse(JSON.parse(hook.deliveries[1]!.body));
    const changed = 'changed_fields' in update ? update.changed_fields : [];
    // Stored names only: `location_ref` is an input alias, never a changed field.
    expect(changed).toEqual(expect.arrayContaining(['title', 'status', 'due_date', 'description']));
    expect(changed).toEqual(expect.arrayContaining(['location_id', 'custom_fields.intake_source']));
    expect(changed).not.toContain('location_ref');
    expect(new Set(changed).size).toBe(changed!.length);
  });

  it('a version sent before a newer one lists none of the newer changes', async () => {
    // Versions 2 (email) and 3 (name) both fail once; once 3 was sent, 2's retry is superseded.
    await h.controls.setWebhookSchedule({ delays_ms: [300] });
    hook = await startReceiver((_delivery, attempt) => (attempt <= 2 ? 500 : 200));
    await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['location.updated'] },
    });
    const location = await create(h, LOCATIONS, token, { name: 'Office' });
    await patch(h, LOCATIONS, token, location.location_id, { email: 'front@office.example' });
    await patch(h, LOCATIONS, token, location.location_id, { name: 'Head office' });
    await eventually(() => expect(hook.deliveries).toHaveLength(3), { timeoutMs: 5000 });

    const sent = hook.deliveries.map((d) => Event.parse(JSON.parse(d.body)));
    expect(
      sent.map((event) => [
        'version' in event.data ? event.data.version : null,
        'changed_fields' in event ? event.changed_fields : null,
      ]),
    ).toEqual([
      [2, ['email']],
      [3, ['name', 'email']],
      [3, ['name', 'email']],
    ]);
  });

  it('an update lists what the versions it supersedes changed, in the delivery only', async () => {
    // Version 2 (email) fails; version 3 (name) goes out before its retry, which is superseded.
    await h.controls.setWebhookSchedule({ delays_ms: [300] });
    hook = await startReceiver((_delivery, attempt) => (attempt === 1 ? 500 : 200));
    await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['location.updated'] },
    });
    const location = await create(h, LOCATIONS, token, { name: 'Office' });
    await patch(h, LOCATIONS, token, location.location_id, { email: 'front@office.example' });
    await eventually(() => expect(hook.deliveries).toHaveLength(1));
    await patch(h, LOCATIONS, token, location.location_id, { name: 'Head office' });
    await eventually(() => expect(hook.deliveries).toHaveLength(2));

    const delivered = hook.deliveries.map((d) => Event.parse(JSON.parse(d.body)));
    expect(
      delivered.map((event) => [
        'version' in event.data ? event.data.version : null,
        'changed_fields' in event ? event.changed_fields : null,
      ]),
    ).toEqual([
      [2, ['email']],
      [3, ['name', 'email']],
    ]);
    // The event itself keeps what its own version changed.
    expect((await lastEvent('location.updated')).changed_fields).toEqual(['name']);
    await eventually(
      async () => {
        const entries = await h.controls.deliveries();
        expect(entries.map((entry) => entry.outcome as string)).toEqual([
          'retrying',
          'delivered',
          'superseded',
        ]);
      },
      { timeoutMs: 5000 },
    );
  });

  it('once a version is delivered, the next update lists only its own changes', async () => {
    hook = await startReceiver();
    await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['location.created', 'location.updated'] },
    });
    const location = await create(h, LOCATIONS, token, { name: 'Office' });
    await eventually(() => expect(hook.deliveries).toHaveLength(1));
    await patch(h, LOCATIONS, token, location.location_id, { email: 'front@office.example' });
    await eventually(() => expect(hook.deliveries).toHaveLength(2));
    const update = Event.parse(JSON.parse(hook.deliveries[1]!.body));
    expect('changed_fields' in update && update.changed_fields).toEqual(['email']);
  });

  it('a retry that nothing newer overtook is still delivered', async () => {
    await h.controls.setWebhookSchedule({ delays_ms: [20] });
    hook = await startReceiver((_delivery, attempt) => (attempt === 1 ? 500 : 200));
    await h.call('POST', '/v1/webhooks', {
      token,
      body: { url: hook.url, events: ['location.created'] },
    });
    await create(h, LOCATIONS, token, { name: 'Only' });
    await eventually(() => expect(hook.deliveries).toHaveLength(2));
    const entries = await h.controls.deliveries();
    expect(entries.map((entry) => entry.outcome as string)).toEqual(['retrying', 'delivered']);
  });
});

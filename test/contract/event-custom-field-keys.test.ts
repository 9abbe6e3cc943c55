/**
 * `custom_field_keys` on record events (issue 17, finding 5): the custom fields the event's object
 * has when the event is read or delivered, so a receiver filtering on a custom field can tell one
 * deleted since from one that did not change. And the control that deletes a definition.
 */
import { Event } from '../../src/api/schemas';
import type { Json } from '../support/api';
import { listAll, useSandbox } from '../support/api';
import { MATTERS, create, patch } from '../support/collections';
import { eventually, expectProblem } from '../support/expectations';
import { startReceiver, type Receiver } from '../support/receiver';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const definedKeys = async (object: string): Promise<string[]> =>
  (
    (await h.call('GET', '/v1/custom-fields', { token, query: { object } })).body.data as Json[]
  ).map((definition) => definition.key as string);

const events = (types: string) => listAll(h, '/v1/events', token, { types, order: 'asc' });

describe('custom_field_keys', () => {
  it('GET /v1/events lists the custom fields each record event’s object has when read', async () => {
    const matterKeys = await definedKeys('matter');
    expect(matterKeys).toContain('billing_code');
    const matter = await create(h, MATTERS, token, { title: 'Case' });
    await patch(h, MATTERS, token, matter.matter_id, { status: 'closed' });
    const before = await events('matter.created,matter.updated');
    expect(before.map((event) => Event.parse(event).type)).toEqual([
      'matter.created',
      'matter.updated',
    ]);
    for (const event of before) expect(event.custom_field_keys).toEqual(matterKeys);

    await h.controls.removeCustomField('matter', 'billing_code');
    const after = await events('matter.created,matter.updated');
    for (const event of after) {
      expect(event.custom_field_keys).toEqual(matterKeys.filter((key) => key !== 'billing_code'));
    }
  });

  it('a sync error event carries none', async () => {
    await h.call('POST', '/v1/matters', { token, body: { title: '' } });
    const [syncError] = await events('sync.error');
    expect(syncError).toBeDefined();
    expect(syncError).not.toHaveProperty('custom_field_keys');
  });

  describe('in a delivery', () => {
    let hook: Receiver;
    afterEach(() => hook.close());

    it('lists the custom fields the object has when it is sent', async () => {
      hook = await startReceiver();
      await h.call('POST', '/v1/webhooks', {
        token,
        body: { url: hook.url, events: ['matter.updated'] },
      });
      const matter = await create(h, MATTERS, token, { title: 'Case' });
      await h.controls.removeCustomField('matter', 'billing_code');
      await patch(h, MATTERS, token, matter.matter_id, { status: 'pending' });
      await eventually(() => expect(hook.deliveries).toHaveLength(1));
      const delivered = JSON.parse(hook.deliveries[0]!.body);
      expect(Event.parse(delivered)).toMatchObject({
        type: 'matter.updated',
        changed_fields: ['status'],
        custom_field_keys: await definedKeys('matter'),
      });
      expect(delivered.custom_field_keys).not.toContain('billing_code');
    });
  });
});

describe('DELETE /_sandbox/custom-fields/:object/:key', () => {
  it('deletes the definition (204); an unknown one is a 404 problem', async () => {
    const gone = await h.call('DELETE', '/_sandbox/custom-fields/location/practice_area');
    expect(gone.status).toBe(204);
    expect(await definedKeys('location')).not.toContain('practice_area');
    expectProblem(await h.call('DELETE', '/_sandbox/custom-fields/location/practice_area'), 404);
  });
});

/**
 * Write references: a matter's location and an activity's matter and location can be named by
 * another system's id (`location_ref: "clio:<contact id>"`, `matter_ref: "clio:<matter id>"`),
 * resolved by the server in the same request; no match is a 422 naming the field, changing nothing.
 */
import { useSandbox } from '../support/api';
import { ACTIVITIES, LOCATIONS, MATTERS, create, patch } from '../support/collections';
import { expectProblem, expectUnchanged, snapshotState } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('write references', () => {
  it('resolves location_ref on a matter create, patch and upsert', async () => {
    const site = await create(h, LOCATIONS, token, { name: 'Site', external_refs: { clio: '42' } });
    const other = await create(h, LOCATIONS, token, {
      name: 'Other',
      external_refs: { clio: '43' },
    });
    const matter = await create(h, MATTERS, token, { title: 'M', location_ref: 'clio:42' });
    expect(matter.location_id).toBe(site.location_id);
    expect(matter).not.toHaveProperty('location_ref');

    const moved = await patch(h, MATTERS, token, matter.matter_id, { location_ref: 'clio:43' });
    expect(moved.location_id).toBe(other.location_id);

    const upsert = await h.call('PUT', '/v1/matters/by-ref/clio/900', {
      token,
      body: { title: 'From Clio', location_ref: 'clio:42' },
    });
    expect(upsert.status).toBe(201);
    expect(upsert.body.location_id).toBe(site.location_id);
  });

  it('resolves matter_ref and location_ref on an activity', async () => {
    const site = await create(h, LOCATIONS, token, { name: 'Site', external_refs: { clio: '7' } });
    const matter = await create(h, MATTERS, token, { title: 'M', external_refs: { clio: '7' } });
    const activity = await create(h, ACTIVITIES, token, {
      type: 'call',
      date: '2027-03-01T09:00:00-05:00',
      matter_ref: 'clio:7',
      location_ref: 'clio:7',
    });
    expect(activity).toMatchObject({
      matter_id: matter.matter_id,
      location_id: site.location_id,
    });
  });

  it.each([
    [MATTERS, { title: 'M', location_ref: 'clio:404' }, 'location_ref'],
    [
      ACTIVITIES,
      { type: 'call', date: '2027-03-01T09:00:00Z', matter_ref: 'clio:404' },
      'matter_ref',
    ],
    [
      ACTIVITIES,
      { type: 'call', date: '2027-03-01T09:00:00Z', location_ref: 'clio:404' },
      'location_ref',
    ],
  ])(
    '422s naming the field when a ref matches nothing (%#), and changes nothing',
    async (c, body, field) => {
      const before = await snapshotState(h);
      const response = await h.call('POST', `/v1/${c.name}`, { token, body });
      expectProblem(response, 422, { field });
      expectUnchanged(before, await snapshotState(h), 1);
    },
  );

  it('422s when a ref is given beside the id it stands for', async () => {
    const site = await create(h, LOCATIONS, token, { name: 'Site', external_refs: { clio: '42' } });
    const response = await h.call('POST', '/v1/matters', {
      token,
      body: { title: 'M', location_id: site.location_id, location_ref: 'clio:42' },
    });
    expectProblem(response, 422, { field: 'location_ref' });
  });

  it('400s on a malformed ref', async () => {
    const response = await h.call('POST', '/v1/matters', {
      token,
      body: { title: 'M', location_ref: '42' },
    });
    expect([400, 422]).toContain(response.status);
    expect(JSON.stringify(response.body)).toContain('location_ref');
  });
});

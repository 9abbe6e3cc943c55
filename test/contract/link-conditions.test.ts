/**
 * Conditional links (`expected_external_refs` on a merge patch): the patch applies only while each
 * named reference is as expected or already what the patch sets, in one step with the write, so
 * of concurrent links to different ids exactly one wins; the others get a 409
 * `external-ref-mismatch` naming the field, with `current_external_refs`, changing nothing.
 */
import { useSandbox } from '../support/api';
import { COLLECTIONS, LOCATIONS, create, get, patch } from '../support/collections';
import {
  PROBLEM_TYPE_PREFIX,
  expectProblem,
  expectUnchanged,
  snapshotState,
} from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const MISMATCH = `${PROBLEM_TYPE_PREFIX}external-ref-mismatch`;

describe.each(COLLECTIONS)('expected_external_refs on $name', (c) => {
  const linkOnlyIfFree = (id: string, clioId: string) =>
    h.call('PATCH', `/v1/${c.name}/${id}`, {
      token,
      body: { external_refs: { clio: clioId }, expected_external_refs: { clio: null } },
    });

  it('links a record with no link; the same link again is a no-op 200 (same version, no event)', async () => {
    const record = await create(h, c, token, c.minimal('A'));
    const id = record[c.idKey] as string;
    const first = await linkOnlyIfFree(id, '111');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ external_refs: { clio: '111' }, version: 2 });
    expect(first.body).not.toHaveProperty('expected_external_refs');

    const before = await snapshotState(h);
    const again = await linkOnlyIfFree(id, '111');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ external_refs: { clio: '111' }, version: 2 });
    expectUnchanged(before, await snapshotState(h));
  });

  it('a record linked to another id: 409 naming the field and the current link, changing nothing', async () => {
    const record = await create(h, c, token, { ...c.minimal('A'), external_refs: { clio: '111' } });
    const id = record[c.idKey] as string;
    const before = await snapshotState(h);
    const response = await linkOnlyIfFree(id, '222');
    expectProblem(response, 409, { field: 'external_refs.clio' });
    expect(response.body).toMatchObject({
      type: MISMATCH,
      current_external_refs: { clio: '111' },
    });
    expectUnchanged(before, await snapshotState(h), 1);
  });

  it('expecting the current id replaces it; a stale expectation is refused', async () => {
    const record = await create(h, c, token, { ...c.minimal('A'), external_refs: { clio: '111' } });
    const id = record[c.idKey] as string;
    const replaced = await patch(h, c, token, id, {
      external_refs: { clio: '222' },
      expected_external_refs: { clio: '111' },
    });
    expect(replaced.external_refs).toEqual({ clio: '222' });
    const stale = await h.call('PATCH', `/v1/${c.name}/${id}`, {
      token,
      body: { external_refs: { clio: '333' }, expected_external_refs: { clio: '111' } },
    });
    expectProblem(stale, 409, { field: 'external_refs.clio' });
    expect(stale.body.current_external_refs).toEqual({ clio: '222' });
  });

  it('an unlink expecting the id clears it; repeated, it passes with nothing to clear', async () => {
    const record = await create(h, c, token, { ...c.minimal('A'), external_refs: { clio: '111' } });
    const id = record[c.idKey] as string;
    const unlink = { external_refs: { clio: null }, expected_external_refs: { clio: '111' } };
    expect((await patch(h, c, token, id, unlink)).external_refs).toEqual({});
    const again = await patch(h, c, token, id, unlink);
    expect(again).toMatchObject({ external_refs: {}, version: 2 });
  });

  it('20 concurrent links to different ids: exactly one wins, the others are 409s naming it', async () => {
    const record = await create(h, c, token, c.minimal('A'));
    const id = record[c.idKey] as string;
    const clioIds = Array.from({ length: 20 }, (_, index) => String(1000 + index));
    const responses = await Promise.all(clioIds.map((clioId) => linkOnlyIfFree(id, clioId)));
    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    const winner = (winners[0]?.body.external_refs as Record<string, string>).clio;
    for (const response of responses.filter((r) => r.status !== 200)) {
      expectProblem(response, 409, { field: 'external_refs.clio' });
      expect(response.body.current_external_refs).toEqual({ clio: winner });
    }
    expect((await get(h, c, token, id)).external_refs).toEqual({ clio: winner });
  });
});

describe('expected_external_refs on a merge by reference', () => {
  it('holds against the record the path names: its own reference passes, another system is checked', async () => {
    await create(h, LOCATIONS, token, {
      name: 'A',
      external_refs: { clio: '42', crm: 'x-1' },
    });
    const same = await h.call('PATCH', '/v1/locations/by-ref/clio/42', {
      token,
      body: { name: 'B', expected_external_refs: { clio: null } },
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ name: 'B' });

    const other = await h.call('PATCH', '/v1/locations/by-ref/clio/42', {
      token,
      body: { name: 'C', expected_external_refs: { crm: null } },
    });
    expectProblem(other, 409, { field: 'external_refs.crm' });
    expect(other.body.current_external_refs).toEqual({ clio: '42', crm: 'x-1' });
  });
});

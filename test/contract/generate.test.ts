/** The `/_sandbox/generate` control the benchmark uses to fill a collection. */
import { listAll, useSandbox } from '../support/api';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('/_sandbox/generate', () => {
  it.each([
    ['location', '/v1/locations', 'name', 'Generated location 3'],
    ['matter', '/v1/matters', 'title', 'Generated matter 3'],
    ['activity', '/v1/activities', 'notes', 'Note 3'],
  ])(
    'creates numbered %s records through the normal write path',
    async (kind, path, field, third) => {
      expect(await h.controls.generate({ kind, count: 250 })).toEqual({
        kind,
        created: 250,
      });
      const values = (await listAll(h, path, token)).map((item): unknown => item[field]);
      expect(values).toHaveLength(250);
      expect(new Set(values).size).toBe(250);
      expect(values).toContain(third);
      const events = await listAll(h, '/v1/events', token, { types: `${kind}.created` });
      expect(events).toHaveLength(250);
    },
  );

  it.each([{ kind: 'location', count: 0 }, { kind: 'invoice', count: 1 }, { count: 1 }])(
    'rejects %p and creates nothing',
    async (body) => {
      const response = await h.call('POST', '/_sandbox/generate', { body });
      expect(response.status).toBe(422);
      expect(response.body.errors[0].field).toMatch(/^(kind|count)$/);
      expect((await h.call('GET', '/v1/locations', { token })).body.data).toEqual([]);
    },
  );

  it('accepts a collection as the API spells it (`matters`) and names the kinds when one is unknown', async () => {
    expect(await h.controls.generate({ kind: 'matters', count: 2 })).toEqual({
      kind: 'matter',
      created: 2,
    });

    const response = await h.call('POST', '/_sandbox/generate', {
      body: { kind: 'invoices', count: 1 },
    });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        field: 'kind',
        message: expect.stringContaining(
          'must be one of the kinds location, matter, activity (or their collections locations, matters, activities)',
        ),
      }),
    ]);
  });
});

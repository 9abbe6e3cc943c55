/**
 * Date-only activities (issue 16, finding 7): a plain date `YYYY-MM-DD` is stored and returned as
 * given, so it is that day in every zone; a timestamp stays an instant, returned in UTC.
 */
import { useSandbox } from '../support/api';
import { ACTIVITIES, create, get, idsOf, patch } from '../support/collections';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('an activity dated by a plain date', () => {
  it('is stored and returned as the date given, on create, read, patch and list', async () => {
    const record = await create(h, ACTIVITIES, token, { type: 'task', date: '2026-12-02' });
    expect(record.date).toBe('2026-12-02');
    expect((await get(h, ACTIVITIES, token, record.activity_id)).date).toBe('2026-12-02');
    const patched = await patch(h, ACTIVITIES, token, record.activity_id, { date: '2026-12-03' });
    expect(patched.date).toBe('2026-12-03');
    const list = await h.call('GET', '/v1/activities', { token });
    expect(list.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ date: '2026-12-03' })]),
    );
  });

  it('becomes a timestamp again when patched with one, and the reverse', async () => {
    const record = await create(h, ACTIVITIES, token, {
      type: 'call',
      date: '2026-12-02T09:30:00+13:00',
    });
    expect(record.date).toBe('2026-12-01T20:30:00.000Z');
    const dated = await patch(h, ACTIVITIES, token, record.activity_id, { date: '2026-12-02' });
    expect(dated.date).toBe('2026-12-02');
  });

  it('lists alongside timestamped activities, newest change first as always', async () => {
    const first = await create(h, ACTIVITIES, token, { type: 'note', date: '2026-12-02' });
    const second = await create(h, ACTIVITIES, token, {
      type: 'note',
      date: '2026-12-01T10:00:00.000Z',
    });
    const list = await h.call('GET', '/v1/activities', { token, query: { limit: '100' } });
    const ids = idsOf(ACTIVITIES, list.body.data);
    expect(ids.indexOf(second.activity_id)).toBeLessThan(ids.indexOf(first.activity_id));
  });

  it.each(['2026-02-30', '2026-12-2', '02/12/2026', '2026-12-02T09:30:00'])(
    'refuses %p, naming the date',
    async (date) => {
      const response = await h.call('POST', '/v1/activities', {
        token,
        body: { type: 'task', date },
      });
      expect(response.status).toBe(422);
      expect(response.text).toMatch(/date/);
    },
  );
});

/**
 * One notion of "the same name" on the server (src/api/text): `name=` / `title=` filters,
 * create-if-absent (`POST ?if_absent=`), the search limits (the field's own), and custom text
 * counted in characters. Storage stays byte for byte.
 */
import { LOCATION_NAME_MAX, MATTER_TITLE_MAX } from '../../src/api/schemas';
import { type Json, useSandbox } from '../support/api';
import { LOCATIONS, MATTERS, create } from '../support/collections';
import { expectProblem } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

const NFC = 'José Núñez'.normalize('NFC');
const NFD = NFC.normalize('NFD');

/** The names (or titles) a list answers. */
const search = async (path: string, query: Record<string, string>): Promise<string[]> => {
  const response = await h.call('GET', path, { token, query });
  expect(response.status).toBe(200);
  const records = response.body.data as { name?: string; title?: string }[];
  return records.map((record) => record.name ?? record.title ?? '');
};

const createIfAbsent = (path: string, field: string, body: Json, key: string) =>
  h.call('POST', path, {
    token,
    query: { if_absent: field },
    body,
    headers: { 'idempotency-key': key },
  });

describe('name= and title= match the same name', () => {
  it.each([
    ['canonically equivalent forms (NFD searched, NFC stored)', NFC, NFD],
    ['German ß and ss', 'Müllerstraße', 'MÜLLERSTRASSE'],
    ['Turkish dotless and dotted i', 'kırmızı ofis', 'KIRMIZI OFİS'],
    ['case and runs of spaces', 'Harbour  Office', '  harbour office '],
  ])('%s', async (_what, stored, searched) => {
    await create(h, LOCATIONS, token, { name: stored });
    await create(h, LOCATIONS, token, { name: 'Someone else' });
    expect(await search('/v1/locations', { name: searched })).toEqual([stored]);
  });

  it('q matches a part of a name folded the same way', async () => {
    await create(h, MATTERS, token, { title: `Estate of ${NFC}` });
    expect(await search('/v1/matters', { q: NFD.toUpperCase() })).toEqual([`Estate of ${NFC}`]);
  });

  it('a title is searchable at its own limit (300), and no further', async () => {
    const title = `${'t'.repeat(MATTER_TITLE_MAX - 1)}!`;
    await create(h, MATTERS, token, { title });
    expect(await search('/v1/matters', { title })).toEqual([title]);
    const tooLong = await h.call('GET', '/v1/matters', {
      token,
      query: { title: `${title}x` },
    });
    expectProblem(tooLong, 400, { field: 'title' });
    const name = 'n'.repeat(LOCATION_NAME_MAX);
    await create(h, LOCATIONS, token, { name });
    expect(await search('/v1/locations', { name })).toEqual([name]);
  });
});

describe('POST ?if_absent= (create-if-absent)', () => {
  it('answers the existing record of the same name with 200, creating nothing', async () => {
    const first = await createIfAbsent('/v1/locations', 'name', { name: NFC }, 'k1');
    expect(first.status).toBe(201);
    const again = await createIfAbsent(
      '/v1/locations',
      'name',
      { name: ` ${NFD.toUpperCase()} ` },
      'k2',
    );
    expect(again.status).toBe(200);
    expect(again.body.location_id).toBe(first.body.location_id);
    // Stored byte for byte as first given.
    expect(again.body.name).toBe(NFC);
    expect(await search('/v1/locations', {})).toEqual([NFC]);
  });

  it('20 concurrent requests for one title, each with its own key, make one matter', async () => {
    const titles = ['Smith v. Jones', 'SMITH V. JONES', '  smith   v. jones ', 'Smith v. Jones'];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        createIfAbsent('/v1/matters', 'title', { title: titles[n % titles.length] }, `burst-${n}`),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      ...Array<number>(19).fill(200),
      201,
    ]);
    expect(new Set(answers.map((answer) => answer.body.matter_id as string)).size).toBe(1);
    expect(await search('/v1/matters', {})).toHaveLength(1);
  });

  it('without if_absent, a create of an existing name still creates: names are not unique', async () => {
    await create(h, LOCATIONS, token, { name: 'Branch' });
    await create(h, LOCATIONS, token, { name: 'Branch' });
    expect(await search('/v1/locations', { name: 'branch' })).toHaveLength(2);
  });

  it('replays an Idempotency-Key as before, and 400s on an unknown if_absent field', async () => {
    const first = await createIfAbsent('/v1/locations', 'name', { name: 'Quay' }, 'same');
    const replay = await createIfAbsent('/v1/locations', 'name', { name: 'Quay' }, 'same');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.location_id).toBe(first.body.location_id);
    const wrong = await createIfAbsent('/v1/locations', 'title', { name: 'Quay' }, 'other');
    expectProblem(wrong, 400, { field: 'if_absent' });
  });
});

describe('custom text is counted in characters', () => {
  it('takes 255 emoji in a text custom field and refuses 256', async () => {
    const ok = await create(h, MATTERS, token, {
      title: 'Emoji',
      custom_fields: { billing_code: '😀'.repeat(255) },
    });
    expect(ok.custom_fields.billing_code).toBe('😀'.repeat(255));
    const tooLong = await h.call('POST', '/v1/matters', {
      token,
      body: { title: 'Emoji', custom_fields: { billing_code: '😀'.repeat(256) } },
      headers: { 'idempotency-key': 'too-long' },
    });
    expectProblem(tooLong, 422, { field: 'custom_fields.billing_code' });
  });
});

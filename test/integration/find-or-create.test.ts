/**
 * Find or Create against the real sandbox over loopback, no mocks between: bursts end in one
 * record, names match as the contract's `sameName` says, search text survives core's `{{…}}`
 * blanking, a search takes as much text as its field, and custom text is counted alike on both
 * sides.
 */
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { createLocation } from '../../src/locations/location-create.action';
import { findLocation } from '../../src/locations/location-find.search';
import { createMatter } from '../../src/matters/matter-create.action';
import { findMatter } from '../../src/matters/matter-find.search';
import { useSandboxOverLoopback } from '../support/sandbox';

const appTester = createAppTester(app);
const sandbox = useSandboxOverLoopback();
let authData: StoredAuthData;

type Output = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Operation = { operation: { perform: unknown } };

const run = async <T = Output>(operation: Operation, inputData: Record<string, unknown>) =>
  (await appTester(operation.operation.perform as Perform, { authData, inputData })) as T;

/**
 * One Find or Create step as Zapier plays it: the search, then, when it found nothing, the
 * search-or-create's create. `createInput` is what the create's inputs hold.
 */
async function findOrCreate(
  key: 'find_location' | 'find_matter',
  searchInput: Record<string, unknown>,
  createInput: Record<string, unknown>,
): Promise<Output> {
  const pair = app.searchOrCreates?.[key];
  if (!pair) throw new Error(`no find-or-create ${key}`);
  const search = app.searches[pair.search as keyof typeof app.searches] as Operation;
  const create = app.creates[pair.create as keyof typeof app.creates] as Operation;
  const found = await run<Output[]>(search, searchInput);
  return found[0] ?? (await run(create, createInput));
}

const list = async (collection: string) =>
  ((await sandbox.get(`/${collection}`, authData.access_token, {})) as { data: Output[] }).data;

beforeEach(async () => {
  await sandbox.reset('empty');
  authData = await sandbox.connect();
});

const NFC = 'José Núñez'.normalize('NFC');
const NFD = NFC.normalize('NFD');
/** One name, as a burst of trigger items spells it: case, spacing and Unicode form vary. */
const SPELLINGS = [NFC, NFD, `  ${NFC.toUpperCase()} `, `josé   núñez`, NFD.toLowerCase()];

describe('a burst of Find or Create runs for one new name', () => {
  it('Location: 20 concurrent runs, each with its own Deduplication Key, end in one location', async () => {
    const outputs = await Promise.all(
      Array.from({ length: 20 }, (_, n) => {
        const name = SPELLINGS[n % SPELLINGS.length];
        // Zapier's step holds the search's and the create's inputs together.
        const input = { search_name: name, name, deduplication_key: `item-${n}` };
        return findOrCreate('find_location', input, input);
      }),
    );
    const stored = await list('locations');
    expect(stored).toHaveLength(1);
    expect(new Set(outputs.map((output) => output.location_id))).toEqual(
      new Set([stored[0]?.location_id]),
    );
    expect(SPELLINGS).toContain(stored[0]?.name);
  });

  it('Matter: 20 concurrent runs end in one matter, the create holding only its own inputs', async () => {
    const titles = SPELLINGS.map((name) => `Estate of ${name}`);
    const outputs = await Promise.all(
      Array.from({ length: 20 }, (_, n) => {
        const title = titles[n % titles.length];
        return findOrCreate(
          'find_matter',
          { search_title: title },
          { title, deduplication_key: `item-${n}` },
        );
      }),
    );
    const stored = await list('matters');
    expect(stored).toHaveLength(1);
    expect(new Set(outputs.map((output) => output.matter_id))).toEqual(
      new Set([stored[0]?.matter_id]),
    );
  });

  it('plain Create Location still creates a second office of the same name', async () => {
    await run(createLocation, { name: 'Branch', deduplication_key: '1' });
    await run(createLocation, { name: 'branch', deduplication_key: '2' });
    expect(await list('locations')).toHaveLength(2);
  });

  it('a find-or-create by Clio ID creates, even when another location has the name', async () => {
    await run(createLocation, { name: 'Branch' });
    const input = { search_clio_contact_id: 77, name: 'Branch', deduplication_key: 'x' };
    const output = await findOrCreate('find_location', input, input);
    expect(await list('locations')).toHaveLength(2);
    expect(output.name).toBe('Branch');
  });

  it('halts, sending nothing, when the create would make a record the search cannot find', async () => {
    const input = { search_name: 'Quay Office', name: 'Harbour Office' };
    const create = app.creates.create_location_if_absent as Operation;
    await expect(run(create, input)).rejects.toThrow(
      /Name.*"Harbour Office", not the same name as the search's Name \("Quay Office"\)/,
    );
    expect(await list('locations')).toHaveLength(0);
  });
});

describe('Find matches the same name', () => {
  it('finds a name stored in NFC when searched in NFD', async () => {
    const created = await run(createLocation, { name: NFC });
    const found = await run<Output[]>(findLocation, { search_name: NFD });
    expect(found.map((output) => output.location_id)).toEqual([created.location_id]);
  });

  it('finds a name holding {{…}} between other text, asking Snapshots for exactly it', async () => {
    await run(createLocation, { name: 'Acme Ltd' });
    const created = await run(createLocation, { name: 'Acme {{x}} Ltd' });
    const found = await run<Output[]>(findLocation, { search_name: 'acme {{x}} ltd' });
    expect(found.map((output) => output.location_id)).toEqual([created.location_id]);
  });

  it('finds a matter by a title of 250 characters (the field takes 300)', async () => {
    const title = `${'Long title '.repeat(22)}end`.slice(0, 250);
    const created = await run(createMatter, { title });
    const found = await run<Output[]>(findMatter, { search_title: title });
    expect(found.map((output) => output.matter_id)).toEqual([created.matter_id]);
  });
});

describe('custom text is counted alike on both sides', () => {
  it('stores 200 emoji in a text custom field, and halts on 256 naming the label', async () => {
    const emoji = '😀'.repeat(200);
    const created = await run(createMatter, { title: 'Emoji', custom_fields__billing_code: emoji });
    expect(created).toMatchObject({ custom_fields: { billing_code: emoji } });
    const before = await list('matters');
    await expect(
      run(createMatter, { title: 'Emoji 2', custom_fields__billing_code: '😀'.repeat(256) }),
    ).rejects.toThrow(/Billing code.*at most 255 characters/);
    expect(await list('matters')).toHaveLength(before.length);
  });
});

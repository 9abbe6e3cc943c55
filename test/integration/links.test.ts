/**
 * Links are never replaced in silence (issue 17, finding 4), against the real sandbox over
 * loopback: a record linked to another Clio id halts naming both ids unless "Replace Existing
 * Link" is set, the same link again is a no-op, concurrent links to different ids end in one
 * winner, and the unlink actions remove a link, keeping one that is not the expected id.
 */
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { createActivity } from '../../src/activities/activity-create.action';
import { linkActivityToClio } from '../../src/activities/activity-link.action';
import { unlinkActivityFromClio } from '../../src/activities/activity-unlink.action';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { createLocation } from '../../src/locations/location-create.action';
import { linkLocationToClio } from '../../src/locations/location-link.action';
import { unlinkLocationFromClio } from '../../src/locations/location-unlink.action';
import { createMatter } from '../../src/matters/matter-create.action';
import { linkMatterToClio } from '../../src/matters/matter-link.action';
import { unlinkMatterFromClio } from '../../src/matters/matter-unlink.action';
import { useSandboxOverLoopback } from '../support/sandbox';

const appTester = createAppTester(app);
const sandbox = useSandboxOverLoopback();
let authData: StoredAuthData;

type Output = Record<string, unknown> & { id: string };
type Operation = { operation: { perform: (z: ZObject, bundle: Bundle) => Promise<unknown> } };

const run = async (operation: Operation, inputData: Record<string, unknown>): Promise<Output> =>
  (await appTester(operation.operation.perform, { authData, inputData })) as Output;

beforeEach(async () => {
  await sandbox.reset('empty');
  authData = await sandbox.connect();
});

/** Each object's link and unlink, and how a step names its record and Clio record. */
const OBJECTS = [
  {
    noun: 'Location',
    clioNoun: 'Clio contact',
    path: '/locations',
    system: 'clio',
    link: linkLocationToClio,
    unlink: unlinkLocationFromClio,
    create: () => run(createLocation, { name: 'Harbor Office' }),
    record: (output: Output) => ({ location_id: output.location_id }),
    clio: (id: string) => ({ clio_contact_id: id }),
  },
  {
    noun: 'Matter',
    clioNoun: 'Clio matter',
    path: '/matters',
    system: 'clio',
    link: linkMatterToClio,
    unlink: unlinkMatterFromClio,
    create: () => run(createMatter, { title: '00012-Smith' }),
    record: (output: Output) => ({ matter_id: output.matter_id }),
    clio: (id: string) => ({ clio_matter_id: id }),
  },
  {
    noun: 'Activity',
    clioNoun: 'Clio note',
    path: '/activities',
    system: 'clio_note',
    link: linkActivityToClio,
    unlink: unlinkActivityFromClio,
    create: () => run(createActivity, { type: 'call', date: '2027-03-01T09:00:00Z' }),
    record: (output: Output) => ({ activity_id: output.activity_id, clio_kind: 'clio_note' }),
    clio: (id: string) => ({ clio_id: id }),
  },
];

const storedRefs = async (path: string, id: unknown) =>
  ((await sandbox.get(`${path}/${String(id)}`, authData.access_token)) as Output).external_refs;

describe.each(OBJECTS)('$noun links', (o) => {
  const idOf = (output: Output) => String(Object.values(o.record(output))[0]);

  it('linking again to the same Clio id is a no-op success, in one request', async () => {
    const record = await o.create();
    const first = await run(o.link, { ...o.record(record), ...o.clio('111') });
    const again = await sandbox.requestsDuring(authData.access_token, () =>
      run(o.link, { ...o.record(record), ...o.clio('111') }),
    );
    expect(again.requests).toBe(1);
    expect(again.result).toMatchObject({ version: first.version });
    expect(again.result.external_refs).toEqual({ [o.system]: '111' });
  });

  it('linking to a different Clio id halts naming both ids, and keeps the link', async () => {
    const record = await o.create();
    await run(o.link, { ...o.record(record), ...o.clio('111') });
    const attempt = run(o.link, { ...o.record(record), ...o.clio('222') });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      `${o.noun} ${idOf(record)} is already linked to ${o.clioNoun} 111, so it was not linked to ${o.clioNoun} 222. If 222 is a duplicate, delete it in Clio; to link 222 instead, set "Replace Existing Link" to True.`,
    );
    expect(await storedRefs(o.path, idOf(record))).toEqual({ [o.system]: '111' });
  });

  it('"Replace Existing Link" set to true replaces the link', async () => {
    const record = await o.create();
    await run(o.link, { ...o.record(record), ...o.clio('111') });
    const replaced = await run(o.link, {
      ...o.record(record),
      ...o.clio('222'),
      replace_existing_link: 'true',
    });
    expect(replaced.external_refs).toEqual({ [o.system]: '222' });
  });

  it('20 concurrent links to different Clio ids: one wins, the others halt naming both ids', async () => {
    const record = await o.create();
    const clioIds = Array.from({ length: 20 }, (_, index) => String(5000 + index));
    const results = await Promise.allSettled(
      clioIds.map((clioId) => run(o.link, { ...o.record(record), ...o.clio(clioId) })),
    );
    const won = results.flatMap((result, index) =>
      result.status === 'fulfilled' ? [clioIds[index]] : [],
    );
    expect(won).toHaveLength(1);
    const winner = String(won[0]);
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      expect(result.reason).toBeInstanceOf(errors.HaltedError);
      expect((result.reason as Error).message).toContain(
        `already linked to ${o.clioNoun} ${winner}, so it was not linked to ${o.clioNoun} ${String(clioIds[index])}.`,
      );
    });
    expect(await storedRefs(o.path, idOf(record))).toEqual({ [o.system]: winner });
  });

  it('unlink removes the link (a rerun is a no-op), and the record can be linked anew', async () => {
    const record = await o.create();
    await run(o.link, { ...o.record(record), ...o.clio('111') });
    const unlinked = await run(o.unlink, o.record(record));
    expect(unlinked.external_refs).toEqual({});
    await expect(run(o.unlink, o.record(record))).resolves.toMatchObject({
      version: unlinked.version,
    });
    const relinked = await run(o.link, { ...o.record(record), ...o.clio('222') });
    expect(relinked.external_refs).toEqual({ [o.system]: '222' });
  });

  it('unlink with a Clio id keeps a link to another id, halting naming both', async () => {
    const record = await o.create();
    await run(o.link, { ...o.record(record), ...o.clio('111') });
    const attempt = run(o.unlink, { ...o.record(record), ...o.clio('222') });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      `${o.noun} ${idOf(record)} is linked to ${o.clioNoun} 111, not 222, so the link was kept.`,
    );
    expect(await storedRefs(o.path, idOf(record))).toEqual({ [o.system]: '111' });
    const unlinked = await run(o.unlink, { ...o.record(record), ...o.clio('111') });
    expect(unlinked.external_refs).toEqual({});
  });
});

it('an unlinked Clio contact can be linked to another location', async () => {
  const first = await run(createLocation, { name: 'First' });
  const second = await run(createLocation, { name: 'Second' });
  await run(linkLocationToClio, { location_id: first.location_id, clio_contact_id: '77' });
  await run(unlinkLocationFromClio, { location_id: first.location_id });
  const linked = await run(linkLocationToClio, {
    location_id: second.location_id,
    clio_contact_id: '77',
  });
  expect(linked.external_refs).toEqual({ clio: '77' });
});

it('an unlink names its inputs by label when they are missing, sending nothing', async () => {
  const { result, requests } = await sandbox.requestsDuring(authData.access_token, () =>
    run(unlinkActivityFromClio, {}).catch((error: unknown) => error),
  );
  expect(requests).toBe(0);
  expect(result).toBeInstanceOf(errors.HaltedError);
  expect((result as Error).message).toMatch(
    /"Activity" is required.*"Clio Record Kind" is required.*Nothing was sent to Snapshots\./,
  );
});

/**
 * Every action and search against the real sandbox over loopback, no mocks between: Clio-shaped
 * inputs, links by Clio id resolved by Snapshots in the same request, custom fields of every type,
 * "Fields to Clear", retries that create no twin, the 404 / 409 / 412 / 422 paths, and one API
 * request per operation (two at most for find-or-create), counted by the sandbox itself.
 */
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { createActivity } from '../../src/activities/activity-create.action';
import { findActivity } from '../../src/activities/activity-find.search';
import { linkActivityToClio } from '../../src/activities/activity-link.action';
import { updateActivity } from '../../src/activities/activity-update.action';
import { upsertActivityFromClio } from '../../src/activities/activity-upsert.action';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { createLocation } from '../../src/locations/location-create.action';
import { findLocation } from '../../src/locations/location-find.search';
import { linkLocationToClio } from '../../src/locations/location-link.action';
import { updateLocation } from '../../src/locations/location-update.action';
import { upsertLocationFromClio } from '../../src/locations/location-upsert.action';
import { createMatter } from '../../src/matters/matter-create.action';
import { findMatter } from '../../src/matters/matter-find.search';
import { linkMatterToClio } from '../../src/matters/matter-link.action';
import { updateMatter } from '../../src/matters/matter-update.action';
import { upsertMatterFromClio } from '../../src/matters/matter-upsert.action';
import type { CustomFieldRequest } from '../../sandbox/controls/client';
import { useSandboxOverLoopback } from '../support/sandbox';

const appTester = createAppTester(app);
const sandbox = useSandboxOverLoopback();
let authData: StoredAuthData;

type Output = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** One run of an operation, as Zapier would start it (the connection's cache kept between runs). */
const run = async <T = Output>(
  operation: { operation: { perform: Perform } },
  inputData: Record<string, unknown>,
): Promise<T> => (await appTester(operation.operation.perform, { authData, inputData })) as T;

/** The run and the number of API requests it made, counted by the sandbox. */
const counted = <T = Output>(
  operation: { operation: { perform: Perform } },
  inputData: Record<string, unknown>,
) => sandbox.requestsDuring(authData.access_token, () => run<T>(operation, inputData));

const list = async (collection: string, query: Record<string, string> = {}) =>
  (
    (await sandbox.get(collection, authData.access_token, query)) as {
      data: Record<string, unknown>[];
    }
  ).data;

beforeEach(async () => {
  await sandbox.reset('empty');
  authData = await sandbox.connect();
});

describe('locations', () => {
  it('create, update with Fields to Clear, upsert from Clio, link and find: one request each', async () => {
    const created = await counted(createLocation, {
      name: 'Harbour Office',
      email: 'harbour@firm.example',
      phone: '+1 (415) 555-0123',
      street: '1 Quay St\nFloor 2',
      city: 'Portland',
      province: 'OR',
      country: 'us',
      last_seen: '2027-03-01T09:00:00-05:00',
    });
    expect(created.requests).toBe(1);
    const location = created.result;
    expect(location).toMatchObject({
      name: 'Harbour Office',
      phone: '+14155550123',
      address: {
        line1: '1 Quay St',
        line2: 'Floor 2',
        city: 'Portland',
        region: 'OR',
        country: 'US',
      },
      last_seen: '2027-03-01T14:00:00.000Z',
    });
    expect(location.id).toBe(`${String(location.location_id)}:1`);

    const updated = await counted(updateLocation, {
      location_id: location.location_id,
      city: 'Salem',
      fields_to_clear: ['email', 'street'],
    });
    expect(updated.requests).toBe(1);
    expect(updated.result).toMatchObject({
      name: 'Harbour Office',
      email: null,
      address: { line1: null, line2: null, city: 'Salem', region: 'OR' },
      version: 2,
    });

    const linked = await counted(linkLocationToClio, {
      location_id: location.location_id,
      clio_contact_id: 1234567,
    });
    expect(linked.requests).toBe(1);
    expect(linked.result.external_refs).toEqual({ clio: '1234567' });

    const upserted = await counted(upsertLocationFromClio, {
      clio_contact_id: '1234567',
      name: 'Harbour Office (HQ)',
    });
    expect(upserted.requests).toBe(1);
    expect(upserted.result).toMatchObject({
      location_id: location.location_id,
      name: 'Harbour Office (HQ)',
    });

    const fresh = await run(upsertLocationFromClio, { clio_contact_id: 42, name: 'From Clio' });
    expect(fresh.location_id).not.toBe(location.location_id);
    expect(fresh.external_refs).toEqual({ clio: '42' });

    for (const inputData of [
      { search_location_id: location.location_id },
      { search_clio_contact_id: 1234567 },
      { search_name: 'harbour office (hq)' },
    ]) {
      const found = await counted<Output[]>(findLocation, inputData);
      expect(found.requests).toBe(1);
      expect(found.result.map((record) => record.location_id)).toEqual([location.location_id]);
    }
  });

  it('find: exact name first; no match is []', async () => {
    await run(createLocation, { name: 'Office Annex' });
    const exact = await run(createLocation, { name: 'Office' });
    await run(createLocation, { name: 'Back Office' });

    const found = await run<Output[]>(findLocation, {
      search_name: 'OFFICE',
      search_partial: true,
    });
    expect(found).toHaveLength(3);
    expect(found[0]?.location_id).toBe(exact.location_id);
    const exactly = await counted<Output[]>(findLocation, { search_name: ' office ' });
    expect(exactly.requests).toBe(1);
    expect(exactly.result.map((location) => location.location_id)).toEqual([exact.location_id]);
    await expect(run(findLocation, { search_name: 'Nowhere' })).resolves.toEqual([]);
    await expect(run(findLocation, { search_location_id: 'loc_doesnotexist' })).resolves.toEqual(
      [],
    );
    await expect(run(findLocation, { search_clio_contact_id: '999' })).resolves.toEqual([]);
  });

  it('find-or-create: only "Back Office" exists, so a search for "Office" finds nothing (and the create runs)', async () => {
    await run(createLocation, { name: 'Back Office' });
    await expect(run(findLocation, { search_name: 'Office' })).resolves.toEqual([]);
  });

  it('find by name: the exact match is found behind more than a page of newer partial matches', async () => {
    const office = await run(createLocation, { name: 'Office' });
    for (let i = 0; i < 101; i += 1) {
      await run(createLocation, { name: `Office ${i}` });
    }
    const found = await counted<Output[]>(findLocation, { search_name: 'office' });
    expect(found.requests).toBe(1);
    expect(found.result.map((location) => location.location_id)).toEqual([office.location_id]);
  });

  it('find-or-create: a search and a create, two requests at most', async () => {
    const search = await counted<Output[]>(findLocation, { search_name: 'Quay Office' });
    expect(search.result).toEqual([]);
    const create = await counted(createLocation, { name: 'Quay Office' });
    expect(search.requests + create.requests).toBe(2);
    const again = await counted<Output[]>(findLocation, { search_name: 'Quay Office' });
    expect(again.requests).toBe(1);
    expect(again.result[0]?.location_id).toBe(create.result.location_id);
  });

  it('404: updating an unknown location halts naming it', async () => {
    const attempt = run(updateLocation, { location_id: 'loc_doesnotexist', name: 'X' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/loc_doesnotexist/);
  });

  it('409: a Clio contact already linked to another location halts, changing nothing', async () => {
    const first = await run(createLocation, { name: 'First' });
    const second = await run(createLocation, { name: 'Second' });
    await run(linkLocationToClio, { location_id: first.location_id, clio_contact_id: '77' });

    const attempt = run(linkLocationToClio, {
      location_id: second.location_id,
      clio_contact_id: '77',
    });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(String(first.location_id));
    const [stored] = await list('/locations', { external_ref: 'clio:77' });
    expect(stored?.location_id).toBe(first.location_id);
  });

  // Issue 16, finding 6: a Clio contact's country and phone as Clio holds them.
  it('upsert from Clio: the country as an English name, a national phone in that country', async () => {
    const upserted = await counted(upsertLocationFromClio, {
      clio_contact_id: 4321,
      name: 'Maple Law',
      phone: '604-555-0100',
      street: '1 Granville St',
      city: 'Vancouver',
      province: 'BC',
      country: 'Canada',
    });
    expect(upserted.requests).toBe(1);
    // Stored as the code; the Clio Country output gives the name back, as Clio holds it.
    expect(upserted.result).toMatchObject({
      phone: '+16045550100',
      address: { country: 'CA' },
      country: 'Canada',
    });
    const [stored] = await list('/locations', { external_ref: 'clio:4321' });
    expect(stored).toMatchObject({ phone: '+16045550100', address: { country: 'CA' } });
    const noCountry = counted(upsertLocationFromClio, {
      clio_contact_id: 4322,
      name: 'Nowhere Law',
      phone: '(604) 555-0100',
    });
    await expect(noCountry).rejects.toThrow(/"Phone" is in national form: .*fill in "Country"/);
    expect(await list('/locations', { external_ref: 'clio:4322' })).toEqual([]);
  });

  it('refuses bad input, naming the input, and creates nothing', async () => {
    const attempt = counted(createLocation, { name: 'A', country: 'Atlantis' });
    await expect(attempt).rejects.toThrow(/"Country"/);
    expect(await list('/locations')).toEqual([]);
  });
});

describe('creates are never duplicated', () => {
  it('a retry of the same step returns the first record instead of a twin', async () => {
    const first = await run(createLocation, { name: 'Harbour', deduplication_key: 'evt_1' });
    const retry = await run(createLocation, { name: 'Harbour', deduplication_key: 'evt_1' });
    expect(retry.location_id).toBe(first.location_id);
    expect(await list('/locations')).toHaveLength(1);
  });

  it('the same Deduplication Key with other values makes no twin, and says so', async () => {
    await run(createLocation, { name: 'Harbour', deduplication_key: 'evt_2' });
    const attempt = run(createLocation, { name: 'Harbour (edited)', deduplication_key: 'evt_2' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/already created from this trigger item/);
    expect(await list('/locations')).toHaveLength(1);
  });

  it('a step retried after a dropped connection ends with exactly one record', async () => {
    await sandbox.controls.injectFault({
      method: 'POST',
      path: '/v1/matters',
      drop: true,
    });
    const inputData = { title: 'Smith v. Jones', deduplication_key: 'evt_9' };
    await expect(run(createMatter, inputData)).rejects.toBeInstanceOf(errors.ThrottledError);
    const retried = await run(createMatter, inputData);
    const stored = await list('/matters');
    expect(stored.map((matter) => matter.matter_id)).toEqual([retried.matter_id]);
  });

  it('two runs with identical values but different deduplication keys create two records', async () => {
    const a = await run(createMatter, { title: 'Same', deduplication_key: 'evt_a' });
    const b = await run(createMatter, { title: 'Same', deduplication_key: 'evt_b' });
    expect(a.matter_id).not.toBe(b.matter_id);
    expect(await list('/matters')).toHaveLength(2);
  });
});

describe('matters', () => {
  it('Clio-shaped inputs: status in any case, a due date with an offset, the client by Clio contact id', async () => {
    const client = await run(upsertLocationFromClio, { clio_contact_id: 98765, name: 'Jane Doe' });
    const { result: matter, requests } = await counted(createMatter, {
      title: '00012-Smith',
      status: 'Open',
      due_date: '2027-03-01T21:00:00-05:00',
      location_clio_contact_id: '98765',
    });
    expect(requests).toBe(1);
    expect(matter).toMatchObject({
      status: 'open',
      due_date: '2027-03-01',
      location_id: client.location_id,
    });

    const closed = await counted(updateMatter, {
      matter_id: matter.matter_id,
      status: 'CLOSED',
      fields_to_clear: 'due_date,location_id',
    });
    expect(closed.requests).toBe(1);
    expect(closed.result).toMatchObject({
      status: 'closed',
      due_date: null,
      location_id: null,
      title: '00012-Smith',
    });

    const linked = await counted(linkMatterToClio, {
      matter_id: matter.matter_id,
      clio_matter_id: 555,
    });
    expect(linked.requests).toBe(1);
    const upserted = await counted(upsertMatterFromClio, {
      clio_matter_id: '555',
      title: '00012-Smith',
      status: 'pending',
      location_clio_contact_id: 98765,
    });
    expect(upserted.requests).toBe(1);
    expect(upserted.result).toMatchObject({
      matter_id: matter.matter_id,
      status: 'pending',
      location_id: client.location_id,
    });

    const byClio = await counted<Output[]>(findMatter, { search_clio_matter_id: 555 });
    expect(byClio.requests).toBe(1);
    expect(byClio.result.map((found) => found.matter_id)).toEqual([matter.matter_id]);
    const byTitle = await run<Output[]>(findMatter, { search_title: '00012-smith' });
    expect(byTitle[0]?.matter_id).toBe(matter.matter_id);
  });

  it('upsert from Clio: a later step that maps fewer fields changes only those (merge)', async () => {
    const client = await run(upsertLocationFromClio, { clio_contact_id: 98765, name: 'Jane Doe' });
    const first = await counted(upsertMatterFromClio, {
      clio_matter_id: 555,
      title: 'Smith',
      status: 'Open',
      due_date: '2027-03-01',
      description: 'keep me',
      location_clio_contact_id: 98765,
      custom_fields__billing_code: 'SJ-1',
    });
    // On a cold cache the custom field's definitions cost one more request (see the benchmark).
    expect(first.requests).toBeLessThanOrEqual(2);
    // What "Matter Status Updated" maps: the id, the title and the new status.
    const second = await counted(upsertMatterFromClio, {
      clio_matter_id: '555',
      title: 'Smith',
      status: 'CLOSED',
    });
    expect(second.requests).toBe(1);
    expect(second.result).toMatchObject({
      matter_id: first.result.matter_id,
      status: 'closed',
      due_date: '2027-03-01',
      description: 'keep me',
      location_id: client.location_id,
      custom_fields: { billing_code: 'SJ-1' },
    });
    const cleared = await run(upsertMatterFromClio, {
      clio_matter_id: 555,
      title: 'Smith',
      status: 'closed',
      fields_to_clear: ['due_date', 'custom_fields__billing_code'],
    });
    expect(cleared).toMatchObject({ due_date: null, description: 'keep me', custom_fields: {} });
    expect(await list('/matters')).toHaveLength(1);
  });

  // Issue 16, finding 6: recipe 2a maps Clio's Description, which has no length limit, to Title.
  it('upsert from Clio: a 1,036-character Description is shortened in Title and kept whole in Description, on every status change', async () => {
    const description = 'Lease dispute over the Market Street premises, '
      .repeat(23)
      .slice(0, 1_036);
    expect(description.length).toBe(1_036);
    for (const status of ['Open', 'Pending', 'Closed']) {
      const upserted = await counted(upsertMatterFromClio, {
        clio_matter_id: 556,
        title: description,
        status,
      });
      expect(upserted.requests).toBe(1);
      const title = String(upserted.result.title);
      expect(title.length).toBeLessThanOrEqual(300);
      expect(title).toMatch(/ dispute…$/); // on a word boundary
      expect(description.startsWith(title.slice(0, -1))).toBe(true);
      // What Clio's Update Matter maps back to Clio's Description: the text uncut.
      expect(upserted.result).toMatchObject({
        status: status.toLowerCase(),
        description,
        clio_description: description,
      });
    }
    expect(await list('/matters')).toHaveLength(1);
  });

  it('custom fields of every type, converted from what Clio and the editor send', async () => {
    for (const [key, type, extra] of [
      ['hearing_at', 'datetime', {}],
      ['urgent', 'boolean', {}],
      ['summary', 'long_text', {}],
      ['area', 'select', { choices: ['Family', 'Tax'] }],
    ] satisfies [string, CustomFieldRequest['type'], Pick<CustomFieldRequest, 'choices'>][]) {
      await sandbox.controls.addCustomField({
        object: 'matter',
        key,
        label: key,
        type,
        ...extra,
      });
    }
    const matter = await run(createMatter, {
      title: 'Custom',
      custom_fields__billing_code: ' SJ-1 ',
      custom_fields__budget: '2500.50',
      custom_fields__court_date: '2027-03-01T21:00:00-05:00',
      custom_fields__hearing_at: '2027-03-01T09:00:00-05:00',
      custom_fields__urgent: 'true',
      custom_fields__summary: 'Line one\nLine two',
      custom_fields__area: 'family',
    });
    expect(matter.custom_fields).toEqual({
      billing_code: 'SJ-1',
      budget: 2500.5,
      court_date: '2027-03-01',
      hearing_at: '2027-03-01T14:00:00.000Z',
      urgent: true,
      summary: 'Line one\nLine two',
      area: 'Family',
    });

    const cleared = await run(updateMatter, {
      matter_id: matter.matter_id,
      custom_fields__urgent: false,
      fields_to_clear: ['custom_fields__budget', 'custom_fields__area'],
    });
    expect(cleared.custom_fields).toEqual({
      billing_code: 'SJ-1',
      court_date: '2027-03-01',
      hearing_at: '2027-03-01T14:00:00.000Z',
      urgent: false,
      summary: 'Line one\nLine two',
    });

    await expect(
      run(createMatter, { title: 'Bad', custom_fields__urgent: 'perhaps' }),
    ).rejects.toThrow(/"urgent" must be true or false/);
  });

  it('a required custom field left blank is refused by Snapshots, naming it (422)', async () => {
    await sandbox.controls.addCustomField({
      object: 'matter',
      key: 'case_no',
      label: 'Case Number',
      type: 'text',
      required: true,
    });
    const attempt = run(createMatter, { title: 'No case number' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(/"case_no" is required/);
  });

  it('412: an update based on an outdated version halts', async () => {
    const matter = await run(createMatter, { title: 'Versioned' });
    await run(updateMatter, { matter_id: matter.matter_id, status: 'pending' });
    const attempt = run(updateMatter, {
      matter_id: matter.matter_id,
      title: 'Stale',
      expected_version: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(String(matter.matter_id));
    const [stored] = await list('/matters');
    expect(stored?.title).toBe('Versioned');
  });

  it('422: a Clio contact id that matches no location halts, naming the field', async () => {
    const attempt = run(createMatter, { title: 'Orphan', location_clio_contact_id: 404 });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /"Location \(Clio Contact ID\)" matches no Snapshots location linked to that Clio ID: link one first, or use Find or Create Location/,
    );
    expect(await list('/matters')).toEqual([]);
  });
});

describe('activities', () => {
  it('from a Clio time entry: date only, quantity in seconds, matter by Clio id; upsert, link and find by kind', async () => {
    const matter = await run(upsertMatterFromClio, { clio_matter_id: 555, title: 'Smith' });
    const { result: activity, requests } = await counted(createActivity, {
      type: 'task',
      date: '2027-03-01',
      duration_seconds: '5400.0',
      notes: 'Drafting',
      matter_clio_matter_id: 555,
    });
    expect(requests).toBe(1);
    expect(activity).toMatchObject({
      date: '2027-03-01',
      duration_minutes: 90,
      matter_id: matter.matter_id,
    });

    const linked = await counted(linkActivityToClio, {
      activity_id: activity.activity_id,
      clio_id: 77,
      clio_kind: 'clio_time_entry',
    });
    expect(linked.requests).toBe(1);
    // The same number as another kind of Clio record is another reference.
    const note = await run(upsertActivityFromClio, {
      clio_id: 77,
      clio_kind: 'Clio Note',
      type: 'note',
      date: '2027-03-02',
    });
    expect(note.activity_id).not.toBe(activity.activity_id);

    const upserted = await counted(upsertActivityFromClio, {
      clio_id: '77',
      clio_kind: 'clio_time_entry',
      type: 'task',
      date: '2027-03-01',
      duration_hours: 2,
      matter_clio_matter_id: '555',
    });
    expect(upserted.requests).toBe(1);
    expect(upserted.result).toMatchObject({
      activity_id: activity.activity_id,
      duration_minutes: 120,
    });

    const byKind = await counted<Output[]>(findActivity, {
      search_clio_id: 77,
      search_clio_kind: 'clio_note',
    });
    expect(byKind.requests).toBe(1);
    expect(byKind.result.map((found) => found.activity_id)).toEqual([note.activity_id]);
    const byId = await run<Output[]>(findActivity, { search_activity_id: activity.activity_id });
    expect(byId).toHaveLength(1);

    const updated = await counted(updateActivity, {
      activity_id: activity.activity_id,
      type: 'PhoneCommunication',
      fields_to_clear: ['notes', 'duration_minutes', 'matter_id'],
    });
    expect(updated.requests).toBe(1);
    expect(updated.result).toMatchObject({
      type: 'call',
      notes: null,
      duration_minutes: null,
      matter_id: null,
    });
  });

  it('422: a matter_ref that matches nothing names the field', async () => {
    const attempt = run(createActivity, {
      type: 'call',
      date: '2027-03-01T09:00:00-05:00',
      matter_clio_matter_id: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /"Matter \(Clio Matter ID\)" matches no Snapshots matter/,
    );
  });
});

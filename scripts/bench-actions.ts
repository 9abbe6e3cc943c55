/**
 * The benchmark's "requests per operation" section for actions and searches (called from
 * ./bench.ts): each operation runs once through core's app tester against the sandbox, and the
 * sandbox's own count (RateLimit-Remaining before and after) is printed beside the budget:
 * 1 for create, update, upsert, link and find (links by Clio id included), 2 for find-or-create,
 * and at most 1 per object per connection for the custom-field inputs (0 while cached); a write
 * with a custom field on a cold cache costs one more (its own row).
 */
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { createActivity } from '../src/activities/activity-create.action';
import { findActivity } from '../src/activities/activity-find.search';
import { linkActivityToClio } from '../src/activities/activity-link.action';
import { updateActivity } from '../src/activities/activity-update.action';
import { upsertActivityFromClio } from '../src/activities/activity-upsert.action';
import { app } from '../src/app';
import { createLocation } from '../src/locations/location-create.action';
import { findLocation } from '../src/locations/location-find.search';
import { linkLocationToClio } from '../src/locations/location-link.action';
import { updateLocation } from '../src/locations/location-update.action';
import { upsertLocationFromClio } from '../src/locations/location-upsert.action';
import { createMatter } from '../src/matters/matter-create.action';
import { findMatter } from '../src/matters/matter-find.search';
import { linkMatterToClio } from '../src/matters/matter-link.action';
import { updateMatter } from '../src/matters/matter-update.action';
import { upsertMatterFromClio } from '../src/matters/matter-upsert.action';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Operation = { operation: { perform: Perform; inputFields?: readonly unknown[] } };
type Output = Record<string, unknown>;

export async function benchActionRequests(origin: string): Promise<void> {
  const control = async (method: string, path: string, body: unknown = {}) => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}`);
    return response.status === 204 ? {} : ((await response.json()) as Output);
  };
  await control('POST', '/_sandbox/reset', { seed: 'empty' });
  await control('PUT', '/_sandbox/rate-limit', { limit: 1_000_000, window_seconds: 3600 });
  const { access_token: token } = await control('POST', '/_sandbox/tokens', {});
  const authData = { access_token: String(token), refresh_token: 'unused', scope: '' };
  const appTester = createAppTester(app);

  const remaining = async () => {
    const probe = await fetch(`${origin}/v1/me`, {
      headers: { authorization: `Bearer ${String(token)}` },
    });
    return Number(probe.headers.get('ratelimit-remaining'));
  };
  /** The requests `work` sent (the second probe counts itself once). */
  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> => {
    const before = await remaining();
    const result = await work();
    return { result, requests: before - (await remaining()) - 1 };
  };
  const run = (operation: Operation, inputData: Output) =>
    appTester(operation.operation.perform, { authData, inputData }) as Promise<Output>;

  const rows: { name: string; requests: number; budget: number }[] = [];
  const measure = async (name: string, budget: number, work: () => Promise<unknown>) => {
    const { result, requests } = await counted(work);
    rows.push({ name, requests, budget });
    return result as Output;
  };

  const customInputs = (operation: Operation, freshCache: boolean) => {
    const fields = operation.operation.inputFields?.find((field) => typeof field === 'function');
    return () => appTester(fields as Perform, { authData }, freshCache);
  };
  await measure('custom-field inputs, first load (matter)', 1, customInputs(createMatter, true));
  await measure('custom-field inputs, while cached (matter)', 0, customInputs(createMatter, false));

  const location = await measure('create_location', 1, () =>
    run(createLocation, { name: 'Bench site' }),
  );
  // A run reads a kind's definitions when its cache (24 hours) is cold: once a day per connection.
  await measure('create_location with a custom field, cold cache (once a day)', 2, () =>
    run(createLocation, { name: 'Bench cold', custom_fields__practice_area: 'Family' }),
  );
  await measure('create_location with a custom field, cached', 1, () =>
    run(createLocation, { name: 'Bench warm', custom_fields__practice_area: 'Family' }),
  );
  await measure('update_location', 1, () =>
    run(updateLocation, {
      location_id: location.location_id,
      city: 'Salem',
      fields_to_clear: ['email'],
    }),
  );
  await measure('link_location_to_clio_contact', 1, () =>
    run(linkLocationToClio, { location_id: location.location_id, clio_contact_id: 1001 }),
  );
  await measure('upsert_location_from_clio', 1, () =>
    run(upsertLocationFromClio, { clio_contact_id: '1001', name: 'Bench site (Clio)' }),
  );
  await measure('find_location by Clio contact id', 1, () =>
    run(findLocation, { search_clio_contact_id: 1001 }),
  );
  await measure('find_location by name', 1, () =>
    run(findLocation, { search_name: 'bench site (clio)' }),
  );
  await measure('find-or-create location (none found, so created)', 2, async () => {
    const found = (await run(findLocation, {
      search_name: 'New bench site',
    })) as unknown as unknown[];
    if (found.length === 0) await run(createLocation, { name: 'New bench site' });
  });

  const matter = await measure(
    'create_matter, client by Clio contact id, custom field (definitions cached)',
    1,
    () =>
      run(createMatter, {
        title: 'Bench matter',
        status: 'Open',
        due_date: '2027-03-01T09:00:00-05:00',
        location_clio_contact_id: 1001,
        custom_fields__budget: '2500',
      }),
  );
  await measure('update_matter', 1, () =>
    run(updateMatter, { matter_id: matter.matter_id, status: 'PENDING' }),
  );
  await measure('link_matter_to_clio_matter', 1, () =>
    run(linkMatterToClio, { matter_id: matter.matter_id, clio_matter_id: 2002 }),
  );
  await measure('upsert_matter_from_clio', 1, () =>
    run(upsertMatterFromClio, {
      clio_matter_id: 2002,
      title: 'Bench matter',
      location_clio_contact_id: 1001,
    }),
  );
  await measure('find_matter by title', 1, () => run(findMatter, { search_title: 'Bench matter' }));
  await measure('find-or-create matter (found)', 2, () =>
    run(findMatter, { search_clio_matter_id: 2002 }),
  );

  const activity = await measure('create_activity, matter by Clio matter id', 1, () =>
    run(createActivity, {
      type: 'task',
      date: '2027-03-01',
      duration_seconds: 3600,
      matter_clio_matter_id: 2002,
    }),
  );
  await measure('update_activity', 1, () =>
    run(updateActivity, { activity_id: activity.activity_id, fields_to_clear: ['notes'] }),
  );
  await measure('link_activity_to_clio_record', 1, () =>
    run(linkActivityToClio, {
      activity_id: activity.activity_id,
      clio_id: 3003,
      clio_kind: 'clio_time_entry',
    }),
  );
  await measure('upsert_activity_from_clio', 1, () =>
    run(upsertActivityFromClio, {
      clio_id: 3003,
      clio_kind: 'clio_time_entry',
      type: 'task',
      date: '2027-03-01',
    }),
  );
  await measure('find_activity by Clio id and kind', 1, () =>
    run(findActivity, { search_clio_id: 3003, search_clio_kind: 'clio_time_entry' }),
  );

  console.log('\n## Requests per action and search (counted by the sandbox)');
  console.log('| operation | requests | budget | within |');
  console.log('|---|---:|---:|:---:|');
  for (const { name, requests, budget } of rows) {
    console.log(`| ${name} | ${requests} | ${budget} | ${requests <= budget ? 'yes' : '**NO**'} |`);
  }
}

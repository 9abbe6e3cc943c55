/**
 * What Find and Find or Create send (HTTP mocked with nock): search text exactly as given, even
 * around `{{…}}`, and the find-or-create's create as create-if-absent.
 */
import { createLocationIfAbsent } from '../../../src/locations/location-find-or-create.search-create';
import { findLocation } from '../../../src/locations/location-find.search';
import { findMatter } from '../../../src/matters/matter-find.search';
import { location, matter } from '../../support/fixtures';
import { snapshots, useFakeSnapshots, runOperation as run } from '../../support/zapier';

useFakeSnapshots();

describe('search text', () => {
  it('reaches Snapshots whole when it holds {{…}} between other text', async () => {
    const scope = snapshots()
      .get('/v1/locations')
      .query({ name: 'Acme {{x}} Ltd', limit: '100' })
      .reply(200, { data: [location({ name: 'ACME {{x}} LTD' })], next_cursor: null });
    await expect(run(findLocation, { search_name: 'Acme {{x}} Ltd' })).resolves.toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it('takes a title as long as the field takes (300)', async () => {
    const title = 't'.repeat(300);
    const scope = snapshots()
      .get('/v1/matters')
      .query({ title, limit: '100', expand: 'location' })
      .reply(200, { data: [matter({ title })], next_cursor: null });
    await expect(run(findMatter, { search_title: title })).resolves.toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });
});

describe('the create of Find or Create Location', () => {
  it('is a create-if-absent keyed on the name, with the Deduplication Key as the Idempotency-Key', async () => {
    const scope = snapshots()
      .post('/v1/locations', { name: 'Harbour Office' })
      .query({ if_absent: 'name' })
      .reply(200, location({ name: 'HARBOUR OFFICE' }));
    await expect(
      run(createLocationIfAbsent, { name: 'Harbour Office', deduplication_key: 'item-1' }),
    ).resolves.toMatchObject({ name: 'HARBOUR OFFICE' });
    expect(scope.isDone()).toBe(true);
  });

  it('is hidden: only Find or Create uses it', () => {
    expect(createLocationIfAbsent.display).toMatchObject({ hidden: true });
  });
});

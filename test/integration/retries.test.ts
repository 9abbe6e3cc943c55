/**
 * Nothing duplicated: a POST that Zapier runs again (after a timeout, a server error or a lost
 * connection) carries the same Idempotency-Key, so the real sandbox replays the first answer
 * instead of creating a twin.
 */
import { createAppTester, errors, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { createApiClient } from '../../src/http/client';
import { idempotencyKeyFor } from '../../src/http/idempotency';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const appTester = createAppTester(app);
let authData: StoredAuthData;

beforeEach(async () => {
  await sandbox.reset('empty');
  authData = await sandbox.connect();
});

/** One run of a "create location" step, keyed as an action step would key it. */
const createLocationStep = (input: { name: string }) =>
  appTester(
    (z: ZObject) =>
      createApiClient(z).locations.create(input, {
        idempotencyKey: idempotencyKeyFor('location.create', input),
      }),
    { authData },
  );

const locationsInSandbox = async () =>
  ((await sandbox.get('/locations', authData.access_token)) as { data: { name: string }[] }).data;

describe('retried POSTs', () => {
  it('a step run again after its answer was lost gets the same record back, not a twin', async () => {
    const first = await createLocationStep({ name: 'Harbour Office' });
    const again = await createLocationStep({ name: 'Harbour Office' });

    expect(again.location_id).toBe(first.location_id);
    expect(await locationsInSandbox()).toHaveLength(1);
  });

  it('a retry while the first attempt is still running is asked to wait, then gets the replay', async () => {
    await sandbox.controls.injectFault({
      method: 'POST',
      path: '/v1/locations',
      delay_ms: 1000,
    });
    const slowFirst = createLocationStep({ name: 'Quay Office' });
    // Give the first attempt time to reach the sandbox and register its key.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const overlapping = createLocationStep({ name: 'Quay Office' });
    await expect(overlapping).rejects.toBeInstanceOf(errors.ThrottledError);
    await expect(overlapping).rejects.toThrow(
      'Snapshots is still saving the location from an earlier attempt of this step.',
    );

    const created = await slowFirst;
    const replayed = await createLocationStep({ name: 'Quay Office' });
    expect(replayed.location_id).toBe(created.location_id);
    expect(await locationsInSandbox()).toEqual([expect.objectContaining({ name: 'Quay Office' })]);
  });

  it('different input is a different record', async () => {
    await createLocationStep({ name: 'North' });
    await createLocationStep({ name: 'South' });
    expect((await locationsInSandbox()).map((location) => location.name).sort()).toEqual([
      'North',
      'South',
    ]);
  });
});

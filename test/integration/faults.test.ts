/**
 * The fault suite: faults injected through the sandbox's /_sandbox controls (faults, clock, tokens,
 * webhook schedule, rate limit) during real runs of the integration's operations through core's
 * app tester, and of webhook deliveries through the hook emulator. Each fault must end in the
 * right Zapier error (ThrottledError with its delay, RefreshAuthError, ExpiredAuthError, a plain
 * error where Zapier does not retry) or in a successful retry, with no record doubled (counted in
 * the sandbox) and no change lost (each reaches the hook's outputs exactly once).
 */
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import { authentication, type StoredAuthData } from '../../src/auth/authentication';
import * as timeoutSettings from '../../src/http/timeouts';
import { createLocation } from '../../src/locations/location-create.action';
import { findLocation } from '../../src/locations/location-find.search';
import { locationList } from '../../src/locations/location-list.trigger';
import { updateLocation } from '../../src/locations/location-update.action';
import type { FaultRequest } from '../../sandbox/controls/client';
import type { HookEmulator, Reaction } from '../../dev/hook-emulator';
import { useHookEmulators } from '../support/hook-emulators';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const appTester = createAppTester(app);
let authData: StoredAuthData;

/** Kinds and cases survived, printed once at the end. */
const survived = new Map<string, number>();
const survive = (kind: string) => survived.set(kind, (survived.get(kind) ?? 0) + 1);
afterAll(() => {
  const cases = [...survived.values()].reduce((sum, count) => sum + count, 0);
  // eslint-disable-next-line no-console -- the suite's count line
  console.log(
    `Fault suite: survived ${survived.size} fault kinds in ${cases} cases (${[...survived.keys()].join(', ')}).`,
  );
});

beforeEach(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.clearFaults();
  authData = await sandbox.connect();
});

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const fault = (spec: FaultRequest) => sandbox.controls.injectFault(spec);
const refresh = (data: StoredAuthData) =>
  appTester(authentication.oauth2Config.refreshAccessToken, { authData: data });

/** One run through the app tester with the connection's bundle. */
const once = (perform: Perform, inputData: Record<string, unknown> = {}) =>
  appTester(perform, { authData, inputData, meta: { page: 0, limit: 100 } } as never);

/**
 * What Zapier does with a step: on ThrottledError it runs the step again (after the delay, not
 * waited for here), on RefreshAuthError it refreshes the connection and runs it again. Returns
 * the result and the errors met on the way.
 */
async function likeZapier(
  perform: Perform,
  inputData: Record<string, unknown> = {},
  afterFirstAttempt: () => void = () => undefined,
) {
  const met: Error[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    if (attempt === 1) afterFirstAttempt();
    try {
      return { result: await once(perform, inputData), met };
    } catch (error) {
      met.push(error as Error);
      if (error instanceof errors.RefreshAuthError) {
        authData = { ...authData, ...(await refresh(authData)) };
      } else if (error instanceof errors.ThrottledError) {
        // Zapier waits the error's delay; a tenth of a second keeps the suite fast.
        await new Promise((resolve) => setTimeout(resolve, 100));
      } else {
        throw error;
      }
    }
  }
  throw new Error(`still failing after 10 attempts: ${met.map((e) => e.message).join(' | ')}`);
}

/** Core's ThrottledError carries `{ message, delay }` as JSON in its message. */
const throttle = (error: unknown) =>
  JSON.parse((error as Error).message) as { message: string; delay: number };

const records = async (collection: string) =>
  (
    (await sandbox.get(collection, authData.access_token, { limit: '100' })) as {
      data: Record<string, unknown>[];
    }
  ).data;

// ---------------------------------------------------------------- faults on API requests

interface HttpFault {
  kind: string;
  /** The fault spec, for the operation's method and path. */
  spec: Omit<FaultRequest, 'method' | 'path'>;
  /** How many failed attempts before the sandbox answers normally. */
  failures: number;
  /** The delay the ThrottledError must carry (seconds). */
  delay: number;
  /** Words the message must contain. */
  says: RegExp;
}

const SHORT_TIMEOUT_MS = 200;
/** The HTTP layer reads this export at each request (CommonJS), so a test may shorten it. */
const timeouts: { API_TIMEOUT_MS: number } = timeoutSettings;

const HTTP_FAULTS: HttpFault[] = [
  {
    kind: '429 storm',
    spec: { status: 429, headers: { 'Retry-After': '7' }, times: 3 },
    failures: 3,
    delay: 7,
    says: /rate limit|too many/i,
  },
  ...[500, 502, 503].map((status) => ({
    kind: `${status}`,
    spec: { status, times: 2 },
    failures: 2,
    delay: 60,
    says: /usually temporary/,
  })),
  {
    kind: 'slower than the timeout',
    spec: { delay_ms: SHORT_TIMEOUT_MS + 400 },
    failures: 1,
    delay: 60,
    says: /did not answer within 1 second/,
  },
  {
    kind: 'dropped connection',
    spec: { drop: true },
    failures: 1,
    delay: 60,
    says: /connection to Snapshots failed/,
  },
  {
    kind: 'malformed JSON',
    spec: { malformed: true },
    failures: 1,
    delay: 60,
    says: /not valid JSON/,
  },
  {
    kind: 'wrong content type (an HTML error page)',
    spec: {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad gateway</html>',
    },
    failures: 1,
    delay: 60,
    says: /usually temporary/,
  },
];

interface Step {
  name: string;
  method: string;
  /** The path the fault matches, once the step's record exists. */
  path: (ids: { location: string }) => string;
  perform: Perform;
  input: (ids: { location: string }) => Record<string, unknown>;
  /** After the retries: the sandbox holds what one clean run would have left. */
  check: (result: unknown, ids: { location: string }) => Promise<void> | void;
}

const STEPS: Step[] = [
  {
    name: 'Create Location',
    method: 'POST',
    path: () => '/v1/locations',
    perform: createLocation.operation.perform,
    input: () => ({ name: 'Fault Office' }),
    async check(result) {
      const created = (await records('/locations')).filter((r) => r.name === 'Fault Office');
      expect(created).toHaveLength(1); // no twin
      expect((result as { location_id: string }).location_id).toBe(created[0]!.location_id);
    },
  },
  {
    name: 'Update Location',
    method: 'PATCH',
    path: ({ location }) => `/v1/locations/${location}`,
    perform: updateLocation.operation.perform,
    input: ({ location }) => ({ location_id: location, city: 'Salem' }),
    async check(_result, { location }) {
      const all = await records('/locations');
      expect(all).toEqual([expect.objectContaining({ location_id: location })]);
      expect(all[0]!.address).toMatchObject({ city: 'Salem' });
    },
  },
  {
    name: 'Find Location',
    method: 'GET',
    path: () => '/v1/locations',
    perform: findLocation.operation.perform,
    input: () => ({ search_name: 'seed office' }),
    check(result, { location }) {
      expect(result).toEqual([expect.objectContaining({ location_id: location })]);
    },
  },
  {
    name: 'New Location (performList)',
    method: 'GET',
    path: () => '/v1/events',
    perform: app.triggers.new_location.operation.performList,
    input: () => ({}),
    check(result, { location }) {
      expect(result).toEqual([expect.objectContaining({ location_id: location })]);
    },
  },
];

/**
 * The API timeout (12 s) shortened for the faulted attempt only, so the suite stays fast and a
 * slow machine does not time out the other requests.
 */
function shortenTimeout(spec: HttpFault): () => void {
  if (spec.kind !== 'slower than the timeout') return () => undefined;
  const replaced = jest.replaceProperty(timeouts, 'API_TIMEOUT_MS', SHORT_TIMEOUT_MS);
  return () => replaced.restore();
}

describe.each(HTTP_FAULTS)('$kind', (spec) => {
  afterEach(() => jest.restoreAllMocks());

  it.each(STEPS)('during $name: the right error, then a retry that succeeds once', async (step) => {
    const seeded = (await once(createLocation.operation.perform, {
      name: 'Seed Office',
    })) as { location_id: string };
    const ids = { location: seeded.location_id };
    await fault({ ...spec.spec, method: step.method, path: step.path(ids) });

    const { result, met } = await likeZapier(step.perform, step.input(ids), shortenTimeout(spec));

    // After a timeout, a retry that overlaps the still-running create is asked to wait (10 s).
    const waits = met.slice(spec.failures);
    expect(met.slice(0, spec.failures)).toHaveLength(spec.failures);
    for (const error of met.slice(0, spec.failures)) {
      expect(error).toBeInstanceOf(errors.ThrottledError);
      expect(throttle(error).delay).toBe(spec.delay);
      expect(throttle(error).message).toMatch(spec.says);
    }
    for (const error of waits) {
      expect(spec.kind === 'slower than the timeout' && step.method === 'POST').toBe(true);
      expect(throttle(error)).toEqual({
        message: expect.stringMatching(/still saving/),
        delay: 10,
      });
    }
    // The timed-out create was still saved by the slow handler: the retry must replay it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await step.check(result, ids);
    survive(spec.kind);
  });

  it('in a dropdown (Zapier does not retry it): a plain error that says to try again', async () => {
    await fault({ ...spec.spec, method: 'GET', path: '/v1/locations' });
    const restore = shortenTimeout(spec);
    const attempt = once(locationList.operation.perform);
    await expect(attempt).rejects.toThrow(/Try again in/);
    restore();
    await expect(attempt).rejects.not.toBeInstanceOf(errors.ThrottledError);
    survive(spec.kind);
  });
});

describe('429 from the rate limit itself', () => {
  it('a step over the limit gets a ThrottledError with the seconds until the window resets', async () => {
    await sandbox.controls.setRateLimit({ limit: 1, window_seconds: 30 });
    await once(createLocation.operation.perform, { name: 'First' });
    const attempt = once(createLocation.operation.perform, { name: 'Second' });
    await expect(attempt).rejects.toBeInstanceOf(errors.ThrottledError);
    const error = throttle(await attempt.catch((e: unknown) => e));
    expect(error.delay).toBeGreaterThan(0);
    expect(error.delay).toBeLessThanOrEqual(30);
    await sandbox.controls.advanceClock(31);
    await once(createLocation.operation.perform, { name: 'Second' });
    await sandbox.controls.setRateLimit({ limit: 100_000, window_seconds: 3600 });
    expect((await records('/locations')).map((r) => r.name).sort()).toEqual(['First', 'Second']);
    survive('429 storm');
  });
});

// ---------------------------------------------------------------- tokens

describe('tokens', () => {
  it('an access token expiring mid-run (find-or-create: the search passes, the create gets 401) is refreshed, and the step creates once', async () => {
    await fault({ method: 'POST', path: '/v1/locations', status: 401 });
    const before = authData.refresh_token;

    const search = await likeZapier(findLocation.operation.perform, {
      search_name: 'Midrun Office',
    });
    expect(search.result).toEqual([]);
    const { result, met } = await likeZapier(createLocation.operation.perform, {
      name: 'Midrun Office',
    });

    expect(met).toEqual([expect.any(errors.RefreshAuthError)]);
    expect(authData.refresh_token).not.toBe(before);
    expect(await records('/locations')).toEqual([
      expect.objectContaining({ location_id: (result as { location_id: string }).location_id }),
    ]);
    survive('token expiring mid-run');
  });

  it('an access token past its lifetime (the sandbox clock) is refreshed, and the step runs', async () => {
    await sandbox.controls.advanceClock(3601);
    const { met } = await likeZapier(createLocation.operation.perform, {
      name: 'Late Office',
    });
    expect(met).toEqual([expect.any(errors.RefreshAuthError)]);
    expect(await records('/locations')).toHaveLength(1);
    survive('token expiring mid-run');
  });

  it('a rotated refresh token reused after the grace period ends in ExpiredAuthError', async () => {
    const stale = authData;
    await refresh(stale); // another run rotated it; this copy kept the old one
    await sandbox.controls.advanceClock(3601);
    authData = stale;

    const attempt = likeZapier(createLocation.operation.perform, { name: 'Never' });

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(/delete the authData_ lines in \.env/);
    const fresh = await sandbox.connect();
    expect(await sandbox.get('/locations', fresh.access_token)).toMatchObject({ data: [] });
    survive('rotated refresh token reused');
  });
});

// ---------------------------------------------------------------- deliveries

async function subscribed(
  trigger: 'new_location' | 'new_or_updated_location',
  respond?: (n: number) => Reaction,
): Promise<HookEmulator> {
  const hook = await hooks.start({
    trigger: app.triggers[trigger],
    authData,
    respond: respond && ((_delivery, n) => respond(n)),
  });
  await hook.subscribe();
  return hook;
}

const createLocations = async (names: string[]) => {
  const ids: string[] = [];
  for (const name of names) {
    const created = (await once(createLocation.operation.perform, { name })) as {
      location_id: string;
    };
    ids.push(created.location_id);
  }
  return ids;
};

describe('deliveries', () => {
  beforeEach(() => sandbox.controls.setWebhookSchedule({ delays_ms: [20, 20, 20, 20, 20] }));

  it('a receiver failing three times, then recovering: every change fires exactly once', async () => {
    const hook = await subscribed('new_location', (n) => (n <= 3 ? 'fail' : 'accept'));
    const ids = await createLocations(['One', 'Two', 'Three']);
    await hooks.waitFor(() => expect(hook.outputs).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.outputs.map((o) => o.location_id).sort()).toEqual([...ids].sort());
    survive('receiver failing and recovering');
  });

  it('a receiver answering 410 is unsubscribed: no further deliveries, and a new subscription gets every later change', async () => {
    const gone = await subscribed('new_location', () => 'gone');
    await createLocations(['Before']);
    await hooks.waitFor(() => expect(gone.deliveries).toHaveLength(1));
    const after = await subscribed('new_location');
    await createLocations(['After']);
    await hooks.waitFor(() => expect(after.outputs).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gone.deliveries).toHaveLength(1); // never again after the 410
    expect(gone.outputs).toEqual([]);
    expect(after.outputs).toEqual([expect.objectContaining({ name: 'After' })]);
    survive('receiver answering 410');
  });

  it('deliveries processed out of order: each record fires once, and no older state after a newer', async () => {
    const hook = await subscribed('new_or_updated_location', () => 'hold');
    const [first, second] = await createLocations(['Alpha', 'Beta']);
    await once(updateLocation.operation.perform, { location_id: first, city: 'Salem' });
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(3));
    await hook.runHeld((held) => [...held].reverse());
    await hooks.waitFor(() => expect(hook.outputs.length).toBeGreaterThanOrEqual(2));
    const outputsOf = (id: string | undefined) => hook.outputs.filter((o) => o.location_id === id);
    expect(outputsOf(second)).toHaveLength(1);
    // The update arrived first: the older "created" state of Alpha fires nothing after it.
    expect(outputsOf(first)).toEqual([
      expect.objectContaining({ address: expect.objectContaining({ city: 'Salem' }) }),
    ]);
    survive('deliveries out of order');
  });

  it('a delivery arriving twice (lost acknowledgement, and a replay): fires once', async () => {
    const hook = await subscribed('new_location', (n) => (n === 1 ? 'lose-ack' : 'accept'));
    await createLocations(['Twice']);
    await hooks.waitFor(() => expect(hook.deliveries).toHaveLength(2));
    expect(await hook.perform(hook.deliveries[0]!.rawRequest)).toEqual([]);
    expect(hook.outputs).toEqual([expect.objectContaining({ name: 'Twice' })]);
    survive('deliveries twice');
  });

  it('a subscribe retried after a 503 leaves one webhook', async () => {
    await fault({ method: 'POST', path: '/v1/webhooks', status: 503 });
    const hook = await hooks.start({ trigger: app.triggers.new_location, authData });
    await expect(hook.subscribe()).rejects.toBeInstanceOf(errors.ThrottledError);
    await hook.subscribe();
    expect(await records('/webhooks')).toHaveLength(1);
    await createLocations(['Once']);
    await hooks.waitFor(() => expect(hook.outputs).toHaveLength(1));
    survive('503');
  });
});

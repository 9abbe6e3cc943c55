/** Contract-shaped bodies for the fake API (typed by the schemas the client validates with). */
import type {
  ActivityExpanded,
  Location,
  Matter,
  Me,
  Problem,
  SyncError,
  TokenResponse,
} from '../../src/api/schemas';
import { SCOPES } from '../../src/api/schemas';

export const me = (scopes: readonly string[] = SCOPES): Me => ({
  account: { id: 'acc_demo', name: 'Demo Law LLP' },
  user: { id: 'usr_demo', name: 'Alex Demo', email: 'alex@demo-law.example' },
  scopes: [...scopes],
});

export const tokens = (overrides: Partial<TokenResponse> = {}): TokenResponse => ({
  access_token: 'snp_at_new_access_token_abcdefghijklmnop',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'snp_rt_new_refresh_token_abcdefghijklmnop',
  scope: SCOPES.join(' '),
  ...overrides,
});

const stamp = '2026-11-27T10:15:00.000Z';

export const location = (overrides: Partial<Location> = {}): Location => ({
  location_id: 'loc_1',
  name: 'Main office',
  address: { city: 'Springfield', country: 'US' },
  email: 'office@demo-law.example',
  phone: null,
  timezone: 'America/Chicago',
  last_seen: null,
  external_refs: { clio: '1234567' },
  custom_fields: {},
  created_at: stamp,
  last_updated: stamp,
  version: 1,
  ...overrides,
});

export const matter = (overrides: Partial<Matter> = {}): Matter => ({
  matter_id: 'mat_1',
  title: 'Estate of Doe',
  status: 'open',
  due_date: null,
  description: null,
  location_id: 'loc_1',
  external_refs: {},
  custom_fields: {},
  created_at: stamp,
  last_updated: stamp,
  version: 3,
  ...overrides,
});

export const activity = (overrides: Partial<ActivityExpanded> = {}): ActivityExpanded => ({
  activity_id: 'act_1',
  type: 'call',
  date: stamp,
  notes: null,
  duration_minutes: 15,
  matter_id: null,
  location_id: null,
  external_refs: {},
  custom_fields: {},
  created_at: stamp,
  last_updated: stamp,
  version: 1,
  ...overrides,
});

export const syncError = (overrides: Partial<SyncError> = {}): SyncError => ({
  error_id: 'err_1',
  occurred_at: stamp,
  code: 'validation_failed',
  message: 'The request body is invalid: `title` is required.',
  resource: { type: 'matter', id: null },
  details: { method: 'POST', path: '/v1/matters', status: 422 },
  ...overrides,
});

/** An RFC 9457 problem as Snapshots sends it. */
export const problem = (
  status: number,
  slug: string,
  detail: string,
  extra: Partial<Problem> = {},
) => ({
  type: `https://snapshots.example/problems/${slug}`,
  title: slug.replace(/-/g, ' '),
  status,
  detail,
  request_id: 'req_test_1',
  ...extra,
});

export const PROBLEM_JSON = { 'content-type': 'application/problem+json' };

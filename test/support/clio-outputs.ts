/**
 * Trigger outputs as the triggers emit them: the real output mappers (each object's kind in
 * `src/<folder>/<object>.ts`, the ones `perform` runs) applied to records shaped as the sandbox's
 * demo data. The flow tests (test/integration/flows.test.ts) run the triggers themselves, against
 * the sandbox.
 */
import type { ActivityExpanded, Location, Matter } from '../../src/api/schemas';
import { toActivityOutput } from '../../src/activities/activity';
import { toLocationOutput } from '../../src/locations/location';
import { toMatterOutput } from '../../src/matters/matter';

const server = {
  created_at: '2026-11-20T10:00:00.000Z',
  last_updated: '2026-11-20T10:00:00.000Z',
  version: 1,
};

const headOffice: Location = {
  ...server,
  location_id: 'loc_demoHeadOffice',
  name: 'Head Office',
  address: {
    line1: '1 Liberty Plaza',
    line2: null,
    city: 'New York',
    region: 'NY',
    postal_code: '10006',
    country: 'US',
  },
  email: 'office@demo-law.example',
  phone: '+12125550100',
  timezone: 'America/New_York',
  last_seen: null,
  external_refs: { clio: '1001' },
  custom_fields: {},
};

const boston: Location = {
  ...server,
  location_id: 'loc_demoBoston',
  name: 'Boston Branch',
  address: {
    line1: '200 State Street',
    line2: 'Floor 4',
    city: 'Boston',
    region: 'MA',
    postal_code: '02109',
    country: 'US',
  },
  email: 'boston@demo-law.example',
  phone: '+16175550142',
  timezone: 'America/New_York',
  last_seen: '2026-11-20T10:00:00.000Z',
  external_refs: {},
  custom_fields: { practice_area: 'Family' },
};

export const locationOutput = toLocationOutput(boston);

export const matterOutput = toMatterOutput({
  ...server,
  matter_id: 'mat_demoAcmeMerger',
  title: 'Acme Corp acquisition',
  status: 'pending',
  due_date: '2027-05-01',
  description: null,
  location_id: headOffice.location_id,
  external_refs: {},
  custom_fields: { billing_code: 'CORP-0917' },
  location: headOffice,
});

const smithVJones: Matter = {
  ...server,
  matter_id: 'mat_demoSmithVJones',
  title: 'Smith v. Jones',
  status: 'open',
  due_date: null,
  description: null,
  location_id: headOffice.location_id,
  external_refs: { clio: '2001' },
  custom_fields: {},
};

const activity = (
  fields: Pick<ActivityExpanded, 'activity_id' | 'type' | 'date' | 'notes'> &
    Partial<ActivityExpanded>,
) =>
  toActivityOutput({
    ...server,
    duration_minutes: null,
    matter_id: smithVJones.matter_id,
    location_id: headOffice.location_id,
    external_refs: {},
    custom_fields: {},
    matter: smithVJones,
    location: headOffice,
    ...fields,
  });

export const callOutput = activity({
  activity_id: 'act_demoIntakeCall',
  type: 'call',
  date: '2026-11-02T15:00:00.000Z',
  notes: 'Intake call with Ms. Smith.',
  duration_minutes: 30,
});

export const meetingOutput = activity({
  activity_id: 'act_demoBoardMeeting',
  type: 'meeting',
  date: '2026-11-05T14:00:00.000Z',
  notes: 'Board meeting on the Acme term sheet.',
  duration_minutes: 90,
});

export const noteOutput = activity({
  activity_id: 'act_demoFileNote',
  type: 'note',
  date: '2026-11-06T11:00:00.000Z',
  notes: 'Probate file archived.',
});

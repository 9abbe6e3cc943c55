/**
 * Trigger outputs shaped as the triggers emit them (/work/brief interfaces §1: every API field
 * under its name, plus the flat Clio-ready fields), from the sandbox's demo data. Hand-written
 * here because the recipe tests must not depend on the trigger code; the flow tests run the real
 * triggers.
 */
const server = (id: string) => ({
  created_at: '2026-11-20T10:00:00.000Z',
  last_updated: '2026-11-20T10:00:00.000Z',
  version: 1,
  id: `${id}:1`,
});

export const locationOutput = {
  ...server('loc_demoBoston'),
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
  street: '200 State Street\nFloor 4',
  city: 'Boston',
  province: 'MA',
  postal_code: '02109',
  country: 'US',
  clio_contact_id: null as string | null,
};

export const matterOutput = {
  ...server('mat_demoAcmeMerger'),
  matter_id: 'mat_demoAcmeMerger',
  title: 'Acme Corp acquisition',
  status: 'pending',
  due_date: '2027-05-01',
  description: null,
  location_id: 'loc_demoHeadOffice',
  external_refs: {},
  custom_fields: { billing_code: 'CORP-0917' },
  clio_status: 'Pending',
  clio_matter_id: null as string | null,
  clio_client_id: '1001' as string | null,
  location_name: 'Head Office',
};

const activity = (id: string, fields: Record<string, unknown>) => ({
  ...server(id),
  activity_id: id,
  matter_id: 'mat_demoSmithVJones',
  location_id: 'loc_demoHeadOffice',
  external_refs: {},
  custom_fields: {},
  clio_matter_id: '2001',
  clio_contact_id: '1001',
  clio_note_type: null,
  clio_communication_type: null,
  clio_note_id: null,
  clio_communication_id: null,
  clio_time_entry_id: null,
  ...fields,
});

export const callOutput = activity('act_demoIntakeCall', {
  type: 'call',
  date: '2026-11-02T15:00:00.000Z',
  notes: 'Intake call with Ms. Smith.',
  duration_minutes: 30,
  clio_date: '2026-11-02',
  duration_seconds: 1800,
  duration_hours: 0.5,
  clio_record: 'clio_communication',
  clio_communication_type: 'PhoneCommunication',
  clio_subject: 'Call: Intake call with Ms. Smith.',
});

export const meetingOutput = activity('act_demoBoardMeeting', {
  type: 'meeting',
  date: '2026-11-05T14:00:00.000Z',
  notes: 'Board meeting on the Acme term sheet.',
  duration_minutes: 90,
  clio_date: '2026-11-05',
  duration_seconds: 5400,
  duration_hours: 1.5,
  clio_record: 'clio_time_entry',
  clio_subject: 'Meeting: Board meeting on the Acme term sheet.',
});

export const noteOutput = activity('act_demoFileNote', {
  type: 'note',
  date: '2026-11-06T11:00:00.000Z',
  notes: 'Probate file archived.',
  duration_minutes: null,
  clio_date: '2026-11-06',
  duration_seconds: null,
  duration_hours: null,
  clio_record: 'clio_note',
  clio_note_type: 'Matter',
  clio_subject: 'Note: Probate file archived.',
});

/**
 * The one account of the sandbox and its deterministic demo data: the same ids, content and
 * events after every reset. Times are relative to the sandbox clock (a minute apart, ending one
 * minute ago), so the seeded events stay within the 30-day retention.
 */
import type { CollectionService, ResourceKind } from './records/collections';
import { MINUTE_MS } from './clock';
import { type JsonObject, withDefaults } from './json';
import type { SyncErrorInput, SyncErrorLog } from './events/sync-errors';

export type SeedName = 'empty' | 'demo';

interface SeedRecord {
  kind: ResourceKind;
  id: string;
  fields: JsonObject;
}

const DEMO: readonly SeedRecord[] = [
  {
    kind: 'location',
    id: 'loc_demoHeadOffice',
    fields: {
      name: 'Head Office',
      address: {
        line1: '1 Liberty Plaza',
        city: 'New York',
        region: 'NY',
        postal_code: '10006',
        country: 'US',
      },
      email: 'office@demo-law.example',
      phone: '+12125550100',
      timezone: 'America/New_York',
      external_refs: { clio: '1001' },
      custom_fields: { practice_area: 'Corporate', client_since: '2019-03-01' },
    },
  },
  {
    kind: 'location',
    id: 'loc_demoBoston',
    fields: {
      name: 'Boston Branch',
      address: {
        line1: '200 State Street',
        city: 'Boston',
        region: 'MA',
        postal_code: '02109',
        country: 'US',
      },
      phone: '+16175550142',
      timezone: 'America/New_York',
      custom_fields: { practice_area: 'Family' },
    },
  },
  {
    kind: 'location',
    id: 'loc_demoLondon',
    fields: {
      name: 'London Chambers',
      address: { line1: '10 Fleet Street', city: 'London', postal_code: 'EC4Y 1AA', country: 'GB' },
      timezone: 'Europe/London',
      custom_fields: { practice_area: 'Immigration' },
    },
  },
  {
    kind: 'matter',
    id: 'mat_demoSmithVJones',
    fields: {
      title: 'Smith v. Jones',
      status: 'open',
      due_date: '2027-03-15',
      description: 'Contract dispute over a commercial lease.',
      location_id: 'loc_demoHeadOffice',
      external_refs: { clio: '2001' },
      custom_fields: { billing_code: 'LIT-2041', budget: 25000, court_date: '2027-02-01' },
    },
  },
  {
    kind: 'matter',
    id: 'mat_demoAcmeMerger',
    fields: {
      title: 'Acme Corp acquisition',
      status: 'pending',
      location_id: 'loc_demoBoston',
      custom_fields: { billing_code: 'CORP-0917' },
    },
  },
  {
    kind: 'matter',
    id: 'mat_demoBrownEstate',
    fields: {
      title: 'Estate of R. Brown',
      status: 'closed',
      description: 'Probate completed.',
      location_id: 'loc_demoLondon',
    },
  },
  activity('act_demoIntakeCall', {
    type: 'call',
    date: '2026-11-02T15:00:00.000Z',
    notes: 'Intake call with Ms. Smith.',
    duration_minutes: 30,
    matter_id: 'mat_demoSmithVJones',
    location_id: 'loc_demoHeadOffice',
    custom_fields: { billable: true },
  }),
  activity('act_demoLeaseEmail', {
    type: 'email',
    date: '2026-11-03T09:30:00.000Z',
    notes: 'Sent the lease documents to opposing counsel.',
    duration_minutes: 10,
    matter_id: 'mat_demoSmithVJones',
    custom_fields: { billable: true },
  }),
  activity('act_demoBoardMeeting', {
    type: 'meeting',
    date: '2026-11-05T14:00:00.000Z',
    notes: 'Board meeting on the Acme term sheet.',
    duration_minutes: 90,
    matter_id: 'mat_demoAcmeMerger',
    location_id: 'loc_demoBoston',
    custom_fields: { billable: true, outcome: 'Term sheet approved.' },
  }),
  activity('act_demoFileNote', {
    type: 'note',
    date: '2026-11-06T11:00:00.000Z',
    notes: 'Probate file archived.',
    matter_id: 'mat_demoBrownEstate',
  }),
  activity('act_demoDiligenceTask', {
    type: 'task',
    date: '2026-11-09T10:00:00.000Z',
    notes: 'Prepare the due-diligence checklist.',
    duration_minutes: 45,
    matter_id: 'mat_demoAcmeMerger',
    custom_fields: { billable: false },
  }),
  activity('act_demoSiteVisit', {
    type: 'visit',
    date: '2026-11-12T16:00:00.000Z',
    notes: 'Quarterly visit of the London chambers.',
    duration_minutes: 120,
    location_id: 'loc_demoLondon',
  }),
];

/**
 * A sync error to show (the New Sync Error trigger, `GET /v1/sync-errors`): a matter update with
 * a timestamp for a due date, refused, logged exactly as the sandbox logs that rejected write.
 */
const DEMO_SYNC_ERROR: SyncErrorInput = {
  code: 'validation_failed',
  message: 'The request body is invalid: `due_date` Invalid ISO date.',
  resource: { type: 'matter', id: 'mat_demoAcmeMerger' },
  details: {
    method: 'PATCH',
    path: '/v1/matters/mat_demoAcmeMerger',
    status: 422,
    request_id: 'req_demoSeedDueDate',
    errors: [{ field: 'due_date', message: 'Invalid ISO date' }],
  },
};

function activity(id: string, fields: JsonObject): SeedRecord {
  return { kind: 'activity', id, fields };
}

/**
 * Stores the seed's records in order, each with its `*.created` event (`evt_seed01`, ...), then
 * its sync error (`err_demoDueDate`, with the next event).
 */
export function applySeed(
  seed: SeedName,
  nowMs: number,
  serviceOf: (kind: ResourceKind) => CollectionService,
  syncErrors: SyncErrorLog,
): void {
  if (seed === 'empty') return;
  DEMO.forEach((item, index) => {
    const service = serviceOf(item.kind);
    const at = new Date(nowMs - (DEMO.length - index) * MINUTE_MS).toISOString();
    const fields = withDefaults(service.object.defaults as JsonObject, item.fields);
    const eventId = `evt_seed${String(index + 1).padStart(2, '0')}`;
    service.store(
      { id: item.id, created_at: at, last_updated: at, version: 1, fields },
      'created',
      eventId,
    );
  });
  syncErrors.record(DEMO_SYNC_ERROR, {
    errorId: 'err_demoDueDate',
    eventId: `evt_seed${String(DEMO.length + 1).padStart(2, '0')}`,
  });
}

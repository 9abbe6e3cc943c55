/**
 * Matters as Clio's Zapier triggers hand them to the next step (flow 2a): Clio's matter fields,
 * with the variations a Zap meets in practice: ids as numbers and as numeric strings, `Status`
 * capitalised as Clio reads it, dates as `YYYY-MM-DD` and as timestamps with an offset. The
 * matter's due date lives in the firm's "Due Date" matter custom field (Clio matters have none).
 */
export const CLIO_NEW_MATTER = {
  id: 2002,
  display_number: '00002-Office',
  description: 'Lease renewal for the Head Office',
  status: 'Open',
  open_date: '2026-11-20',
  pending_date: null,
  close_date: null,
  client: { id: 1001, name: 'Head Office' },
  custom_field_values: [
    { id: 71, field_name: 'Due Date', value: '2027-04-30', custom_field: { id: 9003 } },
  ],
  created_at: '2026-11-20T09:15:00-05:00',
  updated_at: '2026-11-20T09:15:00-05:00',
};

/** The same matter later, as "Matter Status Updated" sends it, with string ids and offsets. */
export const CLIO_MATTER_STATUS_UPDATED = {
  ...CLIO_NEW_MATTER,
  id: '2002',
  status: 'Pending',
  pending_date: '2026-12-01',
  client: { id: '1001', name: 'Head Office' },
  custom_field_values: [
    {
      id: 71,
      field_name: 'Due Date',
      value: '2027-05-14T00:00:00-04:00',
      custom_field: { id: '9003' },
    },
  ],
  updated_at: '2026-12-01T16:40:00+00:00',
};

/**
 * Matters as Clio's Zapier triggers hand them to the next step (flow 2a), shaped as Clio's Matter
 * object (the document's `Matter` answer schema; a test holds them to it): integer ids, `Status`
 * capitalised as Clio reads it, dates as `YYYY-MM-DD`, custom field values with Clio's composite
 * ids, and `display_number` in Clio's default numbering (`00002-<client>`: the account's second
 * matter, for the Company "Head Office"). The due date lives in the firm's "Due Date" matter
 * custom field (Clio matters have none). What Zapier's mapping does to these values (ids handed on
 * as text, say) is the mapping step's business and is tested there, not modelled here.
 */
export const CLIO_NEW_MATTER = {
  id: 2002,
  number: 2,
  display_number: '00002-Head Office',
  description: 'Lease renewal for the Head Office',
  status: 'Open',
  open_date: '2026-11-20',
  pending_date: null,
  close_date: null,
  client: { id: 1001, name: 'Head Office' },
  custom_field_values: [
    {
      id: 'date-1',
      field_name: 'Due Date',
      field_type: 'date',
      value: '2027-04-30',
      custom_field: { id: 9003 },
    },
  ],
  created_at: '2026-11-20T09:15:00-05:00',
  updated_at: '2026-11-20T09:15:00-05:00',
};

/**
 * The same matter after its status changed to pending, as "Matter Status Updated" sends it: only
 * the status, its date and `updated_at` moved (the flow changes nothing else in Clio).
 */
export const CLIO_MATTER_STATUS_UPDATED = {
  ...CLIO_NEW_MATTER,
  status: 'Pending',
  pending_date: '2026-12-01',
  updated_at: '2026-12-01T16:40:00+00:00',
};

/**
 * A contact as Clio's "New Contact" trigger hands it on (flow 4), shaped as Clio's Contact (the
 * document's answer schema): integer ids, the country as Clio holds it (its English name) and the
 * phone in the national form the firm typed. `primary_address` is the address Clio marks primary,
 * which a Zap maps field by field. Its id is the third contact of the account, as `npm start` plays
 * it (the demo's Head Office, flow 1's Harbor Office, this one).
 */
export const CLIO_NEW_CONTACT = {
  id: 1004,
  type: 'Company',
  name: 'Vancouver Office',
  primary_email_address: 'vancouver@demo-law.example',
  primary_phone_number: '604-555-0100',
  primary_address: {
    id: 8,
    name: 'Work',
    street: '200 Burrard Street',
    city: 'Vancouver',
    province: 'BC',
    postal_code: 'V6C 3L6',
    country: 'Canada',
    primary: true,
  },
  custom_field_values: [],
  created_at: '2026-12-02T10:05:00-08:00',
  updated_at: '2026-12-02T10:05:00-08:00',
};

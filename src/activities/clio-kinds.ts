/** Which kind of Clio record an activity is linked to; each is its own `external_refs` system. */
export const CLIO_ACTIVITY_KINDS = ['clio_note', 'clio_communication', 'clio_time_entry'] as const;
export type ClioActivityKind = (typeof CLIO_ACTIVITY_KINDS)[number];

/**
 * A matter, described once for every trigger, action and search (`matterKind`). What every
 * matter output carries: the API record under its own field names, plus what Clio's Create or
 * Update Matter needs, flat: the status in Clio's spelling, the linked Clio matter and the Clio
 * contact of the matter's location (its "client"), read from the embedded location
 * (`expand=location`, which matter events carry), so no request.
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { OBJECT } from '../api/objects';
import type { Location, MatterExpanded, Read } from '../api/schemas';
import { outputsPerRole, recordKind, referenceTo } from '../builders/object-kind';
import { clioRefInput } from '../fields/inputs';
import { capitalize } from '../runtime/text';
import { locationRecordFields, SAMPLE_LOCATION } from '../locations/location';
import {
  changeId,
  externalId,
  nestedFields,
  objectOutputFields,
  outputFields,
  SERVER_FIELDS,
  withChange,
  withoutMissingLinks,
  type ChangeInfo,
} from '../fields/outputs';
import type { WriteField } from '../fields/write-fields';
import { matterClio, matterFields, matterIdField } from './matter.fields';

/** Its registry entry: name, nouns, schemas, API collection (src/api/objects). */
const API = OBJECT.matter;
const object = API.name;
const noun = API.nouns.title;

/** Clio's matter statuses. */
export type ClioMatterStatus = 'Open' | 'Pending' | 'Closed';
export const CLIO_STATUS: Record<MatterExpanded['status'], ClioMatterStatus> = {
  open: 'Open',
  pending: 'Pending',
  closed: 'Closed',
};

/**
 * Clio's spelling of a status; a status newer than this version (read leniently) is passed on
 * capitalised, as Clio spells its own, rather than dropped.
 */
export function clioStatusOf(status: string): ClioMatterStatus | (string & {}) {
  return (
    (CLIO_STATUS as Record<string, ClioMatterStatus | undefined>)[status] ?? capitalize(status)
  );
}

export type MatterClioFields = {
  clio_status: ClioMatterStatus | (string & {});
  /** The linked Clio matter (`external_refs.clio`). */
  clio_matter_id: string | null;
  /** The Clio contact of the matter's location: Clio's matter "client". */
  clio_client_id: string | null;
  location_name: string | null;
  /** What Clio's matter Description holds: see `clioDescriptionOf`. */
  clio_description: string;
};

export type MatterOutput = { id: string } & MatterExpanded & MatterClioFields & Partial<ChangeInfo>;

/**
 * The text for Clio's matter Description, which has no length limit: the title, or the full
 * description when the title is a shortening of it (a long Clio Description fitted to Title, the
 * full text kept in Description: see ./matter.fields), so a round trip never cuts Clio's text.
 */
export function clioDescriptionOf({
  title,
  description,
}: Pick<MatterExpanded, 'title' | 'description'>): string {
  const shortened = title.endsWith('…') ? title.slice(0, -1) : undefined;
  return shortened !== undefined && description?.startsWith(shortened) ? description : title;
}

/** Without an embedded location (a record read without `expand`), the client id is null. */
export function toMatterOutput(record: MatterExpanded, change?: ChangeInfo): MatterOutput {
  const location: Location | null | undefined = record.location;
  return withChange(
    {
      id: changeId(record.matter_id, record.version),
      ...withoutMissingLinks(record, ['location']),
      clio_status: clioStatusOf(record.status),
      clio_matter_id: externalId(record.external_refs, 'clio'),
      clio_client_id: location ? externalId(location.external_refs, 'clio') : null,
      location_name: location?.name ?? null,
      clio_description: clioDescriptionOf(record),
    },
    change,
  );
}

/** The API record's fields (also embedded in activities, as `matter__…`). */
export const matterRecordFields: PlainOutputField[] = outputFields({
  matter_id: ['Matter ID', 'string'],
  title: ['Title', 'string'],
  status: ['Status (open, pending or closed)', 'string'],
  due_date: ['Due Date', 'datetime'],
  description: ['Description', 'string'],
  location_id: ['Location ID', 'string'],
  external_refs__clio: ['Linked Clio Matter ID', 'string'],
  ...SERVER_FIELDS,
});

export const matterOutputFields: PlainOutputField[] = objectOutputFields({
  noun,
  record: matterRecordFields,
  embedded: [...nestedFields('location', 'Location', locationRecordFields)],
  clio: {
    clio_status: ['Clio Status (Open, Pending or Closed)', 'string'],
    clio_matter_id: ['Clio Matter ID', 'string'],
    clio_client_id: ['Clio Client ID (Contact of the Location)', 'string'],
    location_name: ['Location Name', 'string'],
    clio_description: [
      'Clio Description (the Title, or the full text a shortened Title came from)',
      'string',
    ],
  },
});

export const SAMPLE_MATTER: MatterExpanded = {
  matter_id: 'mat_3Jd8Qw1Lp0VxR2s',
  title: 'Smith v. Jones',
  status: 'pending',
  due_date: '2026-12-31',
  description: 'Lease dispute over the Market Street premises.',
  location_id: SAMPLE_LOCATION.location_id,
  external_refs: { clio: '7654321' },
  // An account's own custom fields are its own: the dynamic output fields show them.
  custom_fields: {},
  created_at: '2026-11-02T14:30:00.000Z',
  last_updated: '2026-11-27T10:15:00.000Z',
  version: 4,
  location: SAMPLE_LOCATION,
};

const matterOutputs = outputsPerRole(object, {
  fields: matterOutputFields,
  embedded: [{ key: 'location', label: 'Location', object: 'location' }],
  output: toMatterOutput,
  record: SAMPLE_MATTER,
  change: {
    event_id: 'evt_7Hs2Kd9Lq4Wz1xNc',
    event_type: 'matter.updated',
    occurred_at: '2026-11-27T10:15:00.000Z',
    changed_fields: ['status'],
  },
});

/** The sample of a matter trigger. */
export const matterSample: MatterOutput = matterOutputs.trigger.sample;

export const matterKind = recordKind<Read<MatterExpanded>, MatterOutput, typeof API>(API, {
  idField: matterIdField,
  text: { label: 'Title', of: (matter) => matter.title },
  fields: matterFields,
  clio: matterClio,
  output: toMatterOutput,
  outputs: matterOutputs,
});

/**
 * A matter named by its Clio matter, as activities take one: Snapshots resolves it in the same
 * request.
 */
export const matterClioMatterField: WriteField = {
  key: 'matter_clio_matter_id',
  label: 'Matter (Clio Matter ID)',
  helpText:
    "Instead of Matter: the Clio matter's ID (e.g. a time entry's **Matter ID**). Snapshots uses the matter linked to it.",
  convert: clioRefInput,
  path: 'matter_ref',
  alternativeGroup: 'matter',
  refersTo: referenceTo(matterKind),
};

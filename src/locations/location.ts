/**
 * A location, described once for every trigger, action and search (`locationKind`). What every
 * location output carries: the API record under its own field names, plus the fields of a Clio
 * Company contact, flat, so that Clio's Create or Update Contact maps without a Formatter step.
 */
import type { PlainOutputField } from 'zapier-platform-core';
import { OBJECT } from '../api/objects';
import type { Location } from '../api/schemas';
import { outputsPerRole, recordKind, referenceTo } from '../builders/object-kind';
import { clioRefInput, countryNameOf } from '../fields/inputs';
import {
  changeId,
  externalId,
  objectOutputFields,
  outputFields,
  SERVER_FIELDS,
  withChange,
  type ChangeInfo,
} from '../fields/outputs';
import type { WriteField } from '../fields/write-fields';
import { locationClio, locationFields, locationIdField } from './location.fields';

/** Its registry entry: name, nouns, schemas, API collection (src/api/objects). */
const API = OBJECT.location;
const object = API.name;
const noun = API.nouns.title;

export type LocationClioFields = {
  /** Address line 1 and line 2, joined with a newline (Clio's single street field). */
  street: string | null;
  city: string | null;
  /** Our `region`. */
  province: string | null;
  postal_code: string | null;
  /** The country's English name, as Clio holds it (`Canada`): a round trip keeps Clio's text. */
  country: string | null;
  /** The linked Clio contact (`external_refs.clio`). */
  clio_contact_id: string | null;
};

export type LocationOutput = { id: string } & Location & LocationClioFields & Partial<ChangeInfo>;

export function toLocationOutput(record: Location, change?: ChangeInfo): LocationOutput {
  const { address } = record;
  const street = [address.line1, address.line2].filter((line) => line?.trim()).join('\n');
  return withChange(
    {
      id: changeId(record.location_id, record.version),
      ...record,
      street: street || null,
      city: address.city ?? null,
      province: address.region ?? null,
      postal_code: address.postal_code ?? null,
      country: address.country ? countryNameOf(address.country) : null,
      clio_contact_id: externalId(record.external_refs, 'clio'),
    },
    change,
  );
}

/** The API record's fields (also embedded in activities, as `location__…`). */
export const locationRecordFields: PlainOutputField[] = outputFields({
  location_id: ['Location ID', 'string'],
  name: ['Name', 'string'],
  address__line1: ['Address Line 1', 'string'],
  address__line2: ['Address Line 2', 'string'],
  address__city: ['Address City', 'string'],
  address__region: ['Address Region', 'string'],
  address__postal_code: ['Address Postal Code', 'string'],
  address__country: ['Address Country Code', 'string'],
  email: ['Email', 'string'],
  phone: ['Phone', 'string'],
  timezone: ['Time Zone', 'string'],
  last_seen: ['Last Seen', 'datetime'],
  external_refs__clio: ['Linked Clio ID', 'string'],
  ...SERVER_FIELDS,
});

export const locationOutputFields: PlainOutputField[] = objectOutputFields({
  noun,
  record: locationRecordFields,
  clio: {
    street: ['Clio Street (Address Lines)', 'string'],
    city: ['Clio City', 'string'],
    province: ['Clio Province (Region)', 'string'],
    postal_code: ['Clio Postal Code', 'string'],
    country: ['Clio Country', 'string'],
    clio_contact_id: ['Clio Contact ID', 'string'],
  },
});

export const SAMPLE_LOCATION: Location = {
  location_id: 'loc_8f2k3j4h5g6f7d8s',
  name: 'Smith & Daughters Bakery',
  address: {
    line1: '12 Market Street',
    line2: 'Suite 4',
    city: 'Springfield',
    region: 'IL',
    postal_code: '62701',
    country: 'US',
  },
  email: 'office@smith-bakery.example',
  phone: '+12175550123',
  timezone: 'America/Chicago',
  last_seen: '2026-11-26T16:40:00.000Z',
  external_refs: { clio: '1234567' },
  // An account's own custom fields are its own: the dynamic output fields show them.
  custom_fields: {},
  created_at: '2026-10-01T09:00:00.000Z',
  last_updated: '2026-11-27T10:15:00.000Z',
  version: 3,
};

const locationOutputs = outputsPerRole(object, {
  fields: locationOutputFields,
  output: toLocationOutput,
  record: SAMPLE_LOCATION,
  change: {
    event_id: 'evt_4Tq9Zk2LmR7bW1xC',
    event_type: 'location.updated',
    occurred_at: '2026-11-27T10:15:00.000Z',
    changed_fields: ['last_seen', 'address'],
  },
});

/** The sample of a location trigger. */
export const locationSample: LocationOutput = locationOutputs.trigger.sample;

export const locationKind = recordKind<Location, LocationOutput, typeof API>(API, {
  idField: locationIdField,
  text: { label: 'Name', of: (location) => location.name },
  fields: locationFields,
  clio: locationClio,
  output: toLocationOutput,
  outputs: locationOutputs,
});

/**
 * A location named by its Clio contact, as matters and activities take one: Snapshots resolves
 * it in the same request.
 */
export const locationClioContactField: WriteField = {
  key: 'location_clio_contact_id',
  label: 'Location (Clio Contact ID)',
  helpText:
    "Instead of Location: the Clio contact's ID (e.g. a matter's **Client ID** from Clio). Snapshots uses the location linked to that contact.",
  convert: clioRefInput,
  path: 'location_ref',
  alternativeGroup: 'location',
  refersTo: referenceTo(locationKind),
};

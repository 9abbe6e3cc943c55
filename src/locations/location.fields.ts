/** A location's inputs, as the actions and searches read them (see ./location for the kind). */
import type { ClioRefInputs } from '../builders/clio-ref';
import {
  clioIdInput,
  countryInput,
  emailInput,
  lineInput,
  phoneInput,
  phoneInputFor,
  snapshotsIdInput,
  streetInput,
  timestampInput,
} from '../fields/inputs';
import type { WriteField } from '../fields/write-fields';
import { dynamicDropdown, searchFor } from '../keys';
import { FIND_LOCATION, LOCATION_LIST } from './location.keys';

/** A location picked from the dropdown, or found by a search step; matters and activities link one. */
export const locationIdField: WriteField = {
  key: 'location_id',
  label: 'Location',
  helpText: 'The Snapshots location: pick one, or map a **Location ID** from an earlier step.',
  dynamic: dynamicDropdown(LOCATION_LIST),
  search: searchFor(FIND_LOCATION, 'location_id'),
  convert: snapshotsIdInput('loc', 'location'),
  path: 'location_id',
};

const line = (
  key: string,
  label: string,
  path: string,
  helpText: string,
  max = 200,
): WriteField => ({
  key,
  label,
  helpText,
  convert: lineInput(max),
  path,
  clears: [path],
});

export const locationFields: readonly WriteField[] = [
  {
    ...line(
      'name',
      'Name',
      'name',
      "The location's name, e.g. the Clio contact's name. In Find or Create Location, map the same value as the search's Name.",
    ),
    required: true,
    clears: undefined,
  },
  {
    key: 'email',
    label: 'Email',
    helpText: "The location's email address, e.g. the Clio contact's primary email address.",
    convert: emailInput,
    path: 'email',
    clears: ['email'],
  },
  {
    key: 'phone',
    label: 'Phone',
    helpText:
      'In international form with the country code, e.g. +1 604-555-0100, or in national form as Clio holds it (604-555-0100) when Country is filled in, in any country. Spaces, dashes and brackets are ignored; it is stored as +16045550100.',
    convert: phoneInput,
    convertWith: (inputData) => phoneInputFor(countryOf(inputData)),
    path: 'phone',
    clears: ['phone'],
  },
  {
    key: 'street',
    label: 'Street',
    type: 'text',
    helpText:
      "The street address, e.g. Clio's address **Street**; a second line becomes address line 2.",
    convert: streetInput,
    path: 'address',
    clears: ['address.line1', 'address.line2'],
  },
  line('city', 'City', 'address.city', "The city, e.g. Clio's address **City**."),
  line(
    'province',
    'Province or State',
    'address.region',
    "The region, e.g. Clio's address **Province**.",
  ),
  line('postal_code', 'Postal Code', 'address.postal_code', 'The postal or ZIP code.', 20),
  {
    key: 'country',
    label: 'Country',
    helpText:
      "The country, e.g. Clio's address **Country**: its English name (Canada, United States, UK) or its two-letter code (CA, US, GB), in any case. Stored as the two-letter code.",
    convert: countryInput,
    path: 'address.country',
    clears: ['address.country'],
  },
  line('timezone', 'Time Zone', 'timezone', 'An IANA time zone, e.g. America/New_York.', 64),
  {
    key: 'last_seen',
    label: 'Last Seen',
    type: 'datetime',
    helpText: 'When the client was last seen here: a timestamp with an offset, or a date.',
    convert: timestampInput,
    path: 'last_seen',
    clears: ['last_seen'],
  },
];

/** The ISO code the step's Country input gives, which a national phone number is read in. */
function countryOf(inputData: Readonly<Record<string, unknown>>): string | undefined {
  const country = countryInput.safeParse(inputData.country);
  return country.success ? country.data : undefined;
}

export const locationClio: ClioRefInputs = {
  id: {
    key: 'clio_contact_id',
    label: 'Clio Contact ID',
    helpText: "The Clio contact's **ID**, as a number or numeric text (e.g. 1234567).",
    convert: clioIdInput,
    path: 'external_refs.clio',
  },
};

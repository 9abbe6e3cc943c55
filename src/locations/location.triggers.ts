/** "New Location" and "New or Updated Location": instant triggers (../builders/hook-trigger). */
import { defineHookTrigger } from '../builders/hook-trigger';
import { NEW_LOCATION, NEW_OR_UPDATED_LOCATION } from './location.keys';
import { locationKind } from './location';

export const newLocation = defineHookTrigger(locationKind, {
  key: NEW_LOCATION,
  label: 'New Location',
  description:
    'Triggers when a location (a client site or office) is created, with its address split into the fields of a Clio contact.',
  events: ['location.created'],
});

export const newOrUpdatedLocation = defineHookTrigger(locationKind, {
  key: NEW_OR_UPDATED_LOCATION,
  label: 'New or Updated Location',
  description:
    'Triggers when a location is created or changed, once per change, to keep its Clio contact up to date.',
  events: ['location.created', 'location.updated'],
  fieldFilter: [
    { value: 'name', label: 'Name' },
    { value: 'address', label: 'Address' },
    { value: 'email', label: 'Email' },
    { value: 'phone', label: 'Phone' },
    { value: 'timezone', label: 'Time Zone' },
    { value: 'last_seen', label: 'Last Seen' },
    { value: 'external_refs', label: 'Linked IDs (External References)' },
  ],
});

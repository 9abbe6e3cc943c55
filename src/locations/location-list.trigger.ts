/** Hidden trigger behind every "Location" dropdown: `{ id, label, name }`, newest first. */
import type { Location } from '../api/schemas';
import { defineDropdownTrigger, type Choice } from '../builders/dropdown-trigger';
import { LOCATION_LIST } from './location.keys';
import { locationKind } from './location';

export type LocationChoice = Choice & Pick<Location, 'name'>;

/** `Head Office (New York)`: the city tells apart offices that share a name. */
export function locationLabel(location: Pick<Location, 'name' | 'address'>): string {
  const city = location.address.city?.trim();
  return city ? `${location.name} (${city})` : location.name;
}

export const locationList = defineDropdownTrigger(locationKind, {
  key: LOCATION_LIST,
  list: (api, query) => api.locations.list(query),
  toChoice: (location): LocationChoice => ({
    id: location.location_id,
    label: locationLabel(location),
    name: location.name,
  }),
});

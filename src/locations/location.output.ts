// placeholder: replaced by the triggers branch at merge
import type { PlainOutputField } from 'zapier-platform-core';
import type { Location } from '../api/schemas';

export const toLocationOutput = (record: Location) => ({
  id: `${record.location_id}:${record.version}`,
  ...record,
});

export const locationOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Change ID' },
  { key: 'location_id', label: 'Location ID' },
  { key: 'name', label: 'Name' },
];

export const locationSample = {
  id: 'loc_8f2k3j4h5g6f7d8s:1',
  location_id: 'loc_8f2k3j4h5g6f7d8s',
  name: 'Main office',
};

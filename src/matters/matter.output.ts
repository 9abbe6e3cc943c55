// placeholder: replaced by the triggers branch at merge
import type { PlainOutputField } from 'zapier-platform-core';
import type { Matter, Read } from '../api/schemas';

export const toMatterOutput = (record: Read<Matter>) => ({
  id: `${record.matter_id}:${record.version}`,
  ...record,
});

export const matterOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Change ID' },
  { key: 'matter_id', label: 'Matter ID' },
  { key: 'title', label: 'Title' },
];

export const matterSample = {
  id: 'mat_8f2k3j4h5g6f7d8s:1',
  matter_id: 'mat_8f2k3j4h5g6f7d8s',
  title: 'Smith v. Jones',
};

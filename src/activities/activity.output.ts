// placeholder: replaced by the triggers branch at merge
import type { PlainOutputField } from 'zapier-platform-core';
import type { ActivityExpanded, Read } from '../api/schemas';

export const toActivityOutput = (record: Read<ActivityExpanded>) => ({
  id: `${record.activity_id}:${record.version}`,
  ...record,
});

export const activityOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Change ID' },
  { key: 'activity_id', label: 'Activity ID' },
  { key: 'type', label: 'Type' },
];

export const activitySample = {
  id: 'act_8f2k3j4h5g6f7d8s:1',
  activity_id: 'act_8f2k3j4h5g6f7d8s',
  type: 'call',
};

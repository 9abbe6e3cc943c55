/** Hidden trigger behind every "Matter" dropdown: `{ id, label, title, status }`, newest first. */
import type { Matter, Read } from '../api/schemas';
import { defineDropdownTrigger, type Choice } from '../builders/dropdown-trigger';
import { capitalize } from '../runtime/text';
import { MATTER_LIST } from './matter.keys';
import { matterKind } from './matter';

export type MatterChoice = Choice & Pick<Read<Matter>, 'title' | 'status'>;

/** `Smith v. Jones (Open)`: the status as Clio shows it, so a closed matter is not picked by mistake. */
export const matterLabel = (matter: Pick<Read<Matter>, 'title' | 'status'>): string =>
  `${matter.title} (${capitalize(matter.status)})`;

export const matterList = defineDropdownTrigger(matterKind, {
  key: MATTER_LIST,
  list: (api, query) => api.matters.list(query),
  toChoice: (matter): MatterChoice => ({
    id: matter.matter_id,
    label: matterLabel(matter),
    title: matter.title,
    status: matter.status,
  }),
});

/** "Unlink Matter from Clio Matter": removes the Clio matter id from `external_refs` (one PATCH). */
import { defineUnlinkAction } from '../builders/actions';
import { UNLINK_MATTER_FROM_CLIO_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const unlinkMatterFromClio = defineUnlinkAction(matterKind, {
  key: UNLINK_MATTER_FROM_CLIO_MATTER,
  label: 'Unlink Matter from Clio Matter',
  description:
    'Removes the link between a matter and its Clio matter, so later changes no longer reach that Clio matter.',
});

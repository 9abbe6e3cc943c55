/** "Link Matter to Clio Matter": stores the Clio matter's id in `external_refs` (one PATCH). */
import { defineLinkAction } from '../builders/actions';
import { LINK_MATTER_TO_CLIO_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const linkMatterToClio = defineLinkAction(matterKind, {
  key: LINK_MATTER_TO_CLIO_MATTER,
  label: 'Link Matter to Clio Matter',
  description:
    'Links a matter to its Clio matter by storing the Clio matter ID, so later changes reach that Clio matter.',
});

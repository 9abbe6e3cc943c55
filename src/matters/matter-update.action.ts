/** "Update Matter": a merge patch of the inputs filled in, plus "Fields to Clear". */
import { defineUpdateAction } from '../builders/actions';
import { UPDATE_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const updateMatter = defineUpdateAction(matterKind, {
  key: UPDATE_MATTER,
  description: 'Updates a matter: only the inputs you fill in change.',
});

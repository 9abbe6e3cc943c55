/** "Find Matter": one request; no match is an empty result, never an error. */
import { defineFindSearch } from '../builders/searches';
import { FIND_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const findMatter = defineFindSearch(matterKind, {
  key: FIND_MATTER,
  description: 'Finds a matter by its ID, its Clio matter ID or its title.',
});

/** "Find Matter": one request; no match is an empty result, never an error. */
import { defineFindSearch } from '../builders/searches';
import { FIND_MATTER } from '../keys';
import { matterClio, matterKind } from './matter.fields';

export const findMatter = defineFindSearch(matterKind, {
  key: FIND_MATTER,
  description: 'Finds a matter by its Snapshots ID, its Clio matter ID or its title.',
  clio: matterClio,
  text: { key: 'title', label: 'Title' },
});

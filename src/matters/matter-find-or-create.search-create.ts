/** "Find or Create Matter": Find Matter, then Create Matter when nothing matched (at most 2 requests). */
import { defineFindOrCreate } from '../builders/searches';
import { createMatter } from './matter-create.action';
import { matterKind } from './matter';
import { findMatter } from './matter-find.search';

export const findOrCreateMatter = defineFindOrCreate(findMatter, createMatter, matterKind);

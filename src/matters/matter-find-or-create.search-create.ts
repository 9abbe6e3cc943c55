/**
 * "Find or Create Matter": Find Matter, then, when nothing matched, a hidden create-if-absent (at most 2
 * requests): a burst of runs for one new title makes one matter.
 */
import { defineCreateIfAbsent, defineFindOrCreate } from '../builders/searches';
import { CREATE_MATTER_IF_ABSENT } from './matter.keys';
import { matterKind } from './matter';
import { findMatter } from './matter-find.search';

export const createMatterIfAbsent = defineCreateIfAbsent(matterKind, CREATE_MATTER_IF_ABSENT);

export const findOrCreateMatter = defineFindOrCreate(findMatter, createMatterIfAbsent, matterKind);

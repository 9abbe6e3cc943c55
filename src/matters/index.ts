/** Every matter operation, as the app registers them (one line in ../app.ts). */
import type { ObjectOperations } from '../builders/operations';
import { createMatter } from './matter-create.action';
import { createMatterIfAbsent, findOrCreateMatter } from './matter-find-or-create.search-create';
import { findMatter } from './matter-find.search';
import { linkMatterToClio } from './matter-link.action';
import { unlinkMatterFromClio } from './matter-unlink.action';
import { matterList } from './matter-list.trigger';
import { updateMatter } from './matter-update.action';
import { upsertMatterFromClio } from './matter-upsert.action';
import { newMatter, newOrUpdatedMatter } from './matter.triggers';

export const matterOperations = {
  triggers: [matterList, newMatter, newOrUpdatedMatter],
  creates: [
    createMatter,
    updateMatter,
    upsertMatterFromClio,
    linkMatterToClio,
    unlinkMatterFromClio,
    createMatterIfAbsent,
  ],
  searches: [findMatter],
  searchOrCreates: [findOrCreateMatter],
} as const satisfies ObjectOperations;

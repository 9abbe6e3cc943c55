/** Every activity operation, as the app registers them (one line in ../app.ts). */
import type { ObjectOperations } from '../builders/operations';
import { createActivity } from './activity-create.action';
import { findActivity } from './activity-find.search';
import { linkActivityToClio } from './activity-link.action';
import { unlinkActivityFromClio } from './activity-unlink.action';
import { activityList } from './activity-list.trigger';
import { updateActivity } from './activity-update.action';
import { upsertActivityFromClio } from './activity-upsert.action';
import { newActivity, newOrUpdatedActivity } from './activity.triggers';

export const activityOperations = {
  triggers: [activityList, newActivity, newOrUpdatedActivity],
  creates: [
    createActivity,
    updateActivity,
    upsertActivityFromClio,
    linkActivityToClio,
    unlinkActivityFromClio,
  ],
  searches: [findActivity],
  searchOrCreates: [],
} as const satisfies ObjectOperations;

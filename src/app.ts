/** The integration's definition: every trigger, action and search is registered here. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { createActivity } from './activities/activity-create.action';
import { findActivity } from './activities/activity-find.search';
import { linkActivityToClio } from './activities/activity-link.action';
import { activityList } from './activities/activity-list.trigger';
import { updateActivity } from './activities/activity-update.action';
import { upsertActivityFromClio } from './activities/activity-upsert.action';
import { newActivity, newOrUpdatedActivity } from './activities/activity.triggers';
import { authentication } from './auth/authentication';
import { mapApiErrors, prepareApiRequest } from './http/middleware';
import { createLocation } from './locations/location-create.action';
import { findOrCreateLocation } from './locations/location-find-or-create.search-create';
import { findLocation } from './locations/location-find.search';
import { linkLocationToClio } from './locations/location-link.action';
import { locationList } from './locations/location-list.trigger';
import { updateLocation } from './locations/location-update.action';
import { upsertLocationFromClio } from './locations/location-upsert.action';
import { newLocation, newOrUpdatedLocation } from './locations/location.triggers';
import { createMatter } from './matters/matter-create.action';
import { findOrCreateMatter } from './matters/matter-find-or-create.search-create';
import { findMatter } from './matters/matter-find.search';
import { linkMatterToClio } from './matters/matter-link.action';
import { matterList } from './matters/matter-list.trigger';
import { updateMatter } from './matters/matter-update.action';
import { upsertMatterFromClio } from './matters/matter-upsert.action';
import { newMatter, newOrUpdatedMatter } from './matters/matter.triggers';
import { newSyncError } from './sync-errors/new-sync-error.trigger';

export const app = defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [prepareApiRequest],
  // Runs after core's 401 → RefreshAuthError and before core's throwForStatus.
  afterResponse: [mapApiErrors],
  triggers: {
    [locationList.key]: locationList,
    [matterList.key]: matterList,
    [activityList.key]: activityList,
    [newLocation.key]: newLocation,
    [newOrUpdatedLocation.key]: newOrUpdatedLocation,
    [newMatter.key]: newMatter,
    [newOrUpdatedMatter.key]: newOrUpdatedMatter,
    [newActivity.key]: newActivity,
    [newOrUpdatedActivity.key]: newOrUpdatedActivity,
    [newSyncError.key]: newSyncError,
  },
  creates: {
    [createLocation.key]: createLocation,
    [updateLocation.key]: updateLocation,
    [upsertLocationFromClio.key]: upsertLocationFromClio,
    [linkLocationToClio.key]: linkLocationToClio,
    [createMatter.key]: createMatter,
    [updateMatter.key]: updateMatter,
    [upsertMatterFromClio.key]: upsertMatterFromClio,
    [linkMatterToClio.key]: linkMatterToClio,
    [createActivity.key]: createActivity,
    [updateActivity.key]: updateActivity,
    [upsertActivityFromClio.key]: upsertActivityFromClio,
    [linkActivityToClio.key]: linkActivityToClio,
  },
  searches: {
    [findLocation.key]: findLocation,
    [findMatter.key]: findMatter,
    [findActivity.key]: findActivity,
  },
  searchOrCreates: {
    [findOrCreateLocation.key]: findOrCreateLocation,
    [findOrCreateMatter.key]: findOrCreateMatter,
  },
});

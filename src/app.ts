/** The integration's definition: every trigger, action and search is registered here. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { activityList } from './activities/activity-list.trigger';
import { newActivity, newOrUpdatedActivity } from './activities/activity.triggers';
import { authentication } from './auth/authentication';
import { mapApiErrors, prepareApiRequest } from './http/middleware';
import { locationList } from './locations/location-list.trigger';
import { newLocation, newOrUpdatedLocation } from './locations/location.triggers';
import { matterList } from './matters/matter-list.trigger';
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
  creates: {},
  searches: {},
});

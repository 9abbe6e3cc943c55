/** The integration's definition: every trigger, action and search is registered here. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { activityList } from './activities/activity-list.trigger';
import { authentication } from './auth/authentication';
import { mapApiErrors, prepareApiRequest } from './http/middleware';
import { locationList } from './locations/location-list.trigger';
import { matterList } from './matters/matter-list.trigger';
import { syncErrorNew } from './sync-errors/sync-error-new.trigger';

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
    [syncErrorNew.key]: syncErrorNew,
  },
  creates: {},
  searches: {},
});

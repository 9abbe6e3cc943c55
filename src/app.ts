/** The integration's definition: every trigger, action and search is registered here. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { authentication } from './auth/authentication';
import { mapApiErrors, prepareApiRequest } from './http/middleware';

export const app = defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [prepareApiRequest],
  // Runs after core's 401 → RefreshAuthError and before core's throwForStatus.
  afterResponse: [mapApiErrors],
  triggers: {},
  creates: {},
  searches: {},
});

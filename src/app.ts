/** The integration's definition: authentication, middleware, and every object's operations by role. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { activityOperations } from './activities';
import { authentication } from './auth/authentication';
import { operationsByKey } from './builders/operations';
import { mapApiErrors, prepareApiRequest } from './http/middleware';
import { locationOperations } from './locations';
import { matterOperations } from './matters';
import { syncErrorOperations } from './sync-errors';

/** Each object's operations, from its folder: adding an object is one line here. */
const OPERATIONS_BY_OBJECT = [
  locationOperations,
  matterOperations,
  activityOperations,
  syncErrorOperations,
] as const;

export const app = defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [prepareApiRequest],
  // Runs after core's 401 → RefreshAuthError and before core's throwForStatus.
  afterResponse: [mapApiErrors],
  // Zapier's check D028. Blank inputs reach perform as they are: the fields read a blank like an
  // absent input, and a custom-field input set up but blank this run is still seen (and refused
  // when required) instead of vanishing (docs/listing.md, reviewer notes).
  flags: { cleanInputData: false },
  triggers: operationsByKey(OPERATIONS_BY_OBJECT, 'triggers'),
  creates: operationsByKey(OPERATIONS_BY_OBJECT, 'creates'),
  searches: operationsByKey(OPERATIONS_BY_OBJECT, 'searches'),
  searchOrCreates: operationsByKey(OPERATIONS_BY_OBJECT, 'searchOrCreates'),
});

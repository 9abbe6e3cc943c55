/** The integration's definition: every trigger, action and search is registered here. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from '../package.json';
import { authentication } from './auth/authentication';

export const app = defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [],
  afterResponse: [],
  triggers: {},
  creates: {},
  searches: {},
});

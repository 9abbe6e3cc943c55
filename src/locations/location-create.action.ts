/** "Create Location": `POST /v1/locations`, safe to retry (see defineCreateAction). */
import { defineCreateAction } from '../builders/actions';
import { CREATE_LOCATION } from './location.keys';
import { locationKind } from './location';

export const createLocation = defineCreateAction(locationKind, {
  key: CREATE_LOCATION,
  description: 'Creates a location (a client site or office), for example from a new Clio contact.',
});

/** "Create Location": `POST /v1/locations`, safe to retry (see defineCreateAction). */
import { defineCreateAction } from '../builders/actions';
import { CREATE_LOCATION } from './location.keys';
import { locationKind } from './location';

export const createLocation = defineCreateAction(locationKind, {
  key: CREATE_LOCATION,
  description: 'Creates a location in Snapshots, e.g. for a new Clio contact.',
});

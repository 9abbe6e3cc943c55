/** "Update Location": a merge patch of the inputs filled in, plus "Fields to Clear". */
import { defineUpdateAction } from '../builders/actions';
import { UPDATE_LOCATION } from './location.keys';
import { locationKind } from './location';

export const updateLocation = defineUpdateAction(locationKind, {
  key: UPDATE_LOCATION,
  description: 'Updates a location: only the inputs you fill in change.',
});

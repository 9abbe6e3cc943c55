/** "Find Location": one request; no match is an empty result, never an error. */
import { defineFindSearch } from '../builders/searches';
import { FIND_LOCATION } from './location.keys';
import { locationKind } from './location';

export const findLocation = defineFindSearch(locationKind, {
  key: FIND_LOCATION,
  description: 'Finds a location by its ID, its Clio contact ID or its name.',
});

/** "Find or Create Location": Find Location, then Create Location when nothing matched (at most 2 requests). */
import { defineFindOrCreate } from '../builders/searches';
import { createLocation } from './location-create.action';
import { locationKind } from './location';
import { findLocation } from './location-find.search';

export const findOrCreateLocation = defineFindOrCreate(findLocation, createLocation, locationKind);

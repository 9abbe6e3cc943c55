/**
 * "Find or Create Location": Find Location, then, when nothing matched, a hidden create-if-absent (at most 2
 * requests): a burst of runs for one new name makes one location.
 */
import { defineCreateIfAbsent, defineFindOrCreate } from '../builders/searches';
import { CREATE_LOCATION_IF_ABSENT } from './location.keys';
import { locationKind } from './location';
import { findLocation } from './location-find.search';

export const createLocationIfAbsent = defineCreateIfAbsent(locationKind, CREATE_LOCATION_IF_ABSENT);

export const findOrCreateLocation = defineFindOrCreate(
  findLocation,
  createLocationIfAbsent,
  locationKind,
);

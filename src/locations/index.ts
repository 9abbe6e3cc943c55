/** Every location operation, as the app registers them (one line in ../app.ts). */
import type { ObjectOperations } from '../builders/operations';
import { createLocation } from './location-create.action';
import {
  createLocationIfAbsent,
  findOrCreateLocation,
} from './location-find-or-create.search-create';
import { findLocation } from './location-find.search';
import { linkLocationToClio } from './location-link.action';
import { unlinkLocationFromClio } from './location-unlink.action';
import { locationList } from './location-list.trigger';
import { updateLocation } from './location-update.action';
import { upsertLocationFromClio } from './location-upsert.action';
import { newLocation, newOrUpdatedLocation } from './location.triggers';

export const locationOperations = {
  triggers: [locationList, newLocation, newOrUpdatedLocation],
  creates: [
    createLocation,
    updateLocation,
    upsertLocationFromClio,
    linkLocationToClio,
    unlinkLocationFromClio,
    createLocationIfAbsent,
  ],
  searches: [findLocation],
  searchOrCreates: [findOrCreateLocation],
} as const satisfies ObjectOperations;

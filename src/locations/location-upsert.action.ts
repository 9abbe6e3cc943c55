/** "Create or Update Location from Clio Contact": one atomic merge `PATCH /v1/locations/by-ref/…`. */
import { defineUpsertAction } from '../builders/actions';
import { UPSERT_LOCATION_FROM_CLIO } from './location.keys';
import { locationKind } from './location';

export const upsertLocationFromClio = defineUpsertAction(locationKind, {
  key: UPSERT_LOCATION_FROM_CLIO,
  label: 'Create or Update Location from Clio Contact',
  description:
    'Creates or updates the location linked to a Clio contact, in one step, so a contact always lands on the same location.',
});

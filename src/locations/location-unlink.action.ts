/** "Unlink Location from Clio Contact": removes the Clio contact id from `external_refs` (one PATCH). */
import { defineUnlinkAction } from '../builders/actions';
import { UNLINK_LOCATION_FROM_CLIO_CONTACT } from './location.keys';
import { locationKind } from './location';

export const unlinkLocationFromClio = defineUnlinkAction(locationKind, {
  key: UNLINK_LOCATION_FROM_CLIO_CONTACT,
  label: 'Unlink Location from Clio Contact',
  description:
    'Removes the link between a location and its Clio contact, so later changes no longer reach that Clio contact.',
});

/** "Link Location to Clio Contact": stores the Clio contact's id in `external_refs` (one PATCH). */
import { defineLinkAction } from '../builders/actions';
import { LINK_LOCATION_TO_CLIO_CONTACT } from './location.keys';
import { locationKind } from './location';

export const linkLocationToClio = defineLinkAction(locationKind, {
  key: LINK_LOCATION_TO_CLIO_CONTACT,
  label: 'Link Location to Clio Contact',
  description:
    'Links a location to its Clio contact by storing the contact ID, so later changes reach that contact.',
});

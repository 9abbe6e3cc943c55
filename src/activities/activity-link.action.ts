/** "Link Activity to Clio Record": stores the Clio record's id in `external_refs` (one PATCH). */
import { defineLinkAction } from '../builders/actions';
import { LINK_ACTIVITY_TO_CLIO_RECORD } from './activity.keys';
import { activityKind } from './activity';

export const linkActivityToClio = defineLinkAction(activityKind, {
  key: LINK_ACTIVITY_TO_CLIO_RECORD,
  label: 'Link Activity to Clio Record',
  description:
    'Links an activity to the Clio note, communication or time entry made from it, so later changes reach that record.',
});

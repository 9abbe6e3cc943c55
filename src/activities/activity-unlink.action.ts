/** "Unlink Activity from Clio Record": removes the Clio record id of the kind chosen from `external_refs` (one PATCH). */
import { defineUnlinkAction } from '../builders/actions';
import { UNLINK_ACTIVITY_FROM_CLIO_RECORD } from './activity.keys';
import { activityKind } from './activity';

export const unlinkActivityFromClio = defineUnlinkAction(activityKind, {
  key: UNLINK_ACTIVITY_FROM_CLIO_RECORD,
  label: 'Unlink Activity from Clio Record',
  description:
    "Removes an activity's link to its Clio note, communication or time entry, so later changes no longer reach that record.",
});

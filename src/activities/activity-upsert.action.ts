/** "Create or Update Activity from Clio Record": one atomic merge `PATCH /v1/activities/by-ref/…`. */
import { defineUpsertAction } from '../builders/actions';
import { UPSERT_ACTIVITY_FROM_CLIO } from './activity.keys';
import { activityKind } from './activity';

export const upsertActivityFromClio = defineUpsertAction(activityKind, {
  key: UPSERT_ACTIVITY_FROM_CLIO,
  label: 'Create or Update Activity from Clio Record',
  description:
    'Creates or updates the Snapshots activity linked to a Clio note, communication or time entry, in one step, so the same Clio record always lands on the same activity. Inputs left blank leave the field unchanged; use Fields to Clear to empty one.',
});

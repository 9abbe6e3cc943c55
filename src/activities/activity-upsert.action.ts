/** "Create or Update Activity from Clio Record": one atomic merge `PATCH /v1/activities/by-ref/…`. */
import { defineUpsertAction } from '../builders/actions';
import { UPSERT_ACTIVITY_FROM_CLIO } from './activity.keys';
import { activityKind } from './activity';

export const upsertActivityFromClio = defineUpsertAction(activityKind, {
  key: UPSERT_ACTIVITY_FROM_CLIO,
  label: 'Create or Update Activity from Clio Record',
  description:
    'Creates or updates the activity linked to a Clio note, communication or time entry, in one step.',
});

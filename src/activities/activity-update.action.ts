/** "Update Activity": a merge patch of the inputs filled in, plus "Fields to Clear". */
import { defineUpdateAction } from '../builders/actions';
import { UPDATE_ACTIVITY } from './activity.keys';
import { activityKind } from './activity';

export const updateActivity = defineUpdateAction(activityKind, {
  key: UPDATE_ACTIVITY,
  description: 'Updates an activity: only the inputs you fill in change.',
});

/** "Create Activity": `POST /v1/activities`, safe to retry (see defineCreateAction). */
import { defineCreateAction } from '../builders/actions';
import { CREATE_ACTIVITY } from './activity.keys';
import { activityKind } from './activity';

export const createActivity = defineCreateAction(activityKind, {
  key: CREATE_ACTIVITY,
  description:
    'Creates an activity (a call, email, meeting, note, task or visit), for example from a Clio time entry.',
});

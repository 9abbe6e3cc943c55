/** "Find Activity": one request; no match is an empty result, never an error. */
import { defineFindSearch } from '../builders/searches';
import { FIND_ACTIVITY } from './activity.keys';
import { activityKind } from './activity';

export const findActivity = defineFindSearch(activityKind, {
  key: FIND_ACTIVITY,
  description:
    'Finds an activity by its ID, or by the ID and kind of the Clio record linked to it.',
});

/**
 * Hidden trigger behind every "Activity" dropdown: `{ id, label, type, date, matter_id,
 * matter_title }`, newest first. Activities have no name, so the label says what a user
 * recognises one by: what kind, when, for which matter, and how its notes begin.
 */
import type { ActivityExpanded, Matter, Read } from '../api/schemas';
import {
  defineDropdownTrigger,
  type Choice,
  type ChoiceContext,
} from '../builders/dropdown-trigger';
import { capitalize, excerpt, formatDateTime } from '../runtime/text';
import { ACTIVITY_LIST } from './activity.keys';
import { activityKind, isPlainDate } from './activity';

export type ActivityChoice = Choice &
  Pick<Read<ActivityExpanded>, 'type' | 'date' | 'matter_id'> & {
    matter_title: Matter['title'] | null;
  };

/** Enough of the notes to recognise them, short enough for a dropdown row. */
export const NOTES_EXCERPT_LENGTH = 60;

/** `Call · 2026-11-02 10:00 · Smith v. Jones — Intake call with Ms. Smith.` (`Call · 2026-11-02 · …` for a plain date) */
export function activityLabel(
  activity: Read<ActivityExpanded>,
  { timeZone }: ChoiceContext,
): string {
  // A plain date has no time of day to show, nor a zone to move it.
  const when = isPlainDate(activity.date) ? activity.date : formatDateTime(activity.date, timeZone);
  const parts = [capitalize(activity.type), when];
  if (activity.matter) parts.push(activity.matter.title);
  const notes = excerpt(activity.notes, NOTES_EXCERPT_LENGTH);
  return notes ? `${parts.join(' · ')} — ${notes}` : parts.join(' · ');
}

export const activityList = defineDropdownTrigger(activityKind, {
  key: ACTIVITY_LIST,
  // One request still: the linked matter comes embedded, for its title.
  list: (api, query) => api.activities.list({ ...query, expand: ['matter'] }),
  toChoice: (activity, context): ActivityChoice => ({
    id: activity.activity_id,
    label: activityLabel(activity, context),
    type: activity.type,
    date: activity.date,
    matter_id: activity.matter_id,
    matter_title: activity.matter?.title ?? null,
  }),
});

/** Query strings of the list endpoints. Strict: an unknown parameter is a 400 that names it. */
import { z } from 'zod';
import {
  Cursor,
  ExternalRefFilter,
  Limit,
  LocationId,
  MatterId,
  Sort,
  TimestampInput,
} from './common';
import { ActivityType, MatterStatus } from './resources';

/** `a,b,c` → validated array; each item must belong to `item`. */
export const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

/** What every object's list query takes; an object adds its own filters. */
export const listShape = {
  updated_since: TimestampInput.optional(),
  created_since: TimestampInput.optional(),
  q: z.string().min(1).max(200).optional(),
  external_ref: ExternalRefFilter.optional(),
  sort: Sort,
  limit: Limit,
  cursor: Cursor.optional(),
};

export const Expand = commaList(z.enum(['matter', 'location']));
/** Matters link only to a location. */
export const MatterExpand = commaList(z.enum(['location']));

/** `name=` / `title=`: the whole text, ignoring case and surrounding spaces (`q` is a substring). */
export const ExactText = z.string().trim().min(1).max(200);

export const LocationListQuery = z.strictObject({ ...listShape, name: ExactText.optional() });
export const MatterListQuery = z.strictObject({
  ...listShape,
  title: ExactText.optional(),
  status: MatterStatus.optional(),
  location_id: LocationId.optional(),
  expand: MatterExpand.optional(),
});
export const ActivityListQuery = z.strictObject({
  ...listShape,
  type: ActivityType.optional(),
  matter_id: MatterId.optional(),
  location_id: LocationId.optional(),
  expand: Expand.optional(),
});
export const ExpandQuery = z.strictObject({ expand: Expand.optional() });
export const MatterExpandQuery = z.strictObject({ expand: MatterExpand.optional() });

export const SyncErrorListQuery = z.strictObject({
  created_since: TimestampInput.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export type LocationListQuery = z.input<typeof LocationListQuery>;
export type MatterListQuery = z.input<typeof MatterListQuery>;
export type ActivityListQuery = z.input<typeof ActivityListQuery>;
export type SyncErrorListQuery = z.input<typeof SyncErrorListQuery>;

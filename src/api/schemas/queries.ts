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
import { ActivityType, LOCATION_NAME_MAX, MATTER_TITLE_MAX, MatterStatus } from './resources';

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

/**
 * `name=` / `title=`: the same name as the field (src/api/text's `sameName`: NFC, case folded,
 * spaces trimmed and collapsed), up to the field's own limit; `q=` a part of it, folded alike.
 */
export const searchText = (max: number) => z.string().trim().min(1).max(max);
/** The text filter of a field of 200 characters. */
export const ExactText = searchText(200);

export const LocationListQuery = z.strictObject({
  ...listShape,
  q: searchText(LOCATION_NAME_MAX).optional(),
  name: searchText(LOCATION_NAME_MAX).optional(),
});
export const MatterListQuery = z.strictObject({
  ...listShape,
  q: searchText(MATTER_TITLE_MAX).optional(),
  title: searchText(MATTER_TITLE_MAX).optional(),
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

/**
 * `POST …?if_absent=name` (or `title`): create-if-absent. When a record already has the same name
 * as the body's (`sameName`), nothing is created and that record is the answer (200); otherwise
 * the body is created (201). One atomic step, so concurrent calls for one name make one record.
 */
const createIfAbsent = <F extends string>(field: F) =>
  z.strictObject({
    if_absent: z
      .literal(field)
      .optional()
      .meta({
        description: `Create only when no record has the same \`${field}\` (NFC, case folded, spaces trimmed and collapsed); otherwise answer that record with 200.`,
      }),
  });
export const LocationCreateQuery = createIfAbsent('name');
export const MatterCreateQuery = createIfAbsent('title');

export const SyncErrorListQuery = z.strictObject({
  created_since: TimestampInput.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export type LocationListQuery = z.input<typeof LocationListQuery>;
export type MatterListQuery = z.input<typeof MatterListQuery>;
export type LocationCreateQuery = z.input<typeof LocationCreateQuery>;
export type MatterCreateQuery = z.input<typeof MatterCreateQuery>;
export type ActivityListQuery = z.input<typeof ActivityListQuery>;
export type SyncErrorListQuery = z.input<typeof SyncErrorListQuery>;

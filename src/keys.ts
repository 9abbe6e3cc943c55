/**
 * Every operation key, in one place. The app registers operations under these, and input fields
 * name the trigger that fills their dropdown with `dynamicDropdown(...)`, so a renamed key cannot
 * leave a dangling `dynamic:` string behind.
 */

/** Hidden polling triggers that fill dynamic dropdowns (each choice has `id` and `label`). */
export const LOCATION_LIST = 'location_list';
export const MATTER_LIST = 'matter_list';
export const ACTIVITY_LIST = 'activity_list';

/** Visible instant (REST hook) triggers. These keys are part of users' Zaps: never change them. */
export const NEW_LOCATION = 'new_location';
export const NEW_OR_UPDATED_LOCATION = 'new_or_updated_location';
export const NEW_MATTER = 'new_matter';
export const NEW_OR_UPDATED_MATTER = 'new_or_updated_matter';
export const NEW_ACTIVITY = 'new_activity';
export const NEW_OR_UPDATED_ACTIVITY = 'new_or_updated_activity';
export const NEW_SYNC_ERROR = 'new_sync_error';

export type HookTriggerKey =
  | typeof NEW_LOCATION
  | typeof NEW_OR_UPDATED_LOCATION
  | typeof NEW_MATTER
  | typeof NEW_OR_UPDATED_MATTER
  | typeof NEW_ACTIVITY
  | typeof NEW_OR_UPDATED_ACTIVITY
  | typeof NEW_SYNC_ERROR;

export type DropdownTriggerKey = typeof LOCATION_LIST | typeof MATTER_LIST | typeof ACTIVITY_LIST;

/**
 * The `dynamic:` value of an input field picked from a dropdown trigger: the trigger's key, the
 * field Zapier stores (the Snapshots id) and the field the user reads, e.g. `location_list.id.label`.
 */
export const dynamicDropdown = <K extends DropdownTriggerKey>(trigger: K) =>
  `${trigger}.id.label` as const;

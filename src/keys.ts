/**
 * Every operation key, in one place. The app registers operations under these, and input fields
 * name the trigger that fills their dropdown with `dynamicDropdown(...)`, so a renamed key cannot
 * leave a dangling `dynamic:` string behind.
 */

/** Hidden polling triggers that fill dynamic dropdowns (each choice has `id` and `label`). */
export const LOCATION_LIST = 'location_list';
export const MATTER_LIST = 'matter_list';
export const ACTIVITY_LIST = 'activity_list';

/** Visible triggers. */
export const SYNC_ERROR_NEW = 'sync_error_new';

export type DropdownTriggerKey = typeof LOCATION_LIST | typeof MATTER_LIST | typeof ACTIVITY_LIST;

/**
 * The `dynamic:` value of an input field picked from a dropdown trigger: the trigger's key, the
 * field Zapier stores (the Snapshots id) and the field the user reads, e.g. `location_list.id.label`.
 */
export const dynamicDropdown = <K extends DropdownTriggerKey>(trigger: K) =>
  `${trigger}.id.label` as const;

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

/** Actions (Zapier's "creates"): part of users' Zaps, never renamed once shipped. */
export const CREATE_LOCATION = 'create_location';
export const UPDATE_LOCATION = 'update_location';
export const UPSERT_LOCATION_FROM_CLIO = 'upsert_location_from_clio';
export const LINK_LOCATION_TO_CLIO_CONTACT = 'link_location_to_clio_contact';
export const CREATE_MATTER = 'create_matter';
export const UPDATE_MATTER = 'update_matter';
export const UPSERT_MATTER_FROM_CLIO = 'upsert_matter_from_clio';
export const LINK_MATTER_TO_CLIO_MATTER = 'link_matter_to_clio_matter';
export const CREATE_ACTIVITY = 'create_activity';
export const UPDATE_ACTIVITY = 'update_activity';
export const UPSERT_ACTIVITY_FROM_CLIO = 'upsert_activity_from_clio';
export const LINK_ACTIVITY_TO_CLIO_RECORD = 'link_activity_to_clio_record';

/** Searches; find_location and find_matter also key their find-or-create. */
export const FIND_LOCATION = 'find_location';
export const FIND_MATTER = 'find_matter';
export const FIND_ACTIVITY = 'find_activity';

export type SearchKey = typeof FIND_LOCATION | typeof FIND_MATTER | typeof FIND_ACTIVITY;

/**
 * The `search:` value of an id input: the search that finds the record and the output field
 * holding its id, e.g. `find_location.location_id` ("Add a Search Step" in the editor).
 */
export const searchFor = <K extends SearchKey, F extends string>(search: K, idField: F) =>
  `${search}.${idField}` as const;

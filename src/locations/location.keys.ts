/** The location operations' keys: part of users' Zaps, never renamed once shipped. */
export const LOCATION_LIST = 'location_list';
export const NEW_LOCATION = 'new_location';
export const NEW_OR_UPDATED_LOCATION = 'new_or_updated_location';
export const CREATE_LOCATION = 'create_location';
export const UPDATE_LOCATION = 'update_location';
export const UPSERT_LOCATION_FROM_CLIO = 'upsert_location_from_clio';
export const LINK_LOCATION_TO_CLIO_CONTACT = 'link_location_to_clio_contact';
export const UNLINK_LOCATION_FROM_CLIO_CONTACT = 'unlink_location_from_clio_contact';
export const FIND_LOCATION = 'find_location';
/** Hidden: Find or Create Location's create (create-if-absent). */
export const CREATE_LOCATION_IF_ABSENT = 'create_location_if_absent';

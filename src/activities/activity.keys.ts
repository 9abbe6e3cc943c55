/** The activity operations' keys: part of users' Zaps, never renamed once shipped. */
export const ACTIVITY_LIST = 'activity_list';
export const NEW_ACTIVITY = 'new_activity';
export const NEW_OR_UPDATED_ACTIVITY = 'new_or_updated_activity';
export const CREATE_ACTIVITY = 'create_activity';
export const UPDATE_ACTIVITY = 'update_activity';
export const UPSERT_ACTIVITY_FROM_CLIO = 'upsert_activity_from_clio';
export const LINK_ACTIVITY_TO_CLIO_RECORD = 'link_activity_to_clio_record';
export const UNLINK_ACTIVITY_FROM_CLIO_RECORD = 'unlink_activity_from_clio_record';
export const FIND_ACTIVITY = 'find_activity';

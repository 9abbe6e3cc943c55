/** The matter operations' keys: part of users' Zaps, never renamed once shipped. */
export const MATTER_LIST = 'matter_list';
export const NEW_MATTER = 'new_matter';
export const NEW_OR_UPDATED_MATTER = 'new_or_updated_matter';
export const CREATE_MATTER = 'create_matter';
export const UPDATE_MATTER = 'update_matter';
export const UPSERT_MATTER_FROM_CLIO = 'upsert_matter_from_clio';
export const LINK_MATTER_TO_CLIO_MATTER = 'link_matter_to_clio_matter';
export const UNLINK_MATTER_FROM_CLIO_MATTER = 'unlink_matter_from_clio_matter';
export const FIND_MATTER = 'find_matter';
/** Hidden: Find or Create Matter's create (create-if-absent). */
export const CREATE_MATTER_IF_ABSENT = 'create_matter_if_absent';

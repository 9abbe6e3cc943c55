/** The sync error operations' keys: part of users' Zaps, never renamed once shipped. */
export const NEW_SYNC_ERROR = 'new_sync_error';

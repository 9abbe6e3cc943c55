/**
 * How long a request may take. Zapier gives a step 30 s in all. An API call may be followed by a
 * second one (a search then a create), and the error mapping and Zapier's own overhead need time too.
 */
export const API_TIMEOUT_MS = 12_000;
export const TOKEN_TIMEOUT_MS = 10_000;

// The sizes of what the portal's forms post, in one place that next.config.mjs and the
// production server (scripts/next-server.mjs) read as plain JavaScript, and the app and its
// tests import. A page path takes a POST only as a server action, and nobody is known until
// the action has been decoded, so these bounds are what an unauthenticated caller can make
// the server read.

/** Rows of one bulk invitation (the API's bulk endpoint takes as many). */
export const BULK_LIST_MAX_ROWS = 1000;

/** A pasted list or a CSV file, in UTF-8 bytes: 1,000 rows of an address and a few short columns. */
export const BULK_LIST_MAX_BYTES = 512 * 1024;

/**
 * One line of the list, in characters: a CSV row (an address and at most 1 KB of metadata)
 * is far shorter; a list pasted on one line, separated by commas, may hold a few hundred
 * addresses.
 */
export const BULK_LIST_MAX_LINE = 32 * 1024;

/** The checked rows, as JSON, that the confirm form sends back. */
export const BULK_ROWS_MAX_BYTES = 768 * 1024;

/**
 * The largest body a server action takes: the bulk form's list or its checked rows, with
 * room for the action's own fields. Every other form is a few hundred bytes.
 */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

import { z } from "zod";

// Polar's paging, shared by every list (the API's and the services' schemas): page from 1,
// limit from 1, a limit over MAX_LIMIT silently clamped by the services, as Polar does.
// No module of lib/ is imported here, so lib/seats may use it too.
export const MAX_LIMIT = 100;

// The row offset, (page − 1) × limit, reaches PostgreSQL as an integer (int4): the highest
// page is the last whose offset fits at the highest limit. Past it a request was a 500
// ("integer out of range"); it is now a 422 on the parameter.
const INT4_MAX = 2 ** 31 - 1;
export const MAX_PAGE = Math.floor(INT4_MAX / MAX_LIMIT) + 1;

export const PageNumber = z.coerce.number().int().min(1).max(MAX_PAGE);
// Any limit of 1 or more is clamped to MAX_LIMIT by the services (SPEC §1: "limit ≥ 1
// clamped to 100"), so no limit that reaches a query is past PostgreSQL's integer; a number
// beyond the safe integers (1e400, 2^64) is not a whole number JavaScript can hold: a 422.
export const PageLimit = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** `page` and `limit` of a list's query, both optional. */
export const PagingQuery = { page: PageNumber.optional(), limit: PageLimit.optional() };

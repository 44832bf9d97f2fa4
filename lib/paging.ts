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
// Any limit is clamped to MAX_LIMIT; bounded all the same, so that no number that reaches
// a query is one PostgreSQL cannot hold.
export const PageLimit = z.coerce.number().int().min(1).max(INT4_MAX);

/** `page` and `limit` of a list's query, both optional. */
export const PagingQuery = { page: PageNumber.optional(), limit: PageLimit.optional() };

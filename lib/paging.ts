import { z } from "zod";
import { repeated } from "@/lib/query-params";

// Polar's paging, shared by every list (the API's and the services' schemas): page from 1,
// limit from 1, a limit over MAX_LIMIT silently clamped by the services, as Polar does.
// It sits below every service (only lib/query-params is imported here), so lib/seats,
// lib/webhooks and lib/billing page alike without importing each other or lib/api.
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

/** Polar's paging: page from 1, limit from 1 (clamped to MAX_LIMIT by the services), both bounded. */
export const Paging = {
  ...PagingQuery,
  sorting: repeated(z.string().max(64)),
};

/** One page of a list as the services hand it to the doors. */
export type Page<T> = { items: T[]; totalCount: number; page: number; limit: number };

export function pageWindow(query: { page?: number; limit?: number }) {
  const page = query.page ?? 1;
  const limit = Math.min(query.limit ?? 10, MAX_LIMIT);
  return { page, limit, skip: (page - 1) * limit, take: limit };
}

/** Newest first unless the caller sorts by `created_at` ascending (the only key kept here). */
export function createdAtOrder(sorting: string[] | undefined): "asc" | "desc" {
  return sorting?.includes("created_at") ? "asc" : "desc";
}

/** A page of rows read newest or oldest first, ties broken by id (the merchant API's lists and the webhooks'). */
export type ListWindow = { order: "asc" | "desc"; skip: number; take: number };

export const listOrder = (order: "asc" | "desc") => [{ createdAt: order }, { id: "asc" as const }];

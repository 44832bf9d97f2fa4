import { z } from "zod";
import { MAX_LIMIT, PagingQuery } from "@/lib/paging";

/** A query parameter that may repeat (`?customer_id=a&customer_id=b`), read as a list. */
export const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]), z.array(item).max(100)).optional();

/** `true`/`false` as FastAPI reads them (also 1/0, yes/no, on/off). */
export const queryBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "Expected a boolean." })
  .transform((value) => ["true", "1", "yes", "on"].includes(value))
  .optional();

/** Polar's paging: page from 1, limit from 1 (clamped to MAX_LIMIT by the services), both bounded (lib/paging.ts). */
export const Paging = {
  ...PagingQuery,
  sorting: repeated(z.string().max(64)),
};

export function pageWindow(query: { page?: number; limit?: number }) {
  const page = query.page ?? 1;
  const limit = Math.min(query.limit ?? 10, MAX_LIMIT);
  return { page, limit, skip: (page - 1) * limit, take: limit };
}

/** Newest first unless the caller sorts by `created_at` ascending (the only key kept here). */
export function createdAtOrder(sorting: string[] | undefined): "asc" | "desc" {
  return sorting?.includes("created_at") ? "asc" : "desc";
}

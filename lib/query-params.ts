import { z } from "zod";

// How FastAPI reads a query string, for the list filters of the services' schemas.

/** A query parameter that may repeat (`?customer_id=a&customer_id=b`), read as a list. */
export const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]), z.array(item).max(100)).optional();

/** `true`/`false` as FastAPI reads them (also 1/0, yes/no, on/off). */
export const queryBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "Expected a boolean." })
  .transform((value) => ["true", "1", "yes", "on"].includes(value))
  .optional();

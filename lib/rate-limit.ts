import "server-only";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { TooManyRequests } from "@/lib/errors";

/**
 * The abuse limits. Counters live in PostgreSQL (rate_limit_buckets), so a limit tripped on
 * one instance holds on all of them. Each is configured by an environment variable.
 */
const LIMITS = {
  assign: { points: () => env().RATE_LIMIT_ASSIGN_PER_MINUTE, seconds: 60 },
  bulk: { points: () => env().RATE_LIMIT_BULK_PER_MINUTE, seconds: 60 },
  resendPerSeat: { points: () => env().RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR, seconds: 3600 },
  resendPerCustomer: { points: () => env().RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR, seconds: 3600 },
  signInPerEmail: { points: () => env().RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR, seconds: 3600 },
} as const;

export type LimitName = keyof typeof LIMITS;

const holder = globalThis as unknown as { seatPortalLimiters?: Map<LimitName, RateLimiterPostgres> };

function limiter(name: LimitName) {
  holder.seatPortalLimiters ??= new Map();
  let found = holder.seatPortalLimiters.get(name);
  if (!found) {
    const { pool } = db();
    found = new RateLimiterPostgres({
      // Unnamed statements only: the library names its prepared statements, and the
      // embedded PGlite shares one session among all connections, where a second
      // connection preparing the same name fails (42P05).
      storeClient: { query: (q: { text: string; values?: unknown[] }) => pool.query({ text: q.text, values: q.values }) },
      storeType: "pool",
      tableName: "rate_limit_buckets",
      tableCreated: true,
      keyPrefix: name,
      points: LIMITS[name].points(),
      duration: LIMITS[name].seconds,
    });
    holder.seatPortalLimiters.set(name, found);
  }
  return found;
}

/**
 * A limiter refuses with a RateLimiterRes (a store failure is an Error). Not `instanceof`:
 * the limiters live on globalThis and are shared by every bundle of the app (route
 * handlers, pages and actions each bundle their own copy of the library), so a limiter made
 * by another bundle throws another copy of the class.
 */
function isRefusal(result: unknown): result is Pick<RateLimiterRes, "msBeforeNext"> {
  return typeof result === "object" && result !== null && !(result instanceof Error) && typeof (result as Partial<RateLimiterRes>).msBeforeNext === "number";
}

/** Counts one use of `key` against the limit, or refuses with TooManyRequests (429, Retry-After). */
export async function consumeRateLimit(name: LimitName, key: string) {
  try {
    await limiter(name).consume(key);
  } catch (result) {
    if (isRefusal(result)) throw new TooManyRequests(Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
    throw result;
  }
}

/** Refuses, without counting, when `key` has no use left (to explain before trying). */
export async function assertUnderRateLimit(name: LimitName, key: string) {
  const current = await limiter(name).get(key);
  if (current && current.remainingPoints <= 0) throw new TooManyRequests(Math.max(1, Math.ceil(current.msBeforeNext / 1000)));
}

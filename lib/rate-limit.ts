import "server-only";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { db, type Sql } from "@/lib/db";
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
  // Counted by consumeRateLimitIn, in the transaction that queues the invitations.
  invitationsPerCustomer: { points: () => env().RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR, seconds: 3600 },
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
 * The library rejects a refused consume with a RateLimiterRes, and anything else (a database
 * error) with an Error. Told apart by shape: `instanceof` fails when the library is loaded
 * twice (one copy per server bundle), and a refusal would then surface as a 500.
 */
function isRefusal(value: unknown): value is { msBeforeNext: number } {
  return typeof value === "object" && value !== null && !(value instanceof Error) && typeof (value as { msBeforeNext?: unknown }).msBeforeNext === "number";
}

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Counts one use of `key` against the limit, or refuses with TooManyRequests (429, Retry-After). */
export async function consumeRateLimit(name: LimitName, key: string) {
  try {
    await limiter(name).consume(key);
  } catch (result) {
    if (isRefusal(result)) throw new TooManyRequests(secondsUntil(result.msBeforeNext));
    throw result;
  }
}

/** What a refusal of consumeRateLimitIn knew, for a message written for people. */
export type Refusal = { limit: number; left: number; asked: number; retryAfterSeconds: number };

/**
 * Counts `points` uses of `key` inside the caller's transaction, or refuses with
 * TooManyRequests. The count commits with the work it counts and a refusal rolls back with
 * it, so the limit counts what was done (invitations queued), not what was tried. The
 * bucket's row stays locked until the caller's commit: call this as the transaction's last
 * write, after every other lock and insert it takes, so that two transactions of one key
 * wait for each other here and never in a cycle. Rows have the library's shape (key
 * `name:key`, expiry in epoch ms), so its cleanup and `get` read them as their own.
 */
export async function consumeRateLimitIn(sql: Sql, name: LimitName, key: string, points: number, message?: (refusal: Refusal) => string) {
  const { seconds } = LIMITS[name];
  const limit = LIMITS[name].points();
  const now = Date.now();
  const rows = await sql.rows<{ points: number; expire: string | number }>(
    `INSERT INTO rate_limit_buckets (key, points, expire) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN rate_limit_buckets.expire <= $4 THEN $2 ELSE rate_limit_buckets.points + $2 END,
         expire = CASE WHEN rate_limit_buckets.expire <= $4 THEN $3 ELSE rate_limit_buckets.expire END
     RETURNING points, expire`,
    [`${name}:${key}`, points, now + seconds * 1000, now],
  );
  const counted = rows[0]!;
  if (counted.points <= limit) return;
  const retryAfterSeconds = secondsUntil(Number(counted.expire) - now);
  const refusal = { limit, left: Math.max(0, limit - (counted.points - points)), asked: points, retryAfterSeconds };
  throw new TooManyRequests(retryAfterSeconds, message?.(refusal));
}

/** Refuses, without counting, when `key` has no use left (to explain before trying). */
export async function assertUnderRateLimit(name: LimitName, key: string) {
  const current = await limiter(name).get(key);
  if (current && current.remainingPoints <= 0) throw new TooManyRequests(Math.max(1, Math.ceil(current.msBeforeNext / 1000)));
}

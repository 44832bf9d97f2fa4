import "server-only";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
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
  signInPerClientAndEmail: { points: () => env().RATE_LIMIT_SIGN_IN_PER_CLIENT_AND_EMAIL_PER_HOUR, seconds: 3600 },
  signInPerClient: { points: () => env().RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR, seconds: 3600 },
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

/**
 * The address a sign-in link goes to, spelled as Auth.js spells it before it sends one
 * (its defaultNormalizer: NFKC, lower case, the domain up to a comma), so that no other
 * spelling of one address counts as another in the limits below.
 */
export function signInAddressOf(email: string) {
  const spelled = email.normalize("NFKC").toLowerCase().trim();
  const at = spelled.indexOf("@");
  if (at === -1) return spelled;
  const comma = spelled.indexOf(",", at);
  return comma === -1 ? spelled : spelled.slice(0, comma);
}

export type SignInAdmission = { ok: true } | { ok: false; limitedBy: "client" | "address"; retryAfterSeconds: number };

/**
 * Whether a sign-in link may be sent to `email` at the request of `client` (its address,
 * lib/client-address.ts). Three limits, so that asking for links to someone else's address
 * cannot lock its owner out:
 * - per client and address (RATE_LIMIT_SIGN_IN_PER_CLIENT_AND_EMAIL_PER_HOUR, 5): trips
 *   first for anyone hammering one address from one place; counted here;
 * - per client (RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR, 50): one place cannot spread the
 *   same over many addresses (mail to strangers); counted here, only when the first passed;
 * - per address (RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR, 20): what an inbox receives from
 *   everyone together; counted where the email is queued (lib/auth/sign-in-email.ts), only
 *   checked here. It is several times the first, so one stranger alone never reaches it and
 *   the owner, from their own address, still gets a link; locking them out takes several
 *   networks at once, and lasts at most the hour.
 * A refused request is not counted against the address.
 */
export async function admitSignIn(client: string, email: string): Promise<SignInAdmission> {
  const address = signInAddressOf(email);
  let limitedBy: "client" | "address" = "client";
  try {
    await consumeRateLimit("signInPerClientAndEmail", `${client} ${address}`);
    await consumeRateLimit("signInPerClient", client);
    limitedBy = "address";
    await assertUnderRateLimit("signInPerEmail", address);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    return { ok: false, limitedBy, retryAfterSeconds: error.retryAfterSeconds };
  }
}

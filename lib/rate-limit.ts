import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { TooManyRequests } from "@/lib/errors";

/**
 * The abuse limits. Counters live in PostgreSQL (rate_limit_buckets), so a limit tripped on
 * one instance holds on all of them. Each is configured by an environment variable.
 *
 * A fixed window per key, counted by one upsert through the Prisma client (the table keeps
 * rate-limiter-flexible's shape, which wrote it before: key `name:key`, points, expiry in
 * epoch ms). That library needed a pg pool of its own beside Prisma's; this needs none, and
 * the same statement counts inside a caller's transaction (consumeRateLimitIn).
 */
const LIMITS = {
  assign: { points: () => env().RATE_LIMIT_ASSIGN_PER_MINUTE, seconds: 60 },
  bulk: { points: () => env().RATE_LIMIT_BULK_PER_MINUTE, seconds: 60 },
  resendPerSeat: { points: () => env().RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR, seconds: 3600 },
  // One resend of a seat a minute: a double click, or two people pressing at once, must
  // not mail the same person twice.
  resendCooldown: { points: () => 1, seconds: () => env().RESEND_COOLDOWN_SECONDS },
  resendPerCustomer: { points: () => env().RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR, seconds: 3600 },
  // Counted by consumeRateLimitIn, in the transaction that queues the invitations.
  invitationsPerCustomer: { points: () => env().RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR, seconds: 3600 },
  signInPerEmail: { points: () => env().RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR, seconds: 3600 },
  signInPerClientAndEmail: { points: () => env().RATE_LIMIT_SIGN_IN_PER_CLIENT_AND_EMAIL_PER_HOUR, seconds: 3600 },
  signInPerClient: { points: () => env().RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR, seconds: 3600 },
} as const;

export type LimitName = keyof typeof LIMITS;

const secondsOf = (name: LimitName) => {
  const { seconds } = LIMITS[name];
  return typeof seconds === "function" ? seconds() : seconds;
};

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Adds `points` to the window of `name:key` (a new window when the last one lapsed); the window's total and its end. */
async function count(tx: Tx, name: LimitName, key: string, points: number) {
  const now = Date.now();
  const expire = now + secondsOf(name) * 1000;
  // Raw for the ON CONFLICT: a lapsed window restarts in the same statement that counts, so
  // two instances counting at once never both start one (Prisma's upsert cannot compare the
  // stored expiry); the row stays locked until the caller's commit.
  const [counted] = await tx.$queryRaw<{ points: number; expire: bigint }[]>`
    INSERT INTO rate_limit_buckets (key, points, expire) VALUES (${`${name}:${key}`}, ${points}::int, ${expire}::bigint)
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN rate_limit_buckets.expire <= ${now}::bigint OR rate_limit_buckets.expire IS NULL THEN ${points}::int ELSE rate_limit_buckets.points + ${points}::int END,
        expire = CASE WHEN rate_limit_buckets.expire <= ${now}::bigint OR rate_limit_buckets.expire IS NULL THEN ${expire}::bigint ELSE rate_limit_buckets.expire END
    RETURNING points, expire`;
  // A window a racing request opened a moment after this one read the clock ends up to a few
  // milliseconds later than `now` + the window: never told as a longer wait than the window.
  const retryAfterSeconds = Math.min(secondsOf(name), secondsUntil(Number(counted!.expire) - now));
  return { points: counted!.points, retryAfterSeconds, limit: LIMITS[name].points() };
}

/** Counts one use of `key` against the limit, or refuses with TooManyRequests (429, Retry-After). */
export async function consumeRateLimit(name: LimitName, key: string, message?: (retryAfterSeconds: number) => string) {
  const counted = await count(db().prisma, name, key, 1);
  if (counted.points > counted.limit) throw new TooManyRequests(counted.retryAfterSeconds, message?.(counted.retryAfterSeconds));
}

/** What a refusal of consumeRateLimitIn knew, for a message written for people. */
export type Refusal = { limit: number; left: number; asked: number; retryAfterSeconds: number };

/**
 * Counts `points` uses of `key` inside the caller's transaction, or refuses with
 * TooManyRequests. The count commits with the work it counts and a refusal rolls back with
 * it, so the limit counts what was done (invitations queued), not what was tried. The
 * bucket's row stays locked until the caller's commit: call this as the transaction's last
 * write, after every other lock and insert it takes, so that two transactions of one key
 * wait for each other here and never in a cycle.
 */
export async function consumeRateLimitIn(tx: Tx, name: LimitName, key: string, points: number, message?: (refusal: Refusal) => string) {
  const counted = await count(tx, name, key, points);
  if (counted.points <= counted.limit) return;
  const { limit, retryAfterSeconds } = counted;
  const refusal = { limit, left: Math.max(0, limit - (counted.points - points)), asked: points, retryAfterSeconds };
  throw new TooManyRequests(retryAfterSeconds, message?.(refusal));
}

/** Refuses, without counting, when `key` has no use left (to explain before trying). */
export async function assertUnderRateLimit(name: LimitName, key: string) {
  const now = Date.now();
  const bucket = await db().prisma.rateLimitBucket.findFirst({
    where: { key: `${name}:${key}`, OR: [{ expire: { gt: now } }, { expire: null }] },
    select: { points: true, expire: true },
  });
  if (bucket && bucket.points >= LIMITS[name].points()) throw new TooManyRequests(secondsUntil(Number(bucket.expire ?? now) - now));
}

/** Forgets the windows that lapsed (run by the background worker; the library did this on a timer). */
export async function forgetExpiredRateLimits() {
  await db().prisma.rateLimitBucket.deleteMany({ where: { expire: { lte: Date.now() } } });
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

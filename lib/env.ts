// Every environment variable the server reads, parsed once. A missing or malformed value
// stops the server with one line naming it and saying what it should look like.
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const amount = (min: number, max: number) => z.coerce.number().min(min).max(max);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: whole(1, 200).default(10),
  // Set by the start scripts when DATABASE_URL points at the embedded PGlite sidecar.
  EMBEDDED_DATABASE: flag,
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default("http://localhost:3000")
    .transform((v) => v.replace(/\/+$/, "")),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Seat Portal <no-reply@localhost>"),
  AUTH_SECRET: z.string().min(32).optional(),
  INVITATION_TTL_HOURS: amount(0.0001, 24 * 90).default(24 * 7),
  CUSTOMER_SESSION_TTL_MINUTES: amount(0.01, 60 * 24 * 30).default(60),
  OUTBOX_POLL_SECONDS: amount(0, 3600).default(5),
  // Guards /api/cron/outbox (Vercel's cron sends it as a bearer token); unset, the route is closed.
  CRON_SECRET: z.string().min(16).optional(),
  // Lets webhooks reach http:// and private addresses (development and tests only).
  WEBHOOK_ALLOW_PRIVATE_URLS: flag,
  // The first retry of a failed webhook waits this long; each next one twice as long (≤ 1 h).
  WEBHOOK_RETRY_BASE_SECONDS: amount(0.1, 3600).default(10),
  // Abuse limits (lib/rate-limit.ts). Raise them for load tests; there is no "off".
  RATE_LIMIT_ASSIGN_PER_MINUTE: whole(1, 1_000_000_000).default(100),
  RATE_LIMIT_BULK_PER_MINUTE: whole(1, 1_000_000_000).default(10),
  RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: whole(1, 1_000_000_000).default(5),
  RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: whole(1, 1_000_000_000).default(100),
  RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: whole(1, 1_000_000_000).default(10),
});

export type Env = z.infer<typeof EnvSchema>;

// What each variable should look like, for the one line a wrong value earns.
const EXPECTED: Record<keyof Env, string> = {
  NODE_ENV: "development, production or test",
  DATABASE_URL: "a postgresql:// connection string, such as postgresql://user:password@host:5432/seats",
  DATABASE_POOL_SIZE: "a whole number from 1 to 200",
  EMBEDDED_DATABASE: "true or false",
  PUBLIC_URL: "the portal's public address, such as https://portal.example.com",
  SMTP_URL: "an smtp:// or smtps:// URL, such as smtps://user:password@smtp.example.com:465",
  MAIL_FROM: "a sender, such as Acme Portal <portal@example.com>",
  AUTH_SECRET: "at least 32 random characters (openssl rand -base64 32)",
  INVITATION_TTL_HOURS: "a positive number of hours, at most 2160",
  CUSTOMER_SESSION_TTL_MINUTES: "a positive number of minutes, at most 43200",
  OUTBOX_POLL_SECONDS: "a number of seconds from 0 (off) to 3600",
  CRON_SECRET: "at least 16 random characters",
  WEBHOOK_ALLOW_PRIVATE_URLS: "true or false",
  WEBHOOK_RETRY_BASE_SECONDS: "a number of seconds from 0.1 to 3600",
  RATE_LIMIT_ASSIGN_PER_MINUTE: "a whole number from 1 to 1000000000",
  RATE_LIMIT_BULK_PER_MINUTE: "a whole number from 1 to 1000000000",
  RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: "a whole number from 1 to 1000000000",
};

// Development may run without AUTH_SECRET; anything sealed with this one is readable by
// whoever reads this file, which is why production refuses to start without a real one.
const DEVELOPMENT_SECRET = "seat-portal-development-secret-not-for-production-use";

function problem(name: keyof Env, given: string | undefined) {
  const state = given === undefined || given === "" ? "is not set" : "is malformed";
  return new Error(`configuration: ${name} ${state}: expected ${EXPECTED[name]}`);
}

/** Parses a set of variables as the server will, throwing one line for the first problem. */
export function checkConfiguration(variables: NodeJS.ProcessEnv): Env & { AUTH_SECRET: string } {
  const parsed = EnvSchema.safeParse(variables);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]!.path[0]) as keyof Env;
    throw problem(name, variables[name]);
  }
  const env = parsed.data;
  if (!env.AUTH_SECRET && env.NODE_ENV === "production") throw problem("AUTH_SECRET", undefined);
  // A real deployment (its own PostgreSQL) sends links that must reach it: no default.
  if (env.NODE_ENV === "production" && !env.EMBEDDED_DATABASE && !variables.PUBLIC_URL) throw problem("PUBLIC_URL", undefined);
  return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? DEVELOPMENT_SECRET };
}

let cached: ReturnType<typeof checkConfiguration> | undefined;

/** The parsed configuration; read lazily so that `next build` needs no database. */
export function env() {
  cached ??= checkConfiguration(process.env);
  return cached;
}

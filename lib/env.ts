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
  // The database itself, for migrations, when DATABASE_URL goes through a transaction-mode
  // pooler (PgBouncer, Neon's or Supabase's pooled URL): a migration holds a session lock.
  DIRECT_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
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
  // Lets a monitor read readiness's details (latency, migrations, queue backlogs); unset,
  // CRON_SECRET does; neither set, they are public.
  HEALTH_TOKEN: z.string().min(16).optional(),
  // Lets webhooks reach http:// and private addresses (development and tests only).
  WEBHOOK_ALLOW_PRIVATE_URLS: flag,
  // The first retry of a failed webhook waits this long; each next one twice as long (≤ 1 h).
  WEBHOOK_RETRY_BASE_SECONDS: amount(0.1, 3600).default(10),
  // Abuse limits (lib/rate-limit.ts). Raise them for load tests; there is no "off".
  RATE_LIMIT_ASSIGN_PER_MINUTE: whole(1, 1_000_000_000).default(100),
  RATE_LIMIT_BULK_PER_MINUTE: whole(1, 1_000_000_000).default(10),
  RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: whole(1, 1_000_000_000).default(5),
  // Seconds between two resends of one seat (0: no wait).
  RESEND_COOLDOWN_SECONDS: whole(0, 86_400).default(60),
  RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: whole(1, 1_000_000_000).default(100),
  // Invitation emails a billing customer may have sent in an hour, whatever the path (assign,
  // bulk, resend): assign-then-revoke in a loop would otherwise mail any address at will.
  RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR: whole(1, 1_000_000_000).default(1000),
  // Sign-in links (lib/rate-limit.ts, admitSignIn): per address from everyone, per client
  // address and email address, per client address. The first is several times the second,
  // so one stranger cannot lock an address's owner out.
  RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: whole(1, 1_000_000_000).default(20),
  RATE_LIMIT_SIGN_IN_PER_CLIENT_AND_EMAIL_PER_HOUR: whole(1, 1_000_000_000).default(5),
  RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR: whole(1, 1_000_000_000).default(50),
});

export type Env = z.infer<typeof EnvSchema>;

// What each variable should look like, for the one line a wrong value earns.
const EXPECTED: Record<keyof Env, string> = {
  NODE_ENV: "development, production or test",
  DATABASE_URL: "a postgresql:// connection string, such as postgresql://user:password@host:5432/seats",
  DIRECT_URL: "a postgresql:// connection string to the database itself, not through a pooler",
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
  HEALTH_TOKEN: "at least 16 random characters",
  WEBHOOK_ALLOW_PRIVATE_URLS: "true or false",
  WEBHOOK_RETRY_BASE_SECONDS: "a number of seconds from 0.1 to 3600",
  RATE_LIMIT_ASSIGN_PER_MINUTE: "a whole number from 1 to 1000000000",
  RATE_LIMIT_BULK_PER_MINUTE: "a whole number from 1 to 1000000000",
  RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: "a whole number from 1 to 1000000000",
  RESEND_COOLDOWN_SECONDS: "a whole number of seconds from 0 to 86400",
  RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_SIGN_IN_PER_CLIENT_AND_EMAIL_PER_HOUR: "a whole number from 1 to 1000000000",
  RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR: "a whole number from 1 to 1000000000",
};

// Development may run without AUTH_SECRET; anything sealed with this one is readable by
// whoever reads this file, which is why production refuses to start without a real one.
const DEVELOPMENT_SECRET = "seat-portal-development-secret-not-for-production-use";

function problem<Name extends string>(name: Name, given: string | undefined, expected: Record<Name, string>) {
  const state = given === undefined || given === "" ? "is not set" : "is malformed";
  return new Error(`configuration: ${name} ${state}: expected ${expected[name]}`);
}

function firstProblem<Name extends string>(error: z.ZodError, variables: NodeJS.ProcessEnv, expected: Record<Name, string>) {
  const name = String(error.issues[0]!.path[0]) as Name;
  return problem(name, variables[name], expected);
}

/** Parses a set of variables as the server will, throwing one line for the first problem. */
export function checkConfiguration(variables: NodeJS.ProcessEnv): Env & { AUTH_SECRET: string } {
  const parsed = EnvSchema.safeParse(variables);
  if (!parsed.success) throw firstProblem(parsed.error, variables, EXPECTED);
  const env = parsed.data;
  if (!env.AUTH_SECRET && env.NODE_ENV === "production") throw problem("AUTH_SECRET", undefined, EXPECTED);
  // A real deployment (its own PostgreSQL) sends links that must reach it: no default.
  if (env.NODE_ENV === "production" && !env.EMBEDDED_DATABASE && !variables.PUBLIC_URL) throw problem("PUBLIC_URL", undefined, EXPECTED);
  return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? DEVELOPMENT_SECRET };
}

let cached: ReturnType<typeof checkConfiguration> | undefined;

/** The parsed configuration; read lazily so that `next build` needs no database. */
export function env() {
  cached ??= checkConfiguration(process.env);
  return cached;
}

// ---------------------------------------------------------------------------------------
// The server process's own variables: read by the start scripts (scripts/lib/run-server.ts,
// scripts/next-server.mjs, scripts/lib/embedded-db.ts), never by the app, so the app's check
// above leaves them alone (a host may set HOST or PORT for its own purposes where these
// scripts do not run, as on Vercel). An empty value means the default, as unset does: an
// `.env` line such as `PORT=` must not make the server listen on a random port.

const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);

// Digits only: Number() would take "0x1f", "1e3" or " 80" and listen somewhere unexpected.
const tcpPort = (fallback: number) =>
  z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .regex(/^[0-9]{1,5}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(65535))
      .default(fallback),
  );

const ServerEnvSchema = z.object({
  PORT: tcpPort(3000),
  HOST: z.preprocess(unsetWhenEmpty, z.union([z.ipv4(), z.ipv6(), z.hostname()]).default("0.0.0.0")),
  SHUTDOWN_GRACE_SECONDS: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)?$/)
      .transform(Number)
      .pipe(z.number().max(3600))
      .default(25),
  ),
  // Only the two spellings of each answer: a "yes" or "no" must not be guessed at, since
  // guessing wrong either skips a migration or runs one a deploy step meant to run.
  MIGRATE_ON_START: z.preprocess(unsetWhenEmpty, z.enum(["true", "false", "1", "0"]).default("true").transform((v) => v === "true" || v === "1")),
  // Blanks at either end are a slip of a `.env` line (they would make a second data folder
  // beside the real one); a NUL byte makes Node's file calls throw.
  EMBEDDED_DB_DIR: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .refine((v) => v.trim() === v && !v.includes("\u0000"))
      .default("data/pglite"),
  ),
  EMBEDDED_DB_PORT: tcpPort(54329),
  // How many proxies in front of the server append the address they saw to
  // X-Forwarded-For (a load balancer: 1). 0 believes only the socket's address: a client
  // can write anything into that header, and the client address keys the sign-in limits.
  TRUSTED_PROXY_HOPS: z.preprocess(unsetWhenEmpty, z.string().regex(/^[0-9]{1,2}$/).transform(Number).pipe(z.number().int().max(10)).default(0)),
});

export type ServerEnv = z.infer<typeof ServerEnvSchema>;

const SERVER_EXPECTED: Record<keyof ServerEnv, string> = {
  PORT: "a TCP port from 1 to 65535, such as 3000",
  HOST: "an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::",
  SHUTDOWN_GRACE_SECONDS: "a number of seconds from 0 to 3600, such as 25",
  MIGRATE_ON_START: "true or false",
  EMBEDDED_DB_DIR: "a folder for the embedded database, such as data/pglite",
  EMBEDDED_DB_PORT: "a TCP port from 1 to 65535, such as 54329",
  TRUSTED_PROXY_HOPS: "a whole number of proxies from 0 to 10, such as 1 behind a load balancer",
};

/** Parses the server process's variables, throwing one line for the first problem. */
export function checkServerConfiguration(variables: NodeJS.ProcessEnv): ServerEnv {
  const parsed = ServerEnvSchema.safeParse(variables);
  if (!parsed.success) throw firstProblem(parsed.error, variables, SERVER_EXPECTED);
  return parsed.data;
}

const EmbeddedDatabaseSchema = ServerEnvSchema.pick({ EMBEDDED_DB_DIR: true, EMBEDDED_DB_PORT: true });

/**
 * Only the embedded database's two variables: the command-line scripts (db:migrate,
 * db:seed, org:*) start it without serving anything, so a bad PORT is none of their business.
 */
export function checkEmbeddedDatabaseConfiguration(variables: NodeJS.ProcessEnv): Pick<ServerEnv, "EMBEDDED_DB_DIR" | "EMBEDDED_DB_PORT"> {
  const parsed = EmbeddedDatabaseSchema.safeParse(variables);
  if (!parsed.success) throw firstProblem(parsed.error, variables, SERVER_EXPECTED);
  return parsed.data;
}

/** Every variable the two checks read, for the test that holds `.env.example` to them. */
export const CHECKED_VARIABLES = [...Object.keys(EXPECTED), ...Object.keys(SERVER_EXPECTED)] as readonly string[];

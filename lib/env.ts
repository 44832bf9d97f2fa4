// Every environment variable the server reads, parsed once. A missing or malformed value
// stops the server with one line naming it.
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "a postgresql:// connection string" }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Set by the start scripts when DATABASE_URL points at the embedded PGlite sidecar.
  EMBEDDED_DATABASE: flag,
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "an http(s):// URL such as https://portal.example.com" })
    .default("http://localhost:3000")
    .transform((v) => v.replace(/\/+$/, "")),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).default("Seat Portal <no-reply@localhost>"),
  AUTH_SECRET: z.string().min(32, "at least 32 characters (openssl rand -base64 32)").optional(),
  INVITATION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(24 * 7),
  CUSTOMER_SESSION_TTL_MINUTES: z.coerce.number().positive().max(60 * 24 * 30).default(60),
  OUTBOX_POLL_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  // Guards /api/cron/outbox (Vercel's cron sends it as a bearer token); unset, the route is closed.
  CRON_SECRET: z.string().min(16, "at least 16 characters").optional(),
  // Lets webhooks reach http:// and private addresses (development and tests only).
  WEBHOOK_ALLOW_PRIVATE_URLS: flag,
  // The first retry of a failed webhook waits this long; each next one twice as long (≤ 1 h).
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  // Abuse limits (lib/rate-limit.ts). Raise them for load tests; 0 is not "off".
  RATE_LIMIT_ASSIGN_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_BULK_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).default(10),
});

export type Env = z.infer<typeof EnvSchema>;

// Development may run without AUTH_SECRET; anything sealed with this one is readable by
// whoever reads this file, which is why production refuses to start without a real one.
const DEVELOPMENT_SECRET = "seat-portal-development-secret-not-for-production-use";

/** Parses a set of variables as the server will, throwing one line for the first problem. */
export function checkConfiguration(variables: NodeJS.ProcessEnv): Env & { AUTH_SECRET: string } {
  const parsed = EnvSchema.safeParse(variables);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const given = variables[name];
    const problem = given === undefined || given === "" ? "is not set" : "is malformed";
    throw new Error(`configuration: ${name} ${problem}: expected ${issue.message.replace(/^Invalid input: /, "")}`);
  }
  const env = parsed.data;
  if (!env.AUTH_SECRET && env.NODE_ENV === "production") {
    throw new Error("configuration: AUTH_SECRET is not set: expected at least 32 random characters (openssl rand -base64 32)");
  }
  // A real deployment (its own PostgreSQL) sends links that must reach it: no default.
  if (env.NODE_ENV === "production" && !env.EMBEDDED_DATABASE && !variables.PUBLIC_URL) {
    throw new Error("configuration: PUBLIC_URL is not set: expected the portal's public address, such as https://portal.example.com");
  }
  return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? DEVELOPMENT_SECRET };
}

let cached: ReturnType<typeof checkConfiguration> | undefined;

/** The parsed configuration; read lazily so that `next build` needs no database. */
export function env() {
  cached ??= checkConfiguration(process.env);
  return cached;
}

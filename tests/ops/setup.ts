// Every ops file starts its own servers (tests/fixtures/app-server.ts passes this process's
// environment on to them) and points the factories at its own database: no configuration
// of the shell that runs the suite may leak into either. A file sets DATABASE_URL itself,
// before its first use of the factories (lib/db.ts reads it lazily, once).
import { OPS_SECRET } from "./helpers";

const APP_VARIABLES = [
  "DATABASE_URL",
  "DATABASE_POOL_SIZE",
  "EMBEDDED_DATABASE",
  "EMBEDDED_DB_DIR",
  "EMBEDDED_DB_PORT",
  "PUBLIC_URL",
  "PORT",
  "HOST",
  "SMTP_URL",
  "MAIL_FROM",
  "AUTH_SECRET",
  "INVITATION_TTL_HOURS",
  "CUSTOMER_SESSION_TTL_MINUTES",
  "OUTBOX_POLL_SECONDS",
  "CRON_SECRET",
  "HEALTH_TOKEN",
  "AUTH_URL",
  "MIGRATE_ON_START",
  "SHUTDOWN_GRACE_SECONDS",
];
for (const name of Object.keys(process.env)) {
  if (APP_VARIABLES.includes(name) || name.startsWith("RATE_LIMIT_") || name.startsWith("WEBHOOK_")) delete process.env[name];
}
// The servers get theirs explicitly; this one keeps an embedded server from writing a
// secret into the checkout's .env.local.
process.env.AUTH_SECRET = OPS_SECRET;
process.env.PUBLIC_URL = "http://portal.test";
process.env.DATABASE_POOL_SIZE = "5";

import type { TestProject } from "vitest/node";
import { startAppServer } from "../fixtures/app-server";
import { startMailCapture } from "../fixtures/mail-capture";
import { startPgBouncer, type PgBouncer } from "../fixtures/pgbouncer";
import { createPostgresDatabase } from "../fixtures/test-database";

// One production server for the whole API suite, on a fresh PostgreSQL database, with
// its mail going to a local capture. API_DATABASE=pgbouncer puts PgBouncer in transaction
// mode between the server and the database (as a pooled Neon or Supabase URL does on
// Vercel): the server's DATABASE_URL is the pooler's, its migrations go to DIRECT_URL, and
// the tests' own reads and writes go to the database itself.
export default async function setup(project: TestProject) {
  const database = await createPostgresDatabase();
  const viaPgBouncer = process.env.API_DATABASE === "pgbouncer";
  const bouncer: PgBouncer | null = viaPgBouncer ? await startPgBouncer(database.url, { poolSize: 10 }) : null;
  const mail = await startMailCapture();
  const server = await startAppServer({
    DATABASE_URL: bouncer?.url ?? database.url,
    ...(bouncer ? { DIRECT_URL: database.url } : {}),
    SMTP_URL: mail.smtpUrl,
    AUTH_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
    PUBLIC_URL: "http://portal.test",
    OUTBOX_POLL_SECONDS: "1",
    DATABASE_POOL_SIZE: "20",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_RETRY_BASE_SECONDS: "1",
  });
  if (bouncer) console.log(`[api] the server reaches PostgreSQL through PgBouncer (transaction mode) at ${bouncer.url}`);
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", "postgres");
  project.provide("mailUrl", mail.httpUrl);
  project.provide("smtpUrl", mail.smtpUrl);
  project.provide("baseUrl", server.url);
  return async () => {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`the server exited with ${code}:\n${server.logs()}`);
    await mail.stop();
    await bouncer?.stop();
    await database.drop();
  };
}

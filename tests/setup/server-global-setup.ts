import type { TestProject } from "vitest/node";
import { startAppServer } from "../fixtures/app-server";
import { startMailCapture } from "../fixtures/mail-capture";
import { createPostgresDatabase } from "../fixtures/test-database";

// One production server for the whole API suite, on a fresh PostgreSQL database, with
// its mail going to a local capture.
export default async function setup(project: TestProject) {
  const database = await createPostgresDatabase();
  const mail = await startMailCapture();
  const server = await startAppServer({
    DATABASE_URL: database.url,
    SMTP_URL: mail.smtpUrl,
    AUTH_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
    PUBLIC_URL: "http://portal.test",
    OUTBOX_POLL_SECONDS: "1",
    DATABASE_POOL_SIZE: "20",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_RETRY_BASE_SECONDS: "1",
  });
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", "postgres");
  project.provide("mailUrl", mail.httpUrl);
  project.provide("smtpUrl", mail.smtpUrl);
  project.provide("baseUrl", server.url);
  return async () => {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`the server exited with ${code}:\n${server.logs()}`);
    await mail.stop();
    await database.drop();
  };
}

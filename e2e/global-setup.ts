// One production server (npm start) on a fresh PostgreSQL database holding the demo data,
// its mail going to a local capture. What the tests need goes through process.env.
// `npm run test:e2e` builds first when the build is missing or older than the sources, so a
// clean clone runs and a stale build is never tested; after `npm test`'s own build step the
// build is fresh and this build is skipped.
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { seedDemo } from "../prisma/demo-data";
import { buildIfNeeded } from "../scripts/lib/build";
import { freePort, startAppServer } from "../tests/fixtures/app-server";
import { startMailCapture } from "../tests/fixtures/mail-capture";
import { createPostgresDatabase } from "../tests/fixtures/test-database";

export const STATE_FILE = path.resolve(import.meta.dirname, ".artifacts/state.json");

export default async function globalSetup() {
  await buildIfNeeded({ log: (line) => console.log(`[e2e] ${line}`) });
  const database = await createPostgresDatabase();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  const demo = await seedDemo(prisma);
  await prisma.$disconnect();
  const mail = await startMailCapture();
  const port = await freePort();
  // 127.0.0.1, not localhost: the production server sees every request as coming to
  // localhost:<port> (scripts/next-server.mjs), so an address built from the request rather
  // than from PUBLIC_URL would send the browser to localhost, where its cookie is not sent.
  // At localhost that mistake would pass unseen.
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startAppServer(
    {
      DATABASE_URL: database.url,
      SMTP_URL: mail.smtpUrl,
      AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
      PUBLIC_URL: baseUrl,
      AUTH_URL: `${baseUrl}/api/auth`,
      OUTBOX_POLL_SECONDS: "1",
      // Every browser of the suite signs in from 127.0.0.1: the per-network limit (50 an hour)
      // is for the real world, where a network is not the whole suite. The per-address
      // limits stay as they are.
      RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR: "100000",
    },
    { port },
  );
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_MAIL_URL = mail.httpUrl;
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_DEMO = JSON.stringify(demo);
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ baseUrl, mailUrl: mail.httpUrl }, null, 2));
  return async () => {
    await server.stop();
    await mail.stop();
    await database.drop();
  };
}

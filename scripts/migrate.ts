// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded
// database when it is unset (creating it on first use). npm run db:deploy (--deploy) needs
// DATABASE_URL.
import { applyMigrations } from "./lib/migrations";
import { resolveDatabase } from "./lib/embedded-db";

const log = (line: string) => console.error(`db:migrate: ${line}`);
// db:deploy is a deployment's step: it migrates the deployment's database, never an
// embedded one made up on the build machine.
if (process.argv.includes("--deploy") && !process.env.DATABASE_URL) {
  log("DATABASE_URL is not set: db:deploy migrates a deployment's PostgreSQL (set DATABASE_URL), or use db:migrate");
  process.exit(1);
}
const db = await resolveDatabase(log);
try {
  // DIRECT_URL, when DATABASE_URL goes through a transaction-mode pooler (see the README).
  const applied = await applyMigrations(process.env.DIRECT_URL || db.url, { log });
  log(applied.length ? `applied ${applied.length} migration(s)` : "the database is up to date");
} catch (error) {
  log((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}

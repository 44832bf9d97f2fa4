// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded
// database when it is unset (creating it on first use).
import { applyMigrations } from "./lib/migrations";
import { resolveDatabase } from "./lib/embedded-db";

const log = (line: string) => console.error(`db:migrate: ${line}`);
const db = await resolveDatabase(log);
try {
  const applied = await applyMigrations(db.url, { log });
  log(applied.length ? `applied ${applied.length} migration(s)` : "the database is up to date");
} catch (error) {
  log((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}

// Applies prisma/migrations in Prisma's layout and records each in `_prisma_migrations`
// with Prisma's own columns and checksum, so `prisma migrate deploy` (where its engine can
// be downloaded, e.g. on Vercel) accepts a database migrated here and vice versa.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Scripts run from the project root (npm sets the working directory); the app reads the
// folder from its own root too (lib/health.ts).
export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");

export type MigrationDirectory = { name: string; sql: string; checksum: string };

// Any constant will do as long as every instance uses the same one: concurrent starts of
// several instances take turns instead of applying a migration twice.
const MIGRATION_LOCK_KEY = 72707369;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationDirectory[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export type MigrationStatus = { applied: string[]; pending: string[]; failed: string[]; modified: string[] };

async function appliedMigrations(client: pg.ClientBase): Promise<AppliedRow[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  if (!exists.rows[0].t) return [];
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows;
}

export async function migrationStatus(client: pg.ClientBase, migrations?: MigrationDirectory[]): Promise<MigrationStatus> {
  return statusOfMigrations(migrations ?? (await readMigrations()), await appliedMigrations(client));
}

/** The status of the migrations `all` against the rows of `_prisma_migrations` (read by the caller's own client). */
export function statusOfMigrations(all: MigrationDirectory[], applied: AppliedRow[]): MigrationStatus {
  const rows = applied.filter((r) => r.rolled_back_at === null);
  const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
  return {
    applied: all.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: all.filter((m) => !rows.some((r) => r.migration_name === m.name)).map((m) => m.name),
    failed: rows.filter((r) => !r.finished_at).map((r) => r.migration_name),
    modified: all.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name),
  };
}

/** Applies every pending migration, each in its own transaction. Returns the names applied. */
export async function applyMigrations(
  connectionString: string,
  options: { log?: (line: string) => void; migrations?: MigrationDirectory[] } = {},
): Promise<string[]> {
  const log = options.log ?? (() => {});
  const migrations = options.migrations ?? (await readMigrations());
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const status = await migrationStatus(client, migrations);
    if (status.failed.length > 0) {
      throw new Error(
        `migration ${status.failed[0]} failed earlier and was never finished; fix the database by hand, then mark it rolled back`,
      );
    }
    for (const name of status.modified) log(`warning: migration ${name} was changed after it was applied`);
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => status.pending.includes(m.name))) {
      const id = randomUUID();
      log(`applying ${migration.name}`);
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

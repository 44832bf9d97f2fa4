// Throwaway databases for one bench run, dropped at the end (also on failure or Ctrl-C):
// a fresh database on the local PostgreSQL server (as tests/fixtures/test-database.ts
// makes them), or an embedded PGlite sidecar in a temporary folder.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../lib/embedded-db";
import { applyMigrations } from "../lib/migrations";
import { freePort, log, onCleanup } from "./processes";

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = { url: string; kind: "postgres" | "pglite"; drop: () => Promise<void> };

function assertLoopback(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`the bench creates and drops databases: it refuses ${host}, only loopback is allowed`);
  }
}

export async function createPostgresDatabase(): Promise<BenchDatabase> {
  assertLoopback(ADMIN_URL);
  const name = `seats_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${ADMIN_URL} (${(error as Error).message}). Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set BENCH_POSTGRES_URL.`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const drop = onCleanup(`drop database ${name}`, async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    log(`dropped database ${name}`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  log(`created and migrated database ${name}`);
  return { url: url.toString(), kind: "postgres", drop };
}

export async function createEmbeddedDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "seats-bench-pglite-"));
  const removeDir = onCleanup(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  const db = await startEmbeddedDatabase({ dir: path.join(dir, "data"), port: await freePort() });
  const stop = onCleanup("stop the embedded database", () => db.stop());
  await applyMigrations(db.url);
  log(`started and migrated the embedded database (PGlite sidecar) in ${dir}`);
  return {
    url: db.url,
    kind: "pglite",
    async drop() {
      await stop();
      await removeDir();
    },
  };
}

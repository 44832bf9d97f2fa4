import "server-only";
import { db } from "@/lib/db";
import { outboxBacklog } from "@/lib/email/outbox";
import { MIGRATIONS_DIR, migrationStatus, readMigrations } from "../scripts/lib/migrations";

export type Readiness = {
  ready: boolean;
  database: { ok: boolean; latency_ms: number | null; error?: string };
  migrations: { ok: boolean; pending: string[]; failed: string[] };
  outbox: { pending: number; oldest_pending_seconds: number | null };
  webhooks: { pending: number; oldest_pending_seconds: number | null };
};

/** Whether this instance can serve: the database answers and its migrations are current. */
export async function readiness(): Promise<Readiness> {
  const { pool } = db();
  const started = Date.now();
  const client = await pool.connect().catch((error: Error) => error);
  if (client instanceof Error) {
    return {
      ready: false,
      database: { ok: false, latency_ms: null, error: client.message },
      migrations: { ok: false, pending: [], failed: [] },
      outbox: { pending: 0, oldest_pending_seconds: null },
      webhooks: { pending: 0, oldest_pending_seconds: null },
    };
  }
  try {
    await client.query("SELECT 1");
    const latency = Date.now() - started;
    // The migrations this build ships with (next.config.mjs traces the folder into
    // serverless bundles; a server's working directory is the project's).
    const status = await migrationStatus(client, await readMigrations(MIGRATIONS_DIR));
    const migrationsOk = status.pending.length === 0 && status.failed.length === 0;
    const migrations = { ok: migrationsOk, pending: status.pending, failed: status.failed };
    // Before the migrations have run, the queues' tables may not exist: not ready, and no backlog to read.
    if (!migrationsOk) {
      return { ready: false, database: { ok: true, latency_ms: latency }, migrations, outbox: { pending: 0, oldest_pending_seconds: null }, webhooks: { pending: 0, oldest_pending_seconds: null } };
    }
    // Every query on the one connection this probe holds: probes must never wait on the
    // pool for a second connection (enough of them at once would hold it all).
    const outbox = await outboxBacklog(client);
    const hooks = await client.query<{ pending: string; oldest: number | null }>(
      `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS oldest FROM webhook_events WHERE status = 'pending'`,
    );
    return {
      ready: true,
      database: { ok: true, latency_ms: latency },
      migrations,
      outbox: { pending: outbox.pending, oldest_pending_seconds: outbox.oldestPendingSeconds },
      webhooks: { pending: Number(hooks.rows[0]!.pending), oldest_pending_seconds: hooks.rows[0]!.oldest },
    };
  } finally {
    client.release();
  }
}

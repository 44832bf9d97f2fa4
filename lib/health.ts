import "server-only";
import { db } from "@/lib/db";
import { outboxBacklog } from "@/lib/email/outbox";
import { MIGRATIONS_DIR, readMigrations, statusOfMigrations, type AppliedRow } from "../scripts/lib/migrations";

export type Readiness = {
  ready: boolean;
  database: { ok: boolean; latency_ms: number | null; error?: string };
  migrations: { ok: boolean; pending: string[]; failed: string[] };
  outbox: { pending: number; oldest_pending_seconds: number | null };
  webhooks: { pending: number; oldest_pending_seconds: number | null };
};

const NO_BACKLOG = { pending: 0, oldest_pending_seconds: null };

/** Whether this instance can serve: the database answers and its migrations are current. */
export async function readiness(): Promise<Readiness> {
  const started = Date.now();
  try {
    // Every query in one transaction, on the one connection it holds: probes must never wait
    // on the pool for a second connection (enough of them at once would hold it all).
    return await db().prisma.$transaction(
      async (tx) => {
        // Raw: the probe is the round trip itself, on no table.
        await tx.$queryRaw`SELECT 1`;
        const latency = Date.now() - started;
        // Raw: Prisma's own bookkeeping table is no model of the schema (and may not exist yet).
        const [table] = await tx.$queryRaw<{ t: string | null }[]>`SELECT to_regclass('"_prisma_migrations"')::text AS t`;
        const applied = table?.t
          ? await tx.$queryRaw<AppliedRow[]>`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`
          : [];
        // The migrations this build ships with (next.config.mjs traces the folder into
        // serverless bundles; a server's working directory is the project's).
        const status = statusOfMigrations(await readMigrations(MIGRATIONS_DIR), applied);
        const migrationsOk = status.pending.length === 0 && status.failed.length === 0;
        const migrations = { ok: migrationsOk, pending: status.pending, failed: status.failed };
        // Before the migrations have run, the queues' tables may not exist: not ready, and no backlog to read.
        if (!migrationsOk) return { ready: false, database: { ok: true, latency_ms: latency }, migrations, outbox: NO_BACKLOG, webhooks: NO_BACKLOG };
        const outbox = await outboxBacklog(tx);
        const hooks = await tx.webhookEvent.aggregate({ where: { status: "pending" }, _count: { _all: true }, _min: { createdAt: true } });
        const pending = hooks._count._all;
        const first = hooks._min.createdAt;
        return {
          ready: true,
          database: { ok: true, latency_ms: latency },
          migrations,
          outbox: { pending: outbox.pending, oldest_pending_seconds: outbox.oldestPendingSeconds },
          webhooks: { pending, oldest_pending_seconds: first === null ? null : (Date.now() - first.getTime()) / 1000 },
        };
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  } catch (error) {
    return {
      ready: false,
      database: { ok: false, latency_ms: null, error: (error as Error).message },
      migrations: { ok: false, pending: [], failed: [] },
      outbox: NO_BACKLOG,
      webhooks: NO_BACKLOG,
    };
  }
}

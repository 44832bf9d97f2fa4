// Issue 10, item 2 (health): GET /api/health is liveness (the process answers); GET
// /api/health/ready is readiness: 200 when the database answers and its migrations are
// current, else 503 naming what is wrong; both report the backlog of the email outbox and
// of webhooks with the age of the oldest pending row.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { testPool } from "../fixtures/sql";
import { createOrganization } from "../fixtures/factories";
import { adminQuery, createEmptyPostgresDatabase, createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { applyMigrations, readMigrations } from "../../scripts/lib/migrations";
import { jsonOf, outcome, request, serverEnv, startAppServer, startMailSink, stopServer, tally, type AppServer, type MailSink, type Reply } from "./helpers";

let database: TestDatabase;
let mail: MailSink;
let server: AppServer;
const extraServers: AppServer[] = [];
const extraDatabases: string[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  server = await startAppServer(serverEnv(database.url, mail.smtpUrl));
});

afterAll(async () => {
  for (const s of [server, ...extraServers]) if (s && s.process.exitCode === null) await stopServer(s);
  await closeDb();
  await mail?.stop();
  await database?.drop();
  for (const name of extraDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});


/** An empty database of its own on the test server: its URL and name. */
async function emptyDatabase() {
  const { name, url } = await createEmptyPostgresDatabase("seats_ops");
  extraDatabases.push(name);
  return { name, url };
}

type Readiness = {
  ready: boolean;
  database: { ok: boolean; latency_ms: number | null; error?: string };
  migrations: { ok: boolean; pending: string[]; failed: string[] };
  outbox: { pending: number; oldest_pending_seconds: number | null };
  webhooks: { pending: number; oldest_pending_seconds: number | null };
};

async function ready(url: string): Promise<{ reply: Reply; body: Readiness }> {
  const reply = await request(url, { path: "/api/health/ready" });
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.headers["cache-control"]).toContain("no-store");
  return { reply, body: jsonOf(reply) as unknown as Readiness };
}

const newestMigration = async () => (await readMigrations()).at(-1)!.name;

describe("liveness", () => {
  it("GET /api/health → 200 {status: ok}, JSON, not cached, with a request id", async () => {
    const reply = await request(server.url, { path: "/api/health" });
    expect(reply.status).toBe(200);
    expect(jsonOf(reply)).toEqual({ status: "ok" });
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply.headers["cache-control"]).toContain("no-store");
    expect(reply.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("readiness", () => {
  it("a migrated database → 200 with the documented fields and an empty backlog", async () => {
    const { reply, body } = await ready(server.url);
    expect(reply.status, reply.text).toBe(200);
    expect(body).toEqual({
      ready: true,
      database: { ok: true, latency_ms: expect.any(Number) },
      migrations: { ok: true, pending: [], failed: [] },
      outbox: { pending: 0, oldest_pending_seconds: null },
      webhooks: { pending: 0, oldest_pending_seconds: null },
    });
    expect(body.database.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it("reports the outbox and webhook backlog with the age of the oldest row, and stays ready", async () => {
    const pool = testPool();
    // Rows that are not due for a day: the running worker leaves them alone.
    await pool.query(
      `INSERT INTO email_outbox (id, kind, recipient, subject, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), 'seat_invitation', 'backlog-' || n || '@example.com', 'backlog', 'pending',
              now() + interval '1 day', now() - make_interval(secs => age)
         FROM (VALUES (1, 300), (2, 60), (3, 0)) AS v(n, age)`,
    );
    const organization = await createOrganization();
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (id, organization_id, url, secret_sealed, secret_hint, events)
       VALUES (gen_random_uuid(), $1, 'http://127.0.0.1:9/never', 'sealed', 'hint', ARRAY['customer.created']) RETURNING id`,
      [organization.id],
    );
    await pool.query(
      `INSERT INTO webhook_events (id, endpoint_id, type, payload, status, next_attempt_at, created_at)
       VALUES (gen_random_uuid(), $1, 'customer.created', '{}', 'pending', now() + interval '1 day', now() - interval '120 seconds'),
              (gen_random_uuid(), $1, 'customer.created', '{}', 'succeeded', now(), now() - interval '1 hour')`,
      [rows[0]!.id],
    );
    try {
      const { reply, body } = await ready(server.url);
      expect(reply.status, reply.text).toBe(200);
      expect(body.ready).toBe(true);
      expect(body.outbox.pending).toBe(3);
      expect(body.outbox.oldest_pending_seconds).toBeGreaterThanOrEqual(300);
      expect(body.outbox.oldest_pending_seconds).toBeLessThan(330);
      expect(body.webhooks.pending).toBe(1);
      expect(body.webhooks.oldest_pending_seconds).toBeGreaterThanOrEqual(120);
      expect(body.webhooks.oldest_pending_seconds).toBeLessThan(150);
    } finally {
      await pool.query(`DELETE FROM email_outbox WHERE subject = 'backlog'`);
      await pool.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [rows[0]!.id]);
    }
    expect((await ready(server.url)).body).toMatchObject({ outbox: { pending: 0, oldest_pending_seconds: null }, webhooks: { pending: 0 } });
  });

  it("the newest migration unrecorded → 503 naming it in migrations.pending; recorded again → 200", async () => {
    const newest = await newestMigration();
    const pool = testPool();
    const removed = await pool.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1 RETURNING *`, [newest]);
    expect(removed.rowCount).toBe(1);
    try {
      const { reply, body } = await ready(server.url);
      expect(reply.status, reply.text).toBe(503);
      expect(body).toMatchObject({ ready: false, database: { ok: true }, migrations: { ok: false, pending: [newest], failed: [] } });
    } finally {
      const row = removed.rows[0] as Record<string, unknown>;
      const columns = Object.keys(row);
      await pool.query(
        `INSERT INTO "_prisma_migrations" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        columns.map((c) => row[c]),
      );
    }
    const { reply } = await ready(server.url);
    expect(reply.status, reply.text).toBe(200);
  });

  it("a migration started but never finished → 503 naming it in migrations.failed", async () => {
    const newest = await newestMigration();
    const pool = testPool();
    const { rows } = await pool.query<{ finished_at: Date }>(`SELECT finished_at FROM "_prisma_migrations" WHERE migration_name = $1`, [newest]);
    await pool.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [newest]);
    try {
      const { reply, body } = await ready(server.url);
      expect(reply.status, reply.text).toBe(503);
      expect(body).toMatchObject({ ready: false, database: { ok: true }, migrations: { ok: false, pending: [], failed: [newest] } });
    } finally {
      await pool.query(`UPDATE "_prisma_migrations" SET finished_at = $2 WHERE migration_name = $1`, [newest, rows[0]!.finished_at]);
    }
    expect((await ready(server.url)).reply.status).toBe(200);
  });

  it("a database never migrated (MIGRATE_ON_START=false) → 503 naming every migration, not a 500", async () => {
    const empty = await emptyDatabase();
    const server = await startAppServer(serverEnv(empty.url, mail.smtpUrl, { MIGRATE_ON_START: "false" }));
    extraServers.push(server);
    const { reply, body } = await ready(server.url);
    expect(reply.status, reply.text).toBe(503);
    expect(body).toMatchObject({ ready: false, database: { ok: true }, migrations: { ok: false, pending: (await readMigrations()).map((m) => m.name), failed: [] } });
    expect((await stopServer(server)).code, server.logs()).toBe(0);
  });

  it("a database migrated by all migrations but the newest (MIGRATE_ON_START=false) → 503 naming it; npm start's migration step then makes it ready", async () => {
    const migrations = await readMigrations();
    const newest = migrations.at(-1)!.name;
    const behind = await emptyDatabase();
    expect(await applyMigrations(behind.url, { migrations: migrations.slice(0, -1) })).toHaveLength(migrations.length - 1);

    const stale = await startAppServer(serverEnv(behind.url, mail.smtpUrl, { MIGRATE_ON_START: "false" }));
    extraServers.push(stale);
    expect((await request(stale.url, { path: "/api/health" })).status).toBe(200);
    const before = await ready(stale.url);
    expect(before.reply.status, before.reply.text).toBe(503);
    expect(before.body).toMatchObject({ ready: false, database: { ok: true }, migrations: { ok: false, pending: [newest], failed: [] } });
    expect((await stopServer(stale)).code, stale.logs()).toBe(0);

    const migrated = await startAppServer(serverEnv(behind.url, mail.smtpUrl));
    extraServers.push(migrated);
    expect(migrated.logs()).toContain(`applying ${newest}`);
    const after = await ready(migrated.url);
    expect(after.reply.status, after.reply.text).toBe(200);
    expect(after.body.migrations).toEqual({ ok: true, pending: [], failed: [] });

    // The database goes away under the running server: not ready (503, database.ok false), still alive.
    await adminQuery(`DROP DATABASE ${behind.name} WITH (FORCE)`);
    const gone = await ready(migrated.url);
    expect(gone.reply.status, gone.reply.text).toBe(503);
    expect(gone.body).toMatchObject({ ready: false, database: { ok: false, latency_ms: null } });
    expect(typeof gone.body.database.error).toBe("string");
    expect((await request(migrated.url, { path: "/api/health" })).status).toBe(200);
  });

  it("concurrent readiness probes (twice the pool size) all answer, and the server keeps serving", async () => {
    // A balancer's health checks, a monitor and an orchestrator probing at once. Its own
    // server with a small pool, so that a stall cannot spill into the other tests.
    const probed = await startAppServer(serverEnv(database.url, mail.smtpUrl, { DATABASE_POOL_SIZE: "3", SHUTDOWN_GRACE_SECONDS: "1" }));
    extraServers.push(probed);
    const burst = await Promise.all(Array.from({ length: 6 }, () => request(probed.url, { path: "/api/health/ready", timeoutMs: 5_000 })));
    const afterwards = await request(probed.url, { path: `/v1/customer-seats/claim/${randomBytes(24).toString("base64url")}`, timeoutMs: 3_000 });
    const stopped = await stopServer(probed, 6_000);
    expect({ burst: tally(burst, outcome), afterwards: outcome(afterwards), stoppedOnSigterm: stopped.code === 0 && stopped.leftovers.length === 0 }).toEqual({
      burst: { "200": 6 },
      afterwards: "404 ResourceNotFound",
      stoppedOnSigterm: true,
    });
  });
});

describe("readiness details behind a token (issue 21)", () => {
  const HEALTH_TOKEN = "health-token-0123456789abcdef";
  const CRON_SECRET = "cron-secret-0123456789abcdef";
  const DETAILS = {
    ready: true,
    database: { ok: true, latency_ms: expect.any(Number) },
    migrations: { ok: true, pending: [], failed: [] },
    outbox: { pending: expect.any(Number), oldest_pending_seconds: null },
    webhooks: { pending: expect.any(Number), oldest_pending_seconds: null },
  };

  async function readyWith(url: string, token?: string) {
    const reply = await request(url, { path: "/api/health/ready", ...(token === undefined ? {} : { token }) });
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply.headers["cache-control"]).toContain("no-store");
    return { status: reply.status, body: jsonOf(reply) };
  }

  it("HEALTH_TOKEN set: only the status without it (200 {ready: true}, no counts), the details with it; /api/health stays public", async () => {
    const guarded = await startAppServer(serverEnv(database.url, mail.smtpUrl, { HEALTH_TOKEN, CRON_SECRET }));
    extraServers.push(guarded);
    expect(await readyWith(guarded.url)).toEqual({ status: 200, body: { ready: true } });
    expect(await readyWith(guarded.url, "wrong-token-0123456789abcdef")).toEqual({ status: 200, body: { ready: true } });
    // With HEALTH_TOKEN set, CRON_SECRET (the cron's credential) opens nothing here.
    expect(await readyWith(guarded.url, CRON_SECRET)).toEqual({ status: 200, body: { ready: true } });
    expect(await readyWith(guarded.url, HEALTH_TOKEN)).toEqual({ status: 200, body: DETAILS });
    const live = await request(guarded.url, { path: "/api/health" });
    expect({ status: live.status, body: jsonOf(live) }).toEqual({ status: 200, body: { status: "ok" } });

    // Not ready: 503 and only {ready: false}, which names no migration.
    const newest = await newestMigration();
    const pool = testPool();
    const { rows } = await pool.query<{ finished_at: Date }>(`SELECT finished_at FROM "_prisma_migrations" WHERE migration_name = $1`, [newest]);
    await pool.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [newest]);
    try {
      expect(await readyWith(guarded.url)).toEqual({ status: 503, body: { ready: false } });
      expect(await readyWith(guarded.url, HEALTH_TOKEN)).toMatchObject({ status: 503, body: { ready: false, migrations: { ok: false, failed: [newest] } } });
    } finally {
      await pool.query(`UPDATE "_prisma_migrations" SET finished_at = $2 WHERE migration_name = $1`, [newest, rows[0]!.finished_at]);
    }
    expect((await stopServer(guarded)).code, guarded.logs()).toBe(0);
  });

  it("only CRON_SECRET set: the details need it", async () => {
    const guarded = await startAppServer(serverEnv(database.url, mail.smtpUrl, { CRON_SECRET }));
    extraServers.push(guarded);
    expect(await readyWith(guarded.url)).toEqual({ status: 200, body: { ready: true } });
    expect(await readyWith(guarded.url, HEALTH_TOKEN)).toEqual({ status: 200, body: { ready: true } });
    expect(await readyWith(guarded.url, CRON_SECRET)).toEqual({ status: 200, body: DETAILS });
    expect((await stopServer(guarded)).code, guarded.logs()).toBe(0);
  });
});

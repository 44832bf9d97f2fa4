// SPEC §4, as a newcomer runs it: `npm run db:migrate`, then `npm run db:seed -- --json`,
// on a fresh PostgreSQL database (DATABASE_URL) and on the embedded database (DATABASE_URL
// unset, EMBEDDED_DB_DIR a temporary folder). The seed prints exactly one JSON object
// with SPEC §4's keys and shapes, whose data is what §4 promises (two customers each owning
// an active subscription of at least 5 free seats, a paid order of at least 2 seats), and
// which the database holds; run again it resets the demo organization cleanly (the old
// token stops resolving, the counts are the same, seats given meanwhile are gone, other
// organizations are left alone).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../fixtures/app-server";
import { adminQuery, createEmptyPostgresDatabase } from "../fixtures/test-database";
import { readMigrations } from "../../scripts/lib/migrations";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-db";
import { onlyJsonObject, runNpm, type CommandRun, type JsonObject } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

const databases: string[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});


/** Where the commands run, and how the test reads the database between two of them. */
type Target = {
  variables: Record<string, string>;
  /** Runs `work` on a connection to the database; the embedded one is opened and closed around it. */
  withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  /** After a command: nothing of it is left running. */
  expectIdle(): void;
};

async function postgresTarget(): Promise<Target> {
  const { name, url } = await createEmptyPostgresDatabase("seats_ops");
  databases.push(name);
  return {
    variables: { DATABASE_URL: url.toString() },
    async withClient(work) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    },
    expectIdle() {},
  };
}

async function embeddedTarget(): Promise<Target> {
  const root = mkdtempSync(path.join(tmpdir(), "ops-seed-cli-"));
  tempDirs.push(root);
  const dir = path.join(root, "data");
  const port = await freePort();
  return {
    variables: { EMBEDDED_DB_DIR: dir, EMBEDDED_DB_PORT: String(port) },
    async withClient(work) {
      const database = await startEmbeddedDatabase({ dir, port });
      const client = new pg.Client({ connectionString: database.url });
      try {
        await client.connect();
        return await work(client);
      } finally {
        await client.end().catch(() => {});
        await database.stop();
      }
    },
    expectIdle() {
      expect(existsSync(dir), "the data folder").toBe(true);
      expect(existsSync(`${dir}.lock`), "the sidecar's lock file").toBe(false);
    },
  };
}

type Seed = {
  organization: { id: string; slug: string; name: string };
  organization_access_token: string;
  customers: { id: string; email: string; external_id: string }[];
  subscriptions: { id: string; customer_id: string; product_id: string; seats: number; status: string }[];
  orders: { id: string; customer_id: string; product_id: string; seats: number; status: string }[];
};

const keysOf = (value: unknown) => Object.keys(value as object).sort();

/** SPEC §4's keys and shapes, exactly, and the data it promises. */
function expectSeedShape(result: JsonObject): Seed {
  expect(keysOf(result)).toEqual(["customers", "orders", "organization", "organization_access_token", "subscriptions"]);
  const seed = result as unknown as Seed;
  expect(keysOf(seed.organization)).toEqual(["id", "name", "slug"]);
  expect(seed.organization).toEqual({ id: expect.stringMatching(UUID), slug: "acme", name: expect.any(String) });
  expect(seed.organization_access_token).toMatch(/^polar_oat_[A-Za-z0-9_-]{43}$/);

  expect(Array.isArray(seed.customers)).toBe(true);
  for (const customer of seed.customers) {
    expect(keysOf(customer)).toEqual(["email", "external_id", "id"]);
    expect(customer).toEqual({ id: expect.stringMatching(UUID), email: expect.stringMatching(/^[^@\s]+@[^@\s]+$/), external_id: expect.any(String) });
  }
  for (const list of [seed.subscriptions, seed.orders]) {
    expect(Array.isArray(list)).toBe(true);
    for (const item of list) {
      expect(keysOf(item)).toEqual(["customer_id", "id", "product_id", "seats", "status"]);
      expect(item).toEqual({ id: expect.stringMatching(UUID), customer_id: expect.stringMatching(UUID), product_id: expect.stringMatching(UUID), seats: expect.any(Number), status: expect.any(String) });
      expect(Number.isInteger(item.seats)).toBe(true);
      expect(seed.customers.map((c) => c.id)).toContain(item.customer_id);
    }
  }

  // At least two customers that each own an active subscription of at least 5 seats.
  const owners = new Set(seed.subscriptions.filter((s) => s.status === "active" && s.seats >= 5).map((s) => s.customer_id));
  expect(owners.size).toBeGreaterThanOrEqual(2);
  // One paid order with at least 2 seats.
  expect(seed.orders.filter((o) => o.status === "paid" && o.seats >= 2).length).toBeGreaterThanOrEqual(1);
  return seed;
}

/** What the database holds of the demo organization, and whether it is what the seed printed. */
async function expectDatabaseHolds(client: pg.Client, seed: Seed) {
  const [organization] = (await client.query(`SELECT id, slug, name, seat_based_pricing_enabled FROM organizations WHERE slug = 'acme'`)).rows;
  expect(organization).toEqual({ ...seed.organization, seat_based_pricing_enabled: true });
  const id = seed.organization.id;

  const customers = (await client.query(`SELECT id, email, external_id FROM customers WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY id`, [id])).rows;
  expect(customers).toEqual([...seed.customers].sort((a, b) => a.id.localeCompare(b.id)));
  const subscriptions = (await client.query(`SELECT id, customer_id, product_id, seats, status FROM subscriptions WHERE organization_id = $1 ORDER BY id`, [id])).rows;
  expect(subscriptions).toEqual([...seed.subscriptions].sort((a, b) => a.id.localeCompare(b.id)));
  const orders = (await client.query(`SELECT id, customer_id, product_id, seats, status FROM orders WHERE organization_id = $1 ORDER BY id`, [id])).rows;
  expect(orders).toEqual([...seed.orders].sort((a, b) => a.id.localeCompare(b.id)));
  // The products are the organization's, seat-based.
  const products = (await client.query(`SELECT p.id, count(pp.id)::int AS prices FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id WHERE p.organization_id = $1 GROUP BY p.id`, [id])).rows;
  for (const item of [...seed.subscriptions, ...seed.orders]) expect(products.find((p) => p.id === item.product_id)?.prices, item.product_id).toBeGreaterThanOrEqual(1);

  // No seat is assigned yet.
  const seats = (await client.query(`SELECT count(*)::int AS n FROM customer_seats WHERE subscription_id = ANY($1::uuid[]) OR order_id = ANY($2::uuid[])`, [seed.subscriptions.map((s) => s.id), seed.orders.map((o) => o.id)])).rows[0];
  expect(seats).toEqual({ n: 0 });

  // The token resolves as the API resolves it: by its SHA-256, to this organization, live.
  expect(await tokenState(client, seed.organization_access_token)).toEqual({ organization_id: id, live: true });
  const raw = (await client.query(`SELECT count(*)::int AS n FROM organization_access_tokens t WHERE row_to_json(t)::text LIKE '%' || $1 || '%'`, [seed.organization_access_token])).rows[0];
  expect(raw).toEqual({ n: 0 });
}

async function tokenState(client: pg.Client, token: string) {
  const { rows } = await client.query<{ organization_id: string; live: boolean }>(
    `SELECT organization_id, (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS live
       FROM organization_access_tokens WHERE token_hash = $1`,
    [sha256(token)],
  );
  return rows[0] ?? null;
}

async function acmeCounts(client: pg.Client) {
  const { rows } = await client.query(
    `SELECT (SELECT count(*)::int FROM organizations WHERE slug = 'acme') AS organizations,
            (SELECT count(*)::int FROM customers c JOIN organizations o ON o.id = c.organization_id WHERE o.slug = 'acme') AS customers,
            (SELECT count(*)::int FROM products p JOIN organizations o ON o.id = p.organization_id WHERE o.slug = 'acme') AS products,
            (SELECT count(*)::int FROM subscriptions s JOIN organizations o ON o.id = s.organization_id WHERE o.slug = 'acme') AS subscriptions,
            (SELECT count(*)::int FROM orders r JOIN organizations o ON o.id = r.organization_id WHERE o.slug = 'acme') AS orders,
            (SELECT count(*)::int FROM organization_access_tokens t JOIN organizations o ON o.id = t.organization_id WHERE o.slug = 'acme') AS tokens,
            (SELECT count(*)::int FROM customer_seats) AS seats,
            (SELECT count(*)::int FROM seat_events) AS seat_events`,
  );
  return rows[0] as Record<string, number>;
}

function expectSuccess(run: CommandRun) {
  expect(run.code, `${run.command} → exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
}

describe.each([
  ["PostgreSQL (DATABASE_URL set)", postgresTarget],
  ["the embedded database (DATABASE_URL unset)", embeddedTarget],
])("db:migrate and db:seed on %s", (_name, makeTarget) => {
  let target: Target;
  let first: Seed;

  beforeAll(async () => {
    target = await makeTarget();
  });

  // The three steps build on each other, in order, as a newcomer takes them.
  it("npm run db:migrate applies every migration, as Prisma records them; a second run finds nothing to do", async () => {
    const migrations = await readMigrations();
    const run = await runNpm("db:migrate", [], target.variables);
    expectSuccess(run);
    for (const migration of migrations) expect(run.stderr).toContain(`db:migrate: applying ${migration.name}`);
    expect(run.stderr).toContain(`db:migrate: applied ${migrations.length} migration(s)`);
    target.expectIdle();

    const recorded = await target.withClient(async (client) => (await client.query(`SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`)).rows);
    expect(recorded).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished: true, applied_steps_count: 1 })));

    const again = await runNpm("db:migrate", [], target.variables);
    expectSuccess(again);
    expect(again.stderr).toContain("db:migrate: the database is up to date");
    expect(again.stderr).not.toContain("applying");
  });

  it("npm run db:seed -- --json prints exactly one JSON object with SPEC §4's keys and shapes, and the database holds it", async () => {
    const run = await runNpm("db:seed", ["--json"], target.variables);
    first = expectSeedShape(onlyJsonObject(run, "db:seed"));
    // --json keeps stderr quiet too: nothing but what npm itself might say.
    expect(run.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm "))).toEqual([]);
    target.expectIdle();
    await target.withClient((client) => expectDatabaseHolds(client, first));
  });

  it("run again, it resets the demo organization: it succeeds, the old token stops resolving, the counts are the same, other organizations are left alone", async () => {
    // Meanwhile: someone used the demo (a seat given, with its event) and made an organization of their own.
    const other = onlyJsonObject(await runNpm("org:create", ["--slug", `own-${randomBytes(3).toString("hex")}`, "--name", "Their Own", "--json"], target.variables), "org:create") as {
      organization: { id: string };
      organization_access_token: string;
    };
    const before = await target.withClient(async (client) => {
      const counts = await acmeCounts(client);
      const seat = await client.query<{ id: string }>(
        `INSERT INTO customer_seats (id, subscription_id, status, email, invitation_token_hash, invitation_token_expires_at, assigned_at)
         VALUES (gen_random_uuid(), $1, 'pending', 'teammate@example.com', $2, now() + interval '7 days', now()) RETURNING id`,
        [first.subscriptions[0]!.id, sha256(randomBytes(32).toString("base64url"))],
      );
      await client.query(`INSERT INTO seat_events (id, seat_id, subscription_id, type, email, actor_type) VALUES (gen_random_uuid(), $1, $2, 'assigned', 'teammate@example.com', 'customer')`, [
        seat.rows[0]!.id,
        first.subscriptions[0]!.id,
      ]);
      return counts;
    });
    expect(before).toMatchObject({ organizations: 1, tokens: 1, seats: 0, seat_events: 0 });

    // The same command a second time; --silent leaves out npm's banner, so stdout is the JSON alone.
    const run = await runNpm("db:seed", ["--json"], target.variables, { silent: true });
    expect(run.stdout.endsWith("}\n") && run.stdout.indexOf("\n") === run.stdout.length - 1, run.stdout).toBe(true);
    const second = expectSeedShape(onlyJsonObject(run, "db:seed"));
    target.expectIdle();
    expect(second.organization.id).not.toBe(first.organization.id);
    expect(second.organization_access_token).not.toBe(first.organization_access_token);
    expect(second.customers.map((c) => c.email).sort()).toEqual(first.customers.map((c) => c.email).sort());
    expect(second.subscriptions.map((s) => s.seats).sort()).toEqual(first.subscriptions.map((s) => s.seats).sort());

    await target.withClient(async (client) => {
      await expectDatabaseHolds(client, second);
      expect(await tokenState(client, first.organization_access_token)).toBeNull();
      expect(await acmeCounts(client)).toEqual(before);
      expect(await tokenState(client, other.organization_access_token)).toEqual({ organization_id: other.organization.id, live: true });
    });
  });
});

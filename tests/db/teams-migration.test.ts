// The teams migration (issue 24) on a database that already holds pre-teams data: every
// billing customer gets one owner, every live seat names a member of its billing customer's
// team, and the schema it leaves is the one a fresh database gets. Runs on PostgreSQL and on
// the embedded PGlite (each pass on a database of its own, migrated only up to the teams
// migration); only the diff against schema.prisma needs a PostgreSQL server.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-db";
import { applyMigrations, MIGRATIONS_DIR, readMigrations, type MigrationDirectory } from "../../scripts/lib/migrations";
import { diffSchemas } from "../../scripts/lib/schema-engine";
import { assertLoopback, createEmptyPostgresDatabase, TEST_POSTGRES_URL } from "../fixtures/test-database";

const TEAMS = "20261207173427_teams";
const kind = inject("databaseKind");

type Fresh = { url: string; drop(): Promise<void> };

/** An empty database of the pass's kind: a new database on the server, or a new PGlite sidecar. */
async function freshDatabase(label: string): Promise<Fresh> {
  if (kind === "postgres") return createEmptyPostgresDatabase(`teams_migration_${label}`);
  const dir = mkdtempSync(path.join(tmpdir(), `teams-migration-${label}-`));
  const db = await startEmbeddedDatabase({ dir: path.join(dir, "data"), port: 40000 + Math.floor(Math.random() * 20000) });
  return {
    url: db.url,
    async drop() {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The pre-teams world, by name. Ids are made here so that the checks can name rows.
const id = {
  orgA: randomUUID(),
  orgB: randomUUID(),
  product: randomUUID(),
  oneTime: randomUUID(),
  productB: randomUUID(),
  // Billing customers.
  alice: randomUUID(), // subscription and order; claimed one of her own seats
  bob: randomUUID(), // an order only; invited himself
  carol: randomUUID(), // a canceled subscription only: still a team
  dave: randomUUID(), // deleted, with the member a claim made before
  aliceB: randomUUID(), // alice's address in another organization
  // Customers who bought nothing: seat holders, and one who never held anything.
  dana: randomUUID(),
  erin: randomUUID(),
  frank: randomUUID(),
  george: randomUUID(),
  nobody: randomUUID(),
  erinB: randomUUID(),
  // Containers.
  subAlice: randomUUID(),
  orderAlice: randomUUID(),
  orderBob: randomUUID(),
  subCarol: randomUUID(),
  subDave: randomUUID(),
  subAliceB: randomUUID(),
  // Members pre-teams claims made (role member, no external id).
  mAliceSelf: randomUUID(),
  mErin: randomUUID(),
  mDaveTeam: randomUUID(),
  // Seats.
  seatDanaPending: randomUUID(),
  seatErinClaimed: randomUUID(),
  seatAliceSelf: randomUUID(),
  seatFrankSub: randomUUID(),
  seatFrankOrder: randomUUID(),
  seatGeorgeOld: randomUUID(), // claimed before members existed: no member_id
  seatRevokedSub: randomUUID(),
  seatRevokedOrder: randomUUID(),
  seatDanaBob: randomUUID(),
  seatBobSelf: randomUUID(),
  seatCarolRevoked: randomUUID(),
  seatDaveRevoked: randomUUID(),
  seatErinB: randomUUID(),
};

const ALICE = { email: "Alice.Admin@Example.com", name: "Alice Admin", externalId: "crm-alice", createdAt: "2026-01-05T10:00:00.000Z" };
const BOB = { email: "bob@example.com", name: null, externalId: null, createdAt: "2026-02-01T09:30:00.000Z" };
const CAROL = { email: "carol@example.com", name: "Carol", externalId: "crm-carol", createdAt: "2026-03-01T08:00:00.000Z" };
const ALICE_B = { email: "alice.admin@example.com", name: "Alice (B)", externalId: "crm-alice", createdAt: "2026-04-01T12:00:00.000Z" };

async function insertPreTeamsData(client: pg.Client) {
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  const tiers = JSON.stringify([{ min_seats: 1, max_seats: null, price_per_seat: 1000 }]);
  await q(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Org A', $2), ($3, 'Org B', $4)`, [id.orgA, `org-a-${id.orgA.slice(0, 8)}`, id.orgB, `org-b-${id.orgB.slice(0, 8)}`]);
  await q(
    `INSERT INTO products (id, organization_id, name, recurring_interval, recurring_interval_count)
     VALUES ($1, $2, 'Team plan', 'month', 1), ($3, $2, 'Workshop', NULL, NULL), ($4, $5, 'B plan', 'month', 1)`,
    [id.product, id.orgA, id.oneTime, id.productB, id.orgB],
  );
  await q(
    `INSERT INTO product_prices (id, product_id, seat_tiers) VALUES (gen_random_uuid(), $1, $4), (gen_random_uuid(), $2, $4), (gen_random_uuid(), $3, $4)`,
    [id.product, id.oneTime, id.productB, tiers],
  );

  const customer = (cid: string, org: string, c: { email: string; name: string | null; externalId: string | null; createdAt?: string }, deletedAt: string | null = null) =>
    q(`INSERT INTO customers (id, organization_id, email, email_key, name, external_id, created_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      cid,
      org,
      c.email,
      c.email.toLowerCase(),
      c.name,
      c.externalId,
      c.createdAt ?? new Date().toISOString(),
      deletedAt,
    ]);
  await customer(id.alice, id.orgA, ALICE);
  await customer(id.bob, id.orgA, BOB);
  await customer(id.carol, id.orgA, CAROL);
  await customer(id.dave, id.orgA, { email: "dave@example.com", name: "Dave", externalId: "crm-dave" }, "2026-06-01T00:00:00.000Z");
  await customer(id.aliceB, id.orgB, ALICE_B);
  await customer(id.dana, id.orgA, { email: "dana@example.com", name: null, externalId: null });
  await customer(id.erin, id.orgA, { email: "erin@example.com", name: null, externalId: null });
  await customer(id.frank, id.orgA, { email: "Frank@Example.com", name: null, externalId: null });
  await customer(id.george, id.orgA, { email: "george@example.com", name: null, externalId: null });
  await customer(id.nobody, id.orgA, { email: "nobody@example.com", name: "No One", externalId: "crm-nobody" });
  await customer(id.erinB, id.orgB, { email: "erin@example.com", name: null, externalId: null });

  const subscription = (sid: string, org: string, cid: string, product: string, status: string, seats: number) =>
    q(
      `INSERT INTO subscriptions (id, organization_id, customer_id, product_id, status, amount, current_period_start, current_period_end, started_at, seats)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + interval '30 days', now(), $7)`,
      [sid, org, cid, product, status, seats * 1000, seats],
    );
  const order = (oid: string, org: string, cid: string, seats: number) =>
    q(`INSERT INTO orders (id, organization_id, customer_id, product_id, status, total_amount, seats) VALUES ($1, $2, $3, $4, 'paid', $5, $6)`, [oid, org, cid, id.oneTime, seats * 1000, seats]);
  await subscription(id.subAlice, id.orgA, id.alice, id.product, "active", 10);
  await order(id.orderAlice, id.orgA, id.alice, 3);
  await order(id.orderBob, id.orgA, id.bob, 3);
  await subscription(id.subCarol, id.orgA, id.carol, id.product, "canceled", 2);
  await subscription(id.subDave, id.orgA, id.dave, id.product, "canceled", 2);
  await subscription(id.subAliceB, id.orgB, id.aliceB, id.productB, "active", 2);

  // Members as pre-teams claims made them: a plain member of the giver's team, by the seat's address.
  const member = (mid: string, cid: string, email: string) =>
    q(`INSERT INTO members (id, customer_id, email, email_key, role, created_at) VALUES ($1, $2, $3, $4, 'member', '2026-05-01T00:00:00Z')`, [mid, cid, email, email.toLowerCase()]);
  await member(id.mAliceSelf, id.alice, "alice.admin@example.com");
  await member(id.mErin, id.alice, "erin@example.com");
  await member(id.mDaveTeam, id.dave, "dana@example.com");

  type Seat = { seat: string; sub?: string; order?: string; status: "pending" | "claimed" | "revoked"; holder?: string; email?: string; member?: string; createdAt?: string };
  const seat = (s: Seat) =>
    q(
      `INSERT INTO customer_seats (id, subscription_id, order_id, status, customer_id, email, member_id, invitation_token_hash, invitation_token_expires_at,
                                   claimed_at, revoked_at, assigned_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + interval '7 days', $9, $10, now(), $11)`,
      [
        s.seat,
        s.sub ?? null,
        s.order ?? null,
        s.status,
        s.holder ?? null,
        s.email ?? null,
        s.member ?? null,
        randomUUID().replace(/-/g, ""),
        s.status === "claimed" ? new Date() : null,
        s.status === "revoked" ? new Date() : null,
        s.createdAt ?? new Date().toISOString(),
      ],
    );
  await seat({ seat: id.seatDanaPending, sub: id.subAlice, status: "pending", holder: id.dana, email: "dana@example.com" });
  await seat({ seat: id.seatErinClaimed, sub: id.subAlice, status: "claimed", holder: id.erin, email: "erin@example.com", member: id.mErin });
  await seat({ seat: id.seatAliceSelf, sub: id.subAlice, status: "claimed", holder: id.alice, email: "alice.admin@example.com", member: id.mAliceSelf });
  // One person, two seats of one team, the address spelled two ways.
  await seat({ seat: id.seatFrankSub, sub: id.subAlice, status: "pending", holder: id.frank, email: "Frank@Example.com", createdAt: "2026-05-02T00:00:00Z" });
  await seat({ seat: id.seatFrankOrder, order: id.orderAlice, status: "pending", holder: id.frank, email: "frank@example.com", createdAt: "2026-05-03T00:00:00Z" });
  await seat({ seat: id.seatGeorgeOld, sub: id.subAlice, status: "claimed", holder: id.george, email: "george@example.com" });
  await seat({ seat: id.seatRevokedSub, sub: id.subAlice, status: "revoked" });
  await seat({ seat: id.seatRevokedOrder, order: id.orderAlice, status: "revoked" });
  await seat({ seat: id.seatDanaBob, order: id.orderBob, status: "pending", holder: id.dana, email: "dana@example.com" });
  await seat({ seat: id.seatBobSelf, order: id.orderBob, status: "pending", holder: id.bob, email: "Bob@Example.com" });
  await seat({ seat: id.seatCarolRevoked, sub: id.subCarol, status: "revoked" });
  await seat({ seat: id.seatDaveRevoked, sub: id.subDave, status: "revoked" });
  await seat({ seat: id.seatErinB, sub: id.subAliceB, status: "pending", holder: id.erinB, email: "erin@example.com" });
}

type MemberRow = { id: string; customer_id: string; email: string; email_key: string; name: string | null; external_id: string | null; role: string; created_at: Date; deleted_at: Date | null };
type SeatRow = { id: string; status: string; email: string | null; member_id: string | null; billing_customer_id: string };

/** The shape of a database's schema, as a list of lines that two databases can compare. */
async function catalogue(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(`
      SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') AS line
        FROM information_schema.columns WHERE table_schema = 'public'`);
    const indexes = await client.query<{ line: string }>(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`);
    const constraints = await client.query<{ line: string }>(`
      SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace`);
    const triggers = await client.query<{ line: string }>(`SELECT tgrelid::regclass::text || ' ' || tgname AS line FROM pg_trigger WHERE NOT tgisinternal`);
    return [...columns.rows, ...indexes.rows, ...constraints.rows, ...triggers.rows].map((r) => r.line).sort();
  } finally {
    await client.end();
  }
}

describe("the teams migration on pre-teams data", () => {
  let database: Fresh;
  let client: pg.Client;
  let migrations: MigrationDirectory[];
  let members: MemberRow[];
  let seats: SeatRow[];
  const appliedLater: string[] = [];

  beforeAll(async () => {
    migrations = await readMigrations();
    const teams = migrations.findIndex((m) => m.name === TEAMS);
    expect(teams, `${TEAMS} is among prisma/migrations`).toBeGreaterThan(0);
    database = await freshDatabase("data");
    assertLoopback(database.url);
    const before = migrations.slice(0, teams);
    expect(await applyMigrations(database.url, { migrations: before })).toEqual(before.map((m) => m.name));
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // The teams migration's own table is not there yet: this is the database as it was.
    expect((await client.query(`SELECT to_regclass('team_events') AS t`)).rows[0].t).toBeNull();
    await insertPreTeamsData(client);
    expect(await applyMigrations(database.url, { migrations: migrations.slice(0, teams + 1) })).toEqual([TEAMS]);
    members = (await client.query<MemberRow>(`SELECT id, customer_id, email, email_key, name, external_id, role, created_at, deleted_at FROM members`)).rows;
    seats = (
      await client.query<SeatRow>(`
        SELECT cs.id, cs.status, cs.email, cs.member_id, COALESCE(s.customer_id, o.customer_id) AS billing_customer_id
          FROM customer_seats cs LEFT JOIN subscriptions s ON s.id = cs.subscription_id LEFT JOIN orders o ON o.id = cs.order_id`)
    ).rows;
    // Whatever came after the teams migration, for the schema's check.
    appliedLater.push(...(await applyMigrations(database.url)));
  }, 180_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const live = () => members.filter((m) => m.deleted_at === null);
  const ownersOf = (customerId: string) => live().filter((m) => m.customer_id === customerId && m.role === "owner");
  const seat = (seatId: string) => seats.find((s) => s.id === seatId)!;
  const member = (memberId: string | null) => members.find((m) => m.id === memberId);

  it("gives every live billing customer exactly one owner, and no one else any", async () => {
    const billing = [id.alice, id.bob, id.carol, id.aliceB];
    for (const customerId of billing) expect(ownersOf(customerId), customerId).toHaveLength(1);
    // Bought nothing (holders, and a customer who never held anything), or deleted: no owner.
    for (const customerId of [id.dana, id.erin, id.frank, id.george, id.nobody, id.erinB, id.dave]) expect(ownersOf(customerId), customerId).toHaveLength(0);
    // Nor a team at all for a customer who bought nothing.
    for (const customerId of [id.dana, id.erin, id.frank, id.george, id.nobody, id.erinB]) expect(members.filter((m) => m.customer_id === customerId)).toEqual([]);
    // The same rule as a query over everything, as the partial unique index and the app read it.
    const { rows } = await client.query<{ id: string; owners: number }>(`
      SELECT c.id, (SELECT count(*)::int FROM members m WHERE m.customer_id = c.id AND m.role = 'owner' AND m.deleted_at IS NULL) AS owners
        FROM customers c
       WHERE c.deleted_at IS NULL AND (EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id) OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id))`);
    expect(rows.map((r) => r.owners)).toEqual(rows.map(() => 1));
    expect(rows).toHaveLength(billing.length);
  });

  it("makes a new owner of the billing customer's own address, name, external id and creation time", () => {
    for (const [customerId, c] of [
      [id.bob, BOB],
      [id.carol, CAROL],
      [id.aliceB, ALICE_B],
    ] as const) {
      const [owner] = ownersOf(customerId);
      expect(owner, customerId).toMatchObject({ email: c.email, email_key: c.email.toLowerCase(), name: c.name, external_id: c.externalId });
      expect(owner!.created_at.toISOString()).toBe(c.createdAt);
    }
  });

  it("promotes the member who already had the customer's address instead of adding a second one", () => {
    const [owner] = ownersOf(id.alice);
    expect(owner!.id).toBe(id.mAliceSelf);
    expect(owner!.email_key).toBe(ALICE.email.toLowerCase());
    expect(live().filter((m) => m.customer_id === id.alice && m.email_key === ALICE.email.toLowerCase())).toHaveLength(1);
    // Her own claimed seat still names her, now the owner.
    expect(seat(id.seatAliceSelf).member_id).toBe(id.mAliceSelf);
  });

  it("names, on every pending and claimed seat, a live member of its billing customer's team with the seat's address", () => {
    const liveSeats = seats.filter((s) => s.status === "pending" || s.status === "claimed");
    expect(liveSeats).toHaveLength(9);
    for (const s of liveSeats) {
      const m = member(s.member_id);
      expect(m, `seat ${s.id} names a member`).toBeDefined();
      expect(m, `seat ${s.id}`).toMatchObject({ customer_id: s.billing_customer_id, email_key: s.email!.toLowerCase(), deleted_at: null });
    }
  });

  it("keeps the member a claim made, and makes one for a seat claimed before members existed", () => {
    expect(seat(id.seatErinClaimed).member_id).toBe(id.mErin);
    expect(member(id.mErin)!.role).toBe("member");
    const george = member(seat(id.seatGeorgeOld).member_id)!;
    expect(george).toMatchObject({ customer_id: id.alice, email: "george@example.com", role: "member", name: null, external_id: null });
  });

  it("makes one member of a person with two seats in one team, and one per team for a person in two teams", () => {
    const frankSub = seat(id.seatFrankSub).member_id;
    expect(frankSub).not.toBeNull();
    expect(seat(id.seatFrankOrder).member_id).toBe(frankSub);
    expect(live().filter((m) => m.customer_id === id.alice && m.email_key === "frank@example.com")).toHaveLength(1);
    // The earlier seat's spelling and time.
    expect(member(frankSub)).toMatchObject({ email: "Frank@Example.com", role: "member" });
    expect(member(frankSub)!.created_at.toISOString()).toBe("2026-05-02T00:00:00.000Z");

    const danaAlice = member(seat(id.seatDanaPending).member_id)!;
    const danaBob = member(seat(id.seatDanaBob).member_id)!;
    expect(danaAlice.customer_id).toBe(id.alice);
    expect(danaBob.customer_id).toBe(id.bob);
    expect(danaAlice.id).not.toBe(danaBob.id);
    // Another organization's team is another team.
    expect(member(seat(id.seatErinB).member_id)).toMatchObject({ customer_id: id.aliceB, email: "erin@example.com" });
  });

  it("lets a billing customer's seat for their own address name their owner", () => {
    const [owner] = ownersOf(id.bob);
    expect(seat(id.seatBobSelf).member_id).toBe(owner!.id);
    expect(live().filter((m) => m.customer_id === id.bob)).toHaveLength(2);
  });

  it("leaves revoked seats without a member, and adds no one for them", () => {
    for (const seatId of [id.seatRevokedSub, id.seatRevokedOrder, id.seatCarolRevoked, id.seatDaveRevoked]) expect(seat(seatId)).toMatchObject({ status: "revoked", member_id: null });
    expect(members.filter((m) => m.customer_id === id.carol).map((m) => m.role)).toEqual(["owner"]);
    expect(members.filter((m) => m.customer_id === id.dave).map((m) => m.id)).toEqual([id.mDaveTeam]);
  });

  it("ends the team of a customer deleted before teams: its members are deleted too", () => {
    expect(members.find((m) => m.id === id.mDaveTeam)?.deleted_at).not.toBeNull();
    expect(live().filter((m) => m.customer_id === id.dave)).toEqual([]);
  });

  it("gives Alice's team exactly its owner and the people of its live seats", () => {
    const team = live()
      .filter((m) => m.customer_id === id.alice)
      .map((m) => `${m.role}:${m.email_key}`)
      .sort();
    expect(team).toEqual(["member:dana@example.com", "member:erin@example.com", "member:frank@example.com", "member:george@example.com", "owner:alice.admin@example.com"]);
  });

  it("leaves the schema a fresh database gets from every migration", async () => {
    const reference = await freshDatabase("reference");
    try {
      expect(await applyMigrations(reference.url)).toEqual(migrations.map((m) => m.name));
      expect(await catalogue(database.url)).toEqual(await catalogue(reference.url));
    } finally {
      await reference.drop();
    }
    expect(appliedLater).toEqual(migrations.slice(migrations.findIndex((m) => m.name === TEAMS) + 1).map((m) => m.name));
  }, 120_000);

  // schema-drift.test.ts's diff, for the migrations that include this one: the shadow database
  // it needs is made on a PostgreSQL server, which the PGlite pass does not require.
  it.skipIf(kind !== "postgres")("is, with every migration, exactly the schema of schema.prisma", async () => {
    const schema = await readFile(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
    const sql = await diffSchemas(
      TEST_POSTGRES_URL,
      schema,
      { tag: "migrations", directories: migrations, baseDir: MIGRATIONS_DIR },
      { tag: "schema", path: "schema.prisma", content: schema },
    );
    expect(sql.replace(/^-- This is an empty migration\.?$/m, "").trim()).toBe("");
  }, 60_000);
});

import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, poolSql, prismaSql, sqlTransaction, type Sql, type Tx } from "@/lib/db";
import type { ContainerKind, ContainerRef, OrganizationRow, OwnedContainer, ProductPriceRow, SeatCounts, SeatEventRow, SeatListFilter, SeatsListSql, SeatRow, SubscriptionRow } from "./types";

// The seat rules' statements, as SQL text with `$n` parameters, run on whatever `Sql` the
// caller holds: the pool, a transaction of lib/db's, or a Prisma transaction. Every id is
// cast (`$1::uuid`) so the same text runs typed or untyped.

// The seat rules reach the database through this module only.
export { poolSql, sqlTransaction, type Sql, type Tx };

/** A Prisma transaction, for work that also reads Prisma's models (the merchant's webhooks), with its Sql. */
export function prismaTransaction<T>(work: (tx: Tx, sql: Sql) => Promise<T>): Promise<T> {
  return db().prisma.$transaction((tx) => work(tx, prismaSql(tx)));
}

/** What the seat rules need to know about a subscription or an order. */
export type Container = {
  kind: ContainerKind;
  id: string;
  organizationId: string;
  billingCustomerId: string;
  seats: number;
  status: string;
  seatBasedPricingEnabled: boolean;
  productId: string;
  productName: string;
  organizationName: string;
  organizationSlug: string;
  /** How invitation emails name the person who sent them. */
  billingCustomerLabel: string;
  /** A subscription canceled at the end of its period (never an order). */
  cancelAtPeriodEnd: boolean;
};

/** Who may see a container: its billing customer, or its organization (merchant API). */
export type ContainerScope = { customerId: string } | { organizationId: string };

type ContainerSqlRow = {
  id: string;
  organization_id: string;
  customer_id: string;
  seats: number | null;
  status: string;
  product_id: string;
  product_name: string;
  seat_based_pricing_enabled: boolean;
  organization_name: string;
  organization_slug: string;
  billing_customer_label: string;
  cancel_at_period_end: boolean;
};

const TABLE: Record<ContainerKind, string> = { subscription: "subscriptions", order: "orders" };
const SEAT_COLUMN: Record<ContainerKind, string> = { subscription: "subscription_id", order: "order_id" };

/** The scope as a condition on the container `c`, with its id as parameter `$n`. */
function scopeCondition(scope: ContainerScope, n: number) {
  return "customerId" in scope ? `c.customer_id = $${n}::uuid` : `c.organization_id = $${n}::uuid`;
}

const scopeId = (scope: ContainerScope) => ("customerId" in scope ? scope.customerId : scope.organizationId);

function toContainer(kind: ContainerKind, row: ContainerSqlRow): Container {
  return {
    kind,
    id: row.id,
    organizationId: row.organization_id,
    billingCustomerId: row.customer_id,
    seats: row.seats ?? 0,
    status: row.status,
    seatBasedPricingEnabled: row.seat_based_pricing_enabled,
    productId: row.product_id,
    productName: row.product_name,
    organizationName: row.organization_name,
    organizationSlug: row.organization_slug,
    billingCustomerLabel: row.billing_customer_label,
    cancelAtPeriodEnd: row.cancel_at_period_end,
  };
}

async function selectContainer(sql: Sql, ref: ContainerRef, scope: ContainerScope, lock: boolean) {
  const rows = await sql.rows<ContainerSqlRow>(
    `SELECT c.id, c.organization_id, c.customer_id, c.seats, c.status, c.product_id,
            p.name AS product_name, o.seat_based_pricing_enabled,
            o.name AS organization_name, o.slug AS organization_slug,
            COALESCE(bc.name, bc.email) AS billing_customer_label,
            ${ref.kind === "subscription" ? "c.cancel_at_period_end" : "false"} AS cancel_at_period_end
       FROM ${TABLE[ref.kind]} c
       JOIN products p ON p.id = c.product_id
       JOIN organizations o ON o.id = c.organization_id
       JOIN customers bc ON bc.id = c.customer_id
      WHERE c.id = $1::uuid AND ${scopeCondition(scope, 2)}
      ${lock ? "FOR UPDATE OF c" : ""}`,
    [ref.id, scopeId(scope)],
  );
  return rows[0] ? toContainer(ref.kind, rows[0]) : null;
}

export function findContainer(sql: Sql, ref: ContainerRef, scope: ContainerScope) {
  return selectContainer(sql, ref, scope, false);
}

/**
 * Locks the container row for the rest of the transaction. Every assignment to a
 * container takes this lock before it counts live seats, so two concurrent assigns
 * count one after the other and can never both take the last seat.
 */
export function lockContainer(sql: Sql, ref: ContainerRef, scope: ContainerScope) {
  return selectContainer(sql, ref, scope, true);
}

// The container's whole seat list as JSON, written by PostgreSQL in one statement through
// the pool (the list is the hottest read: thousands of seats a request). The door's SQL
// gives the shape; the counts are the rules of seats: free = total − pending − claimed.
// A container outside the scope gives no row.
function listingSql(kind: ContainerKind, scope: ContainerScope, wire: SeatsListSql) {
  const total = "COALESCE(c.seats, 0)";
  const free = `GREATEST(0, ${total} - count(cs.id) FILTER (WHERE cs.status IN ('pending', 'claimed')))`;
  const seats = `COALESCE(string_agg(${wire.seat}, ',' ORDER BY cs.created_at, cs.id) FILTER (WHERE cs.id IS NOT NULL), '')`;
  return `
    SELECT o.seat_based_pricing_enabled AS enabled, ${wire.list(seats, free, total)} AS json
      FROM ${TABLE[kind]} c
      JOIN organizations o ON o.id = c.organization_id
      LEFT JOIN customer_seats cs ON cs.${SEAT_COLUMN[kind]} = c.id
      LEFT JOIN customers h ON h.id = cs.customer_id
     WHERE c.id = $1 AND ${scopeCondition(scope, 2)}
     GROUP BY c.id, o.id`;
}

export type SeatListing = { seatBasedPricingEnabled: boolean; json: string };

export async function findSeatListing(ref: ContainerRef, scope: ContainerScope, wire: SeatsListSql): Promise<SeatListing | null> {
  const { rows } = await db().pool.query<{ enabled: boolean; json: string }>(listingSql(ref.kind, scope, wire), [ref.id, scopeId(scope)]);
  const row = rows[0];
  return row ? { seatBasedPricingEnabled: row.enabled, json: row.json } : null;
}

type CountsSqlRow = { claimed: number; pending: number; expired: number; rows: number };

const COUNT_COLUMNS = `
  count(*) FILTER (WHERE cs.status = 'claimed')::int AS claimed,
  count(*) FILTER (WHERE cs.status = 'pending')::int AS pending,
  count(*) FILTER (WHERE cs.status = 'pending' AND cs.invitation_token_expires_at <= now())::int AS expired,
  count(cs.id)::int AS rows`;

function toCounts(total: number, row: CountsSqlRow): SeatCounts {
  return { total, claimed: row.claimed, pending: row.pending, expired: row.expired, rows: row.rows, free: Math.max(0, total - row.claimed - row.pending) };
}

export async function countSeatsByState(sql: Sql, ref: ContainerRef, total: number): Promise<SeatCounts> {
  const rows = await sql.rows<CountsSqlRow>(`SELECT ${COUNT_COLUMNS} FROM customer_seats cs WHERE cs.${SEAT_COLUMN[ref.kind]} = $1::uuid`, [ref.id]);
  return toCounts(total, rows[0]!);
}

type OwnedSqlRow = CountsSqlRow & { kind: ContainerKind; id: string; status: string; seats: number; product_name: string; created_at: Date };

export async function findOwnedContainers(sql: Sql, customerId: string): Promise<OwnedContainer[]> {
  const rows = await sql.rows<OwnedSqlRow>(
    `SELECT 'subscription' AS kind, c.id, c.status, c.seats, p.name AS product_name, c.created_at, ${COUNT_COLUMNS}
       FROM subscriptions c JOIN products p ON p.id = c.product_id
       LEFT JOIN customer_seats cs ON cs.subscription_id = c.id
      WHERE c.customer_id = $1::uuid AND c.seats IS NOT NULL
      GROUP BY c.id, p.name
     UNION ALL
     SELECT 'order' AS kind, c.id, c.status, c.seats, p.name AS product_name, c.created_at, ${COUNT_COLUMNS}
       FROM orders c JOIN products p ON p.id = c.product_id
       LEFT JOIN customer_seats cs ON cs.order_id = c.id
      WHERE c.customer_id = $1::uuid AND c.seats IS NOT NULL
      GROUP BY c.id, p.name
      ORDER BY created_at DESC`,
    [customerId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    status: row.status,
    productName: row.product_name,
    createdAt: row.created_at,
    counts: toCounts(row.seats, row),
  }));
}

/**
 * Under the container's lock, in one round trip: its live seats, whether this person holds
 * one of them, and the revoked row an assignment would reuse (every round trip inside the
 * lock is time the next assign of the container waits).
 */
export async function countLiveSeatsAndHolder(sql: Sql, ref: ContainerRef, customerId: string) {
  const column = SEAT_COLUMN[ref.kind];
  const rows = await sql.rows<{ live: number; held: boolean; revoked_seat_id: string | null }>(
    `SELECT count(*)::int AS live, COALESCE(bool_or(customer_id = $2::uuid), false) AS held,
            (SELECT id FROM customer_seats WHERE ${column} = $1::uuid AND status = 'revoked' ORDER BY revoked_at, id LIMIT 1) AS revoked_seat_id
       FROM customer_seats WHERE ${column} = $1::uuid AND status IN ('pending', 'claimed')`,
    [ref.id, customerId],
  );
  const { live, held, revoked_seat_id } = rows[0]!;
  return { live, held, revokedSeatId: revoked_seat_id };
}

export async function countLiveSeats(sql: Sql, ref: ContainerRef) {
  const rows = await sql.rows<{ live: number }>(
    `SELECT count(*)::int AS live FROM customer_seats WHERE ${SEAT_COLUMN[ref.kind]} = $1::uuid AND status IN ('pending', 'claimed')`,
    [ref.id],
  );
  return rows[0]!.live;
}

export async function findLiveSeatOfCustomer(sql: Sql, ref: ContainerRef, customerId: string) {
  const rows = await sql.rows<{ id: string }>(
    `SELECT id FROM customer_seats WHERE ${SEAT_COLUMN[ref.kind]} = $1::uuid AND customer_id = $2::uuid AND status IN ('pending', 'claimed') LIMIT 1`,
    [ref.id, customerId],
  );
  return rows[0] ?? null;
}

/** A revoked row to reuse, so that a container's list stays as long as its seat count. */
export async function findRevokedSeat(sql: Sql, ref: ContainerRef) {
  const rows = await sql.rows<{ id: string }>(
    `SELECT id FROM customer_seats WHERE ${SEAT_COLUMN[ref.kind]} = $1::uuid AND status = 'revoked' ORDER BY revoked_at, id LIMIT 1`,
    [ref.id],
  );
  return rows[0] ?? null;
}

type SeatLockRow = {
  id: string;
  status: string;
  subscription_id: string | null;
  order_id: string | null;
  customer_id: string | null;
  email: string | null;
  invitation_token_expires_at: Date | null;
  invitation_delivery: InvitationDelivery;
  organization_id: string;
  billing_customer_id: string;
  seat_based_pricing_enabled: boolean;
  product_id: string;
  product_name: string;
  organization_name: string;
  organization_slug: string;
  billing_customer_label: string;
  billing_customer_email: string;
};

export type LockedSeat = {
  id: string;
  status: string;
  container: ContainerRef;
  customerId: string | null;
  email: string | null;
  invitationTokenExpiresAt: Date | null;
  invitationDelivery: InvitationDelivery;
  organizationId: string;
  billingCustomerId: string;
  seatBasedPricingEnabled: boolean;
  productId: string;
  productName: string;
  organizationName: string;
  organizationSlug: string;
  billingCustomerLabel: string;
  billingCustomerEmail: string;
};

function toLockedSeat(row: SeatLockRow): LockedSeat {
  return {
    id: row.id,
    status: row.status,
    container: row.subscription_id
      ? { kind: "subscription", id: row.subscription_id }
      : { kind: "order", id: row.order_id! },
    customerId: row.customer_id,
    email: row.email,
    invitationTokenExpiresAt: row.invitation_token_expires_at,
    invitationDelivery: row.invitation_delivery,
    organizationId: row.organization_id,
    billingCustomerId: row.billing_customer_id,
    seatBasedPricingEnabled: row.seat_based_pricing_enabled,
    productId: row.product_id,
    productName: row.product_name,
    organizationName: row.organization_name,
    organizationSlug: row.organization_slug,
    billingCustomerLabel: row.billing_customer_label,
    billingCustomerEmail: row.billing_customer_email,
  };
}

const LOCKED_SEAT_COLUMNS = `
  cs.id, cs.status, cs.subscription_id, cs.order_id, cs.customer_id, cs.email,
  cs.invitation_token_expires_at, cs.invitation_delivery,
  COALESCE(s.organization_id, o.organization_id) AS organization_id,
  COALESCE(s.customer_id, o.customer_id) AS billing_customer_id,
  org.seat_based_pricing_enabled, p.id AS product_id, p.name AS product_name,
  org.name AS organization_name, org.slug AS organization_slug,
  COALESCE(bc.name, bc.email) AS billing_customer_label, bc.email AS billing_customer_email`;

const LOCKED_SEAT_JOINS = `
  LEFT JOIN subscriptions s ON s.id = cs.subscription_id
  LEFT JOIN orders o ON o.id = cs.order_id
  JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
  JOIN products p ON p.id = COALESCE(s.product_id, o.product_id)
  JOIN customers bc ON bc.id = COALESCE(s.customer_id, o.customer_id)`;

/**
 * Locks a seat of a container the caller may manage. Another customer's seat is not
 * found at all, so its existence never shows (a 404, not a 403).
 */
export function lockSeatInScope(sql: Sql, seatId: string, scope: ContainerScope) {
  return selectSeatInScope(sql, seatId, scope, true);
}

/** The same seat without a lock: a check before work that must not run inside the transaction. */
export function findSeatInScope(sql: Sql, seatId: string, scope: ContainerScope) {
  return selectSeatInScope(sql, seatId, scope, false);
}

async function selectSeatInScope(sql: Sql, seatId: string, scope: ContainerScope, lock: boolean) {
  const condition =
    "customerId" in scope ? "COALESCE(s.customer_id, o.customer_id) = $2::uuid" : "COALESCE(s.organization_id, o.organization_id) = $2::uuid";
  const rows = await sql.rows<SeatLockRow>(
    `SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
      WHERE cs.id = $1::uuid AND ${condition}
      ${lock ? "FOR UPDATE OF cs" : ""}`,
    [seatId, scopeId(scope)],
  );
  return rows[0] ? toLockedSeat(rows[0]) : null;
}

export async function findSeatByTokenHash(sql: Sql, tokenHash: string, lock: boolean) {
  const rows = await sql.rows<SeatLockRow>(
    `SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
      WHERE cs.invitation_token_hash = $1
      ${lock ? "FOR UPDATE OF cs" : ""}`,
    [tokenHash],
  );
  return rows[0] ? toLockedSeat(rows[0]) : null;
}

// A seat as SeatRow, with its holder's email: `FROM customer_seats cs LEFT JOIN customers h`.
const SEAT_COLUMNS = `
  cs.id, cs.created_at AS "createdAt", cs.modified_at AS "modifiedAt", cs.subscription_id AS "subscriptionId",
  cs.order_id AS "orderId", cs.status, cs.customer_id AS "customerId", cs.email, h.email AS "customerEmail",
  cs.invitation_token_expires_at AS "invitationTokenExpiresAt", cs.assigned_at AS "assignedAt",
  cs.claimed_at AS "claimedAt", cs.revoked_at AS "revokedAt", cs.seat_metadata AS "seatMetadata"`;

/** A seat the caller's transaction has just read or written (so it exists). */
export async function findSeat(sql: Sql, seatId: string): Promise<SeatRow> {
  const rows = await sql.rows<SeatRow>(`SELECT ${SEAT_COLUMNS} FROM customer_seats cs LEFT JOIN customers h ON h.id = cs.customer_id WHERE cs.id = $1::uuid`, [seatId]);
  if (!rows[0]) throw new Error(`Seat ${seatId} is gone from its own transaction.`);
  return rows[0];
}

export async function findCustomerInOrganization(sql: Sql, organizationId: string, by: { id: string } | { externalId: string }) {
  const rows = await sql.rows<{ id: string; email: string }>(
    "id" in by
      ? `SELECT id, email FROM customers WHERE organization_id = $1::uuid AND deleted_at IS NULL AND id = $2::uuid`
      : `SELECT id, email FROM customers WHERE organization_id = $1::uuid AND deleted_at IS NULL AND external_id = $2`,
    [organizationId, "id" in by ? by.id : by.externalId],
  );
  return rows[0] ?? null;
}

/**
 * A customer a billing customer may name by id in the portal: themselves, or someone who
 * holds or held a seat of one of their subscriptions or orders (the seat event log keeps
 * holders a reused row forgot). One statement for "unknown" and "not yours", so neither
 * answer nor timing tells them apart. Driven from the billing customer's own containers
 * (indexed by customer_id) into their seats and events (indexed by container).
 */
export async function findCustomerKnownTo(sql: Sql, organizationId: string, by: { id: string } | { externalId: string }, billingCustomerId: string) {
  const rows = await sql.rows<{ id: string; email: string }>(
    `SELECT c.id, c.email FROM customers c
      WHERE c.organization_id = $1::uuid AND c.deleted_at IS NULL AND ${"id" in by ? "c.id = $2::uuid" : "c.external_id = $2"}
        AND (c.id = $3::uuid
          OR EXISTS (SELECT 1 FROM subscriptions s JOIN customer_seats cs ON cs.subscription_id = s.id WHERE s.customer_id = $3::uuid AND cs.customer_id = c.id)
          OR EXISTS (SELECT 1 FROM orders o JOIN customer_seats cs ON cs.order_id = o.id WHERE o.customer_id = $3::uuid AND cs.customer_id = c.id)
          OR EXISTS (SELECT 1 FROM subscriptions s JOIN seat_events e ON e.subscription_id = s.id WHERE s.customer_id = $3::uuid AND e.customer_id = c.id)
          OR EXISTS (SELECT 1 FROM orders o JOIN seat_events e ON e.order_id = o.id WHERE o.customer_id = $3::uuid AND e.customer_id = c.id))`,
    [organizationId, "id" in by ? by.id : by.externalId, billingCustomerId],
  );
  return rows[0] ?? null;
}

/** The live customer of the organization with this email (any case), never creating one. */
export async function findCustomerByEmail(sql: Sql, organizationId: string, email: string) {
  const rows = await sql.rows<{ id: string; email: string }>(
    `SELECT id, email FROM customers WHERE organization_id = $1::uuid AND email_key = $2 AND deleted_at IS NULL`,
    [organizationId, email.toLowerCase()],
  );
  return rows[0] ?? null;
}

/**
 * The customer of the organization with this email, created when there is none. Two
 * transactions creating the same person meet at the unique index: the second waits for
 * the first, inserts nothing, and reads the row the first committed.
 */
export async function findOrCreateCustomerByEmail(sql: Sql, organizationId: string, email: string) {
  const emailKey = email.toLowerCase();
  const inserted = await sql.rows<{ id: string; email: string }>(
    `INSERT INTO customers (id, organization_id, email, email_key, metadata)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, '{}')
     ON CONFLICT (organization_id, email_key) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id, email`,
    [organizationId, email, emailKey],
  );
  if (inserted[0]) return inserted[0];
  const found = await sql.rows<{ id: string; email: string }>(
    `SELECT id, email FROM customers WHERE organization_id = $1::uuid AND email_key = $2 AND deleted_at IS NULL`,
    [organizationId, emailKey],
  );
  if (!found[0]) throw new Error("The customer the unique index named is not there.");
  return found[0];
}

export type SeatAssignment = {
  status: "pending" | "claimed";
  customerId: string;
  email: string;
  invitationTokenHash: string | null;
  invitationTokenExpiresAt: Date | null;
  claimedAt: Date | null;
  seatMetadata: Record<string, string | number | boolean>;
};

// The seat's own columns as SeatRow names, for RETURNING (its holder's email is the caller's to add).
const SEAT_OWN_COLUMNS = `
  id, created_at AS "createdAt", modified_at AS "modifiedAt", subscription_id AS "subscriptionId", order_id AS "orderId",
  status, customer_id AS "customerId", email, invitation_token_expires_at AS "invitationTokenExpiresAt",
  assigned_at AS "assignedAt", claimed_at AS "claimedAt", revoked_at AS "revokedAt", seat_metadata AS "seatMetadata"`;

/**
 * Writes an assignment into a revoked row of the container, or into a new row, and reads the
 * seat back in the same statement.
 */
export async function writeAssignment(sql: Sql, ref: ContainerRef, reuseSeatId: string | null, assignment: SeatAssignment, now: Date): Promise<SeatRow> {
  const values = [
    assignment.status,
    assignment.customerId,
    assignment.email,
    assignment.invitationTokenHash,
    assignment.invitationTokenExpiresAt,
    assignment.claimedAt,
    JSON.stringify(assignment.seatMetadata),
    now,
  ];
  const rows = reuseSeatId
    ? await sql.rows<Omit<SeatRow, "customerEmail">>(
        `UPDATE customer_seats
            SET status = $1, customer_id = $2::uuid, email = $3, invitation_token_hash = $4,
                invitation_token_expires_at = $5::timestamptz, claimed_at = $6::timestamptz, seat_metadata = $7::jsonb,
                assigned_at = $8::timestamptz, modified_at = $8::timestamptz, revoked_at = NULL, reminded_at = NULL,
                invitation_delivery = 'email', member_id = NULL
          WHERE id = $9::uuid
          RETURNING ${SEAT_OWN_COLUMNS}`,
        [...values, reuseSeatId],
      )
    : await sql.rows<Omit<SeatRow, "customerEmail">>(
        `INSERT INTO customer_seats (id, ${SEAT_COLUMN[ref.kind]}, status, customer_id, email, invitation_token_hash,
                                     invitation_token_expires_at, claimed_at, seat_metadata, assigned_at, created_at)
         VALUES (gen_random_uuid(), $9::uuid, $1, $2::uuid, $3, $4, $5::timestamptz, $6::timestamptz, $7::jsonb, $8::timestamptz, $8::timestamptz)
         RETURNING ${SEAT_OWN_COLUMNS}`,
        [...values, ref.id],
      );
  // The holder is the customer just assigned, whose email the seat carries.
  return { ...rows[0]!, customerEmail: assignment.email };
}

/**
 * A revoked seat forgets its holder, as Polar's does (seat_events remembers). Its link's
 * hash stays, so that the link can say it was revoked; the status makes it unusable.
 */
export async function markSeatRevoked(sql: Sql, seatId: string, now: Date) {
  await sql.rows(
    `UPDATE customer_seats SET status = 'revoked', revoked_at = $2::timestamptz, modified_at = $2::timestamptz, customer_id = NULL, email = NULL, member_id = NULL
      WHERE id = $1::uuid RETURNING id`,
    [seatId, now],
  );
}

/** Claimed: the link is spent (only a pending seat is claimable), and can say so. */
export async function markSeatClaimed(sql: Sql, seatId: string, memberId: string, now: Date) {
  await sql.rows(
    `UPDATE customer_seats SET status = 'claimed', claimed_at = $2::timestamptz, modified_at = $2::timestamptz, member_id = $3::uuid WHERE id = $1::uuid RETURNING id`,
    [seatId, now, memberId],
  );
}

/** A new link for a pending seat; a new invitation earns a new reminder. */
/** How an invitation link left: mailed to the seat's address, or handed to the person who gave it. */
export type InvitationDelivery = "email" | "shared";

export async function replaceInvitation(sql: Sql, seatId: string, invitation: { hash: string; expiresAt: Date }, now: Date, delivery: InvitationDelivery = "email") {
  await sql.rows(
    `UPDATE customer_seats SET invitation_token_hash = $2, invitation_token_expires_at = $3::timestamptz, modified_at = $4::timestamptz, reminded_at = NULL,
                               invitation_delivery = $5
      WHERE id = $1::uuid RETURNING id`,
    [seatId, invitation.hash, invitation.expiresAt, now, delivery],
  );
}

/**
 * The member of the billing customer's team with this email, made a plain member when there
 * is none (Polar's claim does the same). ON CONFLICT on the live-member index: two claims
 * for one person meet there, and both read the one row.
 */
export async function findOrCreateMember(sql: Sql, billingCustomerId: string, email: string, now: Date) {
  const rows = await sql.rows<{ id: string; role: string }>(
    `INSERT INTO members (id, customer_id, email, email_key, role, created_at)
     VALUES (gen_random_uuid(), $1::uuid, $2, lower($2), 'member', $3::timestamptz)
     ON CONFLICT (customer_id, email_key) WHERE deleted_at IS NULL DO UPDATE SET email_key = EXCLUDED.email_key
     RETURNING id, role`,
    [billingCustomerId, email, now],
  );
  return rows[0]!;
}

export async function markEmailVerified(sql: Sql, customerId: string) {
  await sql.rows(`UPDATE customers SET email_verified = true WHERE id = $1::uuid RETURNING id`, [customerId]);
}

export type SeatEventType = "assigned" | "resent" | "reminded" | "link_shared" | "claimed" | "revoked" | "expired";
export type SeatEventActor = { type: "customer" | "organization" | "invitee" | "system"; id: string | null };

export async function insertSeatEvent(
  sql: Sql,
  event: { seatId: string; container: ContainerRef; type: SeatEventType; email: string | null; customerId: string | null; actor: SeatEventActor },
) {
  await sql.rows(
    `INSERT INTO seat_events (id, seat_id, ${SEAT_COLUMN[event.container.kind]}, type, email, customer_id, actor_type, actor_id)
     VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5::uuid, $6, $7) RETURNING id`,
    [event.seatId, event.container.id, event.type, event.email, event.customerId, event.actor.type, event.actor.id],
  );
}

export async function revokeSessionsOfSeat(sql: Sql, seatId: string, now: Date) {
  await sql.rows(`UPDATE customer_sessions SET revoked_at = $2::timestamptz, modified_at = $2::timestamptz WHERE seat_id = $1::uuid AND revoked_at IS NULL RETURNING id`, [seatId, now]);
  // The member sessions and the browser sessions the claim opened end with the seat.
  await sql.rows(`UPDATE member_sessions SET revoked_at = $2::timestamptz, modified_at = $2::timestamptz WHERE seat_id = $1::uuid AND revoked_at IS NULL RETURNING id`, [seatId, now]);
  await sql.rows(`DELETE FROM auth_sessions WHERE seat_id = $1::uuid RETURNING id`, [seatId]);
}

/** A subscription's scalar columns for Prisma's reads (the merchant API); the claimed list below names the same columns in SQL. */
export const SUBSCRIPTION_FIELDS = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  customerId: true,
  productId: true,
  status: true,
  amount: true,
  currency: true,
  recurringInterval: true,
  recurringIntervalCount: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  canceledAt: true,
  startedAt: true,
  endsAt: true,
  endedAt: true,
  trialStart: true,
  trialEnd: true,
  customerCancellationReason: true,
  customerCancellationComment: true,
  seats: true,
} satisfies Prisma.SubscriptionSelect;

// The subscriptions a person holds a claimed seat on: plain SQL on the pool (the page and its
// count in one round trip, the products' prices in a second), as the seat list reads.
// A holder is a customer (their own customer session or email sign-in) or a member of the
// giver's team (the session a claim opened): each sees the seats claimed under its own id.
export type SeatHolder = { customerId: string } | { memberId: string };

const claimedBy = (holder: SeatHolder) => `EXISTS (SELECT 1 FROM customer_seats cs
                            WHERE cs.subscription_id = s.id AND cs.${"memberId" in holder ? "member_id" : "customer_id"} = $1::uuid AND cs.status = 'claimed')`;
const holderId = (holder: SeatHolder) => ("memberId" in holder ? holder.memberId : holder.customerId);

const CLAIMED_SUBSCRIPTION_COLUMNS = `
  s.id, s.created_at AS "createdAt", s.modified_at AS "modifiedAt", s.customer_id AS "customerId",
  s.product_id AS "productId", s.status, s.amount, s.currency, s.recurring_interval AS "recurringInterval",
  s.recurring_interval_count AS "recurringIntervalCount", s.current_period_start AS "currentPeriodStart",
  s.current_period_end AS "currentPeriodEnd", s.cancel_at_period_end AS "cancelAtPeriodEnd",
  s.canceled_at AS "canceledAt", s.started_at AS "startedAt", s.ends_at AS "endsAt", s.ended_at AS "endedAt",
  s.trial_start AS "trialStart", s.trial_end AS "trialEnd",
  -- Why the payer canceled is between the payer and the vendor: a seat holder sees that the
  -- subscription ends (ends_at, cancel_at_period_end), not the payer's reason or remark.
  NULL::text AS "customerCancellationReason",
  NULL::text AS "customerCancellationComment", s.seats,
  p.created_at AS "p_createdAt", p.modified_at AS "p_modifiedAt", p.organization_id AS "p_organizationId",
  p.name AS "p_name", p.description AS "p_description", p.recurring_interval AS "p_recurringInterval",
  p.recurring_interval_count AS "p_recurringIntervalCount", p.is_archived AS "p_isArchived",
  p.visibility AS "p_visibility",
  o.created_at AS "o_createdAt", o.modified_at AS "o_modifiedAt", o.name AS "o_name", o.slug AS "o_slug",
  o.avatar_url AS "o_avatarUrl"`;

type ClaimedSubscriptionSqlRow = Omit<SubscriptionRow, "product"> & {
  p_createdAt: Date;
  p_modifiedAt: Date | null;
  p_organizationId: string;
  p_name: string;
  p_description: string | null;
  p_recurringInterval: string | null;
  p_recurringIntervalCount: number | null;
  p_isArchived: boolean;
  p_visibility: string;
  o_createdAt: Date;
  o_modifiedAt: Date | null;
  o_name: string;
  o_slug: string;
  o_avatarUrl: string | null;
};

function toClaimedSubscriptionRow(row: ClaimedSubscriptionSqlRow, prices: ProductPriceRow[]): SubscriptionRow {
  const { p_createdAt, p_modifiedAt, p_organizationId, p_name, p_description, p_recurringInterval, p_recurringIntervalCount, p_isArchived, p_visibility, o_createdAt, o_modifiedAt, o_name, o_slug, o_avatarUrl, ...subscription } = row;
  const organization: OrganizationRow = { id: p_organizationId, createdAt: o_createdAt, modifiedAt: o_modifiedAt, name: o_name, slug: o_slug, avatarUrl: o_avatarUrl };
  return {
    ...subscription,
    product: {
      id: row.productId,
      createdAt: p_createdAt,
      modifiedAt: p_modifiedAt,
      organizationId: p_organizationId,
      name: p_name,
      description: p_description,
      recurringInterval: p_recurringInterval,
      recurringIntervalCount: p_recurringIntervalCount,
      isArchived: p_isArchived,
      visibility: p_visibility,
      prices: prices.filter((price) => price.productId === row.productId),
      organization,
    },
  };
}

export async function countClaimedSubscriptions(holder: SeatHolder, sql: Sql = poolSql()) {
  const rows = await sql.rows<{ count: number }>(`SELECT count(*)::int AS count FROM subscriptions s WHERE ${claimedBy(holder)}`, [holderId(holder)]);
  return rows[0]!.count;
}

/** Newest first; `window` null for all of them. */
export async function findClaimedSubscriptions(holder: SeatHolder, window: { skip: number; take: number } | null, sql: Sql = poolSql()) {
  const rows = await sql.rows<ClaimedSubscriptionSqlRow>(
    `SELECT ${CLAIMED_SUBSCRIPTION_COLUMNS}
       FROM subscriptions s
       JOIN products p ON p.id = s.product_id
       JOIN organizations o ON o.id = p.organization_id
      WHERE ${claimedBy(holder)}
      ORDER BY s.created_at DESC, s.id DESC
      ${window ? "LIMIT $2 OFFSET $3" : ""}`,
    window ? [holderId(holder), window.take, window.skip] : [holderId(holder)],
  );
  if (!rows.length) return [];
  const prices = await sql.rows<ProductPriceRow>(
    `SELECT id, created_at AS "createdAt", modified_at AS "modifiedAt", product_id AS "productId", amount_type AS "amountType",
            price_currency AS "priceCurrency", seat_tier_type AS "seatTierType", seat_tiers AS "seatTiers", is_archived AS "isArchived"
       FROM product_prices WHERE product_id = ANY($1::uuid[])
      ORDER BY created_at ASC`,
    [[...new Set(rows.map((row) => row.productId))]],
  );
  return rows.map((row) => toClaimedSubscriptionRow(row, prices));
}


type LiveSeatSqlRow = { id: string; subscription_id: string | null; order_id: string | null; email: string | null; customer_id: string | null };

function toLiveSeat(row: LiveSeatSqlRow, organizationId: string) {
  return {
    id: row.id,
    container: (row.subscription_id ? { kind: "subscription", id: row.subscription_id } : { kind: "order", id: row.order_id! }) as ContainerRef,
    email: row.email,
    customerId: row.customer_id,
    organizationId,
  };
}

/** Locks the live seats of a container (to revoke them all). */
export async function lockLiveSeatsOfContainer(sql: Sql, ref: ContainerRef, organizationId: string) {
  const rows = await sql.rows<LiveSeatSqlRow>(
    `SELECT id, subscription_id, order_id, email, customer_id FROM customer_seats
      WHERE ${SEAT_COLUMN[ref.kind]} = $1::uuid AND status IN ('pending', 'claimed')
      ORDER BY created_at, id
      FOR UPDATE`,
    [ref.id],
  );
  return rows.map((row) => toLiveSeat(row, organizationId));
}

/** Locks the live seats a person holds on any container. */
export async function lockLiveSeatsHeldBy(sql: Sql, customerId: string, organizationId: string) {
  const rows = await sql.rows<LiveSeatSqlRow>(
    `SELECT id, subscription_id, order_id, email, customer_id FROM customer_seats
      WHERE customer_id = $1::uuid AND status IN ('pending', 'claimed')
      ORDER BY created_at, id
      FOR UPDATE`,
    [customerId],
  );
  return rows.map((row) => toLiveSeat(row, organizationId));
}

export async function updateSubscriptionSeats(sql: Sql, subscriptionId: string, seats: number, amount: number, now: Date) {
  await sql.rows(`UPDATE subscriptions SET seats = $2::int, amount = $3::int, modified_at = $4::timestamptz WHERE id = $1::uuid RETURNING id`, [subscriptionId, seats, amount, now]);
}

export async function findPriceOfProduct(sql: Sql, productId: string) {
  const rows = await sql.rows<{ seatTiers: unknown; seatTierType: string }>(
    `SELECT seat_tiers AS "seatTiers", seat_tier_type AS "seatTierType" FROM product_prices
      WHERE product_id = $1::uuid AND is_archived = false ORDER BY created_at DESC LIMIT 1`,
    [productId],
  );
  return rows[0] ?? null;
}

/** Ends a subscription at once (Polar's revoke). */
export async function markSubscriptionEnded(sql: Sql, subscriptionId: string, now: Date) {
  await sql.rows(
    `UPDATE subscriptions SET status = 'canceled', canceled_at = $2::timestamptz, ended_at = $2::timestamptz, ends_at = $2::timestamptz,
            cancel_at_period_end = false, modified_at = $2::timestamptz
      WHERE id = $1::uuid RETURNING id`,
    [subscriptionId, now],
  );
}

export async function findContainersOwnedBy(sql: Sql, customerId: string) {
  return Promise.all([
    sql.rows<{ id: string }>(`SELECT id FROM subscriptions WHERE customer_id = $1::uuid AND status NOT IN ('canceled', 'incomplete_expired')`, [customerId]),
    sql.rows<{ id: string }>(`SELECT id FROM orders WHERE customer_id = $1::uuid`, [customerId]),
  ]);
}

export async function markCustomerDeleted(sql: Sql, customerId: string, now: Date) {
  await sql.rows(`UPDATE customers SET deleted_at = $2::timestamptz, modified_at = $2::timestamptz WHERE id = $1::uuid RETURNING id`, [customerId, now]);
}

export async function revokeSessionsOfCustomer(sql: Sql, customerId: string, now: Date) {
  await sql.rows(`UPDATE customer_sessions SET revoked_at = $2::timestamptz, modified_at = $2::timestamptz WHERE customer_id = $1::uuid AND revoked_at IS NULL RETURNING id`, [customerId, now]);
}

/** Pending seats whose link lapses in (now, until] and whose invitation had no reminder. */
export async function lockSeatsDueForReminder(sql: Sql, now: Date, until: Date, limit: number, organizationId?: string) {
  const rows = await sql.rows<SeatLockRow>(
    `SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
      WHERE cs.status = 'pending' AND cs.reminded_at IS NULL AND cs.email IS NOT NULL
        AND cs.invitation_token_expires_at > $1::timestamptz AND cs.invitation_token_expires_at <= $2::timestamptz
        AND org.seat_based_pricing_enabled
        AND ($4::uuid IS NULL OR org.id = $4::uuid)
      ORDER BY cs.invitation_token_expires_at
      LIMIT $3::int
      FOR UPDATE OF cs SKIP LOCKED`,
    [now, until, limit, organizationId ?? null],
  );
  return rows.map(toLockedSeat);
}

/** A reminder carries a new link with the same lapse time. */
export async function markReminded(sql: Sql, seatId: string, tokenHash: string, now: Date) {
  await sql.rows(
    `UPDATE customer_seats SET reminded_at = $3::timestamptz, invitation_token_hash = $2, modified_at = $3::timestamptz, invitation_delivery = 'email'
      WHERE id = $1::uuid RETURNING id`,
    [seatId, tokenHash, now],
  );
}

/** A LIKE pattern matching `text` anywhere, its own % and _ taken literally. */
function containing(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type SeatEventFilterSql = { type?: string; email?: string };

/** The conditions on the events `e` of a container: `$1` the container, `$2` the type, `$3` the email pattern. */
function eventConditions(ref: ContainerRef, filter: SeatEventFilterSql) {
  return {
    where: `e.${SEAT_COLUMN[ref.kind]} = $1::uuid AND ($2::text IS NULL OR e.type = $2) AND ($3::text IS NULL OR lower(e.email) LIKE $3)`,
    values: [ref.id, filter.type ?? null, filter.email ? containing(filter.email) : null],
  };
}

type SeatEventSqlRow = { id: string; created_at: Date; type: string; seat_id: string; email: string | null; actor: string };

export async function findSeatEvents(sql: Sql, ref: ContainerRef, filter: SeatEventFilterSql, window: { skip: number; take: number }): Promise<SeatEventRow[]> {
  const { where, values } = eventConditions(ref, filter);
  const rows = await sql.rows<SeatEventSqlRow>(
    `SELECT e.id, e.created_at, e.type, e.seat_id, e.email,
            CASE e.actor_type
              WHEN 'organization' THEN 'organization'
              WHEN 'system' THEN 'system'
              ELSE COALESCE(a.email, e.actor_type)
            END AS actor
       FROM seat_events e
       LEFT JOIN customers a ON e.actor_type IN ('customer', 'invitee') AND a.id::text = e.actor_id
      WHERE ${where}
      ORDER BY e.created_at DESC, e.id DESC
      OFFSET $4::int LIMIT $5::int`,
    [...values, window.skip, window.take],
  );
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at, type: row.type, seatId: row.seat_id, email: row.email, actor: row.actor }));
}

export async function countSeatEvents(sql: Sql, ref: ContainerRef, filter: SeatEventFilterSql) {
  const { where, values } = eventConditions(ref, filter);
  const rows = await sql.rows<{ count: number }>(`SELECT count(*)::int AS count FROM seat_events e WHERE ${where}`, values);
  return rows[0]!.count;
}

const SEAT_STATUS_CONDITION: Record<NonNullable<SeatListFilter["status"]>, string> = {
  expired: `cs.status = 'pending' AND cs.invitation_token_expires_at <= now()`,
  pending: `cs.status = 'pending' AND cs.invitation_token_expires_at > now()`,
  claimed: `cs.status = 'claimed'`,
  revoked: `cs.status = 'revoked'`,
};

/** The conditions on the seats `cs` of a container: `$1` the container, `$2` the email pattern. */
function seatListConditions(ref: ContainerRef, filter: SeatListFilter) {
  const status = filter.status ? ` AND ${SEAT_STATUS_CONDITION[filter.status]}` : "";
  return {
    where: `cs.${SEAT_COLUMN[ref.kind]} = $1::uuid${status} AND ($2::text IS NULL OR lower(cs.email) LIKE $2)`,
    values: [ref.id, filter.search ? containing(filter.search.toLowerCase()) : null],
  };
}

const SEAT_ORDER: Record<NonNullable<SeatListFilter["sort"]>, string> = {
  oldest: `cs.created_at ASC, cs.id ASC`,
  newest: `cs.created_at DESC, cs.id DESC`,
  email: `lower(cs.email) ASC NULLS LAST, cs.id ASC`,
};

/** One page of a container's seats, searched, filtered and sorted in SQL (for big teams). */
export function findSeatPage(sql: Sql, ref: ContainerRef, filter: SeatListFilter, window: { skip: number; take: number }): Promise<SeatRow[]> {
  const { where, values } = seatListConditions(ref, filter);
  return sql.rows<SeatRow>(
    `SELECT ${SEAT_COLUMNS}
       FROM customer_seats cs LEFT JOIN customers h ON h.id = cs.customer_id
      WHERE ${where}
      ORDER BY ${SEAT_ORDER[filter.sort ?? "oldest"]}
      OFFSET $3::int LIMIT $4::int`,
    [...values, window.skip, window.take],
  );
}

export async function countSeatPage(sql: Sql, ref: ContainerRef, filter: SeatListFilter) {
  const { where, values } = seatListConditions(ref, filter);
  const rows = await sql.rows<{ count: number }>(`SELECT count(*)::int AS count FROM customer_seats cs WHERE ${where}`, values);
  return rows[0]!.count;
}

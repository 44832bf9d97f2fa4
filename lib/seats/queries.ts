import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { timeOrderedId } from "@/lib/time-ordered-id";
import { MEMBER_SELECT, toMemberRow, type MemberRole, type MemberRow } from "@/lib/rows/member";
import type { TeamEventActor, TeamEventRow, TeamEventType } from "./team-events";
import type { ContainerKind, ContainerRef, OrganizationRow, OwnedContainer, ProductPriceRow, SeatCounts, SeatEventRow, SeatListFilter, SeatRow, SubscriptionRow } from "./types";
import { containing } from "@/lib/text-filter";

// The seat rules' reads and writes, each on the `tx` the caller holds (its transaction, or
// the client itself outside one). Typed model calls, except where SQL is needed: a row lock
// (Prisma's query API has none), an ON CONFLICT on a partial unique index, and the two
// measured hot reads (the seat list's JSON and the claimed subscriptions); each says which.

export type { Tx };

/**
 * The seat rules' one kind of transaction: Prisma's interactive transaction, on one
 * connection, committed when `work` returns and rolled back when it throws. Inside it use
 * only `tx` (another connection would wait for this one's locks; on the embedded database,
 * for the whole transaction). maxWait and timeout default to the client's (lib/db.ts).
 */
export function seatTransaction<T>(work: (tx: Tx) => Promise<T>, options?: { isolationLevel?: Prisma.TransactionIsolationLevel; maxWait?: number; timeout?: number }) {
  return db().prisma.$transaction(work, options);
}

/** The client itself, for reads that need no transaction. */
export const client = (): Tx => db().prisma;

/**
 * How the door writes a container's seat list in SQL (its wire format): the expression of
 * one seat (`cs`, its holder `h`), and the list around the aggregated seats and the two
 * counts, which lib/seats computes (the rules of seats stay here, the shape stays there).
 * Fragments of fixed code, never input.
 */
export type SeatsListSql = {
  seat: Prisma.Sql;
  list(seats: Prisma.Sql, availableSeats: Prisma.Sql, totalSeats: Prisma.Sql): Prisma.Sql;
};

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
  /** The organization lets its customers change their seat counts in the portal (Polar's update_seats). */
  customersMayChangeSeats: boolean;
};

/** Who may see a container: its billing customer, or its organization (merchant API). */
export type ContainerScope = { customerId: string } | { organizationId: string };

// Fixed identifiers chosen in code (never from input), for the raw statements.
const TABLE: Record<ContainerKind, Prisma.Sql> = { subscription: Prisma.raw("subscriptions"), order: Prisma.raw("orders") };
const SEAT_COLUMN: Record<ContainerKind, Prisma.Sql> = { subscription: Prisma.raw("subscription_id"), order: Prisma.raw("order_id") };

const LIVE = ["pending", "claimed"];

/** The scope as a model filter on a subscription or an order. */
const scopeWhere = (scope: ContainerScope) => ("customerId" in scope ? { customerId: scope.customerId } : { organizationId: scope.organizationId });

/** The scope as a condition on the container `c` of a raw statement. */
const scopeSql = (scope: ContainerScope) =>
  "customerId" in scope ? Prisma.sql`c.customer_id = ${scope.customerId}::uuid` : Prisma.sql`c.organization_id = ${scope.organizationId}::uuid`;

/** The seats (or events) of a container, as a model filter. */
const ofContainer = (ref: ContainerRef) => (ref.kind === "subscription" ? { subscriptionId: ref.id } : { orderId: ref.id });

const CONTAINER_SELECT = {
  id: true,
  organizationId: true,
  customerId: true,
  seats: true,
  status: true,
  productId: true,
  product: { select: { name: true } },
  organization: { select: { name: true, slug: true, seatBasedPricingEnabled: true, customerPortalUpdateSeats: true } },
  customer: { select: { name: true, email: true } },
} satisfies Prisma.OrderSelect & Prisma.SubscriptionSelect;

function toContainer(kind: ContainerKind, row: Prisma.OrderGetPayload<{ select: typeof CONTAINER_SELECT }>, cancelAtPeriodEnd: boolean): Container {
  return {
    kind,
    id: row.id,
    organizationId: row.organizationId,
    billingCustomerId: row.customerId,
    seats: row.seats ?? 0,
    status: row.status,
    seatBasedPricingEnabled: row.organization.seatBasedPricingEnabled,
    productId: row.productId,
    productName: row.product.name,
    organizationName: row.organization.name,
    organizationSlug: row.organization.slug,
    billingCustomerLabel: row.customer.name ?? row.customer.email,
    cancelAtPeriodEnd,
    customersMayChangeSeats: row.organization.customerPortalUpdateSeats,
  };
}

export async function findContainer(tx: Tx, ref: ContainerRef, scope: ContainerScope): Promise<Container | null> {
  const where = { id: ref.id, ...scopeWhere(scope) };
  if (ref.kind === "subscription") {
    const row = await tx.subscription.findFirst({ where, select: { ...CONTAINER_SELECT, cancelAtPeriodEnd: true } });
    return row && toContainer("subscription", row, row.cancelAtPeriodEnd);
  }
  const row = await tx.order.findFirst({ where, select: CONTAINER_SELECT });
  return row && toContainer("order", row, false);
}

type LockedContainerRow = {
  id: string;
  organization_id: string;
  customer_id: string;
  seats: number | null;
  status: string;
  product_id: string;
  product_name: string;
  organization_name: string;
  organization_slug: string;
  seat_based_pricing_enabled: boolean;
  billing_customer_label: string;
  cancel_at_period_end: boolean;
  customer_portal_update_seats: boolean;
};

/**
 * Locks the container row for the rest of the transaction, and reads what the rules need
 * of it. Every assignment to a container takes this lock before it counts live seats, so
 * two concurrent assigns count one after the other and can never both take the last seat.
 */
export async function lockContainer(tx: Tx, ref: ContainerRef, scope: ContainerScope): Promise<Container | null> {
  const cancelAtPeriodEnd = ref.kind === "subscription" ? Prisma.sql`c.cancel_at_period_end` : Prisma.sql`false`;
  // Raw for the row lock: FOR UPDATE OF c serializes the assigns (and seat-count changes) of one container. The row comes
  // back with its product, organization and billing customer in the same statement: a lock, then a findFirst, held the
  // lock one round trip longer on every assign (issue 22's bench: the writes were the app's largest loss). FOR SHARE OF bc:
  // the team's member changes lock the billing customer (lib/members lockTeam), so an assign to a member and that member's
  // removal take turns, and a removal never misses a seat given meanwhile (tests/seats/members.test.ts).
  const [row] = await tx.$queryRaw<LockedContainerRow[]>`
    SELECT c.id, c.organization_id, c.customer_id, c.seats, c.status, c.product_id, p.name AS product_name,
           o.name AS organization_name, o.slug AS organization_slug, o.seat_based_pricing_enabled, o.customer_portal_update_seats,
           COALESCE(bc.name, bc.email) AS billing_customer_label, ${cancelAtPeriodEnd} AS cancel_at_period_end
      FROM ${TABLE[ref.kind]} c
      JOIN products p ON p.id = c.product_id
      JOIN organizations o ON o.id = c.organization_id
      JOIN customers bc ON bc.id = c.customer_id
     WHERE c.id = ${ref.id}::uuid AND ${scopeSql(scope)}
       FOR UPDATE OF c FOR SHARE OF bc`;
  if (!row) return null;
  return {
    kind: ref.kind,
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
    customersMayChangeSeats: row.customer_portal_update_seats,
  };
}

export type SeatListing = { seatBasedPricingEnabled: boolean; json: string };

/**
 * The container's whole seat list as JSON, written by PostgreSQL in one statement. The
 * door's `wire` gives the shape; the counts are the rules of seats: free = total − pending
 * − claimed. A container outside the scope gives no row.
 */
export async function findSeatListing(ref: ContainerRef, scope: ContainerScope, wire: SeatsListSql): Promise<SeatListing | null> {
  const total = Prisma.sql`COALESCE(c.seats, 0)`;
  const free = Prisma.sql`GREATEST(0, ${total} - count(cs.id) FILTER (WHERE cs.status IN ('pending', 'claimed')))`;
  const seats = Prisma.sql`COALESCE(string_agg(${wire.seat}, ',' ORDER BY cs.created_at, cs.id) FILTER (WHERE cs.id IS NOT NULL), '')`;
  // Raw, a measured hot path: the list is the hottest read (up to 10,000 seats a request); JSON written by PostgreSQL in one
  // statement instead of a row, an object and a string per seat in Node (at 1,000 rows findMany cost 0.63× of the floor with a p99 over 1 s, raw 0.84×).
  const [row] = await db().prisma.$queryRaw<{ enabled: boolean; json: string }[]>`
    SELECT o.seat_based_pricing_enabled AS enabled, ${wire.list(seats, free, total)} AS json
      FROM ${TABLE[ref.kind]} c
      JOIN organizations o ON o.id = c.organization_id
      LEFT JOIN customer_seats cs ON cs.${SEAT_COLUMN[ref.kind]} = c.id
      LEFT JOIN customers h ON h.id = cs.customer_id
      LEFT JOIN members m ON m.id = cs.member_id
     WHERE c.id = ${ref.id}::uuid AND ${scopeSql(scope)}
     GROUP BY c.id, o.id`;
  return row ? { seatBasedPricingEnabled: row.enabled, json: row.json } : null;
}

type StateCounts = { claimed: number; pending: number; expired: number; rows: number };

function toCounts(total: number, row: StateCounts): SeatCounts {
  return { total, claimed: row.claimed, pending: row.pending, expired: row.expired, rows: row.rows, free: Math.max(0, total - row.claimed - row.pending) };
}

/** How the seats of some containers of one kind stand, by container id. */
async function countStatesOf(tx: Tx, kind: ContainerKind, ids: string[]): Promise<Map<string, StateCounts>> {
  const counts = new Map<string, StateCounts>(ids.map((id) => [id, { claimed: 0, pending: 0, expired: 0, rows: 0 }]));
  if (!ids.length) return counts;
  // Raw, a measured hot path: every portal page counts its containers' seats, and FILTER counts every state in one
  // statement instead of two groupBy calls (bench:profile's page case: each Prisma call about 0.5 ms of the app's CPU).
  const rows = await tx.$queryRaw<({ id: string } & StateCounts)[]>`
    SELECT ${SEAT_COLUMN[kind]} AS id, count(*)::int AS rows,
           (count(*) FILTER (WHERE status = 'claimed'))::int AS claimed,
           (count(*) FILTER (WHERE status = 'pending'))::int AS pending,
           (count(*) FILTER (WHERE status = 'pending' AND invitation_token_expires_at <= ${new Date()}::timestamptz))::int AS expired
      FROM customer_seats
     WHERE ${SEAT_COLUMN[kind]} IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
     GROUP BY ${SEAT_COLUMN[kind]}`;
  for (const { id, ...row } of rows) counts.set(id, row);
  return counts;
}

export async function countSeatsByState(tx: Tx, ref: ContainerRef, total: number): Promise<SeatCounts> {
  return toCounts(total, (await countStatesOf(tx, ref.kind, [ref.id])).get(ref.id)!);
}

export async function findOwnedContainers(tx: Tx, customerId: string): Promise<OwnedContainer[]> {
  const select = { id: true, status: true, seats: true, createdAt: true, product: { select: { name: true } } } as const;
  const where = { customerId, seats: { not: null } };
  const subscriptions = await tx.subscription.findMany({ where, select });
  const orders = await tx.order.findMany({ where, select });
  const subscriptionCounts = await countStatesOf(tx, "subscription", subscriptions.map((c) => c.id));
  const orderCounts = await countStatesOf(tx, "order", orders.map((c) => c.id));
  const owned = (kind: ContainerKind, rows: typeof subscriptions, counts: Map<string, StateCounts>): OwnedContainer[] =>
    rows.map((row) => ({ kind, id: row.id, status: row.status, productName: row.product.name, createdAt: row.createdAt, counts: toCounts(row.seats ?? 0, counts.get(row.id)!) }));
  return [...owned("subscription", subscriptions, subscriptionCounts), ...owned("order", orders, orderCounts)].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Whether a customer holds a claimed seat someone gave them. */
export async function holdsClaimedSeat(tx: Tx, customerId: string) {
  return (await tx.customerSeat.findFirst({ where: { customerId, status: "claimed" }, select: { id: true } })) !== null;
}

/**
 * Under the container's lock: its live seats, whether this person holds one of them, and
 * the revoked row an assignment would reuse.
 */
export async function countLiveSeatsAndHolder(tx: Tx, ref: ContainerRef, customerId: string) {
  const column = SEAT_COLUMN[ref.kind];
  // Raw, a measured hot path: every assign runs this under the container's lock. One statement instead of a count and two
  // findFirst (three round trips, each holding the lock while the others wait; issue 22's bench, the writes case).
  const [row] = await tx.$queryRaw<{ live: number; held: boolean; revoked_seat_id: string | null }[]>`
    SELECT count(*)::int AS live,
           COALESCE(bool_or(cs.customer_id = ${customerId}::uuid), false) AS held,
           (SELECT r.id FROM customer_seats r WHERE r.${column} = ${ref.id}::uuid AND r.status = 'revoked' ORDER BY r.revoked_at, r.id LIMIT 1) AS revoked_seat_id
      FROM customer_seats cs
     WHERE cs.${column} = ${ref.id}::uuid AND cs.status IN ('pending', 'claimed')`;
  return { live: row!.live, held: row!.held, revokedSeatId: row!.revoked_seat_id };
}

export function countLiveSeats(tx: Tx, ref: ContainerRef) {
  return tx.customerSeat.count({ where: { ...ofContainer(ref), status: { in: LIVE } } });
}

export function findLiveSeatOfCustomer(tx: Tx, ref: ContainerRef, customerId: string) {
  return tx.customerSeat.findFirst({ where: { ...ofContainer(ref), customerId, status: { in: LIVE } }, select: { id: true } });
}

/** A revoked row to reuse, so that a container's list stays as long as its seat count. */
export function findRevokedSeat(tx: Tx, ref: ContainerRef) {
  return tx.customerSeat.findFirst({ where: { ...ofContainer(ref), status: "revoked" }, orderBy: [{ revokedAt: "asc" }, { id: "asc" }], select: { id: true } });
}

/** How an invitation link left: mailed to the seat's address, or handed to the person who gave it. */
export type InvitationDelivery = "email" | "shared";

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

const SEAT_CONTAINER_SELECT = {
  organizationId: true,
  customerId: true,
  product: { select: { id: true, name: true } },
  organization: { select: { name: true, slug: true, seatBasedPricingEnabled: true } },
  customer: { select: { name: true, email: true } },
} satisfies Prisma.OrderSelect & Prisma.SubscriptionSelect;

const LOCKED_SEAT_SELECT = {
  id: true,
  status: true,
  subscriptionId: true,
  orderId: true,
  customerId: true,
  email: true,
  invitationTokenExpiresAt: true,
  invitationDelivery: true,
  subscription: { select: SEAT_CONTAINER_SELECT },
  order: { select: SEAT_CONTAINER_SELECT },
} satisfies Prisma.CustomerSeatSelect;

function toLockedSeat(row: Prisma.CustomerSeatGetPayload<{ select: typeof LOCKED_SEAT_SELECT }>): LockedSeat {
  const container = (row.subscription ?? row.order)!;
  return {
    id: row.id,
    status: row.status,
    container: row.subscriptionId ? { kind: "subscription", id: row.subscriptionId } : { kind: "order", id: row.orderId! },
    customerId: row.customerId,
    email: row.email,
    invitationTokenExpiresAt: row.invitationTokenExpiresAt,
    invitationDelivery: row.invitationDelivery as InvitationDelivery,
    organizationId: container.organizationId,
    billingCustomerId: container.customerId,
    seatBasedPricingEnabled: container.organization.seatBasedPricingEnabled,
    productId: container.product.id,
    productName: container.product.name,
    organizationName: container.organization.name,
    organizationSlug: container.organization.slug,
    billingCustomerLabel: container.customer.name ?? container.customer.email,
    billingCustomerEmail: container.customer.email,
  };
}

/** A seat whose container the scope may manage, as a model filter. */
const seatInScope = (scope: ContainerScope): Prisma.CustomerSeatWhereInput => ({ OR: [{ subscription: scopeWhere(scope) }, { order: scopeWhere(scope) }] });

async function findLockedSeat(tx: Tx, where: Prisma.CustomerSeatWhereInput) {
  const row = await tx.customerSeat.findFirst({ where, select: LOCKED_SEAT_SELECT });
  return row ? toLockedSeat(row) : null;
}

type LockedSeatRow = {
  id: string;
  status: string;
  subscription_id: string | null;
  order_id: string | null;
  customer_id: string | null;
  email: string | null;
  invitation_token_expires_at: Date | null;
  invitation_delivery: string;
  organization_id: string;
  billing_customer_id: string;
  seat_based_pricing_enabled: boolean;
  product_id: string;
  product_name: string;
  organization_name: string;
  organization_slug: string;
  billing_customer_name: string | null;
  billing_customer_email: string;
};

// What lockSeatWhere reads of a seat, its container and the container's product,
// organization and billing customer (fixed code, never input).
const LOCKED_SEAT_FROM = Prisma.sql`
  SELECT cs.id, cs.status, cs.subscription_id, cs.order_id, cs.customer_id, cs.email, cs.invitation_token_expires_at,
         cs.invitation_delivery, COALESCE(s.organization_id, o.organization_id) AS organization_id,
         COALESCE(s.customer_id, o.customer_id) AS billing_customer_id, org.seat_based_pricing_enabled,
         p.id AS product_id, p.name AS product_name, org.name AS organization_name, org.slug AS organization_slug,
         bc.name AS billing_customer_name, bc.email AS billing_customer_email
    FROM customer_seats cs
    LEFT JOIN subscriptions s ON s.id = cs.subscription_id
    LEFT JOIN orders o ON o.id = cs.order_id
    JOIN products p ON p.id = COALESCE(s.product_id, o.product_id)
    JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
    JOIN customers bc ON bc.id = COALESCE(s.customer_id, o.customer_id)`;

function fromLockedSeatRow(row: LockedSeatRow): LockedSeat {
  return {
    id: row.id,
    status: row.status,
    container: row.subscription_id ? { kind: "subscription", id: row.subscription_id } : { kind: "order", id: row.order_id! },
    customerId: row.customer_id,
    email: row.email,
    invitationTokenExpiresAt: row.invitation_token_expires_at,
    invitationDelivery: row.invitation_delivery as InvitationDelivery,
    organizationId: row.organization_id,
    billingCustomerId: row.billing_customer_id,
    seatBasedPricingEnabled: row.seat_based_pricing_enabled,
    productId: row.product_id,
    productName: row.product_name,
    organizationName: row.organization_name,
    organizationSlug: row.organization_slug,
    billingCustomerLabel: row.billing_customer_name ?? row.billing_customer_email,
    billingCustomerEmail: row.billing_customer_email,
  };
}

/**
 * Locks a seat of a container the caller may manage. Another customer's seat is not
 * found at all, so its existence never shows (a 404, not a 403).
 */
export async function lockSeatInScope(tx: Tx, seatId: string, scope: ContainerScope) {
  const owner = "customerId" in scope ? Prisma.sql`COALESCE(s.customer_id, o.customer_id) = ${scope.customerId}::uuid` : Prisma.sql`COALESCE(s.organization_id, o.organization_id) = ${scope.organizationId}::uuid`;
  // Raw for the row lock: FOR UPDATE OF cs serializes the claim, revoke, resend and share of one seat. The seat comes back
  // with its container's names in the same statement (a lock then a findFirst held it a round trip longer; issue 22's bench).
  const [row] = await tx.$queryRaw<LockedSeatRow[]>`${LOCKED_SEAT_FROM} WHERE cs.id = ${seatId}::uuid AND ${owner} FOR UPDATE OF cs`;
  return row ? fromLockedSeatRow(row) : null;
}

/** The same seat without a lock: a check before work that must not run inside the transaction. */
export function findSeatInScope(tx: Tx, seatId: string, scope: ContainerScope) {
  return findLockedSeat(tx, { id: seatId, ...seatInScope(scope) });
}

export function findSeatByTokenHash(tx: Tx, tokenHash: string) {
  return findLockedSeat(tx, { invitationTokenHash: tokenHash });
}

/** The seat an invitation link names, locked (a claim: two claims of one link take turns). */
export async function lockSeatByTokenHash(tx: Tx, tokenHash: string) {
  // Raw for the row lock: FOR UPDATE OF cs, so two concurrent claims of one link cannot both succeed; read with its container's names, as above.
  const [row] = await tx.$queryRaw<LockedSeatRow[]>`${LOCKED_SEAT_FROM} WHERE cs.invitation_token_hash = ${tokenHash} FOR UPDATE OF cs`;
  return row ? fromLockedSeatRow(row) : null;
}

// A seat as SeatRow: its own columns, its member and its holder's email. A write selects
// the columns only and is handed the member it wrote (the relation was a second statement).
const SEAT_COLUMNS_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  subscriptionId: true,
  orderId: true,
  status: true,
  customerId: true,
  memberId: true,
  email: true,
  invitationTokenExpiresAt: true,
  assignedAt: true,
  claimedAt: true,
  revokedAt: true,
  seatMetadata: true,
} satisfies Prisma.CustomerSeatSelect;

const SEAT_OWN_SELECT = { ...SEAT_COLUMNS_SELECT, member: { select: MEMBER_SELECT } } satisfies Prisma.CustomerSeatSelect;

const SEAT_SELECT = { ...SEAT_OWN_SELECT, customer: { select: { email: true } } } satisfies Prisma.CustomerSeatSelect;

type SeatColumnsPayload = Prisma.CustomerSeatGetPayload<{ select: typeof SEAT_COLUMNS_SELECT }>;
type SeatOwnPayload = Prisma.CustomerSeatGetPayload<{ select: typeof SEAT_OWN_SELECT }>;

function toSeatRow(seat: SeatOwnPayload, customerEmail: string | null): SeatRow {
  return withMember(seat, seat.member ? toMemberRow(seat.member) : null, customerEmail);
}

function withMember(seat: SeatColumnsPayload, member: MemberRow | null, customerEmail: string | null): SeatRow {
  return {
    id: seat.id,
    createdAt: seat.createdAt,
    modifiedAt: seat.modifiedAt,
    subscriptionId: seat.subscriptionId,
    orderId: seat.orderId,
    status: seat.status,
    customerId: seat.customerId,
    memberId: seat.memberId,
    member,
    email: seat.email,
    customerEmail,
    invitationTokenExpiresAt: seat.invitationTokenExpiresAt,
    assignedAt: seat.assignedAt,
    claimedAt: seat.claimedAt,
    revokedAt: seat.revokedAt,
    seatMetadata: seat.seatMetadata as SeatRow["seatMetadata"],
  };
}

/** A seat the caller's transaction has just read or written (so it exists). */
export async function findSeat(tx: Tx, seatId: string): Promise<SeatRow> {
  const seat = await tx.customerSeat.findUnique({ where: { id: seatId }, select: SEAT_SELECT });
  if (!seat) throw new Error(`Seat ${seatId} is gone from its own transaction.`);
  return toSeatRow(seat, seat.customer?.email ?? null);
}

const byIdentifier = (by: { id: string } | { externalId: string }) => ("id" in by ? { id: by.id } : { externalId: by.externalId });

export function findCustomerInOrganization(tx: Tx, organizationId: string, by: { id: string } | { externalId: string }) {
  return tx.customer.findFirst({ where: { organizationId, deletedAt: null, ...byIdentifier(by) }, select: { id: true, email: true } });
}

// Never a customer id: what the events' check looks for when no customer was found.
const NOBODY = "00000000-0000-0000-0000-000000000000";

/**
 * A customer a billing customer may name by id in the portal: themselves, or someone who
 * holds or held a seat of one of their subscriptions or orders (the seat event log keeps
 * holders a reused row forgot). "Unknown" and "not yours" take the same two reads, so
 * neither answer nor timing tells them apart.
 */
export async function findCustomerKnownTo(tx: Tx, organizationId: string, by: { id: string } | { externalId: string }, billingCustomerId: string) {
  const theirs: Prisma.CustomerSeatWhereInput = { OR: [{ subscription: { customerId: billingCustomerId } }, { order: { customerId: billingCustomerId } }] };
  const customer = await tx.customer.findFirst({
    where: { organizationId, deletedAt: null, ...byIdentifier(by) },
    select: { id: true, email: true, seats: { where: theirs, select: { id: true }, take: 1 } },
  });
  // An event's seat stays in the container it was written for, so the seat names the container.
  const event = await tx.seatEvent.findFirst({ where: { customerId: customer?.id ?? NOBODY, seat: theirs }, select: { id: true } });
  if (!customer) return null;
  return customer.id === billingCustomerId || customer.seats.length || event ? { id: customer.id, email: customer.email } : null;
}

/** The live customer of the organization with this email (any case), never creating one. */
export function findCustomerByEmail(tx: Tx, organizationId: string, email: string) {
  return tx.customer.findFirst({ where: { organizationId, emailKey: email.toLowerCase(), deletedAt: null }, select: { id: true, email: true } });
}

/**
 * The customer of the organization with this email, created when there is none. Two
 * transactions creating the same person meet at the unique index: the second waits for
 * the first, inserts nothing, and reads the row the first committed.
 */
export async function findOrCreateCustomerByEmail(tx: Tx, organizationId: string, email: string) {
  const emailKey = email.toLowerCase();
  // Raw for the ON CONFLICT on the partial unique index of live customers (organization_id, email_key) WHERE deleted_at IS NULL:
  // Prisma's upsert cannot name a partial index, and a failed create would abort the caller's transaction.
  const [inserted] = await tx.$queryRaw<{ id: string; email: string }[]>`
    INSERT INTO customers (id, organization_id, email, email_key, metadata)
    VALUES (gen_random_uuid(), ${organizationId}::uuid, ${email}, ${emailKey}, '{}')
    ON CONFLICT (organization_id, email_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id, email`;
  if (inserted) return inserted;
  const found = await findCustomerByEmail(tx, organizationId, email);
  if (!found) throw new Error("The customer the unique index named is not there.");
  return found;
}

export type SeatAssignment = {
  status: "pending" | "claimed";
  customerId: string;
  /** The member of the billing customer's team the seat is for. */
  member: MemberRow;
  email: string;
  invitationTokenHash: string | null;
  invitationTokenExpiresAt: Date | null;
  claimedAt: Date | null;
  seatMetadata: Record<string, string | number | boolean>;
};

/**
 * Writes an assignment into a revoked row of the container, or into a new row, and reads the
 * seat back in the same statement. The live-holder unique index refuses a second live seat
 * of one person (lib/seats/unique-violation.ts).
 */
export async function writeAssignment(tx: Tx, ref: ContainerRef, reuseSeatId: string | null, assignment: SeatAssignment, now: Date): Promise<SeatRow> {
  const data = {
    status: assignment.status,
    customerId: assignment.customerId,
    memberId: assignment.member.id,
    email: assignment.email,
    invitationTokenHash: assignment.invitationTokenHash,
    invitationTokenExpiresAt: assignment.invitationTokenExpiresAt,
    claimedAt: assignment.claimedAt,
    seatMetadata: assignment.seatMetadata,
    assignedAt: now,
  };
  const seat = reuseSeatId
    ? await tx.customerSeat.update({
        where: { id: reuseSeatId },
        data: { ...data, modifiedAt: now, revokedAt: null, remindedAt: null, invitationDelivery: "email" },
        select: SEAT_COLUMNS_SELECT,
      })
    : // A time-ordered id: seats made in the same millisecond (a bulk invite's) keep the order
      // they were made in, which is the list's order ("oldest" sorts by creation, then id).
      await tx.customerSeat.create({ data: { ...data, id: timeOrderedId().id, ...ofContainer(ref), createdAt: now }, select: SEAT_COLUMNS_SELECT });
  // The holder is the customer just assigned, whose email the seat carries.
  return withMember(seat, assignment.member, assignment.email);
}

/**
 * A revoked seat forgets its holder, as Polar's does (seat_events remembers). Its link's
 * hash stays, so that the link can say it was revoked; the status makes it unusable.
 */
export async function markSeatRevoked(tx: Tx, seatId: string, now: Date): Promise<SeatRow> {
  const seat = await tx.customerSeat.update({
    where: { id: seatId },
    data: { status: "revoked", revokedAt: now, modifiedAt: now, customerId: null, email: null, memberId: null },
    select: SEAT_COLUMNS_SELECT,
  });
  // It has no holder (and no member) any more.
  return withMember(seat, null, null);
}

/** Claimed: the link is spent (only a pending seat is claimable), and can say so. */
export async function markSeatClaimed(tx: Tx, seatId: string, memberId: string, now: Date) {
  await tx.customerSeat.update({ where: { id: seatId }, data: { status: "claimed", claimedAt: now, modifiedAt: now, memberId }, select: { id: true } });
}

/** A new link for a pending seat; a new invitation earns a new reminder. */
export async function replaceInvitation(tx: Tx, seatId: string, invitation: { hash: string; expiresAt: Date }, now: Date, delivery: InvitationDelivery = "email") {
  await tx.customerSeat.update({
    where: { id: seatId },
    data: { invitationTokenHash: invitation.hash, invitationTokenExpiresAt: invitation.expiresAt, modifiedAt: now, remindedAt: null, invitationDelivery: delivery },
    select: { id: true },
  });
}

/**
 * The member of the billing customer's team with this email, made a plain member when there
 * is none (Polar's claim does the same). ON CONFLICT on the live-member index: two claims
 * for one person meet there, and both read the one row.
 */
export async function findOrCreateMember(tx: Tx, billingCustomerId: string, email: string, now: Date): Promise<MemberRow> {
  // Raw for the ON CONFLICT on the partial unique index of live members (customer_id, email_key) WHERE deleted_at IS NULL.
  // The whole row comes back: the seat written next carries it (a relation read after the write was one more statement).
  const [member] = await tx.$queryRaw<(Omit<MemberRow, "role"> & { role: string })[]>`
    INSERT INTO members (id, customer_id, email, email_key, role, created_at)
    VALUES (gen_random_uuid(), ${billingCustomerId}::uuid, ${email}, lower(${email}), 'member', ${now}::timestamptz)
    ON CONFLICT (customer_id, email_key) WHERE deleted_at IS NULL DO UPDATE SET email_key = EXCLUDED.email_key
    RETURNING id, created_at AS "createdAt", modified_at AS "modifiedAt", customer_id AS "customerId", email, name, external_id AS "externalId", role`;
  return { ...member!, role: member!.role as MemberRole };
}

/** A live member of the billing customer's team, by id or by the vendor's external id. */
export async function findTeamMember(tx: Tx, billingCustomerId: string, by: { id: string } | { externalId: string }) {
  const member = await tx.member.findFirst({ where: { customerId: billingCustomerId, deletedAt: null, ...by }, select: MEMBER_SELECT });
  return member ? toMemberRow(member) : null;
}

/** Gives a member the vendor's external id (an assign by external_member_id and email that found the member by email). */
export async function linkMemberExternalId(tx: Tx, memberId: string, externalId: string, now: Date) {
  await tx.member.update({ where: { id: memberId }, data: { externalId, modifiedAt: now }, select: { id: true } });
}

/** Marks the customer's email verified, if it is still the address the link was mailed to. */
export async function markEmailVerified(tx: Tx, customerId: string, mailedTo: string) {
  await tx.customer.updateMany({ where: { id: customerId, emailKey: mailedTo.toLowerCase() }, data: { emailVerified: true } });
}

export type SeatEventType = "assigned" | "resent" | "reminded" | "link_shared" | "claimed" | "revoked" | "expired";
export type SeatEventActor = { type: "customer" | "member" | "organization" | "invitee" | "system"; id: string | null };

export async function insertSeatEvent(
  tx: Tx,
  event: { seatId: string; container: ContainerRef; type: SeatEventType; email: string | null; customerId: string | null; actor: SeatEventActor },
) {
  const { subscription, order } = event.container.kind === "subscription" ? { subscription: event.container.id, order: null } : { subscription: null, order: event.container.id };
  // Raw, a measured hot path: every seat write records its event (bench:profile's writes on 2 cores: a model call cost
  // about 0.5 ms more CPU than the same statement raw). The time is the client's, as a model create's: the events of one
  // transaction keep their order.
  await tx.$executeRaw`
    INSERT INTO seat_events (id, created_at, seat_id, subscription_id, order_id, type, email, customer_id, actor_type, actor_id)
    VALUES (gen_random_uuid(), ${new Date()}, ${event.seatId}::uuid, ${subscription}::uuid, ${order}::uuid, ${event.type}, ${event.email},
            ${event.customerId}::uuid, ${event.actor.type}, ${event.actor.id})`;
}

export async function revokeSessionsOfSeat(tx: Tx, seatId: string, now: Date) {
  await tx.customerSession.updateMany({ where: { seatId, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
  // The member sessions and the browser sessions the claim opened end with the seat.
  await tx.memberSession.updateMany({ where: { seatId, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
  await tx.session.deleteMany({ where: { seatId } });
}

// The subscriptions a person holds a claimed seat on. A holder is a customer (their own
// customer session or email sign-in) or a member of the giver's team (the session a claim
// opened): each sees the seats claimed under its own id.
export type SeatHolder = { customerId: string } | { memberId: string };

const claimedByWhere = (holder: SeatHolder): Prisma.SubscriptionWhereInput => ({
  seatRows: { some: { ...("memberId" in holder ? { memberId: holder.memberId } : { customerId: holder.customerId }), status: "claimed" } },
});

/** One subscription its billing customer pays for, read as the claimed ones are (the answer to a seat count change). */
export type OwnedSubscription = { ownerId: string; subscriptionId: string };

const claimedBySql = (holder: SeatHolder | OwnedSubscription) =>
  "ownerId" in holder
    ? Prisma.sql`s.id = ${holder.subscriptionId}::uuid AND s.customer_id = ${holder.ownerId}::uuid`
    : "memberId" in holder
    ? Prisma.sql`EXISTS (SELECT 1 FROM customer_seats cs WHERE cs.subscription_id = s.id AND cs.member_id = ${holder.memberId}::uuid AND cs.status = 'claimed')`
    : Prisma.sql`EXISTS (SELECT 1 FROM customer_seats cs WHERE cs.subscription_id = s.id AND cs.customer_id = ${holder.customerId}::uuid AND cs.status = 'claimed')`;

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
  o_updateSeats: boolean;
};

function toClaimedSubscriptionRow(row: ClaimedSubscriptionSqlRow, prices: ProductPriceRow[]): SubscriptionRow {
  const { p_createdAt, p_modifiedAt, p_organizationId, p_name, p_description, p_recurringInterval, p_recurringIntervalCount, p_isArchived, p_visibility, o_createdAt, o_modifiedAt, o_name, o_slug, o_avatarUrl, o_updateSeats, ...subscription } = row;
  const organization: OrganizationRow = { id: p_organizationId, createdAt: o_createdAt, modifiedAt: o_modifiedAt, name: o_name, slug: o_slug, avatarUrl: o_avatarUrl, customerPortalUpdateSeats: o_updateSeats };
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

export function countClaimedSubscriptions(holder: SeatHolder, tx: Tx = db().prisma) {
  return tx.subscription.count({ where: claimedByWhere(holder) });
}

/** Newest first; `window` null for all of them. */
export async function findClaimedSubscriptions(holder: SeatHolder | OwnedSubscription, window: { skip: number; take: number } | null, tx: Tx = db().prisma) {
  // Raw, a measured hot path: every seat holder's page and API list reads it; the subscription, its product and organization in
  // one flat statement (Prisma's nested select runs one query per relation; raw cost 20–25 % less than findMany here, ENVIRONMENT.md).
  const rows = await tx.$queryRaw<ClaimedSubscriptionSqlRow[]>`
    SELECT s.id, s.created_at AS "createdAt", s.modified_at AS "modifiedAt", s.customer_id AS "customerId",
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
           o.avatar_url AS "o_avatarUrl", o.customer_portal_update_seats AS "o_updateSeats"
      FROM subscriptions s
      JOIN products p ON p.id = s.product_id
      JOIN organizations o ON o.id = p.organization_id
     WHERE ${claimedBySql(holder)}
     ORDER BY s.created_at DESC, s.id DESC
     ${window ? Prisma.sql`LIMIT ${window.take}::int OFFSET ${window.skip}::int` : Prisma.empty}`;
  if (!rows.length) return [];
  const prices = await tx.productPrice.findMany({
    where: { productId: { in: [...new Set(rows.map((row) => row.productId))] } },
    select: { id: true, createdAt: true, modifiedAt: true, productId: true, amountType: true, priceCurrency: true, seatTierType: true, seatTiers: true, isArchived: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => toClaimedSubscriptionRow(row, prices as ProductPriceRow[]));
}

type LiveSeat = { id: string; status: string; container: ContainerRef; email: string | null; customerId: string | null; organizationId: string };

type LiveSeatRow = { id: string; status: string; subscription_id: string | null; order_id: string | null; email: string | null; customer_id: string | null };

function toLiveSeat(row: LiveSeatRow, organizationId: string): LiveSeat {
  return {
    id: row.id,
    status: row.status,
    container: row.subscription_id ? { kind: "subscription", id: row.subscription_id } : { kind: "order", id: row.order_id! },
    email: row.email,
    customerId: row.customer_id,
    organizationId,
  };
}

/** Locks the live seats of a container (to revoke them all). */
export async function lockLiveSeatsOfContainer(tx: Tx, ref: ContainerRef, organizationId: string) {
  // Raw for the row lock: FOR UPDATE on every live seat of the container, so none is claimed or resent while it is revoked.
  const rows = await tx.$queryRaw<LiveSeatRow[]>`
    SELECT id, status, subscription_id, order_id, email, customer_id FROM customer_seats
     WHERE ${SEAT_COLUMN[ref.kind]} = ${ref.id}::uuid AND status IN ('pending', 'claimed')
     ORDER BY created_at, id
       FOR UPDATE`;
  return rows.map((row) => toLiveSeat(row, organizationId));
}

/**
 * Locks the live seats a person holds on any container: as a customer (the seat's holder), or
 * as a member of a team (the seat given to that member).
 */
async function lockLiveSeatsOf(tx: Tx, holder: { customerId: string } | { memberId: string }, organizationId: string) {
  const owned = "memberId" in holder ? Prisma.sql`member_id = ${holder.memberId}::uuid` : Prisma.sql`customer_id = ${holder.customerId}::uuid`;
  // Raw for the row lock: FOR UPDATE on every live seat of the person, so none is claimed or resent while it is revoked.
  const rows = await tx.$queryRaw<LiveSeatRow[]>`
    SELECT id, status, subscription_id, order_id, email, customer_id FROM customer_seats
     WHERE ${owned} AND status IN ('pending', 'claimed')
     ORDER BY created_at, id
       FOR UPDATE`;
  return rows.map((row) => toLiveSeat(row, organizationId));
}

export const lockLiveSeatsHeldBy = (tx: Tx, customerId: string, organizationId: string) => lockLiveSeatsOf(tx, { customerId }, organizationId);

/** A deleted customer's team goes with it (Polar's delete_by_customer): its members, marked deleted, and their sessions. */
export async function markMembersOfCustomerDeleted(tx: Tx, customerId: string, now: Date) {
  const members = await tx.member.findMany({ where: { customerId, deletedAt: null }, select: { id: true } });
  if (!members.length) return [];
  const ids = members.map((m) => m.id);
  await tx.member.updateMany({ where: { id: { in: ids } }, data: { deletedAt: now, modifiedAt: now } });
  await tx.memberSession.updateMany({ where: { memberId: { in: ids }, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
  await tx.session.deleteMany({ where: { memberId: { in: ids } } });
  return (await tx.member.findMany({ where: { id: { in: ids } }, select: MEMBER_SELECT })).map(toMemberRow);
}

export const lockLiveSeatsOfMember = (tx: Tx, memberId: string, organizationId: string) => lockLiveSeatsOf(tx, { memberId }, organizationId);

export async function updateSubscriptionSeats(tx: Tx, subscriptionId: string, seats: number, amount: number, now: Date) {
  await tx.subscription.update({ where: { id: subscriptionId }, data: { seats, amount, modifiedAt: now }, select: { id: true } });
}

export function findPriceOfProduct(tx: Tx, productId: string) {
  return tx.productPrice.findFirst({ where: { productId, isArchived: false }, orderBy: { createdAt: "desc" }, select: { seatTiers: true, seatTierType: true, priceCurrency: true } });
}

/** Ends a subscription at once (Polar's revoke). */
export async function markSubscriptionEnded(tx: Tx, subscriptionId: string, now: Date) {
  await tx.subscription.update({
    where: { id: subscriptionId },
    data: { status: "canceled", canceledAt: now, endedAt: now, endsAt: now, cancelAtPeriodEnd: false, modifiedAt: now },
    select: { id: true },
  });
}

export async function findContainersOwnedBy(tx: Tx, customerId: string) {
  const subscriptions = await tx.subscription.findMany({ where: { customerId, status: { notIn: ["canceled", "incomplete_expired"] } }, select: { id: true } });
  const orders = await tx.order.findMany({ where: { customerId }, select: { id: true } });
  return [subscriptions, orders] as const;
}

export async function markCustomerDeleted(tx: Tx, customerId: string, now: Date) {
  await tx.customer.update({ where: { id: customerId }, data: { deletedAt: now, modifiedAt: now }, select: { id: true } });
}

export async function revokeSessionsOfCustomer(tx: Tx, customerId: string, now: Date) {
  await tx.customerSession.updateMany({ where: { customerId, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
}

/** Pending seats whose link lapses in (now, until] and whose invitation had no reminder. */
export async function lockSeatsDueForReminder(tx: Tx, now: Date, until: Date, limit: number, organizationId?: string) {
  // Raw for the row lock: FOR UPDATE SKIP LOCKED, so two runs of the job never remind one invitee twice.
  const due = await tx.$queryRaw<{ id: string }[]>`
    SELECT cs.id FROM customer_seats cs
      LEFT JOIN subscriptions s ON s.id = cs.subscription_id
      LEFT JOIN orders o ON o.id = cs.order_id
      JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
     WHERE cs.status = 'pending' AND cs.reminded_at IS NULL AND cs.email IS NOT NULL
       AND cs.invitation_token_expires_at > ${now}::timestamptz AND cs.invitation_token_expires_at <= ${until}::timestamptz
       AND org.seat_based_pricing_enabled
       AND (${organizationId ?? null}::uuid IS NULL OR org.id = ${organizationId ?? null}::uuid)
     ORDER BY cs.invitation_token_expires_at
     LIMIT ${limit}::int
       FOR UPDATE OF cs SKIP LOCKED`;
  if (!due.length) return [];
  const rows = await tx.customerSeat.findMany({
    where: { id: { in: due.map((row) => row.id) } },
    select: LOCKED_SEAT_SELECT,
    orderBy: [{ invitationTokenExpiresAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toLockedSeat);
}

/** A reminder carries a new link with the same lapse time. */
export async function markReminded(tx: Tx, seatId: string, tokenHash: string, now: Date) {
  await tx.customerSeat.update({
    where: { id: seatId },
    data: { remindedAt: now, invitationTokenHash: tokenHash, modifiedAt: now, invitationDelivery: "email" },
    select: { id: true },
  });
}

type SeatEventFilter = { type?: string; email?: string };

function eventWhere(ref: ContainerRef, filter: SeatEventFilter): Prisma.SeatEventWhereInput {
  return { ...ofContainer(ref), ...(filter.type ? { type: filter.type } : {}), ...(filter.email ? { email: containing(filter.email) } : {}) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findSeatEvents(tx: Tx, ref: ContainerRef, filter: SeatEventFilter, window: { skip: number; take: number }): Promise<SeatEventRow[]> {
  const events = await tx.seatEvent.findMany({
    where: eventWhere(ref, filter),
    select: { id: true, createdAt: true, type: true, seatId: true, email: true, actorType: true, actorId: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: window.skip,
    take: window.take,
  });
  // A person acted as a customer or as an invitee: the event names them by their email.
  const people = [...new Set(events.filter((e) => (e.actorType === "customer" || e.actorType === "invitee") && e.actorId && UUID.test(e.actorId)).map((e) => e.actorId!))];
  const emails = new Map(
    people.length ? (await tx.customer.findMany({ where: { id: { in: people } }, select: { id: true, email: true } })).map((c) => [c.id, c.email]) : [],
  );
  // A team's billing manager acted as a member: named by the member's address.
  const admins = [...new Set(events.filter((e) => e.actorType === "member" && e.actorId && UUID.test(e.actorId)).map((e) => e.actorId!))];
  if (admins.length) for (const m of await tx.member.findMany({ where: { id: { in: admins } }, select: { id: true, email: true } })) emails.set(m.id, m.email);
  return events.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    type: e.type,
    seatId: e.seatId,
    email: e.email,
    actor:
      e.actorType === "organization" || e.actorType === "system"
        ? e.actorType
        : ((e.actorType === "customer" || e.actorType === "invitee" || e.actorType === "member") && e.actorId ? emails.get(e.actorId.toLowerCase()) : undefined) ?? e.actorType,
  }));
}

export function countSeatEvents(tx: Tx, ref: ContainerRef, filter: SeatEventFilter) {
  return tx.seatEvent.count({ where: eventWhere(ref, filter) });
}

function seatStatusWhere(status: SeatListFilter["status"], now: Date): Prisma.CustomerSeatWhereInput {
  switch (status) {
    case "expired":
      return { status: "pending", invitationTokenExpiresAt: { lte: now } };
    case "pending":
      return { status: "pending", invitationTokenExpiresAt: { gt: now } };
    case "claimed":
    case "revoked":
      return { status };
    default:
      return {};
  }
}

/** A seat search with the seats whose metadata matched it already found (findSeatsByMetadata). */
export type SeatSearch = SeatListFilter & { metadataSeatIds?: string[] };

// A search matches this many seats by metadata at most (a container's seats are far fewer).
const METADATA_MATCH_LIMIT = 20_000;

/**
 * The seats of a container with a metadata value (team, role, whatever the vendor sent)
 * containing the search. Raw: Prisma's JSON filters need the key's path, and the keys are
 * the vendor's own.
 */
export async function findSeatsByMetadata(tx: Tx, ref: ContainerRef, search: string): Promise<string[]> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT cs.id FROM customer_seats cs
     WHERE cs.${SEAT_COLUMN[ref.kind]} = ${ref.id}::uuid
       AND jsonb_typeof(cs.seat_metadata) = 'object'
       AND EXISTS (SELECT 1 FROM jsonb_each_text(cs.seat_metadata) m WHERE m.value ILIKE ${pattern})
     LIMIT ${METADATA_MATCH_LIMIT}`;
  return rows.map((row) => row.id);
}

function seatListWhere(ref: ContainerRef, filter: SeatSearch): Prisma.CustomerSeatWhereInput {
  // A revoked row has forgotten its holder (as Polar's does); its history has not, and a
  // search for that person finds the row too; so does a search for a value of its metadata.
  const search: Prisma.CustomerSeatWhereInput = filter.search
    ? {
        OR: [
          { email: containing(filter.search) },
          { status: "revoked", events: { some: { type: "revoked", email: containing(filter.search) } } },
          ...(filter.metadataSeatIds?.length ? [{ id: { in: filter.metadataSeatIds } }] : []),
        ],
      }
    : {};
  return { ...ofContainer(ref), ...seatStatusWhere(filter.status, new Date()), ...search };
}

const SEAT_ORDER: Record<NonNullable<SeatListFilter["sort"]>, Prisma.CustomerSeatOrderByWithRelationInput[]> = {
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  // By the holder's lower-cased address (a live seat's email is its holder's); seats without one last.
  email: [{ customer: { emailKey: "asc" } }, { id: "asc" }],
};

/** A seat as the portal lists it: who held it or was invited to it last, when it is revoked. */
export type ListedSeat = SeatRow & { formerEmail: string | null };

/** One page of a container's seats, searched, filtered and sorted in the database (for big teams). */
export async function findSeatPage(tx: Tx, ref: ContainerRef, filter: SeatSearch, window: { skip: number; take: number }): Promise<ListedSeat[]> {
  const seats = await tx.customerSeat.findMany({
    where: seatListWhere(ref, filter),
    select: SEAT_SELECT,
    orderBy: SEAT_ORDER[filter.sort ?? "oldest"],
    skip: window.skip,
    take: window.take,
  });
  const revoked = seats.filter((seat) => seat.status === "revoked").map((seat) => seat.id);
  // The person of each revoked row, from its last revoke event; read only when the page has one.
  const former = new Map<string, string | null>();
  if (revoked.length) {
    const events = await tx.seatEvent.findMany({ where: { seatId: { in: revoked }, type: "revoked" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { seatId: true, email: true } });
    for (const event of events) if (!former.has(event.seatId)) former.set(event.seatId, event.email);
  }
  return seats.map((seat) => ({ ...toSeatRow(seat, seat.customer?.email ?? null), formerEmail: former.get(seat.id) ?? null }));
}

export function countSeatPage(tx: Tx, ref: ContainerRef, filter: SeatSearch) {
  return tx.customerSeat.count({ where: seatListWhere(ref, filter) });
}

/** An organization's default language (its portal's, and its emails' to people whose own is not known). */
export async function findOrganizationLocale(tx: Tx, slug: string): Promise<string | null> {
  const organization = await tx.organization.findUnique({ where: { slug }, select: { defaultLocale: true } });
  return organization?.defaultLocale ?? null;
}

// The team's activity (lib/seats/team-events.ts).

/** Who asked, by the address the team's activity names them with. */
export async function findActorEmails(tx: Tx, ids: { memberId?: string; customerId?: string }) {
  if (ids.memberId) return (await tx.member.findUnique({ where: { id: ids.memberId }, select: { email: true } }))?.email ?? null;
  if (ids.customerId) return (await tx.customer.findUnique({ where: { id: ids.customerId }, select: { email: true } }))?.email ?? null;
  return null;
}

/** Whether the organization lets a team's admins change seat counts in the portal. */
export async function recordTeamEvent(
  tx: Tx,
  event: { customerId: string; type: TeamEventType; memberId?: string | null; email?: string | null; detail?: Prisma.InputJsonObject; actor: TeamEventActor; now: Date },
) {
  await tx.teamEvent.create({
    data: {
      customerId: event.customerId,
      type: event.type,
      memberId: event.memberId ?? null,
      email: event.email ?? null,
      detail: event.detail ?? {},
      actorType: event.actor.type,
      actorId: event.actor.id,
      actorLabel: event.actor.label,
      createdAt: event.now,
    },
    select: { id: true },
  });
}

/** The team's activity, newest first. */
export async function findTeamEvents(tx: Tx, customerId: string, window: { skip: number; take: number }) {
  const [rows, total] = await Promise.all([
    tx.teamEvent.findMany({
      where: { customerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: window.skip,
      take: window.take,
      select: { id: true, createdAt: true, type: true, email: true, detail: true, actorType: true, actorLabel: true },
    }),
    tx.teamEvent.count({ where: { customerId } }),
  ]);
  const events: TeamEventRow[] = rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    type: row.type as TeamEventType,
    email: row.email,
    detail: (row.detail ?? {}) as Record<string, unknown>,
    actor: row.actorLabel ?? row.actorType,
  }));
  return { events, total };
}

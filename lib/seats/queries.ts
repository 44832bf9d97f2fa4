import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import type { ContainerKind, ContainerRef, OrganizationRow, OwnedContainer, ProductPriceRow, SeatCounts, SeatListEntry, SeatEventRow, SeatListFilter, SeatRow, SeatTier, SubscriptionRow } from "./types";

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

const TABLE: Record<ContainerKind, Prisma.Sql> = {
  subscription: Prisma.raw("subscriptions"),
  order: Prisma.raw("orders"),
};

function scopeCondition(scope: ContainerScope) {
  return "customerId" in scope
    ? Prisma.sql`c.customer_id = ${scope.customerId}::uuid`
    : Prisma.sql`c.organization_id = ${scope.organizationId}::uuid`;
}

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

async function selectContainer(tx: Tx, ref: ContainerRef, scope: ContainerScope, lock: boolean) {
  const rows = await tx.$queryRaw<ContainerSqlRow[]>`
    SELECT c.id, c.organization_id, c.customer_id, c.seats, c.status, c.product_id,
           p.name AS product_name, o.seat_based_pricing_enabled,
           o.name AS organization_name, o.slug AS organization_slug,
           COALESCE(bc.name, bc.email) AS billing_customer_label,
           ${ref.kind === "subscription" ? Prisma.sql`c.cancel_at_period_end` : Prisma.sql`false`} AS cancel_at_period_end
      FROM ${TABLE[ref.kind]} c
      JOIN products p ON p.id = c.product_id
      JOIN organizations o ON o.id = c.organization_id
      JOIN customers bc ON bc.id = c.customer_id
     WHERE c.id = ${ref.id}::uuid AND ${scopeCondition(scope)}
     ${lock ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty}`;
  return rows[0] ? toContainer(ref.kind, rows[0]) : null;
}

export function findContainer(tx: Tx, ref: ContainerRef, scope: ContainerScope) {
  return selectContainer(tx, ref, scope, false);
}

/**
 * Locks the container row for the rest of the transaction. Every assignment to a
 * container takes this lock before it counts live seats, so two concurrent assigns
 * count one after the other and can never both take the last seat.
 */
export function lockContainer(tx: Tx, ref: ContainerRef, scope: ContainerScope) {
  return selectContainer(tx, ref, scope, true);
}

function containerWhere(ref: ContainerRef) {
  return ref.kind === "subscription" ? { subscriptionId: ref.id } : { orderId: ref.id };
}

const ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_UTC})`;

// The container and every seat with its holder's email, in one round trip through the pool
// (no Prisma mapping: see SeatListEntry). A container outside the scope gives no row; one
// without seats gives a single row of NULL seat columns.
const LISTING_SQL = {
  subscription: { table: "subscriptions", column: "subscription_id" },
  order: { table: "orders", column: "order_id" },
} as const;

function listingSql(kind: ContainerKind, scope: ContainerScope) {
  const { table, column } = LISTING_SQL[kind];
  const scopeColumn = "customerId" in scope ? "customer_id" : "organization_id";
  return `
    SELECT c.seats AS total, o.seat_based_pricing_enabled AS enabled,
           cs.id, ${isoText("cs.created_at")} AS "createdAt", ${isoText("cs.modified_at")} AS "modifiedAt",
           cs.subscription_id AS "subscriptionId", cs.order_id AS "orderId", cs.status,
           cs.customer_id AS "customerId", cs.email, h.email AS "customerEmail",
           ${isoText("cs.invitation_token_expires_at")} AS "invitationTokenExpiresAt",
           ${isoText("cs.claimed_at")} AS "claimedAt", ${isoText("cs.revoked_at")} AS "revokedAt",
           cs.seat_metadata::text AS "seatMetadata"
      FROM ${table} c
      JOIN organizations o ON o.id = c.organization_id
      LEFT JOIN customer_seats cs ON cs.${column} = c.id
      LEFT JOIN customers h ON h.id = cs.customer_id
     WHERE c.id = $1 AND c.${scopeColumn} = $2
     ORDER BY cs.created_at, cs.id`;
}

type ListingSqlRow = SeatListEntry & { total: number | null; enabled: boolean };

export type SeatListing = { totalSeats: number; seatBasedPricingEnabled: boolean; seats: SeatListEntry[] };

export async function findSeatListing(ref: ContainerRef, scope: ContainerScope): Promise<SeatListing | null> {
  const scopeId = "customerId" in scope ? scope.customerId : scope.organizationId;
  const { rows } = await db().pool.query<ListingSqlRow>(listingSql(ref.kind, scope), [ref.id, scopeId]);
  const first = rows[0];
  if (!first) return null;
  // The rows are the entries (their two container columns ride along unread).
  return { totalSeats: first.total ?? 0, seatBasedPricingEnabled: first.enabled, seats: first.id === null ? [] : rows };
}

type CountsSqlRow = { claimed: number; pending: number; expired: number; rows: number };

const COUNT_COLUMNS = Prisma.sql`
  count(*) FILTER (WHERE cs.status = 'claimed')::int AS claimed,
  count(*) FILTER (WHERE cs.status = 'pending')::int AS pending,
  count(*) FILTER (WHERE cs.status = 'pending' AND cs.invitation_token_expires_at <= now())::int AS expired,
  count(cs.id)::int AS rows`;

function toCounts(total: number, row: CountsSqlRow): SeatCounts {
  return { total, ...row, free: Math.max(0, total - row.claimed - row.pending) };
}

export async function countSeatsByState(tx: Tx, ref: ContainerRef, total: number): Promise<SeatCounts> {
  const column = ref.kind === "subscription" ? Prisma.raw("subscription_id") : Prisma.raw("order_id");
  const rows = await tx.$queryRaw<CountsSqlRow[]>`
    SELECT ${COUNT_COLUMNS} FROM customer_seats cs WHERE cs.${column} = ${ref.id}::uuid`;
  return toCounts(total, rows[0]!);
}

type OwnedSqlRow = CountsSqlRow & { kind: ContainerKind; id: string; status: string; seats: number; product_name: string; created_at: Date };

export async function findOwnedContainers(tx: Tx, customerId: string): Promise<OwnedContainer[]> {
  const rows = await tx.$queryRaw<OwnedSqlRow[]>`
    SELECT 'subscription' AS kind, c.id, c.status, c.seats, p.name AS product_name, c.created_at, ${COUNT_COLUMNS}
      FROM subscriptions c JOIN products p ON p.id = c.product_id
      LEFT JOIN customer_seats cs ON cs.subscription_id = c.id
     WHERE c.customer_id = ${customerId}::uuid AND c.seats IS NOT NULL
     GROUP BY c.id, p.name
    UNION ALL
    SELECT 'order' AS kind, c.id, c.status, c.seats, p.name AS product_name, c.created_at, ${COUNT_COLUMNS}
      FROM orders c JOIN products p ON p.id = c.product_id
      LEFT JOIN customer_seats cs ON cs.order_id = c.id
     WHERE c.customer_id = ${customerId}::uuid AND c.seats IS NOT NULL
     GROUP BY c.id, p.name
     ORDER BY created_at DESC`;
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    status: row.status,
    productName: row.product_name,
    createdAt: row.created_at,
    counts: toCounts(row.seats, row),
  }));
}

/** The live seats of a container, and whether this person holds one of them (one scan). */
export async function countLiveSeatsAndHolder(tx: Tx, ref: ContainerRef, customerId: string) {
  const column = ref.kind === "subscription" ? Prisma.raw("subscription_id") : Prisma.raw("order_id");
  const rows = await tx.$queryRaw<{ live: number; held: boolean }[]>`
    SELECT count(*)::int AS live, COALESCE(bool_or(customer_id = ${customerId}::uuid), false) AS held
      FROM customer_seats WHERE ${column} = ${ref.id}::uuid AND status IN ('pending', 'claimed')`;
  return rows[0]!;
}

export function countLiveSeats(tx: Tx, ref: ContainerRef) {
  return tx.customerSeat.count({ where: { ...containerWhere(ref), status: { in: ["pending", "claimed"] } } });
}

export function findLiveSeatOfCustomer(tx: Tx, ref: ContainerRef, customerId: string) {
  return tx.customerSeat.findFirst({
    where: { ...containerWhere(ref), customerId, status: { in: ["pending", "claimed"] } },
    select: { id: true },
  });
}

/** A revoked row to reuse, so that a container's list stays as long as its seat count. */
export function findRevokedSeat(tx: Tx, ref: ContainerRef) {
  return tx.customerSeat.findFirst({
    where: { ...containerWhere(ref), status: "revoked" },
    select: { id: true },
    orderBy: [{ revokedAt: "asc" }, { id: "asc" }],
  });
}

type SeatLockRow = {
  id: string;
  status: string;
  subscription_id: string | null;
  order_id: string | null;
  customer_id: string | null;
  email: string | null;
  invitation_token_expires_at: Date | null;
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

const LOCKED_SEAT_COLUMNS = Prisma.sql`
  cs.id, cs.status, cs.subscription_id, cs.order_id, cs.customer_id, cs.email,
  cs.invitation_token_expires_at,
  COALESCE(s.organization_id, o.organization_id) AS organization_id,
  COALESCE(s.customer_id, o.customer_id) AS billing_customer_id,
  org.seat_based_pricing_enabled, p.id AS product_id, p.name AS product_name,
  org.name AS organization_name, org.slug AS organization_slug,
  COALESCE(bc.name, bc.email) AS billing_customer_label, bc.email AS billing_customer_email`;

const LOCKED_SEAT_JOINS = Prisma.sql`
  LEFT JOIN subscriptions s ON s.id = cs.subscription_id
  LEFT JOIN orders o ON o.id = cs.order_id
  JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
  JOIN products p ON p.id = COALESCE(s.product_id, o.product_id)
  JOIN customers bc ON bc.id = COALESCE(s.customer_id, o.customer_id)`;

/**
 * Locks a seat of a container the caller may manage. Another customer's seat is not
 * found at all, so its existence never shows (a 404, not a 403).
 */
export function lockSeatInScope(tx: Tx, seatId: string, scope: ContainerScope) {
  return selectSeatInScope(tx, seatId, scope, true);
}

/** The same seat without a lock: a check before work that must not run inside the transaction. */
export function findSeatInScope(tx: Tx, seatId: string, scope: ContainerScope) {
  return selectSeatInScope(tx, seatId, scope, false);
}

async function selectSeatInScope(tx: Tx, seatId: string, scope: ContainerScope, lock: boolean) {
  const condition =
    "customerId" in scope
      ? Prisma.sql`COALESCE(s.customer_id, o.customer_id) = ${scope.customerId}::uuid`
      : Prisma.sql`COALESCE(s.organization_id, o.organization_id) = ${scope.organizationId}::uuid`;
  const rows = await tx.$queryRaw<SeatLockRow[]>`
    SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
     WHERE cs.id = ${seatId}::uuid AND ${condition}
     ${lock ? Prisma.sql`FOR UPDATE OF cs` : Prisma.empty}`;
  return rows[0] ? toLockedSeat(rows[0]) : null;
}

export async function findSeatByTokenHash(tx: Tx, tokenHash: string, lock: boolean) {
  const rows = await tx.$queryRaw<SeatLockRow[]>`
    SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
     WHERE cs.invitation_token_hash = ${tokenHash}
     ${lock ? Prisma.sql`FOR UPDATE OF cs` : Prisma.empty}`;
  return rows[0] ? toLockedSeat(rows[0]) : null;
}

/** A seat the caller's transaction has just read or written (so it exists). */
export async function findSeat(tx: Tx, seatId: string): Promise<SeatRow> {
  const rows = await tx.$queryRaw<SeatRow[]>`
    SELECT ${SEAT_COLUMNS} FROM customer_seats cs LEFT JOIN customers h ON h.id = cs.customer_id WHERE cs.id = ${seatId}::uuid`;
  if (!rows[0]) throw new Error(`Seat ${seatId} is gone from its own transaction.`);
  return rows[0];
}

export function findCustomerInOrganization(tx: Tx, organizationId: string, by: { id: string } | { externalId: string }) {
  return tx.customer.findFirst({
    where: { organizationId, deletedAt: null, ...("id" in by ? { id: by.id } : { externalId: by.externalId }) },
    select: { id: true, email: true },
  });
}

/**
 * The customer of the organization with this email, created when there is none. Two
 * transactions creating the same person meet at the unique index: the second waits for
 * the first, inserts nothing, and reads the row the first committed.
 */
export async function findOrCreateCustomerByEmail(tx: Tx, organizationId: string, email: string) {
  const emailKey = email.toLowerCase();
  const inserted = await tx.$queryRaw<{ id: string; email: string }[]>`
    INSERT INTO customers (id, organization_id, email, email_key, metadata)
    VALUES (gen_random_uuid(), ${organizationId}::uuid, ${email}, ${emailKey}, '{}')
    ON CONFLICT (organization_id, email_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id, email`;
  if (inserted[0]) return inserted[0];
  return tx.customer.findFirstOrThrow({
    where: { organizationId, emailKey, deletedAt: null },
    select: { id: true, email: true },
  });
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

/** Writes an assignment into a revoked row of the container, or into a new row. */
export async function writeAssignment(tx: Tx, ref: ContainerRef, reuseSeatId: string | null, assignment: SeatAssignment, now: Date) {
  const data = { ...assignment, assignedAt: now, revokedAt: null, remindedAt: null };
  const { id } = reuseSeatId
    ? await tx.customerSeat.update({ where: { id: reuseSeatId }, data: { ...data, modifiedAt: now }, select: { id: true } })
    : await tx.customerSeat.create({ data: { ...data, ...containerWhere(ref), createdAt: now }, select: { id: true } });
  return id;
}

/**
 * A revoked seat forgets its holder, as Polar's does (seat_events remembers). Its link's
 * hash stays, so that the link can say it was revoked; the status makes it unusable.
 */
export function markSeatRevoked(tx: Tx, seatId: string, now: Date) {
  return tx.customerSeat.update({
    where: { id: seatId },
    data: { status: "revoked", revokedAt: now, modifiedAt: now, customerId: null, email: null },
    select: { id: true },
  });
}

/** Claimed: the link is spent (only a pending seat is claimable), and can say so. */
export function markSeatClaimed(tx: Tx, seatId: string, now: Date) {
  return tx.customerSeat.update({
    where: { id: seatId },
    data: { status: "claimed", claimedAt: now, modifiedAt: now },
    select: { id: true },
  });
}

/** A new link for a pending seat; a new invitation earns a new reminder. */
export function replaceInvitation(tx: Tx, seatId: string, invitation: { hash: string; expiresAt: Date }, now: Date) {
  return tx.customerSeat.update({
    where: { id: seatId },
    data: { invitationTokenHash: invitation.hash, invitationTokenExpiresAt: invitation.expiresAt, modifiedAt: now, remindedAt: null },
    select: { id: true },
  });
}

export function markEmailVerified(tx: Tx, customerId: string) {
  return tx.customer.update({ where: { id: customerId }, data: { emailVerified: true }, select: { id: true } });
}

export type SeatEventType = "assigned" | "resent" | "reminded" | "link_shared" | "claimed" | "revoked" | "expired";
export type SeatEventActor = { type: "customer" | "organization" | "invitee" | "system"; id: string | null };

export function insertSeatEvent(
  tx: Tx,
  event: { seatId: string; container: ContainerRef; type: SeatEventType; email: string | null; customerId: string | null; actor: SeatEventActor },
) {
  return tx.seatEvent.create({
    data: {
      seatId: event.seatId,
      ...containerWhere(event.container),
      type: event.type,
      email: event.email,
      customerId: event.customerId,
      actorType: event.actor.type,
      actorId: event.actor.id,
    },
    select: { id: true },
  });
}

export function revokeSessionsOfSeat(tx: Tx, seatId: string, now: Date) {
  return tx.customerSession.updateMany({
    where: { seatId, revokedAt: null },
    data: { revokedAt: now, modifiedAt: now },
  });
}

const ORGANIZATION_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  name: true,
  slug: true,
  avatarUrl: true,
} satisfies Prisma.OrganizationSelect;

const PRODUCT_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  organizationId: true,
  name: true,
  description: true,
  recurringInterval: true,
  recurringIntervalCount: true,
  isArchived: true,
  visibility: true,
  prices: {
    select: {
      id: true,
      createdAt: true,
      modifiedAt: true,
      productId: true,
      amountType: true,
      priceCurrency: true,
      seatTierType: true,
      seatTiers: true,
      isArchived: true,
    },
    orderBy: { createdAt: "asc" },
  },
  organization: { select: ORGANIZATION_SELECT },
} satisfies Prisma.ProductSelect;

/** The scalar columns every subscription serializer reads. */
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

export const SUBSCRIPTION_SELECT = {
  ...SUBSCRIPTION_FIELDS,
  product: { select: PRODUCT_SELECT },
} satisfies Prisma.SubscriptionSelect;

type SelectedSubscription = Prisma.SubscriptionGetPayload<{ select: typeof SUBSCRIPTION_SELECT }>;

export function toSubscriptionRow(subscription: SelectedSubscription): SubscriptionRow {
  return {
    ...subscription,
    product: {
      ...subscription.product,
      organization: subscription.product.organization satisfies OrganizationRow,
      prices: subscription.product.prices.map(
        (price): ProductPriceRow => ({ ...price, seatTiers: price.seatTiers as SeatTier[] }),
      ),
    },
  };
}

const claimedBy = (customerId: string) =>
  ({ seatRows: { some: { customerId, status: "claimed" } } }) satisfies Prisma.SubscriptionWhereInput;

export function countClaimedSubscriptions(tx: Tx, customerId: string) {
  return tx.subscription.count({ where: claimedBy(customerId) });
}

export async function findClaimedSubscriptions(tx: Tx, customerId: string, window: { skip: number; take: number } | null) {
  const subscriptions = await tx.subscription.findMany({
    where: claimedBy(customerId),
    select: SUBSCRIPTION_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(window ?? {}),
  });
  return subscriptions.map(toSubscriptionRow);
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
export async function lockLiveSeatsOfContainer(tx: Tx, ref: ContainerRef, organizationId: string) {
  const column = ref.kind === "subscription" ? Prisma.raw("subscription_id") : Prisma.raw("order_id");
  const rows = await tx.$queryRaw<LiveSeatSqlRow[]>`
    SELECT id, subscription_id, order_id, email, customer_id FROM customer_seats
     WHERE ${column} = ${ref.id}::uuid AND status IN ('pending', 'claimed')
     ORDER BY created_at, id
     FOR UPDATE`;
  return rows.map((row) => toLiveSeat(row, organizationId));
}

/** Locks the live seats a person holds on any container. */
export async function lockLiveSeatsHeldBy(tx: Tx, customerId: string, organizationId: string) {
  const rows = await tx.$queryRaw<LiveSeatSqlRow[]>`
    SELECT id, subscription_id, order_id, email, customer_id FROM customer_seats
     WHERE customer_id = ${customerId}::uuid AND status IN ('pending', 'claimed')
     ORDER BY created_at, id
     FOR UPDATE`;
  return rows.map((row) => toLiveSeat(row, organizationId));
}

export function updateSubscriptionSeats(tx: Tx, subscriptionId: string, seats: number, amount: number, now: Date) {
  return tx.subscription.update({ where: { id: subscriptionId }, data: { seats, amount, modifiedAt: now }, select: { id: true } });
}

export function findPriceOfProduct(tx: Tx, productId: string) {
  return tx.productPrice.findFirst({
    where: { productId, isArchived: false },
    select: { seatTiers: true, seatTierType: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Ends a subscription at once (Polar's revoke). */
export function markSubscriptionEnded(tx: Tx, subscriptionId: string, now: Date) {
  return tx.subscription.update({
    where: { id: subscriptionId },
    data: { status: "canceled", canceledAt: now, endedAt: now, endsAt: now, cancelAtPeriodEnd: false, modifiedAt: now },
    select: { id: true },
  });
}

export function findContainersOwnedBy(tx: Tx, customerId: string) {
  return Promise.all([
    tx.subscription.findMany({ where: { customerId, status: { notIn: ["canceled", "incomplete_expired"] } }, select: { id: true } }),
    tx.order.findMany({ where: { customerId }, select: { id: true } }),
  ]);
}

export function markCustomerDeleted(tx: Tx, customerId: string, now: Date) {
  return tx.customer.update({ where: { id: customerId }, data: { deletedAt: now, modifiedAt: now }, select: { id: true } });
}

export function revokeSessionsOfCustomer(tx: Tx, customerId: string, now: Date) {
  return tx.customerSession.updateMany({ where: { customerId, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
}

/** Pending seats whose link lapses in (now, until] and whose invitation had no reminder. */
export async function lockSeatsDueForReminder(tx: Tx, now: Date, until: Date, limit: number, organizationId?: string) {
  const rows = await tx.$queryRaw<SeatLockRow[]>`
    SELECT ${LOCKED_SEAT_COLUMNS} FROM customer_seats cs ${LOCKED_SEAT_JOINS}
     WHERE cs.status = 'pending' AND cs.reminded_at IS NULL AND cs.email IS NOT NULL
       AND cs.invitation_token_expires_at > ${now} AND cs.invitation_token_expires_at <= ${until}
       AND org.seat_based_pricing_enabled
       ${organizationId ? Prisma.sql`AND org.id = ${organizationId}::uuid` : Prisma.empty}
     ORDER BY cs.invitation_token_expires_at
     LIMIT ${limit}
     FOR UPDATE OF cs SKIP LOCKED`;
  return rows.map(toLockedSeat);
}

/** A reminder carries a new link with the same lapse time. */
export function markReminded(tx: Tx, seatId: string, tokenHash: string, now: Date) {
  return tx.customerSeat.update({ where: { id: seatId }, data: { remindedAt: now, invitationTokenHash: tokenHash, modifiedAt: now }, select: { id: true } });
}

/** A LIKE pattern matching `text` anywhere, its own % and _ taken literally. */
function containing(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type SeatEventFilterSql = { type?: string; email?: string };

function eventConditions(ref: ContainerRef, filter: SeatEventFilterSql) {
  const column = ref.kind === "subscription" ? Prisma.raw("e.subscription_id") : Prisma.raw("e.order_id");
  return Prisma.sql`${column} = ${ref.id}::uuid
    ${filter.type ? Prisma.sql`AND e.type = ${filter.type}` : Prisma.empty}
    ${filter.email ? Prisma.sql`AND lower(e.email) LIKE ${containing(filter.email)}` : Prisma.empty}`;
}

type SeatEventSqlRow = { id: string; created_at: Date; type: string; seat_id: string; email: string | null; actor: string };

export async function findSeatEvents(tx: Tx, ref: ContainerRef, filter: SeatEventFilterSql, window: { skip: number; take: number }): Promise<SeatEventRow[]> {
  const rows = await tx.$queryRaw<SeatEventSqlRow[]>`
    SELECT e.id, e.created_at, e.type, e.seat_id, e.email,
           CASE e.actor_type
             WHEN 'organization' THEN 'organization'
             WHEN 'system' THEN 'system'
             ELSE COALESCE(a.email, e.actor_type)
           END AS actor
      FROM seat_events e
      LEFT JOIN customers a ON e.actor_type IN ('customer', 'invitee') AND a.id::text = e.actor_id
     WHERE ${eventConditions(ref, filter)}
     ORDER BY e.created_at DESC, e.id DESC
     OFFSET ${window.skip} LIMIT ${window.take}`;
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at, type: row.type, seatId: row.seat_id, email: row.email, actor: row.actor }));
}

export async function countSeatEvents(tx: Tx, ref: ContainerRef, filter: SeatEventFilterSql) {
  const rows = await tx.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM seat_events e WHERE ${eventConditions(ref, filter)}`;
  return rows[0]!.count;
}

function seatListConditions(ref: ContainerRef, filter: SeatListFilter) {
  const column = ref.kind === "subscription" ? Prisma.raw("cs.subscription_id") : Prisma.raw("cs.order_id");
  const status =
    filter.status === "expired"
      ? Prisma.sql`AND cs.status = 'pending' AND cs.invitation_token_expires_at <= now()`
      : filter.status === "pending"
        ? Prisma.sql`AND cs.status = 'pending' AND cs.invitation_token_expires_at > now()`
        : filter.status
          ? Prisma.sql`AND cs.status = ${filter.status}`
          : Prisma.empty;
  const search = filter.search
    ? Prisma.sql`AND lower(cs.email) LIKE ${containing(filter.search.toLowerCase())}`
    : Prisma.empty;
  return Prisma.sql`${column} = ${ref.id}::uuid ${status} ${search}`;
}

const SEAT_ORDER: Record<NonNullable<SeatListFilter["sort"]>, Prisma.Sql> = {
  oldest: Prisma.sql`cs.created_at ASC, cs.id ASC`,
  newest: Prisma.sql`cs.created_at DESC, cs.id DESC`,
  email: Prisma.sql`lower(cs.email) ASC NULLS LAST, cs.id ASC`,
};

// A seat as SeatRow, with its holder's email: `FROM customer_seats cs LEFT JOIN customers h`.
const SEAT_COLUMNS = Prisma.sql`
  cs.id, cs.created_at AS "createdAt", cs.modified_at AS "modifiedAt", cs.subscription_id AS "subscriptionId",
  cs.order_id AS "orderId", cs.status, cs.customer_id AS "customerId", cs.email, h.email AS "customerEmail",
  cs.invitation_token_expires_at AS "invitationTokenExpiresAt", cs.assigned_at AS "assignedAt",
  cs.claimed_at AS "claimedAt", cs.revoked_at AS "revokedAt", cs.seat_metadata AS "seatMetadata"`;

/** One page of a container's seats, searched, filtered and sorted in SQL (for big teams). */
export function findSeatPage(tx: Tx, ref: ContainerRef, filter: SeatListFilter, window: { skip: number; take: number }): Promise<SeatRow[]> {
  return tx.$queryRaw<SeatRow[]>`
    SELECT ${SEAT_COLUMNS}
      FROM customer_seats cs LEFT JOIN customers h ON h.id = cs.customer_id
     WHERE ${seatListConditions(ref, filter)}
     ORDER BY ${SEAT_ORDER[filter.sort ?? "oldest"]}
     OFFSET ${window.skip} LIMIT ${window.take}`;
}

export async function countSeatPage(tx: Tx, ref: ContainerRef, filter: SeatListFilter) {
  const rows = await tx.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM customer_seats cs WHERE ${seatListConditions(ref, filter)}`;
  return rows[0]!.count;
}

// The floor's own JSON: Polar's wire shapes written straight from `pg` rows, in the key
// order of lib/wire (the bench compares the bytes with the app's before it loads anything).
// Written out here rather than imported, so that a change to the app's serializers that
// alters the bytes is caught by the comparison instead of silently followed.
import type { MemberRole, MemberRow } from "@/lib/rows/member";
import type { SeatRow } from "@/lib/seats/types";

type Row = Record<string, unknown>;

const iso = (value: unknown) => (value as Date).toISOString();
const isoOrNull = (value: unknown) => (value ? (value as Date).toISOString() : null);

// The seat's member arrives as m_* columns (floor-sql.ts): a LEFT JOIN, so no member is a null m_id.
function toMemberRow(row: Row): MemberRow | null {
  if (row.m_id == null) return null;
  return {
    id: row.m_id as string,
    createdAt: row.m_created_at as Date,
    modifiedAt: (row.m_modified_at as Date | null) ?? null,
    customerId: row.m_customer_id as string,
    email: row.m_email as string,
    name: (row.m_name as string | null) ?? null,
    externalId: (row.m_external_id as string | null) ?? null,
    role: row.m_role as MemberRole,
  };
}

// Polar's Member, in the key order of toMember (lib/wire/member.ts).
function member(row: Row) {
  if (row.m_id == null) return null;
  return {
    id: row.m_id,
    created_at: iso(row.m_created_at),
    modified_at: isoOrNull(row.m_modified_at),
    customer_id: row.m_customer_id,
    email: row.m_email,
    name: row.m_name ?? null,
    external_id: row.m_external_id ?? null,
    role: row.m_role,
  };
}

export function toSeatRow(row: Row): SeatRow {
  return {
    id: row.id as string,
    createdAt: row.created_at as Date,
    modifiedAt: (row.modified_at as Date | null) ?? null,
    subscriptionId: (row.subscription_id as string | null) ?? null,
    orderId: (row.order_id as string | null) ?? null,
    status: row.status as string,
    customerId: (row.customer_id as string | null) ?? null,
    memberId: (row.member_id as string | null) ?? null,
    member: toMemberRow(row),
    email: (row.email as string | null) ?? null,
    customerEmail: (row.customer_email as string | null) ?? null,
    invitationTokenExpiresAt: (row.invitation_token_expires_at as Date | null) ?? null,
    assignedAt: (row.assigned_at as Date | null) ?? null,
    claimedAt: (row.claimed_at as Date | null) ?? null,
    revokedAt: (row.revoked_at as Date | null) ?? null,
    seatMetadata: (row.seat_metadata as Record<string, unknown> | null) ?? null,
  };
}

export function customerSeat(row: Row) {
  return {
    id: row.id,
    created_at: iso(row.created_at),
    modified_at: isoOrNull(row.modified_at),
    subscription_id: row.subscription_id ?? null,
    order_id: row.order_id ?? null,
    status: row.status,
    customer_id: row.customer_id ?? null,
    member_id: row.member_id ?? null,
    member: member(row),
    email: row.email ?? null,
    customer_email: row.customer_email ?? null,
    invitation_token_expires_at: isoOrNull(row.invitation_token_expires_at),
    claimed_at: isoOrNull(row.claimed_at),
    revoked_at: isoOrNull(row.revoked_at),
    seat_metadata: row.seat_metadata ?? null,
  };
}

type Tier = { min_seats: number; max_seats?: number | null; price_per_seat: number };

function seatBasedPrice(price: Row) {
  const tiers = (price.seat_tiers as Tier[]).map((tier) => ({
    min_seats: tier.min_seats,
    max_seats: tier.max_seats ?? null,
    price_per_seat: tier.price_per_seat,
  }));
  return {
    created_at: iso(price.created_at),
    modified_at: isoOrNull(price.modified_at),
    id: price.id,
    source: "catalog",
    amount_type: "seat_based",
    price_currency: price.price_currency,
    tax_behavior: null,
    is_archived: price.is_archived,
    product_id: price.product_id,
    seat_tiers: {
      seat_tier_type: price.seat_tier_type,
      tiers,
      minimum_seats: tiers[0]?.min_seats ?? 1,
      maximum_seats: tiers.length ? (tiers[tiers.length - 1]!.max_seats ?? null) : null,
    },
  };
}

function customerOrganization(row: Row) {
  return {
    created_at: iso(row.o_created_at),
    modified_at: isoOrNull(row.o_modified_at),
    id: row.o_id,
    name: row.o_name,
    slug: row.o_slug,
    avatar_url: row.o_avatar_url ?? null,
    proration_behavior: "prorate",
    allow_customer_updates: true,
    customer_portal_settings: {
      usage: { show: true },
      subscription: { update_seats: row.o_update_seats === true, update_plan: false },
    },
    organization_features: { member_model_enabled: true, checkout_localization_enabled: false },
  };
}

function subscriptionProduct(row: Row, prices: Row[]) {
  return {
    id: row.product_id,
    created_at: iso(row.p_created_at),
    modified_at: isoOrNull(row.p_modified_at),
    trial_interval: null,
    trial_interval_count: null,
    name: row.p_name,
    description: row.p_description ?? null,
    visibility: row.p_visibility,
    recurring_interval: row.p_recurring_interval ?? null,
    recurring_interval_count: row.p_recurring_interval_count ?? null,
    meter_interval: null,
    meter_interval_count: null,
    is_recurring: row.p_recurring_interval !== null,
    is_archived: row.p_is_archived,
    organization_id: row.p_organization_id,
    prices: prices.map(seatBasedPrice),
    benefits: [],
    medias: [],
    organization: customerOrganization(row),
  };
}

export function customerSubscription(row: Row, prices: Row[]) {
  const product = subscriptionProduct(row, prices);
  return {
    created_at: iso(row.created_at),
    modified_at: isoOrNull(row.modified_at),
    id: row.id,
    amount: row.amount,
    currency: row.currency,
    recurring_interval: row.recurring_interval,
    recurring_interval_count: row.recurring_interval_count,
    status: row.status,
    current_period_start: iso(row.current_period_start),
    current_period_end: iso(row.current_period_end),
    current_meter_period_start: null,
    current_meter_period_end: null,
    trial_start: isoOrNull(row.trial_start),
    trial_end: isoOrNull(row.trial_end),
    cancel_at_period_end: row.cancel_at_period_end,
    canceled_at: isoOrNull(row.canceled_at),
    started_at: isoOrNull(row.started_at),
    ends_at: isoOrNull(row.ends_at),
    ended_at: isoOrNull(row.ended_at),
    past_due_at: null,
    pause_at_period_end: false,
    paused_at: null,
    resumes_at: null,
    customer_id: row.customer_id,
    product_id: row.product_id,
    discount_id: null,
    checkout_id: null,
    seats: row.seats ?? null,
    units: null,
    customer_cancellation_reason: row.customer_cancellation_reason ?? null,
    customer_cancellation_comment: row.customer_cancellation_comment ?? null,
    product,
    prices: product.prices,
    meters: [],
    pending_update: null,
  };
}

// The rows the seat service hands to its doors (pages, actions, API serializers).

export type SeatStatus = "pending" | "claimed" | "revoked";

/** What a seat shows as to people: pending seats whose link lapsed are "expired". */
export type SeatDisplayStatus = SeatStatus | "expired";

export type ContainerKind = "subscription" | "order";

/** A subscription or an order: what holds seats. */
export type ContainerRef = { kind: ContainerKind; id: string };

export type SeatRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  subscriptionId: string | null;
  orderId: string | null;
  status: string;
  customerId: string | null;
  email: string | null;
  customerEmail: string | null;
  invitationTokenExpiresAt: Date | null;
  assignedAt: Date | null;
  claimedAt: Date | null;
  revokedAt: Date | null;
  seatMetadata: Record<string, unknown> | null;
};

export type { SeatsListSql } from "./queries";

export type SeatTier = { min_seats: number; max_seats: number | null; price_per_seat: number };

export type OrganizationRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  name: string;
  slug: string;
  avatarUrl: string | null;
};

export type ProductPriceRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  productId: string;
  amountType: string;
  priceCurrency: string;
  seatTierType: string;
  seatTiers: SeatTier[];
  isArchived: boolean;
};

export type ProductRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  organizationId: string;
  name: string;
  description: string | null;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
  isArchived: boolean;
  visibility: string;
  prices: ProductPriceRow[];
  organization: OrganizationRow;
};

export type SubscriptionRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  customerId: string;
  productId: string;
  status: string;
  amount: number;
  currency: string;
  recurringInterval: string;
  recurringIntervalCount: number;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  startedAt: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
  trialStart: Date | null;
  trialEnd: Date | null;
  customerCancellationReason: string | null;
  customerCancellationComment: string | null;
  seats: number | null;
  product: ProductRow;
};

export type { Page } from "@/lib/paging";

export type SeatClaimInfo = {
  productName: string;
  productId: string;
  organizationName: string;
  organizationSlug: string;
  customerEmail: string;
  canClaim: boolean;
};

/**
 * A claim's result. The session is a member session (polar_mst_) of the billing customer's
 * team, bound to the seat: never the powers of a billing customer.
 */
export type ClaimedSeat = {
  seat: SeatRow;
  memberSessionToken: string;
  memberSessionExpiresAt: Date;
  memberId: string;
  holderEmail: string;
  organizationId: string;
  organizationSlug: string;
};

/** How a container's seats stand: claimed, pending (of which expired), free, of total. */
export type SeatCounts = {
  total: number;
  claimed: number;
  pending: number;
  expired: number;
  free: number;
  /** Seat rows, revoked ones included (what the list pages through). */
  rows: number;
};

export type OwnedContainer = {
  kind: ContainerKind;
  id: string;
  status: string;
  productName: string;
  createdAt: Date;
  counts: SeatCounts;
};

export type SeatEventRow = {
  id: string;
  createdAt: Date;
  type: string;
  seatId: string;
  email: string | null;
  /** Who did it: a person's email, "organization" (an API token) or "system" (a job). */
  actor: string;
};

export type SeatListFilter = {
  /** Part of an email address. */
  search?: string;
  status?: "pending" | "expired" | "claimed" | "revoked";
  sort?: "oldest" | "newest" | "email";
};

// The rows the seat service hands to its doors (pages, actions, API serializers). The ones
// lib/wire also reads are defined in lib/rows (and a page in lib/paging), below the
// serializers, and named here too.
import type { SeatRow } from "@/lib/rows/seat";

export type { Page } from "@/lib/paging";
export type { OrganizationRow, ProductPriceRow, ProductRow, SeatTier, SubscriptionRow } from "@/lib/rows/catalogue";
export type { SeatClaimInfo, SeatEventRow, SeatRow } from "@/lib/rows/seat";

export type SeatStatus = "pending" | "claimed" | "revoked";

/** What a seat shows as to people: pending seats whose link lapsed are "expired". */
export type SeatDisplayStatus = SeatStatus | "expired";

export type ContainerKind = "subscription" | "order";

/** A subscription or an order: what holds seats. */
export type ContainerRef = { kind: ContainerKind; id: string };

export type { SeatsListSql } from "./queries";

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

export type SeatListFilter = {
  /** Part of an email address. */
  search?: string;
  status?: "pending" | "expired" | "claimed" | "revoked";
  sort?: "oldest" | "newest" | "email";
};

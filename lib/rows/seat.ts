import type { MemberRow } from "./member";

// The seat rows lib/seats hands to its doors, as lib/wire reads them. Here, below both, so
// that the serializers (and lib/webhooks, which writes a seat into a webhook inside the
// seat's transaction) name these shapes without importing the seat service.

export type SeatRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  subscriptionId: string | null;
  orderId: string | null;
  status: string;
  customerId: string | null;
  /** The member of the billing customer's team the seat is for (Polar's seat.member_id). */
  memberId: string | null;
  member: MemberRow | null;
  email: string | null;
  customerEmail: string | null;
  invitationTokenExpiresAt: Date | null;
  assignedAt: Date | null;
  claimedAt: Date | null;
  revokedAt: Date | null;
  seatMetadata: Record<string, unknown> | null;
};

export type SeatClaimInfo = {
  productName: string;
  productId: string;
  organizationName: string;
  organizationSlug: string;
  customerEmail: string;
  canClaim: boolean;
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

import "server-only";
import { poolSql } from "@/lib/db";
import { hashToken } from "@/lib/auth/tokens";
import { findSeatByTokenHash } from "./queries";
import type { SeatClaimInfo } from "./types";

export type InvitationState =
  | { state: "valid"; info: SeatClaimInfo }
  | { state: "expired" | "used" | "revoked"; organizationName: string; productName: string }
  | { state: "unknown" };

/**
 * What became of an invitation link, for the claim page: a person holding a dead link
 * deserves to know whether it lapsed, was used or was taken back. (The API, like Polar's,
 * answers every dead link alike.)
 */
export async function describeInvitation(invitationToken: string): Promise<InvitationState> {
  const seat = await findSeatByTokenHash(poolSql(), hashToken(invitationToken), false);
  if (!seat || !seat.seatBasedPricingEnabled) return { state: "unknown" };
  const names = { organizationName: seat.organizationName, productName: seat.productName };
  if (seat.status === "claimed") return { state: "used", ...names };
  if (seat.status === "revoked") return { state: "revoked", ...names };
  if (!seat.email || !seat.invitationTokenExpiresAt || seat.invitationTokenExpiresAt <= new Date()) {
    return { state: "expired", ...names };
  }
  return {
    state: "valid",
    info: {
      productName: seat.productName,
      productId: seat.productId,
      organizationName: seat.organizationName,
      organizationSlug: seat.organizationSlug,
      customerEmail: seat.email,
      canClaim: true,
    },
  };
}

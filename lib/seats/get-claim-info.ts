import "server-only";
import { db } from "@/lib/db";
import { ResourceNotFound } from "@/lib/errors";
import { hashToken } from "@/lib/auth/tokens";
import { findSeatByTokenHash } from "./queries";
import type { SeatClaimInfo } from "./types";

/**
 * What an invitation link offers. Read-only, so a mail scanner that opens the link claims
 * nothing; a link that cannot be claimed is not found, as on Polar.
 */
export async function getClaimInfo(invitationToken: string): Promise<SeatClaimInfo> {
  const seat = await findSeatByTokenHash(db().prisma, hashToken(invitationToken), false);
  if (
    !seat ||
    seat.status !== "pending" ||
    !seat.email ||
    !seat.invitationTokenExpiresAt ||
    seat.invitationTokenExpiresAt <= new Date() ||
    !seat.seatBasedPricingEnabled
  ) {
    throw new ResourceNotFound("This invitation link is invalid, expired, already used or revoked.");
  }
  return {
    productName: seat.productName,
    productId: seat.productId,
    organizationName: seat.organizationName,
    organizationSlug: seat.organizationSlug,
    customerEmail: seat.email,
    canClaim: true,
  };
}

import "server-only";
import { hashToken } from "@/lib/auth/tokens";
import { findSeatByTokenHash, type InvitationDelivery, client } from "./queries";
import { findReplacedInvitation } from "./replaced-invitations";
import type { SeatClaimInfo } from "./types";

export type InvitationState =
  // givenBy: who gave the seat, as the invitation email names them (not on the wire: SeatClaimInfo is Polar's).
  | { state: "valid"; info: SeatClaimInfo; delivery: InvitationDelivery; givenBy: string }
  | { state: "expired" | "used" | "revoked" | "replaced"; organizationName: string; productName: string }
  | { state: "unknown" };

/**
 * What became of an invitation link, for the claim page: a person holding a dead link
 * deserves to know whether it lapsed, was used, was taken back or was replaced by a newer
 * one (and should look for the newer email). (The API, like Polar's, answers every dead
 * link alike.)
 */
export async function describeInvitation(invitationToken: string): Promise<InvitationState> {
  const tx = client();
  const hash = hashToken(invitationToken);
  const seat = await findSeatByTokenHash(tx, hash);
  if (!seat) return describeReplaced(await findReplacedInvitation(tx, hash));
  if (!seat.seatBasedPricingEnabled) return { state: "unknown" };
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
      // A shared link is claimed in the portal, by the invited address signed in; the API's
      // claim refuses it.
      canClaim: seat.invitationDelivery === "email",
    },
    delivery: seat.invitationDelivery,
    givenBy: seat.billingCustomerLabel,
  };
}

function describeReplaced(replaced: Awaited<ReturnType<typeof findReplacedInvitation>>): InvitationState {
  if (!replaced || !replaced.seatBasedPricingEnabled) return { state: "unknown" };
  const names = { organizationName: replaced.organizationName, productName: replaced.productName };
  // A revoked seat given to someone else replaced its link too, but for the person holding
  // the old link the seat was taken back: that is what they need to hear.
  return { state: replaced.seatStatus === "revoked" ? "revoked" : "replaced", ...names };
}

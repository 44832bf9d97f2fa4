import "server-only";
import { FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import { eventActorOf, scopeOf, type SeatManager } from "./actor";
import { SeatNotPending } from "./errors";
import { claimUrl, newInvitation } from "./invitation";
import { findSeat, insertSeatEvent, lockSeatInScope, replaceInvitation, seatTransaction } from "./queries";
import type { SeatRow } from "./types";

/**
 * A new invitation link for a pending seat, handed to the caller instead of mailed: for
 * teams that onboard people in their own channels. Like a resend, the token rotates (older
 * links stop working) and the expiry restarts; the link is shown once and never stored.
 */
export async function shareInvitationLink(actor: SeatManager, seatId: string): Promise<{ seat: SeatRow; claimUrl: string }> {
  return seatTransaction(async (tx) => {
    const seat = await lockSeatInScope(tx, seatId, scopeOf(actor));
    if (!seat) throw new ResourceNotFound("Seat not found.");
    if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    if (seat.status !== "pending") throw new SeatNotPending("Only a pending invitation has a link to share.");
    const now = new Date();
    const invitation = newInvitation(now);
    // The link goes to the caller, not to the address: it proves nothing of that inbox.
    await replaceInvitation(tx, seat.id, invitation, now, "shared");
    await insertSeatEvent(tx, { seatId: seat.id, container: seat.container, type: "link_shared", email: seat.email, customerId: seat.customerId, actor: eventActorOf(actor) });
    return { seat: await findSeat(tx, seat.id), claimUrl: claimUrl(seat.organizationSlug, invitation.token) };
  });
}

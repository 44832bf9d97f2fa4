import "server-only";
import { db } from "@/lib/db";
import { FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { eventActorOf, limitKeyOf, scopeOf, type SeatManager } from "./actor";
import { SeatNotPending } from "./errors";
import { invitationEmail, newInvitation } from "./invitation";
import { findSeat, insertSeatEvent, lockSeatInScope, replaceInvitation } from "./queries";
import type { SeatRow } from "./types";

/**
 * Sends a pending seat's invitation again with a new link. Unlike Polar's resend, which
 * mails the same (possibly expired) token, the token rotates and the expiry restarts, so
 * an expired invitation can always be revived and the old link stops working.
 */
export async function resendInvitation(actor: SeatManager, seatId: string): Promise<SeatRow> {
  // Each resend is an email to someone else's inbox: limited per sender and per seat.
  await consumeRateLimit("resendPerCustomer", limitKeyOf(actor));
  const seat = await db().prisma.$transaction(async (tx) => {
    const locked = await lockSeatInScope(tx, seatId, scopeOf(actor));
    if (!locked) throw new ResourceNotFound("Seat not found.");
    if (!locked.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    if (locked.status !== "pending" || !locked.email) throw new SeatNotPending();
    // Counted only once the seat is known to be the caller's and pending: nobody else can
    // use up the owner's resends by guessing at a seat.
    await consumeRateLimit("resendPerSeat", seatId);
    const now = new Date();
    const invitation = newInvitation(now);
    await replaceInvitation(tx, locked.id, invitation, now);
    await insertSeatEvent(tx, {
      seatId: locked.id,
      container: locked.container,
      type: "resent",
      email: locked.email,
      customerId: locked.customerId,
      actor: eventActorOf(actor),
    });
    await enqueueEmail(
      tx,
      invitationEmail({
        to: locked.email,
        token: invitation.token,
        expiresAt: invitation.expiresAt,
        organizationSlug: locked.organizationSlug,
        organizationName: locked.organizationName,
        productName: locked.productName,
        invitedBy: locked.billingCustomerLabel,
      }),
    );
    return findSeat(tx, locked.id);
  });
  void scheduleDelivery();
  return seat;
}

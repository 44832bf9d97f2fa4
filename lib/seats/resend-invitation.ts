import "server-only";
import { FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { env } from "@/lib/env";
import { eventActorOf, limitKeyOf, scopeOf, type SeatManager } from "./actor";
import { SeatNotPending } from "./errors";
import { invitationEmail, newInvitation } from "./invitation";
import { spendInvitationBudget } from "./invitation-budget";
import { findSeat, findSeatInScope, insertSeatEvent, lockSeatInScope, replaceInvitation, type LockedSeat, seatTransaction, client } from "./queries";
import type { SeatRow } from "./types";

function resendable(seat: LockedSeat | null): LockedSeat & { email: string } {
  if (!seat) throw new ResourceNotFound("Seat not found.");
  if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
  if (seat.status !== "pending" || !seat.email) throw new SeatNotPending();
  return seat as LockedSeat & { email: string };
}

/**
 * Sends a pending seat's invitation again with a new link. Unlike Polar's resend, which
 * mails the same (possibly expired) token, the token rotates and the expiry restarts, so
 * an expired invitation can always be revived and the old link stops working.
 */
export async function resendInvitation(actor: SeatManager, seatId: string): Promise<SeatRow> {
  // Each resend is an email to someone else's inbox: limited per sender and per seat.
  await consumeRateLimit("resendPerCustomer", limitKeyOf(actor));
  const scope = scopeOf(actor);
  // The per-seat limit is counted only once the seat is known to be the caller's and
  // pending (nobody else can use up the owner's resends by guessing at a seat), and before
  // the transaction: the limiter needs a connection of its own, and waiting for one while
  // holding the seat's lock would starve the pool (and hang the embedded database).
  const found = resendable(await findSeatInScope(client(), seatId, scope));
  // Per seat and person: a revoked row given to someone else is a new invitation, not a resend.
  if (env().RESEND_COOLDOWN_SECONDS > 0) await consumeRateLimit("resendCooldown", `${seatId} ${found.email.toLowerCase()}`, (seconds) => `An invitation was sent to this seat less than a minute ago. You can send another in ${seconds} second${seconds === 1 ? "" : "s"}.`);
  await consumeRateLimit("resendPerSeat", seatId);
  const seat = await seatTransaction(async (tx) => {
    // Checked again under the lock: the seat may have been claimed or revoked meanwhile.
    const locked = resendable(await lockSeatInScope(tx, seatId, scope));
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
      await invitationEmail(tx, {
        to: locked.email,
        token: invitation.token,
        expiresAt: invitation.expiresAt,
        organizationSlug: locked.organizationSlug,
        organizationName: locked.organizationName,
        productName: locked.productName,
        invitedBy: locked.billingCustomerLabel,
      }),
    );
    await spendInvitationBudget(tx, actor, locked.billingCustomerId, 1);
    return findSeat(tx, locked.id);
  });
  void scheduleDelivery();
  return seat;
}

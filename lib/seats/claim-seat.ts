import "server-only";
import { FeatureNotEnabled } from "@/lib/errors";
import { hashToken } from "@/lib/auth/tokens";
import { createSessionForCustomer } from "@/lib/auth/customer-sessions";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSeatWebhook } from "@/lib/webhooks/queue";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { seatClaimedNotice } from "@/lib/email/seat-notices";
import { InvalidInvitationToken } from "./errors";
import { seatsPageUrl } from "./invitation";
import { findSeat, findSeatByTokenHash, insertSeatEvent, markEmailVerified, markSeatClaimed, sqlTransaction } from "./queries";
import type { ClaimedSeat } from "./types";

/**
 * Claims the seat an invitation token names, once: only a pending seat is claimable, and
 * the seat row is locked so two concurrent claims cannot both succeed.
 * Returns a customer session for the new holder, bound to the seat.
 */
export async function claimSeat(invitationToken: string): Promise<ClaimedSeat> {
  const { claimed, webhooks } = await sqlTransaction(async (sql) => {
    const seat = await findSeatByTokenHash(sql, hashToken(invitationToken), true);
    const now = new Date();
    if (
      !seat ||
      seat.status !== "pending" ||
      !seat.customerId ||
      !seat.invitationTokenExpiresAt ||
      seat.invitationTokenExpiresAt <= now
    ) {
      throw new InvalidInvitationToken();
    }
    if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    await markSeatClaimed(sql, seat.id, now);
    // Opening the link proved the person reads this inbox.
    await markEmailVerified(sql, seat.customerId);
    await insertSeatEvent(sql, {
      seatId: seat.id,
      container: seat.container,
      type: "claimed",
      email: seat.email,
      customerId: seat.customerId,
      actor: { type: "invitee", id: seat.customerId },
    });
    const session = await createSessionForCustomer(sql, { customerId: seat.customerId, seatId: seat.id, now });
    // The person who gave the seat learns it was taken.
    if (seat.billingCustomerEmail.toLowerCase() !== (seat.email ?? "").toLowerCase()) {
      await enqueueEmail(
        sql,
        seatClaimedNotice({
          to: seat.billingCustomerEmail,
          holder: seat.email ?? "Someone",
          productName: seat.productName,
          organizationName: seat.organizationName,
          seatsUrl: seatsPageUrl(seat.organizationSlug, seat.container),
        }),
      );
    }
    const row = await findSeat(sql, seat.id);
    const webhooks = await queueSeatWebhook(sql, seat.organizationId, "customer_seat.claimed", row);
    const claimed: ClaimedSeat = {
      seat: row,
      customerSessionToken: session.token,
      organizationId: seat.organizationId,
      organizationSlug: seat.organizationSlug,
    };
    return { claimed, webhooks };
  });
  void scheduleDelivery();
  if (webhooks) void scheduleWebhookDelivery();
  return claimed;
}

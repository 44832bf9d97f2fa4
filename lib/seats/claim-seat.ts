import "server-only";
import { FeatureNotEnabled } from "@/lib/errors";
import { hashToken } from "@/lib/auth/tokens";
import { createMemberSession } from "@/lib/auth/member-sessions";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSeatWebhook } from "@/lib/webhooks/queue";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { seatClaimedNotice } from "@/lib/email/seat-notices";
import { organizationLocale } from "./email-locale";
import { InvalidInvitationToken, ProofOfAddressRequired } from "./errors";
import { seatsPageUrl } from "./invitation";
import { findOrCreateMember, findSeat, insertSeatEvent, lockSeatByTokenHash, markEmailVerified, markSeatClaimed, seatTransaction } from "./queries";
import type { ClaimedSeat } from "./types";

/**
 * Where a claim comes from. The API (Polar's public claim) takes the token as the whole
 * credential, so it claims only a link that was mailed to the seat's address. The portal
 * also knows who is signed in: the address that browser proved (an email sign-in, or a
 * vendor's link of that organization), which a shared link needs (a link proves control of
 * an address only when it was delivered to that address).
 */
export type ClaimChannel = { via: "api" } | { via: "portal"; signedIn: { email: string; organizationId: string | null } | null };

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether the portal's signed-in person proved the seat's address for the seat's organization. */
function provedAddress(channel: ClaimChannel, seat: { email: string; organizationId: string }) {
  if (channel.via !== "portal" || !channel.signedIn) return false;
  const { email, organizationId } = channel.signedIn;
  // An email sign-in proves the inbox everywhere; a vendor's link only in its organization.
  return sameAddress(email, seat.email) && (organizationId === null || organizationId === seat.organizationId);
}

/**
 * Claims the seat an invitation token names, once: only a pending seat is claimable, and
 * the seat row is locked so two concurrent claims cannot both succeed. The holder becomes a
 * member of the billing customer's team and gets a member session bound to the seat: a
 * claim never opens the holder's own customer account (whoever holds the link may not own
 * the address), and the session ends when the seat is revoked.
 */
export async function claimSeat(invitationToken: string, channel: ClaimChannel = { via: "api" }): Promise<ClaimedSeat> {
  const { claimed, webhooks } = await seatTransaction(async (tx) => {
    const seat = await lockSeatByTokenHash(tx, hashToken(invitationToken));
    const now = new Date();
    if (
      !seat ||
      seat.status !== "pending" ||
      !seat.customerId ||
      !seat.email ||
      !seat.invitationTokenExpiresAt ||
      seat.invitationTokenExpiresAt <= now
    ) {
      throw new InvalidInvitationToken();
    }
    if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    // A shared link went to the giver: only the invited address, proven, may claim it.
    if (seat.invitationDelivery === "shared" && !provedAddress(channel, { email: seat.email, organizationId: seat.organizationId })) {
      throw new ProofOfAddressRequired();
    }

    const member = await findOrCreateMember(tx, seat.billingCustomerId, seat.email, now);
    await markSeatClaimed(tx, seat.id, member.id, now);
    // A mailed link that comes back proves the person reads that inbox; a shared one does not,
    // and neither does a link mailed to an address the customer no longer has.
    if (seat.invitationDelivery === "email") await markEmailVerified(tx, seat.customerId, seat.email);
    await insertSeatEvent(tx, {
      seatId: seat.id,
      container: seat.container,
      type: "claimed",
      email: seat.email,
      customerId: seat.customerId,
      actor: { type: "invitee", id: seat.customerId },
    });
    const session = await createMemberSession(tx, { memberId: member.id, seatId: seat.id, now });
    // The person who gave the seat learns it was taken.
    if (seat.billingCustomerEmail.toLowerCase() !== seat.email.toLowerCase()) {
      await enqueueEmail(
        tx,
        seatClaimedNotice({
          to: seat.billingCustomerEmail,
          holder: seat.email,
          productName: seat.productName,
          organizationName: seat.organizationName,
          seatsUrl: seatsPageUrl(seat.organizationSlug, seat.container),
          locale: await organizationLocale(tx, seat.organizationSlug),
        }),
      );
    }
    const row = await findSeat(tx, seat.id);
    const webhooks = await queueSeatWebhook(tx, seat.organizationId, "customer_seat.claimed", row);
    const claimed: ClaimedSeat = {
      seat: row,
      memberSessionToken: session.token,
      memberSessionExpiresAt: session.expiresAt,
      memberId: member.id,
      holderEmail: seat.email,
      organizationId: seat.organizationId,
      organizationSlug: seat.organizationSlug,
    };
    return { claimed, webhooks };
  });
  void scheduleDelivery();
  if (webhooks) void scheduleWebhookDelivery();
  return claimed;
}

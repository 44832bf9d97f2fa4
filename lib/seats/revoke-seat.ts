import "server-only";
import { FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSeatWebhook } from "@/lib/webhooks/queue";
import { eventActorOf, scopeOf, type SeatManager } from "./actor";
import { findSeat, insertSeatEvent, lockSeatInScope, markSeatRevoked, revokeSessionsOfSeat, type SeatEventActor, type Tx, seatTransaction } from "./queries";
import type { ContainerRef, SeatRow } from "./types";

type LiveSeat = { id: string; status: string; container: ContainerRef; email: string | null; customerId: string | null; organizationId: string };

/**
 * Revokes a locked, live seat inside the caller's transaction: the row forgets its holder
 * (as Polar's does), the event log remembers, the session the claim produced ends, and the
 * organization's webhook is queued. Returns the seat and how many webhooks were queued.
 */
export async function revokeLockedSeat(tx: Tx, seat: LiveSeat, actor: SeatEventActor, now: Date) {
  const row = await markSeatRevoked(tx, seat.id, now);
  await insertSeatEvent(tx, { seatId: seat.id, container: seat.container, type: "revoked", email: seat.email, customerId: seat.customerId, actor });
  // Only a claim opens a session on a seat, and the revoke before this seat was reused ended
  // those of its last holder: a seat still pending has none to end.
  if (seat.status === "claimed") await revokeSessionsOfSeat(tx, seat.id, now);
  const webhooks = await queueSeatWebhook(tx, seat.organizationId, "customer_seat.revoked", row);
  return { row, webhooks };
}

/**
 * Takes a seat back. The holder loses it at once: gone from their claimed list, and the
 * customer session their claim produced stops working. Revoking twice is a no-op.
 */
export async function revokeSeat(actor: SeatManager, seatId: string): Promise<SeatRow> {
  const { row, webhooks } = await seatTransaction(async (tx) => {
    const seat = await lockSeatInScope(tx, seatId, scopeOf(actor));
    if (!seat) throw new ResourceNotFound("Seat not found.");
    if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    if (seat.status === "revoked") return { row: await findSeat(tx, seat.id), webhooks: 0 };
    return revokeLockedSeat(tx, seat, eventActorOf(actor), new Date());
  });
  if (webhooks) void scheduleWebhookDelivery();
  return row;
}

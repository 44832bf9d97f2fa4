import "server-only";
import { db } from "@/lib/db";
import { FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import { eventActorOf, scopeOf, type SeatManager } from "./actor";
import { findSeat, insertSeatEvent, lockSeatInScope, markSeatRevoked, revokeSessionsOfSeat } from "./queries";
import type { SeatRow } from "./types";

/**
 * Takes a seat back. The holder loses it at once: the row forgets them (as Polar's does),
 * and the customer session their claim produced stops working. Revoking twice is a no-op.
 */
export async function revokeSeat(actor: SeatManager, seatId: string): Promise<SeatRow> {
  return db().prisma.$transaction(async (tx) => {
    const seat = await lockSeatInScope(tx, seatId, scopeOf(actor));
    if (!seat) throw new ResourceNotFound("Seat not found.");
    if (!seat.seatBasedPricingEnabled) throw new FeatureNotEnabled();
    if (seat.status === "revoked") return findSeat(tx, seat.id);
    const now = new Date();
    await markSeatRevoked(tx, seat.id, now);
    await insertSeatEvent(tx, {
      seatId: seat.id,
      container: seat.container,
      type: "revoked",
      email: seat.email,
      customerId: seat.customerId,
      actor: eventActorOf(actor),
    });
    await revokeSessionsOfSeat(tx, seat.id, now);
    return findSeat(tx, seat.id);
  });
}

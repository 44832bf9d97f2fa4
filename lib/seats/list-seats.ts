import "server-only";
import { scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer } from "./container";
import { findSeatListing } from "./queries";
import type { ListSeatsInput } from "./schemas";
import type { SeatJsonSql, SeatsListing } from "./types";

/**
 * Every seat of a container, oldest first, with the count of free ones. The seats come
 * back as JSON written by `seatJson` (the door's wire format, see SeatsListing).
 */
export async function listSeats(actor: SeatManager, input: ListSeatsInput, seatJson: SeatJsonSql): Promise<SeatsListing> {
  const listing = requireContainer(await findSeatListing(containerRefOf(input), scopeOf(actor), seatJson));
  return { seatsJson: listing.seatsJson, totalSeats: listing.totalSeats, availableSeats: Math.max(0, listing.totalSeats - listing.liveSeats) };
}

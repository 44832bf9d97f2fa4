import "server-only";
import { scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer } from "./container";
import { findSeatListing } from "./queries";
import type { ListSeatsInput } from "./schemas";
import type { SeatsOverview } from "./types";

/** Every seat of a container, oldest first, with the count of free ones. */
export async function listSeats(actor: SeatManager, input: ListSeatsInput): Promise<SeatsOverview> {
  const listing = requireContainer(await findSeatListing(containerRefOf(input), scopeOf(actor)));
  let live = 0;
  for (const seat of listing.seats) if (seat.status === "pending" || seat.status === "claimed") live++;
  return { seats: listing.seats, totalSeats: listing.totalSeats, availableSeats: Math.max(0, listing.totalSeats - live) };
}

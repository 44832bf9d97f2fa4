import "server-only";
import { scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer } from "./container";
import { findSeatListing } from "./queries";
import type { ListSeatsInput } from "./schemas";
import type { SeatsListSql } from "./types";

/**
 * Every seat of a container, oldest first, with the counts, as the JSON text the door's
 * `wire` writes (see SeatsListSql): the list is sent as the database wrote it.
 */
export async function listSeats(actor: SeatManager, input: ListSeatsInput, wire: SeatsListSql): Promise<string> {
  return requireContainer(await findSeatListing(containerRefOf(input), scopeOf(actor), wire)).json;
}

import "server-only";
import { db } from "@/lib/db";
import { scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer } from "./container";
import { findContainer, findSeatsOfContainer } from "./queries";
import type { ListSeatsInput } from "./schemas";
import type { SeatsOverview } from "./types";

/** Every seat of a container, oldest first, with the count of free ones. */
export async function listSeats(actor: SeatManager, input: ListSeatsInput): Promise<SeatsOverview> {
  const ref = containerRefOf(input);
  const { prisma } = db();
  const container = requireContainer(await findContainer(prisma, ref, scopeOf(actor)));
  const seats = await findSeatsOfContainer(prisma, ref);
  const live = seats.filter((seat) => seat.status === "pending" || seat.status === "claimed").length;
  return { seats, totalSeats: container.seats, availableSeats: Math.max(0, container.seats - live) };
}

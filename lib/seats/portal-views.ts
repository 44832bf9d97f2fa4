import "server-only";
import { db } from "@/lib/db";
import type { CustomerActor } from "@/lib/auth/actor";
import { scopeOf, type SeatManager } from "./actor";
import { requireContainer, takesAssignments } from "./container";
import { countSeatsByState, findContainer, findOwnedContainers, findSeatsOfContainer } from "./queries";
import type { ContainerRef, SeatCounts, SeatRow } from "./types";

export const SEATS_PAGE_SIZE = 100;

/** The subscriptions and orders a customer pays for that carry seats, newest first. */
export function listOwnedContainers(actor: CustomerActor) {
  return findOwnedContainers(db().prisma, actor.customerId);
}

export type SeatsPage = {
  container: { kind: ContainerRef["kind"]; id: string; status: string; productName: string; takesAssignments: boolean };
  counts: SeatCounts;
  seats: SeatRow[];
  page: number;
  pageCount: number;
  pageSize: number;
};

/** One page of a container's seats (oldest first) with its counts, for the portal's seats page. */
export async function getSeatsPage(actor: SeatManager, ref: ContainerRef, page: number): Promise<SeatsPage> {
  const { prisma } = db();
  const container = requireContainer(await findContainer(prisma, ref, scopeOf(actor)));
  const counts = await countSeatsByState(prisma, ref, container.seats);
  const pageCount = Math.max(1, Math.ceil(counts.rows / SEATS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const seats = await findSeatsOfContainer(prisma, ref, { skip: (current - 1) * SEATS_PAGE_SIZE, take: SEATS_PAGE_SIZE });
  return {
    container: {
      kind: ref.kind,
      id: ref.id,
      status: container.status,
      productName: container.productName,
      takesAssignments: takesAssignments(container),
    },
    counts,
    seats,
    page: current,
    pageCount,
    pageSize: SEATS_PAGE_SIZE,
  };
}

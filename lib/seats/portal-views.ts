import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { scopeOf, type SeatManager } from "./actor";
import { seatCountOpen } from "./change-seat-count";
import { requireContainer, takesAssignments } from "./container";
import { countSeatPage, countSeatsByState, findContainer, findOwnedContainers, findSeatPage, findSeatsByMetadata, client, type ListedSeat, type SeatSearch } from "./queries";
import { withDisplayStatus, type ShownSeat } from "./seat-status";
import type { ContainerRef, SeatCounts, SeatListFilter } from "./types";

export const SEATS_PAGE_SIZE = 100;

/** The subscriptions and orders a customer pays for that carry seats, newest first. */
export function listOwnedContainers(actor: CustomerActor) {
  return findOwnedContainers(client(), actor.customerId);
}

export type SeatsPage = {
  container: {
    kind: ContainerRef["kind"];
    id: string;
    status: string;
    productName: string;
    takesAssignments: boolean;
    /** Its seat count may be changed by this viewer (then seatCountTerms says within which bounds). */
    seatCountOpen: boolean;
  };
  counts: SeatCounts;
  seats: (ShownSeat & Pick<ListedSeat, "formerEmail">)[];
  /** Seats matching the filter (what the pages go through). */
  matching: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

/**
 * One page of a container's seats for the portal's seats page: searched by email,
 * filtered by status (expired included), sorted, paged in SQL, with the container's counts.
 */
export async function getSeatsPage(actor: SeatManager, ref: ContainerRef, query: SeatListFilter & { page?: number } = {}): Promise<SeatsPage> {
  const tx = client();
  const container = requireContainer(await findContainer(tx, ref, scopeOf(actor)));
  const filtered = Boolean(query.search || query.status);
  const counts = await countSeatsByState(tx, ref, container.seats);
  query = await withMetadataMatches(tx, ref, query);
  const matching = filtered ? await countSeatPage(tx, ref, query) : counts.rows;
  const pageCount = Math.max(1, Math.ceil(matching / SEATS_PAGE_SIZE));
  const current = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const seats = withDisplayStatus(await findSeatPage(tx, ref, query, { skip: (current - 1) * SEATS_PAGE_SIZE, take: SEATS_PAGE_SIZE }), new Date());
  return {
    container: {
      kind: ref.kind,
      id: ref.id,
      status: container.status,
      productName: container.productName,
      takesAssignments: takesAssignments(container),
      seatCountOpen: seatCountOpen(actor, container),
    },
    counts,
    seats,
    matching,
    page: current,
    pageCount,
    pageSize: SEATS_PAGE_SIZE,
  };
}

/** A search finds seats by a value of their metadata too (team, role): those are looked up once. */
async function withMetadataMatches<T extends SeatListFilter>(tx: ReturnType<typeof client>, ref: ContainerRef, filter: T): Promise<T & SeatSearch> {
  return filter.search ? { ...filter, metadataSeatIds: await findSeatsByMetadata(tx, ref, filter.search) } : filter;
}

/** Every seat of a container that matches, for a CSV export. */
export async function exportSeats(actor: SeatManager, ref: ContainerRef, filter: SeatListFilter) {
  const tx = client();
  requireContainer(await findContainer(tx, ref, scopeOf(actor)));
  return withDisplayStatus(await findSeatPage(tx, ref, await withMetadataMatches(tx, ref, filter), { skip: 0, take: 100_000 }), new Date());
}

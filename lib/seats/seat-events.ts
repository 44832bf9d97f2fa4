import "server-only";
import { scopeOf, type SeatManager } from "./actor";
import { requireContainer } from "./container";
import { countSeatEvents, findContainer, findSeatEvents, client } from "./queries";
import type { ContainerRef, Page, SeatEventRow } from "./types";

export type SeatEventFilter = { type?: string; email?: string };

/** The history of a container's seats (who assigned, resent, claimed, revoked whom, when), newest first. */
export async function listSeatEvents(
  actor: SeatManager,
  ref: ContainerRef,
  query: { page?: number; limit?: number } & SeatEventFilter,
): Promise<Page<SeatEventRow>> {
  const tx = client();
  requireContainer(await findContainer(tx, ref, scopeOf(actor)));
  const page = query.page ?? 1;
  const limit = Math.min(query.limit ?? 50, 100);
  const filter = { type: query.type, email: query.email?.trim().toLowerCase() || undefined };
  const [items, totalCount] = await Promise.all([
    findSeatEvents(tx, ref, filter, { skip: (page - 1) * limit, take: limit }),
    countSeatEvents(tx, ref, filter),
  ]);
  return { items, totalCount, page, limit };
}

/** Every event of a container that matches, for a CSV export (at most 100,000). */
export async function exportSeatEvents(actor: SeatManager, ref: ContainerRef, filter: SeatEventFilter) {
  const tx = client();
  requireContainer(await findContainer(tx, ref, scopeOf(actor)));
  return findSeatEvents(tx, ref, { type: filter.type, email: filter.email?.trim().toLowerCase() || undefined }, { skip: 0, take: 100_000 });
}

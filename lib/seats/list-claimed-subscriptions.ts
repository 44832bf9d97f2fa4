import "server-only";
import type { CustomerActor, MemberActor } from "@/lib/auth/actor";
import { countClaimedSubscriptions, findClaimedSubscriptions, type SeatHolder } from "./queries";
import type { Page, SubscriptionRow } from "./types";

export const MAX_PAGE_SIZE = 100;

/** Who holds seats: a customer as itself, a member as the member a claim made it. */
export type HolderActor = CustomerActor | MemberActor;

const holderOf = (actor: HolderActor): SeatHolder => (actor.kind === "member" ? { memberId: actor.memberId } : { customerId: actor.customerId });

/** The subscriptions the caller holds a claimed seat on, newest first. */
export async function listClaimedSubscriptions(
  actor: HolderActor,
  pagination: { page?: number; limit?: number },
): Promise<Page<SubscriptionRow>> {
  const page = pagination.page ?? 1;
  const limit = Math.min(pagination.limit ?? 10, MAX_PAGE_SIZE);
  const [items, totalCount] = await Promise.all([
    findClaimedSubscriptions(holderOf(actor), { skip: (page - 1) * limit, take: limit }),
    countClaimedSubscriptions(holderOf(actor)),
  ]);
  return { items, totalCount, page, limit };
}

export const CLAIMED_PAGE_SIZE = 20;

export type ClaimedSubscriptionsPage = { items: SubscriptionRow[]; totalCount: number; page: number; pageCount: number; pageSize: number };

/**
 * One page of them for the portal's page (?page=N). A page past the end (an old link, a
 * shrunk list) shows the last one, as the seats page does, rather than an empty page.
 */
export async function getClaimedSubscriptionsPage(actor: HolderActor, requestedPage: number): Promise<ClaimedSubscriptionsPage> {
  const pageSize = CLAIMED_PAGE_SIZE;
  const window = (page: number) => ({ skip: (page - 1) * pageSize, take: pageSize });
  const requested = Math.max(1, Math.floor(requestedPage));
  // Count and page in parallel: one round trip in the common case of a page that exists.
  const [items, totalCount] = await Promise.all([
    findClaimedSubscriptions(holderOf(actor), window(requested)),
    countClaimedSubscriptions(holderOf(actor)),
  ]);
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  if (requested <= pageCount) return { items, totalCount, page: requested, pageCount, pageSize };
  const last = await findClaimedSubscriptions(holderOf(actor), window(pageCount));
  return { items: last, totalCount, page: pageCount, pageCount, pageSize };
}

/** All of them, for the older clients that ask without paging (the seed's bare array). */
export async function listAllClaimedSubscriptions(actor: HolderActor): Promise<SubscriptionRow[]> {
  return findClaimedSubscriptions(holderOf(actor), null);
}

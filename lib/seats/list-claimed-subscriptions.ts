import "server-only";
import { db } from "@/lib/db";
import type { CustomerActor } from "@/lib/auth/actor";
import { countClaimedSubscriptions, findClaimedSubscriptions } from "./queries";
import type { Page, SubscriptionRow } from "./types";

export const MAX_PAGE_SIZE = 100;

/** The subscriptions the caller holds a claimed seat on, newest first. */
export async function listClaimedSubscriptions(
  actor: CustomerActor,
  pagination: { page?: number; limit?: number },
): Promise<Page<SubscriptionRow>> {
  const page = pagination.page ?? 1;
  const limit = Math.min(pagination.limit ?? 10, MAX_PAGE_SIZE);
  const { prisma } = db();
  const [items, totalCount] = await Promise.all([
    findClaimedSubscriptions(prisma, actor.customerId, { skip: (page - 1) * limit, take: limit }),
    countClaimedSubscriptions(prisma, actor.customerId),
  ]);
  return { items, totalCount, page, limit };
}

/** All of them, for the older clients that ask without paging (the seed's bare array). */
export async function listAllClaimedSubscriptions(actor: CustomerActor): Promise<SubscriptionRow[]> {
  return findClaimedSubscriptions(db().prisma, actor.customerId, null);
}

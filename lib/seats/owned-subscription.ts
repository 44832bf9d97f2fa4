import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { ResourceNotFound } from "@/lib/errors";
import { changeSeatCount } from "./change-seat-count";
import { findClaimedSubscriptions } from "./queries";
import type { SubscriptionRow } from "./types";

/** A subscription the caller's team pays for, as Polar's customer portal reads it; another's is 404. */
export async function getOwnedSubscription(actor: CustomerActor, subscriptionId: string): Promise<SubscriptionRow> {
  const [subscription] = await findClaimedSubscriptions({ ownerId: actor.customerId, subscriptionId }, null);
  if (!subscription) throw new ResourceNotFound("Subscription not found.");
  return subscription;
}

/** Polar's CustomerSubscriptionUpdateSeats in the portal: the change, then the subscription as it is now. */
export async function changeOwnedSubscriptionSeats(actor: CustomerActor, subscriptionId: string, seats: number): Promise<SubscriptionRow> {
  await getOwnedSubscription(actor, subscriptionId);
  await changeSeatCount(actor, subscriptionId, seats);
  return getOwnedSubscription(actor, subscriptionId);
}

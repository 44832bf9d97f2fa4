import "server-only";
import type { OrganizationActor } from "@/lib/auth/actor";
import { ResourceNotFound } from "@/lib/errors";
import { AlreadyCanceledSubscription } from "./errors";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSubscriptionWebhook } from "@/lib/webhooks/queue";
import { eventActorOf } from "./actor";
import { revokeLockedSeat } from "./revoke-seat";
import { lockContainer, lockLiveSeatsOfContainer, markSubscriptionEnded, type SeatEventActor, type Tx, seatTransaction } from "./queries";
import type { ContainerRef } from "./types";

/** Revokes every live seat of a container, each with its event and webhook. */
export async function revokeAllSeats(tx: Tx, ref: ContainerRef, organizationId: string, actor: SeatEventActor, now: Date) {
  let webhooks = 0;
  for (const seat of await lockLiveSeatsOfContainer(tx, ref, organizationId)) {
    webhooks += (await revokeLockedSeat(tx, seat, actor, now)).webhooks;
  }
  return webhooks;
}

/** Ends a subscription in the caller's transaction: it is canceled now and its seats revoked (null: it had ended already). */
export async function endSubscriptionInTx(tx: Tx, organizationId: string, subscriptionId: string, actor: SeatEventActor, now: Date) {
  const ref = { kind: "subscription" as const, id: subscriptionId };
  const container = await lockContainer(tx, ref, { organizationId });
  if (!container) throw new ResourceNotFound("Subscription not found.");
  if (container.status === "canceled") return null;
  await markSubscriptionEnded(tx, subscriptionId, now);
  let webhooks = await revokeAllSeats(tx, ref, organizationId, actor, now);
  for (const type of ["subscription.canceled", "subscription.revoked", "subscription.updated"] as const) {
    webhooks += await queueSubscriptionWebhook(tx, organizationId, type, subscriptionId);
  }
  return webhooks;
}

/** Polar's subscription revoke: ends it at once, and each of its seats is revoked; a second revoke is refused, as Polar's. */
export async function revokeSubscription(actor: OrganizationActor, subscriptionId: string) {
  const webhooks = await seatTransaction((tx) => endSubscriptionInTx(tx, actor.organizationId, subscriptionId, eventActorOf(actor), new Date()));
  if (webhooks === null) throw new AlreadyCanceledSubscription("This subscription has already ended.");
  if (webhooks) void scheduleWebhookDelivery();
}

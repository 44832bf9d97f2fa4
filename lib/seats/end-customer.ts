import "server-only";
import type { OrganizationActor } from "@/lib/auth/actor";
import { ResourceNotFound } from "@/lib/errors";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueCustomerWebhook, queueMemberWebhook } from "@/lib/webhooks/queue";
import { eventActorOf } from "./actor";
import { endSubscriptionInTx, revokeAllSeats } from "./end-subscription";
import { findContainersOwnedBy, findCustomerInOrganization, lockLiveSeatsHeldBy, markCustomerDeleted, markMembersOfCustomerDeleted, revokeSessionsOfCustomer, seatTransaction } from "./queries";
import { revokeLockedSeat } from "./revoke-seat";

/**
 * Deletes a customer as Polar does: their subscriptions end, the seats of their orders and
 * the seats they hold are revoked, their sessions end, and the record stays, marked deleted
 * (its email and external id become free for a new customer); its team's members go with it.
 */
export async function endCustomer(actor: OrganizationActor, customerId: string) {
  const webhooks = await seatTransaction(async (tx) => {
    if (!(await findCustomerInOrganization(tx, actor.organizationId, { id: customerId }))) throw new ResourceNotFound("Customer not found.");
    const now = new Date();
    const by = eventActorOf(actor);
    let queued = 0;
    const [subscriptions, orders] = await findContainersOwnedBy(tx, customerId);
    for (const subscription of subscriptions) queued += (await endSubscriptionInTx(tx, actor.organizationId, subscription.id, by, now)) ?? 0;
    for (const order of orders) queued += await revokeAllSeats(tx, { kind: "order", id: order.id }, actor.organizationId, by, now);
    for (const seat of await lockLiveSeatsHeldBy(tx, customerId, actor.organizationId)) queued += (await revokeLockedSeat(tx, seat, by, now)).webhooks;
    await revokeSessionsOfCustomer(tx, customerId, now);
    for (const member of await markMembersOfCustomerDeleted(tx, customerId, now)) queued += await queueMemberWebhook(tx, actor.organizationId, "member.deleted", member);
    await markCustomerDeleted(tx, customerId, now);
    queued += await queueCustomerWebhook(tx, actor.organizationId, "customer.deleted", customerId);
    return queued;
  });
  if (webhooks) void scheduleWebhookDelivery();
}

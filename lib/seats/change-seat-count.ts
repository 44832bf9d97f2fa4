import "server-only";
import type { OrganizationActor } from "@/lib/auth/actor";
import { checkSeatCount, seatAmount } from "./pricing";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSubscriptionWebhook } from "@/lib/webhooks/queue";
import { requireContainer } from "./container";
import { AlreadyCanceledSubscription, SeatsAlreadyAssigned } from "./errors";
import { countLiveSeats, findPriceOfProduct, lockContainer, updateSubscriptionSeats, seatTransaction } from "./queries";
import type { SeatTier } from "./types";

/**
 * Sets a subscription's seat count. A count below the seats assigned or invited is refused
 * and nothing changes: seats are never taken away silently. The lock is the one assignment
 * takes, so an assign and a decrease cannot both win the last seat.
 */
export async function changeSeatCount(actor: OrganizationActor, subscriptionId: string, seats: number) {
  const ref = { kind: "subscription" as const, id: subscriptionId };
  const webhooks = await seatTransaction(async (tx) => {
    const container = requireContainer(await lockContainer(tx, ref, { organizationId: actor.organizationId }));
    const price = await findPriceOfProduct(tx, container.productId);
    // As Polar: an ended subscription, or one canceled at the period's end, keeps its seats.
    if (container.status === "canceled" || container.cancelAtPeriodEnd) throw new AlreadyCanceledSubscription();
    const tiers = (price?.seatTiers ?? []) as SeatTier[];
    checkSeatCount(tiers, seats);
    const live = await countLiveSeats(tx, ref);
    if (seats < live) throw new SeatsAlreadyAssigned(live, seats);
    if (seats === container.seats) return 0;
    await updateSubscriptionSeats(tx, subscriptionId, seats, seatAmount(tiers, price?.seatTierType ?? "volume", seats), new Date());
    return queueSubscriptionWebhook(tx, actor.organizationId, "subscription.updated", subscriptionId);
  });
  if (webhooks) void scheduleWebhookDelivery();
}

import "server-only";
import { checkSeatCount, maximumSeats, minimumSeats, seatAmount } from "./pricing";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSubscriptionWebhook } from "@/lib/webhooks/queue";
import { scopeOf, type SeatManager } from "./actor";
import { requireContainer } from "./container";
import { AlreadyCanceledSubscription, SeatsAlreadyAssigned, UpdateSubscriptionSeatsNotAllowed } from "./errors";
import { client, countLiveSeats, findActorEmails, findContainer, findPriceOfProduct, lockContainer, updateSubscriptionSeats, seatTransaction, type Container, type Tx } from "./queries";
import { recordTeamEvent, type TeamEventActor } from "./team-events";
import type { SeatTier } from "./types";

/**
 * Whether this actor may change this container's seat count at all (the tiers and the seats
 * in use decide the rest): only a subscription's, in the portal only where the organization
 * allows it (Polar's customer_portal_settings.subscription.update_seats), and never an ended
 * subscription's or one canceled at the period's end (Polar's AlreadyCanceledSubscription).
 */
export function seatCountOpen(actor: SeatManager, container: Container) {
  if (container.kind !== "subscription") return false;
  if (actor.kind === "customer" && !container.customersMayChangeSeats) return false;
  return container.status !== "canceled" && !container.cancelAtPeriodEnd;
}

/** How the team's activity names who changed the count. */
async function teamActorOf(tx: Tx, actor: SeatManager): Promise<TeamEventActor> {
  if (actor.kind === "organization") return { type: "organization", id: actor.tokenId, label: "organization" };
  if (actor.memberId) return { type: "member", id: actor.memberId, label: (await findActorEmails(tx, { memberId: actor.memberId })) ?? "member" };
  return { type: "customer", id: actor.customerId, label: (await findActorEmails(tx, { customerId: actor.customerId })) ?? "customer" };
}

/** The rules a count must pass, on a container read (or locked) for it. */
async function checkChange(tx: Tx, actor: SeatManager, container: Container, seats: number) {
  // The portal's door is the organization's to open; the vendor's own API always may.
  if (actor.kind === "customer" && !container.customersMayChangeSeats) throw new UpdateSubscriptionSeatsNotAllowed();
  // As Polar: an ended subscription, or one canceled at the period's end, keeps its seats.
  if (container.status === "canceled" || container.cancelAtPeriodEnd) throw new AlreadyCanceledSubscription();
  const price = await findPriceOfProduct(tx, container.productId);
  const tiers = (price?.seatTiers ?? []) as SeatTier[];
  checkSeatCount(tiers, seats);
  const ref = { kind: "subscription" as const, id: container.id };
  const live = await countLiveSeats(tx, ref);
  if (seats < live) throw new SeatsAlreadyAssigned(live, seats);
  const tierType = price?.seatTierType ?? "volume";
  return { tiers, tierType, live, currency: price?.priceCurrency ?? "usd", amount: seatAmount(tiers, tierType, seats), currentAmount: seatAmount(tiers, tierType, container.seats) };
}

/**
 * Sets a subscription's seat count. A count below the seats assigned or invited is refused
 * and nothing changes: seats are never taken away silently. The lock is the one assignment
 * takes, so an assign and a decrease cannot both win the last seat. A team's owner or
 * billing manager may do it in the portal where the organization allows it; the vendor
 * learns of it by subscription.updated (its billing charges the difference).
 */
export async function changeSeatCount(actor: SeatManager, subscriptionId: string, seats: number) {
  const ref = { kind: "subscription" as const, id: subscriptionId };
  const webhooks = await seatTransaction(async (tx) => {
    const container = requireContainer(await lockContainer(tx, ref, scopeOf(actor)));
    const { amount } = await checkChange(tx, actor, container, seats);
    if (seats === container.seats) return 0;
    const now = new Date();
    await updateSubscriptionSeats(tx, subscriptionId, seats, amount, now);
    await recordTeamEvent(tx, {
      customerId: container.billingCustomerId,
      type: "seats_changed",
      detail: { subscription_id: subscriptionId, product: container.productName, from: container.seats, to: seats },
      actor: await teamActorOf(tx, actor),
      now,
    });
    return queueSubscriptionWebhook(tx, container.organizationId, "subscription.updated", subscriptionId);
  });
  if (webhooks) void scheduleWebhookDelivery();
}

export type SeatCountPreview = { seats: number; currentSeats: number; amount: number; currentAmount: number; currency: string; inUse: number };

/** What a new count would cost, refused exactly as the change would be; nothing is written. */
export async function previewSeatCount(actor: SeatManager, subscriptionId: string, seats: number): Promise<SeatCountPreview> {
  const container = requireContainer(await findContainer(client(), { kind: "subscription", id: subscriptionId }, scopeOf(actor)));
  const checked = await checkChange(client(), actor, container, seats);
  return { seats, currentSeats: container.seats, amount: checked.amount, currentAmount: checked.currentAmount, currency: checked.currency, inUse: checked.live };
}

export type SeatCountTerms =
  | { allowed: false }
  | { allowed: true; minimum: number; maximum: number | null; inUse: number; seats: number; amount: number; currency: string };

/**
 * For the portal's Change seats form: whether it may be shown, and the bounds it offers. The
 * seats page asks only where its container is open to changes (getSeatsPage's
 * `seatCountOpen`): where the organization leaves them off (the default) a view reads nothing
 * more (three reads on every view of it, measured in issue 24's bench run).
 */
export async function seatCountTerms(actor: SeatManager, subscriptionId: string): Promise<SeatCountTerms> {
  const tx = client();
  const container = requireContainer(await findContainer(tx, { kind: "subscription", id: subscriptionId }, scopeOf(actor)));
  if (!seatCountOpen(actor, container)) return { allowed: false };
  const price = await findPriceOfProduct(tx, container.productId);
  const tiers = (price?.seatTiers ?? []) as SeatTier[];
  const inUse = await countLiveSeats(tx, { kind: "subscription", id: subscriptionId });
  return {
    allowed: true,
    minimum: Math.max(minimumSeats(tiers), inUse),
    maximum: maximumSeats(tiers),
    inUse,
    seats: container.seats,
    amount: seatAmount(tiers, price?.seatTierType ?? "volume", container.seats),
    currency: price?.priceCurrency ?? "usd",
  };
}

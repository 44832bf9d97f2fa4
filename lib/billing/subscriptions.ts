import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { createdAtOrder, pageWindow, type Page } from "@/lib/paging";
import type { MerchantSubscriptionRow } from "@/lib/rows/merchant";
import { ensureOwnerOf } from "@/lib/members";
import { changeSeatCount } from "@/lib/seats/change-seat-count";
import { revokeSubscription } from "@/lib/seats/end-subscription";
import { checkSeatCount, minimumSeats, seatAmount } from "@/lib/seats/pricing";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSubscriptionWebhook } from "@/lib/webhooks/queue";
import {
  billingTransaction,
  countSubscriptions,
  findLiveCustomer,
  findMerchantProduct,
  findMerchantSubscription,
  findMerchantSubscriptions,
  insertSubscription,
  updateSubscriptionMetadata,
  updateSubscriptionRow,
} from "./queries";
import { requestedSeats, type SubscriptionCreateInput, type SubscriptionListInput, type SubscriptionUpdateInput } from "./schemas";

const ACTIVE = ["active", "trialing"];

function addInterval(from: Date, interval: string, count: number) {
  const end = new Date(from);
  if (interval === "day") end.setUTCDate(end.getUTCDate() + count);
  else if (interval === "week") end.setUTCDate(end.getUTCDate() + 7 * count);
  else if (interval === "year") end.setUTCFullYear(end.getUTCFullYear() + count);
  else end.setUTCMonth(end.getUTCMonth() + count);
  return end;
}

/** Starts a subscription at once (the vendor's billing system took the payment). */
export async function createSubscription(actor: OrganizationActor, input: SubscriptionCreateInput): Promise<MerchantSubscriptionRow> {
  const { subscription, queued } = await billingTransaction(async (tx) => {
    const product = await findMerchantProduct(actor.organizationId, input.product_id, tx);
    if (!product) throw new RequestValidationFailure(["body", "product_id"], "Product does not exist.", input.product_id);
    if (product.isArchived) throw new RequestValidationFailure(["body", "product_id"], "Product is archived.", input.product_id);
    if (!product.recurringInterval) throw new RequestValidationFailure(["body", "product_id"], "A subscription needs a recurring product.", input.product_id);
    const price = product.prices[0];
    if (!price) throw new RequestValidationFailure(["body", "product_id"], "The product has no price.", input.product_id);
    const customer = await findLiveCustomer(actor.organizationId, input.customer_id ? { id: input.customer_id } : { externalId: input.external_customer_id! }, tx);
    if (!customer) {
      const field = input.customer_id ? "customer_id" : "external_customer_id";
      throw new RequestValidationFailure(["body", field], "Customer does not exist.", input.customer_id ?? input.external_customer_id);
    }
    const seats = checkSeatCount(price.seatTiers, requestedSeats(input) ?? minimumSeats(price.seatTiers));
    const now = new Date();
    const created = await insertSubscription(tx, {
      organizationId: actor.organizationId,
      customerId: customer.id,
      productId: product.id,
      status: "active",
      amount: seatAmount(price.seatTiers, price.seatTierType, seats),
      currency: price.priceCurrency,
      recurringInterval: product.recurringInterval,
      recurringIntervalCount: product.recurringIntervalCount ?? 1,
      currentPeriodStart: now,
      currentPeriodEnd: addInterval(now, product.recurringInterval, product.recurringIntervalCount ?? 1),
      startedAt: now,
      seats,
      metadata: input.metadata ?? {},
      createdAt: now,
    });
    // A seat-based subscription makes its customer a team, with its owner.
    const owner = await ensureOwnerOf(tx, customer.id, actor.organizationId);
    return { subscription: created, queued: owner + (await queueSubscriptionWebhook(tx, actor.organizationId, "subscription.created", created.id)) };
  });
  if (queued) void scheduleWebhookDelivery();
  return subscription;
}

export async function getSubscription(actor: OrganizationActor, id: string) {
  const subscription = await findMerchantSubscription(actor.organizationId, id);
  if (!subscription) throw new ResourceNotFound("Subscription not found.");
  return subscription;
}

export async function listSubscriptions(actor: OrganizationActor, query: SubscriptionListInput): Promise<Page<MerchantSubscriptionRow>> {
  const window = pageWindow(query);
  const where: Prisma.SubscriptionWhereInput = {
    organizationId: actor.organizationId,
    ...(query.product_id ? { productId: { in: query.product_id } } : {}),
    ...(query.customer_id ? { customerId: { in: query.customer_id } } : {}),
    ...(query.external_customer_id ? { customer: { externalId: { in: query.external_customer_id } } } : {}),
    ...(query.active !== undefined ? { status: query.active ? { in: ACTIVE } : { notIn: ACTIVE } } : {}),
    ...(query.cancel_at_period_end !== undefined ? { cancelAtPeriodEnd: query.cancel_at_period_end } : {}),
  };
  const [items, totalCount] = await Promise.all([
    findMerchantSubscriptions(where, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countSubscriptions(where),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

async function setCancellation(actor: OrganizationActor, id: string, input: Extract<SubscriptionUpdateInput, { cancel_at_period_end: boolean }>) {
  const queued = await billingTransaction(async (tx) => {
    const current = await findMerchantSubscription(actor.organizationId, id, tx);
    if (!current) throw new ResourceNotFound("Subscription not found.");
    if (current.status === "canceled" && current.endedAt) return 0;
    const now = new Date();
    await updateSubscriptionRow(tx, id, {
      modifiedAt: now,
      cancelAtPeriodEnd: input.cancel_at_period_end,
      canceledAt: input.cancel_at_period_end ? now : null,
      endsAt: input.cancel_at_period_end ? current.currentPeriodEnd : null,
      customerCancellationReason: input.cancel_at_period_end ? (input.customer_cancellation_reason ?? null) : null,
      customerCancellationComment: input.cancel_at_period_end ? (input.customer_cancellation_comment ?? null) : null,
    });
    const type = input.cancel_at_period_end ? "subscription.canceled" : "subscription.uncanceled";
    return (await queueSubscriptionWebhook(tx, actor.organizationId, type, id)) + (await queueSubscriptionWebhook(tx, actor.organizationId, "subscription.updated", id));
  });
  if (queued) void scheduleWebhookDelivery();
}

async function setMetadata(actor: OrganizationActor, id: string, metadata: Record<string, string | number | boolean>) {
  const queued = await billingTransaction(async (tx) => {
    const count = await updateSubscriptionMetadata(tx, actor.organizationId, id, metadata);
    if (count === 0) throw new ResourceNotFound("Subscription not found.");
    return queueSubscriptionWebhook(tx, actor.organizationId, "subscription.updated", id);
  });
  if (queued) void scheduleWebhookDelivery();
}

/** Polar's subscription update: seats, cancellation at the period's end, revoke, or metadata. */
export async function updateSubscription(actor: OrganizationActor, id: string, input: SubscriptionUpdateInput) {
  if ("seats" in input) await changeSeatCount(actor, id, input.seats);
  else if ("cancel_at_period_end" in input) await setCancellation(actor, id, input);
  else if ("revoke" in input) await revokeSubscription(actor, id);
  else await setMetadata(actor, id, input.metadata);
  return getSubscription(actor, id);
}

export async function endSubscription(actor: OrganizationActor, id: string) {
  await revokeSubscription(actor, id);
  return getSubscription(actor, id);
}

import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { createdAtOrder, pageWindow, type Page } from "@/lib/paging";
import type { OrderRow } from "@/lib/rows/merchant";
import { checkSeatCount, minimumSeats, seatAmount } from "@/lib/seats/pricing";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueOrderWebhook } from "@/lib/webhooks/queue";
import { ensureOwnerOf } from "@/lib/members";
import { billingTransaction, countOrders, findLiveCustomer, findMerchantProduct, findOrder, findOrders, insertOrder } from "./queries";
import { requestedSeats, type OrderCreateInput, type OrderListInput } from "./schemas";

/** Records a paid order with its seat count (the vendor's billing system took the payment). */
export async function createOrder(actor: OrganizationActor, input: OrderCreateInput): Promise<OrderRow> {
  const { order, queued } = await billingTransaction(async (tx) => {
    const product = await findMerchantProduct(actor.organizationId, input.product_id, tx);
    if (!product) throw new RequestValidationFailure(["body", "product_id"], "Product does not exist.", input.product_id);
    const price = product.prices[0];
    if (!price) throw new RequestValidationFailure(["body", "product_id"], "The product has no price.", input.product_id);
    const customer = await findLiveCustomer(actor.organizationId, { id: input.customer_id }, tx);
    if (!customer) throw new RequestValidationFailure(["body", "customer_id"], "Customer does not exist.", input.customer_id);
    const seats = checkSeatCount(price.seatTiers, requestedSeats(input) ?? minimumSeats(price.seatTiers));
    const created = await insertOrder(tx, {
      organizationId: actor.organizationId,
      customerId: customer.id,
      productId: product.id,
      status: "paid",
      totalAmount: input.amount ?? seatAmount(price.seatTiers, price.seatTierType, seats),
      currency: input.currency ?? price.priceCurrency,
      seats,
      metadata: input.metadata ?? {},
    });
    // A seat-based order makes its customer a team, with its owner.
    const owner = await ensureOwnerOf(tx, customer.id, actor.organizationId);
    const queued = owner + (await queueOrderWebhook(tx, actor.organizationId, "order.created", created.id)) + (await queueOrderWebhook(tx, actor.organizationId, "order.paid", created.id));
    return { order: created, queued };
  });
  if (queued) void scheduleWebhookDelivery();
  return order;
}

export async function getOrder(actor: OrganizationActor, id: string) {
  const order = await findOrder(actor.organizationId, id);
  if (!order) throw new ResourceNotFound("Order not found.");
  return order;
}

export async function listOrders(actor: OrganizationActor, query: OrderListInput): Promise<Page<OrderRow>> {
  const window = pageWindow(query);
  const where: Prisma.OrderWhereInput = {
    organizationId: actor.organizationId,
    ...(query.product_id ? { productId: { in: query.product_id } } : {}),
    ...(query.customer_id ? { customerId: { in: query.customer_id } } : {}),
    ...(query.external_customer_id ? { customer: { externalId: { in: query.external_customer_id } } } : {}),
    // Orders here are not tied to subscriptions: a subscription filter matches none.
    ...(query.subscription_id ? { id: { in: [] } } : {}),
  };
  const [items, totalCount] = await Promise.all([
    findOrders(where, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countOrders(where),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { createdAtOrder, pageWindow } from "@/lib/api/query";
import { db } from "@/lib/db";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import type { Page } from "@/lib/seats/types";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueOrderWebhook } from "@/lib/webhooks/queue";
import { checkSeatCount, minimumSeats, seatAmount } from "./pricing";
import { ORDER_SELECT, findLiveCustomer, findMerchantProduct, findOrder, toOrderRow } from "./queries";
import { requestedSeats, type OrderCreateInput, type OrderListInput } from "./schemas";
import type { OrderRow } from "./types";

/** Records a paid order with its seat count (the vendor's billing system took the payment). */
export async function createOrder(actor: OrganizationActor, input: OrderCreateInput): Promise<OrderRow> {
  const { order, queued } = await db().prisma.$transaction(async (tx) => {
    const product = await findMerchantProduct(tx, actor.organizationId, input.product_id);
    if (!product) throw new RequestValidationFailure(["body", "product_id"], "Product does not exist.", input.product_id);
    const price = product.prices[0];
    if (!price) throw new RequestValidationFailure(["body", "product_id"], "The product has no price.", input.product_id);
    const customer = await findLiveCustomer(tx, actor.organizationId, { id: input.customer_id });
    if (!customer) throw new RequestValidationFailure(["body", "customer_id"], "Customer does not exist.", input.customer_id);
    const seats = checkSeatCount(price.seatTiers, requestedSeats(input) ?? minimumSeats(price.seatTiers));
    const created = await tx.order.create({
      data: {
        organizationId: actor.organizationId,
        customerId: customer.id,
        productId: product.id,
        status: "paid",
        totalAmount: input.amount ?? seatAmount(price.seatTiers, price.seatTierType, seats),
        currency: input.currency ?? price.priceCurrency,
        seats,
        metadata: input.metadata ?? {},
      },
      select: ORDER_SELECT,
    });
    const queued = (await queueOrderWebhook(tx, actor.organizationId, "order.created", created.id)) + (await queueOrderWebhook(tx, actor.organizationId, "order.paid", created.id));
    return { order: toOrderRow(created), queued };
  });
  if (queued) void scheduleWebhookDelivery();
  return order;
}

export async function getOrder(actor: OrganizationActor, id: string) {
  const order = await findOrder(db().prisma, actor.organizationId, id);
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
  const { prisma } = db();
  const [items, totalCount] = await Promise.all([
    prisma.order.findMany({ where, select: ORDER_SELECT, orderBy: [{ createdAt: createdAtOrder(query.sorting) }, { id: "asc" }], skip: window.skip, take: window.take }),
    prisma.order.count({ where }),
  ]);
  return { items: items.map(toOrderRow), totalCount, page: window.page, limit: window.limit };
}

import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { createdAtOrder, pageWindow, type Page } from "@/lib/paging";
import type { MerchantProductRow } from "@/lib/rows/merchant";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueProductWebhook } from "@/lib/webhooks/queue";
import { archivePrices, billingTransaction, countProducts, findMerchantProduct, findPriceOwnedByProduct, findProducts, insertPrice, insertProduct, unarchivePrice, updateProductRow } from "./queries";
import type { ProductCreateInput, ProductListInput, ProductUpdateInput, SeatBasedPriceInput } from "./schemas";

function priceData(price: SeatBasedPriceInput) {
  return {
    amountType: "seat_based",
    priceCurrency: price.price_currency ?? "usd",
    seatTierType: price.seat_tiers.seat_tier_type ?? "volume",
    seatTiers: price.seat_tiers.tiers.map((tier) => ({ min_seats: tier.min_seats, max_seats: tier.max_seats ?? null, price_per_seat: tier.price_per_seat })),
  };
}

export async function createProduct(actor: OrganizationActor, input: ProductCreateInput): Promise<MerchantProductRow> {
  const recurring = input.recurring_interval ?? null;
  const { product, queued } = await billingTransaction(async (tx) => {
    const created = await insertProduct(tx, {
      organizationId: actor.organizationId,
      name: input.name,
      description: input.description ?? null,
      visibility: input.visibility ?? "public",
      recurringInterval: recurring,
      recurringIntervalCount: recurring ? (input.recurring_interval_count ?? 1) : null,
      metadata: input.metadata ?? {},
      prices: { create: input.prices.map(priceData) },
    });
    return { product: created, queued: await queueProductWebhook(tx, actor.organizationId, "product.created", created.id) };
  });
  if (queued) void scheduleWebhookDelivery();
  return product;
}

export async function getProduct(actor: OrganizationActor, id: string) {
  const product = await findMerchantProduct(actor.organizationId, id);
  if (!product) throw new ResourceNotFound("Product not found.");
  return product;
}

export async function listProducts(actor: OrganizationActor, query: ProductListInput): Promise<Page<MerchantProductRow>> {
  const window = pageWindow(query);
  const where: Prisma.ProductWhereInput = {
    organizationId: actor.organizationId,
    ...(query.id ? { id: { in: query.id } } : {}),
    ...(query.is_archived !== undefined ? { isArchived: query.is_archived } : {}),
    ...(query.is_recurring !== undefined ? { recurringInterval: query.is_recurring ? { not: null } : null } : {}),
    ...(query.query ? { name: { contains: query.query, mode: "insensitive" } } : {}),
  };
  const [items, totalCount] = await Promise.all([
    findProducts(where, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countProducts(where),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

/** Updates a product; new prices replace the current ones, which are archived (subscriptions keep theirs). */
export async function updateProduct(actor: OrganizationActor, id: string, input: ProductUpdateInput): Promise<MerchantProductRow> {
  const { product, queued } = await billingTransaction(async (tx) => {
    if (!(await findMerchantProduct(actor.organizationId, id, tx))) throw new ResourceNotFound("Product not found.");
    const now = new Date();
    const price = input.prices?.[0];
    if (price && "id" in price) {
      // Keeping a price by its id: it must be one of this product's own.
      const kept = await findPriceOwnedByProduct(tx, id, price.id);
      if (!kept) throw new RequestValidationFailure(["body", "prices", 0, "id"], "This price is not one of the product's.", price.id);
      await archivePrices(tx, id, now, price.id);
      await unarchivePrice(tx, price.id, now);
    } else if (price) {
      await archivePrices(tx, id, now);
      await insertPrice(tx, { ...priceData(price), productId: id });
    }
    await updateProductRow(tx, id, {
      modifiedAt: now,
      ...(input.name ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.visibility ? { visibility: input.visibility } : {}),
      ...(input.is_archived != null ? { isArchived: input.is_archived } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    });
    return { product: (await findMerchantProduct(actor.organizationId, id, tx))!, queued: await queueProductWebhook(tx, actor.organizationId, "product.updated", id) };
  });
  if (queued) void scheduleWebhookDelivery();
  return product;
}

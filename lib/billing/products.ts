import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { createdAtOrder, pageWindow } from "@/lib/api/query";
import { db } from "@/lib/db";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import type { Page } from "@/lib/seats/types";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueProductWebhook } from "@/lib/webhooks/queue";
import { MERCHANT_PRODUCT_SELECT, findMerchantProduct, toMerchantProductRow } from "./queries";
import type { ProductCreateInput, ProductListInput, ProductUpdateInput, SeatBasedPriceInput } from "./schemas";
import type { MerchantProductRow } from "./types";

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
  const { product, queued } = await db().prisma.$transaction(async (tx) => {
    const created = await tx.product.create({
      data: {
        organizationId: actor.organizationId,
        name: input.name,
        description: input.description ?? null,
        visibility: input.visibility ?? "public",
        recurringInterval: recurring,
        recurringIntervalCount: recurring ? (input.recurring_interval_count ?? 1) : null,
        metadata: input.metadata ?? {},
        prices: { create: input.prices.map(priceData) },
      },
      select: MERCHANT_PRODUCT_SELECT,
    });
    return { product: toMerchantProductRow(created), queued: await queueProductWebhook(tx, actor.organizationId, "product.created", created.id) };
  });
  if (queued) void scheduleWebhookDelivery();
  return product;
}

export async function getProduct(actor: OrganizationActor, id: string) {
  const product = await findMerchantProduct(db().prisma, actor.organizationId, id);
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
  const { prisma } = db();
  const [items, totalCount] = await Promise.all([
    prisma.product.findMany({ where, select: MERCHANT_PRODUCT_SELECT, orderBy: [{ createdAt: createdAtOrder(query.sorting) }, { id: "asc" }], skip: window.skip, take: window.take }),
    prisma.product.count({ where }),
  ]);
  return { items: items.map(toMerchantProductRow), totalCount, page: window.page, limit: window.limit };
}

/** Updates a product; new prices replace the current ones, which are archived (subscriptions keep theirs). */
export async function updateProduct(actor: OrganizationActor, id: string, input: ProductUpdateInput): Promise<MerchantProductRow> {
  const { product, queued } = await db().prisma.$transaction(async (tx) => {
    if (!(await findMerchantProduct(tx, actor.organizationId, id))) throw new ResourceNotFound("Product not found.");
    const now = new Date();
    const price = input.prices?.[0];
    if (price && "id" in price) {
      // Keeping a price by its id: it must be one of this product's own.
      const kept = await tx.productPrice.findFirst({ where: { id: price.id, productId: id }, select: { id: true } });
      if (!kept) throw new RequestValidationFailure(["body", "prices", 0, "id"], "This price is not one of the product's.", price.id);
      await tx.productPrice.updateMany({ where: { productId: id, isArchived: false, id: { not: price.id } }, data: { isArchived: true, modifiedAt: now } });
      await tx.productPrice.update({ where: { id: price.id }, data: { isArchived: false, modifiedAt: now } });
    } else if (price) {
      await tx.productPrice.updateMany({ where: { productId: id, isArchived: false }, data: { isArchived: true, modifiedAt: now } });
      await tx.productPrice.create({ data: { ...priceData(price), productId: id } });
    }
    await tx.product.update({
      where: { id },
      data: {
        modifiedAt: now,
        ...(input.name ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.visibility ? { visibility: input.visibility } : {}),
        ...(input.is_archived != null ? { isArchived: input.is_archived } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
      },
      select: { id: true },
    });
    return { product: (await findMerchantProduct(tx, actor.organizationId, id))!, queued: await queueProductWebhook(tx, actor.organizationId, "product.updated", id) };
  });
  if (queued) void scheduleWebhookDelivery();
  return product;
}

import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { SUBSCRIPTION_FIELDS } from "@/lib/seats/queries";
import type { SeatTier } from "@/lib/seats/types";
import type { CustomerRow, MerchantProductRow, MerchantSubscriptionRow, OrderRow } from "./types";

export const CUSTOMER_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  organizationId: true,
  email: true,
  emailVerified: true,
  externalId: true,
  name: true,
  billingName: true,
  billingAddress: true,
  taxId: true,
  locale: true,
  metadata: true,
  deletedAt: true,
} satisfies Prisma.CustomerSelect;

export const MERCHANT_PRODUCT_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  organizationId: true,
  name: true,
  description: true,
  recurringInterval: true,
  recurringIntervalCount: true,
  isArchived: true,
  visibility: true,
  metadata: true,
  prices: {
    where: { isArchived: false },
    select: {
      id: true,
      createdAt: true,
      modifiedAt: true,
      productId: true,
      amountType: true,
      priceCurrency: true,
      seatTierType: true,
      seatTiers: true,
      isArchived: true,
    },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.ProductSelect;

type SelectedProduct = Prisma.ProductGetPayload<{ select: typeof MERCHANT_PRODUCT_SELECT }>;

export function toMerchantProductRow(product: SelectedProduct): MerchantProductRow {
  return { ...product, prices: product.prices.map((price) => ({ ...price, seatTiers: price.seatTiers as SeatTier[] })) };
}

export const MERCHANT_SUBSCRIPTION_SELECT = {
  ...SUBSCRIPTION_FIELDS,
  metadata: true,
  customer: { select: CUSTOMER_SELECT },
  product: { select: MERCHANT_PRODUCT_SELECT },
} satisfies Prisma.SubscriptionSelect;

type SelectedSubscription = Prisma.SubscriptionGetPayload<{ select: typeof MERCHANT_SUBSCRIPTION_SELECT }>;

export function toMerchantSubscriptionRow(subscription: SelectedSubscription): MerchantSubscriptionRow {
  return { ...subscription, customer: subscription.customer as CustomerRow, product: toMerchantProductRow(subscription.product) };
}

export const ORDER_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  status: true,
  totalAmount: true,
  currency: true,
  billingReason: true,
  seats: true,
  customerId: true,
  productId: true,
  metadata: true,
  customer: { select: CUSTOMER_SELECT },
  product: { select: MERCHANT_PRODUCT_SELECT },
} satisfies Prisma.OrderSelect;

type SelectedOrder = Prisma.OrderGetPayload<{ select: typeof ORDER_SELECT }>;

export function toOrderRow(order: SelectedOrder): OrderRow {
  return { ...order, customer: order.customer as CustomerRow, product: toMerchantProductRow(order.product) };
}

export async function findMerchantSubscription(tx: Tx, organizationId: string, id: string) {
  const row = await tx.subscription.findFirst({ where: { id, organizationId }, select: MERCHANT_SUBSCRIPTION_SELECT });
  return row ? toMerchantSubscriptionRow(row) : null;
}

export async function findMerchantProduct(tx: Tx, organizationId: string, id: string) {
  const row = await tx.product.findFirst({ where: { id, organizationId }, select: MERCHANT_PRODUCT_SELECT });
  return row ? toMerchantProductRow(row) : null;
}

export async function findOrder(tx: Tx, organizationId: string, id: string) {
  const row = await tx.order.findFirst({ where: { id, organizationId }, select: ORDER_SELECT });
  return row ? toOrderRow(row) : null;
}

export function findLiveCustomer(tx: Tx, organizationId: string, by: { id: string } | { externalId: string }) {
  return tx.customer.findFirst({
    where: { organizationId, deletedAt: null, ...("id" in by ? { id: by.id } : { externalId: by.externalId }) },
    select: CUSTOMER_SELECT,
  }) as Promise<CustomerRow | null>;
}

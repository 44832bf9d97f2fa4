import type { Prisma } from "@/lib/generated/prisma/client";
import type { ProductRow, SeatTier, SubscriptionRow } from "./catalogue";

// The merchant API's rows (Polar's Customer, Product, Subscription and Order) and the Prisma
// selects shaped to their serializers. lib/billing reads them for its answers, lib/webhooks
// for the webhooks that report a change inside its transaction (lib/seats queues some of
// those), and lib/auth reads a customer: all from here, so none of them imports lib/billing.

export type CustomerRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  organizationId: string;
  email: string;
  emailVerified: boolean;
  externalId: string | null;
  name: string | null;
  billingName: string | null;
  billingAddress?: unknown;
  taxId?: string | null;
  locale?: string | null;
  metadata: unknown;
  deletedAt: Date | null;
  /** One subscription and one order of the customer, if any: a customer who has one is a team. */
  subscriptions?: { id: string }[];
  orders?: { id: string }[];
};

export type MerchantProductRow = Omit<ProductRow, "organization"> & { metadata: unknown };

export type MerchantSubscriptionRow = Omit<SubscriptionRow, "product"> & {
  metadata: unknown;
  customer: CustomerRow;
  product: MerchantProductRow;
};

export type OrderRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  status: string;
  totalAmount: number;
  currency: string;
  billingReason: string;
  seats: number | null;
  customerId: string;
  productId: string;
  metadata: unknown;
  customer: CustomerRow;
  product: MerchantProductRow;
};

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
  // Whether it bought anything (every product here is seat-based): Polar's team customer.
  subscriptions: { select: { id: true }, take: 1 },
  orders: { select: { id: true }, take: 1 },
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

/** A subscription's scalar columns for Prisma's reads; the claimed list of lib/seats/queries.ts names the same columns in SQL. */
export const SUBSCRIPTION_FIELDS = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  customerId: true,
  productId: true,
  status: true,
  amount: true,
  currency: true,
  recurringInterval: true,
  recurringIntervalCount: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  canceledAt: true,
  startedAt: true,
  endsAt: true,
  endedAt: true,
  trialStart: true,
  trialEnd: true,
  customerCancellationReason: true,
  customerCancellationComment: true,
  seats: true,
} satisfies Prisma.SubscriptionSelect;

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

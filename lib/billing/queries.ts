import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { listOrder, type ListWindow } from "@/lib/paging";
import {
  CUSTOMER_SELECT,
  MERCHANT_PRODUCT_SELECT,
  MERCHANT_SUBSCRIPTION_SELECT,
  ORDER_SELECT,
  toMerchantProductRow,
  toMerchantSubscriptionRow,
  toOrderRow,
  type CustomerRow,
} from "@/lib/rows/merchant";

// The catalogue's statements: the operation files reach the database through this module
// only. A statement that runs only inside a transaction takes the caller's `tx` first; one
// that also runs on its own takes it last, the client by default.

/** The operation files' transactions (a change and the webhooks that report it commit together). */
export function billingTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().prisma.$transaction(work);
}

export async function findMerchantSubscription(organizationId: string, id: string, tx: Tx = db().prisma) {
  const row = await tx.subscription.findFirst({ where: { id, organizationId }, select: MERCHANT_SUBSCRIPTION_SELECT });
  return row ? toMerchantSubscriptionRow(row) : null;
}

export async function findMerchantProduct(organizationId: string, id: string, tx: Tx = db().prisma) {
  const row = await tx.product.findFirst({ where: { id, organizationId }, select: MERCHANT_PRODUCT_SELECT });
  return row ? toMerchantProductRow(row) : null;
}

export async function findOrder(organizationId: string, id: string, tx: Tx = db().prisma) {
  const row = await tx.order.findFirst({ where: { id, organizationId }, select: ORDER_SELECT });
  return row ? toOrderRow(row) : null;
}

export function findLiveCustomer(organizationId: string, by: { id: string } | { externalId: string }, tx: Tx = db().prisma) {
  return tx.customer.findFirst({
    where: { organizationId, deletedAt: null, ...("id" in by ? { id: by.id } : { externalId: by.externalId }) },
    select: CUSTOMER_SELECT,
  }) as Promise<CustomerRow | null>;
}

export async function insertCustomer(tx: Tx, data: Prisma.CustomerCreateArgs["data"]) {
  return (await tx.customer.create({ data, select: CUSTOMER_SELECT })) as CustomerRow;
}

export async function updateCustomerRow(tx: Tx, id: string, data: Prisma.CustomerUpdateArgs["data"]) {
  return (await tx.customer.update({ where: { id }, data, select: CUSTOMER_SELECT })) as CustomerRow;
}

export async function findCustomers(where: Prisma.CustomerWhereInput, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return (await tx.customer.findMany({ where, select: CUSTOMER_SELECT, orderBy: listOrder(order), skip, take })) as CustomerRow[];
}

export function countCustomers(where: Prisma.CustomerWhereInput, tx: Tx = db().prisma) {
  return tx.customer.count({ where });
}

export async function insertOrder(tx: Tx, data: Prisma.OrderCreateArgs["data"]) {
  return toOrderRow(await tx.order.create({ data, select: ORDER_SELECT }));
}

export async function findOrders(where: Prisma.OrderWhereInput, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return (await tx.order.findMany({ where, select: ORDER_SELECT, orderBy: listOrder(order), skip, take })).map(toOrderRow);
}

export function countOrders(where: Prisma.OrderWhereInput, tx: Tx = db().prisma) {
  return tx.order.count({ where });
}

export async function insertProduct(tx: Tx, data: Prisma.ProductCreateArgs["data"]) {
  return toMerchantProductRow(await tx.product.create({ data, select: MERCHANT_PRODUCT_SELECT }));
}

export async function updateProductRow(tx: Tx, id: string, data: Prisma.ProductUpdateArgs["data"]) {
  await tx.product.update({ where: { id }, data, select: { id: true } });
}

export async function findProducts(where: Prisma.ProductWhereInput, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return (await tx.product.findMany({ where, select: MERCHANT_PRODUCT_SELECT, orderBy: listOrder(order), skip, take })).map(toMerchantProductRow);
}

export function countProducts(where: Prisma.ProductWhereInput, tx: Tx = db().prisma) {
  return tx.product.count({ where });
}

/** The price `priceId` when it is one of the product's own (archived or not). */
export function findPriceOwnedByProduct(tx: Tx, productId: string, priceId: string) {
  return tx.productPrice.findFirst({ where: { id: priceId, productId }, select: { id: true } });
}

/** Archives the product's live prices, but for `keptPriceId` when given. */
export async function archivePrices(tx: Tx, productId: string, now: Date, keptPriceId?: string) {
  await tx.productPrice.updateMany({
    where: { productId, isArchived: false, ...(keptPriceId !== undefined ? { id: { not: keptPriceId } } : {}) },
    data: { isArchived: true, modifiedAt: now },
  });
}

export async function unarchivePrice(tx: Tx, priceId: string, now: Date) {
  await tx.productPrice.update({ where: { id: priceId }, data: { isArchived: false, modifiedAt: now } });
}

export async function insertPrice(tx: Tx, data: Prisma.ProductPriceCreateArgs["data"]) {
  await tx.productPrice.create({ data });
}

export async function insertSubscription(tx: Tx, data: Prisma.SubscriptionCreateArgs["data"]) {
  return toMerchantSubscriptionRow(await tx.subscription.create({ data, select: MERCHANT_SUBSCRIPTION_SELECT }));
}

export async function updateSubscriptionRow(tx: Tx, id: string, data: Prisma.SubscriptionUpdateArgs["data"]) {
  await tx.subscription.update({ where: { id }, data, select: { id: true } });
}

/** Sets the metadata of the organization's subscription `id`; how many rows changed (0: not its own). */
export async function updateSubscriptionMetadata(tx: Tx, organizationId: string, id: string, metadata: Record<string, string | number | boolean>) {
  const { count } = await tx.subscription.updateMany({ where: { id, organizationId }, data: { metadata, modifiedAt: new Date() } });
  return count;
}

export async function findMerchantSubscriptions(where: Prisma.SubscriptionWhereInput, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return (await tx.subscription.findMany({ where, select: MERCHANT_SUBSCRIPTION_SELECT, orderBy: listOrder(order), skip, take })).map(toMerchantSubscriptionRow);
}

export function countSubscriptions(where: Prisma.SubscriptionWhereInput, tx: Tx = db().prisma) {
  return tx.subscription.count({ where });
}

// The merchant API's objects (Polar's Product, Subscription and Order), for organizations.
import type { MerchantProductRow, MerchantSubscriptionRow, OrderRow } from "@/lib/rows/merchant";
import { toCustomer } from "./customer";
import { subscriptionFields } from "./customer-subscription";
import { iso, isoOrNull } from "./dates";
import { productFields, toSeatBasedPrice } from "./product";

type Metadata = Record<string, string | number | boolean>;
const metadataOf = (value: unknown) => (value && typeof value === "object" ? (value as Metadata) : {});

// Benefits, media and custom fields are not managed here: empty lists.
export function toProduct(product: MerchantProductRow) {
  return {
    ...productFields(product),
    metadata: metadataOf(product.metadata),
    prices: product.prices.map(toSeatBasedPrice),
    benefits: [],
    medias: [],
    attached_custom_fields: [],
  };
}

export function toSubscription(subscription: MerchantSubscriptionRow) {
  const product = toProduct(subscription.product);
  return {
    ...subscriptionFields(subscription),
    metadata: metadataOf(subscription.metadata),
    custom_field_data: {},
    customer: toCustomer(subscription.customer),
    product,
    discount: null,
    prices: product.prices,
    meters: [],
    pending_update: null,
  };
}

// Orders here are paid in full by the vendor's billing system: no tax, discount or balance.
export function toOrder(order: OrderRow) {
  const paid = order.status === "paid";
  return {
    id: order.id,
    created_at: iso(order.createdAt),
    modified_at: isoOrNull(order.modifiedAt),
    status: order.status,
    paid,
    subtotal_amount: order.totalAmount,
    discount_amount: 0,
    net_amount: order.totalAmount,
    tax_amount: 0,
    total_amount: order.totalAmount,
    applied_balance_amount: 0,
    due_amount: paid ? 0 : order.totalAmount,
    refunded_amount: 0,
    refunded_tax_amount: 0,
    currency: order.currency,
    billing_reason: order.billingReason,
    billing_name: order.customer.billingName,
    billing_address: null,
    invoice_number: null,
    is_invoice_generated: false,
    receipt_number: null,
    seats: order.seats,
    customer_id: order.customerId,
    product_id: order.productId,
    discount_id: null,
    subscription_id: null,
    checkout_id: null,
    next_payment_attempt_at: null,
    metadata: metadataOf(order.metadata),
    custom_field_data: {},
    platform_fee_amount: 0,
    platform_fee_currency: null,
    customer: toCustomer(order.customer),
    product: { ...productFields(order.product), metadata: metadataOf(order.product.metadata) },
    discount: null,
    subscription: null,
    items: [
      {
        created_at: iso(order.createdAt),
        modified_at: null,
        id: order.id,
        label: order.seats ? `${order.product.name} × ${order.seats} seats` : order.product.name,
        amount: order.totalAmount,
        tax_amount: 0,
        proration: false,
        product_price_id: order.product.prices[0]?.id ?? null,
      },
    ],
    description: order.product.name,
    refundable_amount: paid ? order.totalAmount : 0,
    refundable_tax_amount: 0,
  };
}

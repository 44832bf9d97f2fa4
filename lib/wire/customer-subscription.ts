import type { SubscriptionRow } from "@/lib/rows/catalogue";
import { iso, isoOrNull } from "./dates";
import { toCustomerSubscriptionProduct } from "./product";

type SubscriptionFieldsRow = Omit<SubscriptionRow, "product">;

// The fields every subscription schema of Polar's shares: every required key present,
// nullable ones as null. Meters, discounts, checkouts and pauses are not managed here.
export function subscriptionFields(subscription: SubscriptionFieldsRow) {
  return {
    created_at: iso(subscription.createdAt),
    modified_at: isoOrNull(subscription.modifiedAt),
    id: subscription.id,
    amount: subscription.amount,
    currency: subscription.currency,
    recurring_interval: subscription.recurringInterval,
    recurring_interval_count: subscription.recurringIntervalCount,
    status: subscription.status,
    current_period_start: iso(subscription.currentPeriodStart),
    current_period_end: iso(subscription.currentPeriodEnd),
    current_meter_period_start: null,
    current_meter_period_end: null,
    trial_start: isoOrNull(subscription.trialStart),
    trial_end: isoOrNull(subscription.trialEnd),
    cancel_at_period_end: subscription.cancelAtPeriodEnd,
    canceled_at: isoOrNull(subscription.canceledAt),
    started_at: isoOrNull(subscription.startedAt),
    ends_at: isoOrNull(subscription.endsAt),
    ended_at: isoOrNull(subscription.endedAt),
    past_due_at: null,
    pause_at_period_end: false,
    paused_at: null,
    resumes_at: null,
    customer_id: subscription.customerId,
    product_id: subscription.productId,
    discount_id: null,
    checkout_id: null,
    seats: subscription.seats,
    // SDK 1.x declares it; 0.49.0 ignores it.
    units: null,
    customer_cancellation_reason: subscription.customerCancellationReason,
    customer_cancellation_comment: subscription.customerCancellationComment,
  };
}

// Polar's CustomerSubscription, as the seat holder sees it.
export function toCustomerSubscription(subscription: SubscriptionRow) {
  const product = toCustomerSubscriptionProduct(subscription.product);
  return {
    ...subscriptionFields(subscription),
    product,
    prices: product.prices,
    meters: [],
    pending_update: null,
  };
}

export { toListResource } from "./list-resource";

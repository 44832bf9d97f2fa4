// Polar's webhook event types (an endpoint may subscribe to any); the ones this portal
// sends are listed apart.
export const WEBHOOK_EVENT_TYPES = [
  "checkout.created", "checkout.updated", "checkout.expired",
  "customer.created", "customer.updated", "customer.deleted", "customer.state_changed",
  "customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked",
  "member.created", "member.updated", "member.deleted",
  "order.created", "order.updated", "order.paid", "order.refunded",
  "subscription.created", "subscription.updated", "subscription.active", "subscription.canceled",
  "subscription.uncanceled", "subscription.revoked", "subscription.past_due", "subscription.paused", "subscription.resumed",
  "refund.created", "refund.updated",
  "product.created", "product.updated",
  "benefit.created", "benefit.updated",
  "benefit_grant.created", "benefit_grant.cycled", "benefit_grant.updated", "benefit_grant.revoked",
  "organization.updated",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const SENT_EVENT_TYPES: readonly WebhookEventType[] = [
  "customer_seat.assigned",
  "customer_seat.claimed",
  "customer_seat.revoked",
  "subscription.created",
  "subscription.updated",
  "subscription.canceled",
  "subscription.uncanceled",
  "subscription.revoked",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "product.created",
  "product.updated",
  "order.created",
  "order.paid",
  "member.created",
  "member.updated",
  "member.deleted",
];

import "server-only";
import type { SeatRow } from "@/lib/rows/seat";
import type { MemberRow } from "@/lib/rows/member";
import { toMember } from "@/lib/wire/member";
import { toCustomer } from "@/lib/wire/customer";
import { toCustomerSeat } from "@/lib/wire/customer-seat";
import { toOrder, toProduct, toSubscription } from "@/lib/wire/merchant";
import type { WebhookEventType } from "./event-types";
import {
  countSubscribedEndpoints,
  findCustomerForWebhook,
  findOrderForWebhook,
  findProductForWebhook,
  findSubscriptionForWebhook,
  insertWebhookEvents,
  type Tx,
} from "./queries";

// Every webhook is written in the transaction of the change it reports (one row per
// subscribed endpoint), so it exists exactly when the change was committed, with the state
// of that moment; it is sent after the commit.

/** Queues `{type, timestamp, data}` for every enabled endpoint of the organization subscribed to `type`. */
async function queue(tx: Tx, organizationId: string, type: WebhookEventType, data: unknown): Promise<number> {
  const now = new Date();
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  return insertWebhookEvents(tx, organizationId, type, payload, now);
}

export function queueSeatWebhook(tx: Tx, organizationId: string, type: WebhookEventType, seat: SeatRow) {
  return queue(tx, organizationId, type, toCustomerSeat(seat));
}

export function queueMemberWebhook(tx: Tx, organizationId: string, type: "member.created" | "member.updated" | "member.deleted", member: MemberRow) {
  return queue(tx, organizationId, type, toMember(member));
}

export async function queueSubscriptionWebhook(tx: Tx, organizationId: string, type: WebhookEventType, subscriptionId: string) {
  if (!(await countSubscribedEndpoints(tx, organizationId, type))) return 0;
  const subscription = await findSubscriptionForWebhook(tx, organizationId, subscriptionId);
  return subscription ? queue(tx, organizationId, type, toSubscription(subscription)) : 0;
}

export async function queueCustomerWebhook(tx: Tx, organizationId: string, type: WebhookEventType, customerId: string) {
  if (!(await countSubscribedEndpoints(tx, organizationId, type))) return 0;
  const customer = await findCustomerForWebhook(tx, customerId);
  return customer ? queue(tx, organizationId, type, toCustomer(customer)) : 0;
}

export async function queueProductWebhook(tx: Tx, organizationId: string, type: WebhookEventType, productId: string) {
  if (!(await countSubscribedEndpoints(tx, organizationId, type))) return 0;
  const product = await findProductForWebhook(tx, organizationId, productId);
  return product ? queue(tx, organizationId, type, toProduct(product)) : 0;
}

export async function queueOrderWebhook(tx: Tx, organizationId: string, type: WebhookEventType, orderId: string) {
  if (!(await countSubscribedEndpoints(tx, organizationId, type))) return 0;
  const order = await findOrderForWebhook(tx, organizationId, orderId);
  return order ? queue(tx, organizationId, type, toOrder(order)) : 0;
}

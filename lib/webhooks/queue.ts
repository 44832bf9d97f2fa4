import "server-only";
import { prismaSql, type Sql, type Tx } from "@/lib/db";
import { findMerchantProduct, findMerchantSubscription, findOrder, CUSTOMER_SELECT } from "@/lib/billing/queries";
import type { CustomerRow } from "@/lib/billing/types";
import type { SeatRow } from "@/lib/seats/types";
import { toCustomer } from "@/lib/wire/customer";
import { toCustomerSeat } from "@/lib/wire/customer-seat";
import { toOrder, toProduct, toSubscription } from "@/lib/wire/merchant";
import type { WebhookEventType } from "./event-types";

// Every webhook is written in the transaction of the change it reports (one row per
// subscribed endpoint), so it exists exactly when the change was committed, with the state
// of that moment; it is sent after the commit.

function wanted(tx: Tx, organizationId: string, type: WebhookEventType) {
  return tx.webhookEndpoint.count({ where: { organizationId, enabled: true, events: { has: type } } });
}

/** Queues `{type, timestamp, data}` for every enabled endpoint of the organization subscribed to `type`. */
async function queue(sql: Sql, organizationId: string, type: WebhookEventType, data: unknown): Promise<number> {
  const now = new Date();
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const rows = await sql.rows(
    `INSERT INTO webhook_events (id, endpoint_id, type, payload, created_at, next_attempt_at)
     SELECT gen_random_uuid(), e.id, $1, $2, $3::timestamptz, $3::timestamptz
       FROM webhook_endpoints e
      WHERE e.organization_id = $4::uuid AND e.enabled AND $1 = ANY(e.events)
     RETURNING id`,
    [type, payload, now, organizationId],
  );
  return rows.length;
}

export function queueSeatWebhook(sql: Sql, organizationId: string, type: WebhookEventType, seat: SeatRow) {
  return queue(sql, organizationId, type, toCustomerSeat(seat));
}

export async function queueSubscriptionWebhook(tx: Tx, organizationId: string, type: WebhookEventType, subscriptionId: string) {
  if (!(await wanted(tx, organizationId, type))) return 0;
  const subscription = await findMerchantSubscription(tx, organizationId, subscriptionId);
  return subscription ? queue(prismaSql(tx), organizationId, type, toSubscription(subscription)) : 0;
}

export async function queueCustomerWebhook(tx: Tx, organizationId: string, type: WebhookEventType, customerId: string) {
  if (!(await wanted(tx, organizationId, type))) return 0;
  const customer = (await tx.customer.findUnique({ where: { id: customerId }, select: CUSTOMER_SELECT })) as CustomerRow | null;
  return customer ? queue(prismaSql(tx), organizationId, type, toCustomer(customer)) : 0;
}

export async function queueProductWebhook(tx: Tx, organizationId: string, type: WebhookEventType, productId: string) {
  if (!(await wanted(tx, organizationId, type))) return 0;
  const product = await findMerchantProduct(tx, organizationId, productId);
  return product ? queue(prismaSql(tx), organizationId, type, toProduct(product)) : 0;
}

export async function queueOrderWebhook(tx: Tx, organizationId: string, type: WebhookEventType, orderId: string) {
  if (!(await wanted(tx, organizationId, type))) return 0;
  const order = await findOrder(tx, organizationId, orderId);
  return order ? queue(prismaSql(tx), organizationId, type, toOrder(order)) : 0;
}

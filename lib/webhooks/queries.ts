import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CUSTOMER_SELECT, listOrder, type ListWindow } from "@/lib/billing/queries";
import type { CustomerRow } from "@/lib/billing/types";
import { db, poolSql, prismaSql, type Sql, type Tx } from "@/lib/db";
import type { WebhookEventType } from "./event-types";
import type { WebhookEndpointRow } from "./types";

// The webhooks' statements: endpoints, the queue and the sender reach the database through
// this module only. A statement that runs on the caller's handle (its transaction, or the
// sender's pool) takes it first; one that runs on its own takes it last, the client by default.

export { poolSql, prismaSql, type Sql, type Tx };

// Endpoints (the merchant API).

const ENDPOINT_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  organizationId: true,
  url: true,
  name: true,
  format: true,
  secretHint: true,
  events: true,
  enabled: true,
} satisfies Prisma.WebhookEndpointSelect;

export async function insertWebhookEndpoint(data: Prisma.WebhookEndpointCreateArgs["data"], tx: Tx = db().prisma) {
  return (await tx.webhookEndpoint.create({ data, select: ENDPOINT_SELECT })) as WebhookEndpointRow;
}

export async function findWebhookEndpoint(organizationId: string, id: string, tx: Tx = db().prisma) {
  return (await tx.webhookEndpoint.findFirst({ where: { id, organizationId }, select: ENDPOINT_SELECT })) as WebhookEndpointRow | null;
}

export async function findWebhookEndpoints(organizationId: string, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return (await tx.webhookEndpoint.findMany({ where: { organizationId }, select: ENDPOINT_SELECT, orderBy: listOrder(order), skip, take })) as WebhookEndpointRow[];
}

export function countWebhookEndpoints(organizationId: string, tx: Tx = db().prisma) {
  return tx.webhookEndpoint.count({ where: { organizationId } });
}

export async function updateWebhookEndpointRow(id: string, data: Prisma.WebhookEndpointUpdateArgs["data"], tx: Tx = db().prisma) {
  return (await tx.webhookEndpoint.update({ where: { id }, data, select: ENDPOINT_SELECT })) as WebhookEndpointRow;
}

export async function deleteWebhookEndpointRow(id: string, tx: Tx = db().prisma) {
  await tx.webhookEndpoint.delete({ where: { id } });
}

export function findWebhookDeliveries(where: Prisma.WebhookDeliveryWhereInput, { order, skip, take }: ListWindow, tx: Tx = db().prisma) {
  return tx.webhookDelivery.findMany({
    where,
    select: {
      id: true,
      createdAt: true,
      modifiedAt: true,
      succeeded: true,
      httpCode: true,
      response: true,
      webhookEvent: { select: { id: true, createdAt: true, modifiedAt: true, type: true, payload: true, status: true, lastHttpCode: true, skipped: true, isArchived: true } },
    },
    orderBy: listOrder(order),
    skip,
    take,
  });
}

export function countWebhookDeliveries(where: Prisma.WebhookDeliveryWhereInput, tx: Tx = db().prisma) {
  return tx.webhookDelivery.count({ where });
}

/** Puts an event of the organization's endpoints back in the queue as new; how many rows changed (0: not its own). */
export async function requeueWebhookEvent(organizationId: string, eventId: string, tx: Tx = db().prisma) {
  const { count } = await tx.webhookEvent.updateMany({
    where: { id: eventId, endpoint: { organizationId } },
    data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, skipped: false, modifiedAt: new Date() },
  });
  return count;
}

// The queue, written in the transaction of the change it reports.

/** How many enabled endpoints of the organization are subscribed to `type`. */
export function countSubscribedEndpoints(tx: Tx, organizationId: string, type: WebhookEventType) {
  return tx.webhookEndpoint.count({ where: { organizationId, enabled: true, events: { has: type } } });
}

export function findCustomerForWebhook(tx: Tx, customerId: string) {
  return tx.customer.findUnique({ where: { id: customerId }, select: CUSTOMER_SELECT }) as Promise<CustomerRow | null>;
}

/** One event row per enabled endpoint of the organization subscribed to `type`; how many were written. */
export async function insertWebhookEvents(sql: Sql, organizationId: string, type: WebhookEventType, payload: string, now: Date): Promise<number> {
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

// The sender, on the pool.

export type LeasedEvent = { id: string; endpoint_id: string; payload: string; attempts: number; url: string; secret_sealed: string; enabled: boolean };

/**
 * Leases up to `limit` due events for `leaseSeconds`, counting the attempt. FOR UPDATE SKIP
 * LOCKED: several instances never send one event at the same time.
 */
export function leaseDueWebhookEvents(sql: Sql, limit: number, leaseSeconds: number) {
  return sql.rows<LeasedEvent>(
    `WITH due AS (
       SELECT id FROM webhook_events
        WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
        ORDER BY next_attempt_at, created_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED)
     UPDATE webhook_events we
        SET locked_until = now() + make_interval(secs => $2), attempts = we.attempts + 1
       FROM due, webhook_endpoints e
      WHERE we.id = due.id AND e.id = we.endpoint_id
     RETURNING we.id, we.endpoint_id, we.payload, we.attempts, e.url, e.secret_sealed, e.enabled`,
    [limit, leaseSeconds],
  );
}

/** Gives leased events back to the queue at once, their attempt not counted. */
export async function releaseWebhookEvents(sql: Sql, eventIds: string[]) {
  await sql.rows(`UPDATE webhook_events SET locked_until = NULL, attempts = attempts - 1 WHERE id = ANY($1::uuid[])`, [eventIds]);
}

/** An event for a disabled endpoint: kept, marked skipped. */
export async function markWebhookEventSkipped(sql: Sql, eventId: string) {
  await sql.rows(`UPDATE webhook_events SET status = 'failed', skipped = true, locked_until = NULL, modified_at = now() WHERE id = $1`, [eventId]);
}

export async function insertWebhookDelivery(
  sql: Sql,
  delivery: { eventId: string; endpointId: string; succeeded: boolean; httpCode: number | null; response: string; durationMs: number },
) {
  await sql.rows(
    `INSERT INTO webhook_deliveries (id, webhook_event_id, endpoint_id, succeeded, http_code, response, duration_ms)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
    [delivery.eventId, delivery.endpointId, delivery.succeeded, delivery.httpCode, delivery.response, delivery.durationMs],
  );
}

/** The event after an attempt: its status, the answer's code, and when a pending one is tried again. */
export async function recordWebhookAttempt(sql: Sql, eventId: string, status: string, httpCode: number | null, retryInSeconds: number) {
  await sql.rows(
    `UPDATE webhook_events
          SET status = $2, last_http_code = $3, locked_until = NULL, modified_at = now(),
              next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $4) ELSE next_attempt_at END
        WHERE id = $1`,
    [eventId, status, httpCode, retryInSeconds],
  );
}

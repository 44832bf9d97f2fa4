import "server-only";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { createDrainer } from "@/lib/drainer";
import { env } from "@/lib/env";
import { unseal } from "@/lib/seal";
import { postWebhook } from "./http-post";
import { afterAttempt } from "./retry-schedule";

// How long a sender may hold an event before another instance takes it over (longer than
// the request timeout).
const LEASE_SECONDS = 60;

type LeasedEvent = { id: string; endpoint_id: string; payload: string; attempts: number; url: string; secret_sealed: string; enabled: boolean };

/**
 * Signs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) and sends the
 * events that are due, recording every attempt. Leased with FOR UPDATE SKIP LOCKED so that
 * several instances never send one event at the same time.
 */
export async function deliverPendingWebhooks(limit = 20, stopping: () => boolean = () => false): Promise<number> {
  const { pool } = db();
  const { rows } = await pool.query<LeasedEvent>(
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
    [limit, LEASE_SECONDS],
  );
  for (const [index, event] of rows.entries()) {
    if (stopping()) {
      // Stopping: the events not started yet go back to the queue for another instance, now.
      await pool.query(`UPDATE webhook_events SET locked_until = NULL, attempts = attempts - 1 WHERE id = ANY($1::uuid[])`, [rows.slice(index).map((r) => r.id)]);
      break;
    }
    if (!event.enabled) {
      // A disabled endpoint gets nothing; the event is kept, marked skipped.
      await pool.query(`UPDATE webhook_events SET status = 'failed', skipped = true, locked_until = NULL, modified_at = now() WHERE id = $1`, [event.id]);
      continue;
    }
    const secret = unseal(event.secret_sealed, env().AUTH_SECRET, "webhook-secret");
    // Polar's HMAC key is the secret's UTF-8 bytes (its SDK's validateEvent expects that).
    const signer = new Webhook(Buffer.from(secret, "utf8").toString("base64"));
    const now = new Date();
    const headers = {
      "webhook-id": event.id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signer.sign(event.id, now, event.payload),
    };
    const result = await postWebhook(event.url, event.payload, headers);
    const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
    await pool.query(
      `INSERT INTO webhook_deliveries (id, webhook_event_id, endpoint_id, succeeded, http_code, response, duration_ms)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
      [event.id, event.endpoint_id, succeeded, result.status, result.error ?? result.body, result.durationMs],
    );
    const next = afterAttempt(succeeded, event.attempts, env().WEBHOOK_RETRY_BASE_SECONDS);
    await pool.query(
      `UPDATE webhook_events
          SET status = $2, last_http_code = $3, locked_until = NULL, modified_at = now(),
              next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $4) ELSE next_attempt_at END
        WHERE id = $1`,
      [event.id, next.status, result.status, next.status === "pending" ? next.retryInSeconds : 0],
    );
  }
  return rows.length;
}

const BATCH = 20;
const webhookDrainer = createDrainer("webhooks", (stopping) => deliverPendingWebhooks(BATCH, stopping), BATCH);

export const scheduleWebhookDelivery = webhookDrainer.schedule;
export const pendingWebhookDelivery = webhookDrainer.pending;
export const stopWebhookDelivery = webhookDrainer.stop;

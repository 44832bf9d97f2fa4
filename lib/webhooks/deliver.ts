import "server-only";
import { Webhook } from "standardwebhooks";
import { createDrainer } from "@/lib/drainer";
import { env } from "@/lib/env";
import { unseal } from "@/lib/seal";
import { postWebhook } from "./http-post";
import { insertWebhookDelivery, leaseDueWebhookEvents, markWebhookEventSkipped, recordWebhookAttempt, releaseWebhookEvents } from "./queries";
import { afterAttempt } from "./retry-schedule";

// How long a sender may hold an event before another instance takes it over (longer than
// the request timeout).
const LEASE_SECONDS = 60;

/**
 * Signs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) and sends the
 * events that are due, recording every attempt. Leased with FOR UPDATE SKIP LOCKED so that
 * several instances never send one event at the same time.
 */
export async function deliverPendingWebhooks(limit = 20, stopping: () => boolean = () => false): Promise<number> {
  const rows = await leaseDueWebhookEvents(limit, LEASE_SECONDS);
  for (const [index, event] of rows.entries()) {
    if (stopping()) {
      // Stopping: the events not started yet go back to the queue for another instance, now.
      await releaseWebhookEvents(rows.slice(index).map((r) => r.id));
      break;
    }
    if (!event.enabled) {
      // A disabled endpoint gets nothing; the event is kept, marked skipped.
      await markWebhookEventSkipped(event.id);
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
    await insertWebhookDelivery({ eventId: event.id, endpointId: event.endpoint_id, succeeded, httpCode: result.status, response: result.error ?? result.body, durationMs: result.durationMs });
    const next = afterAttempt(succeeded, event.attempts, env().WEBHOOK_RETRY_BASE_SECONDS);
    await recordWebhookAttempt(event.id, next.status, result.status, next.status === "pending" ? next.retryInSeconds : 0);
  }
  return rows.length;
}

const BATCH = 20;
const webhookDrainer = createDrainer("webhooks", (stopping) => deliverPendingWebhooks(BATCH, stopping), BATCH);

export const scheduleWebhookDelivery = webhookDrainer.schedule;
export const pendingWebhookDelivery = webhookDrainer.pending;
export const stopWebhookDelivery = webhookDrainer.stop;

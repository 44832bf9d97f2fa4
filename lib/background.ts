import "server-only";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { pendingDelivery, scheduleDelivery } from "@/lib/email/outbox";
import { pendingWebhookDelivery, scheduleWebhookDelivery } from "@/lib/webhooks/deliver";

// The work a request leaves behind (emails and webhooks queued by its transaction): drained
// right after it, on an interval in a long-running server, and by the cron route.

export function scheduleBackgroundWork() {
  return Promise.all([scheduleDelivery(), scheduleWebhookDelivery()]).then(() => undefined);
}

/** What is still being sent: doors hand it to `after()` so that serverless hosts finish it. */
export function pendingBackgroundWork() {
  return Promise.all([pendingDelivery(), pendingWebhookDelivery()]).then(() => undefined);
}

const holder = globalThis as unknown as { seatPortalWorker?: NodeJS.Timeout };

export function startBackgroundWorker() {
  const seconds = env().OUTBOX_POLL_SECONDS;
  if (holder.seatPortalWorker || seconds === 0) return;
  holder.seatPortalWorker = setInterval(() => void scheduleBackgroundWork(), seconds * 1000);
  holder.seatPortalWorker.unref();
  void scheduleBackgroundWork();
}

export function stopBackgroundWorker() {
  if (holder.seatPortalWorker) clearInterval(holder.seatPortalWorker);
  holder.seatPortalWorker = undefined;
}

/**
 * The app's part of a graceful stop, called by the production server once no request is in
 * flight: no new delivery runs, the running ones finish the rows they hold, the pool closes.
 */
export async function shutDownBackgroundWork() {
  stopBackgroundWorker();
  await pendingBackgroundWork();
  await closeDb();
}

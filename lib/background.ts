import "server-only";
import { closeDb } from "@/lib/db";
import { forgetExpiredIdempotencyKeys } from "@/lib/idempotency-keys";
import { forgetExpiredSignInLinks } from "@/lib/auth/sign-in-email";
import { log } from "@/lib/log";
import { forgetExpiredRateLimits } from "@/lib/rate-limit";
import { forgetOldReplacedInvitations, sendInvitationReminders } from "@/lib/seats";
import { env } from "@/lib/env";
import { pendingDelivery, scheduleDelivery, stopDelivery } from "@/lib/email/outbox";
import { pendingWebhookDelivery, scheduleWebhookDelivery, stopWebhookDelivery } from "@/lib/webhooks/deliver";

// The work a request leaves behind (emails and webhooks queued by its transaction): drained
// right after it, on an interval in a long-running server, and by the cron route.

export function scheduleBackgroundWork() {
  return Promise.all([scheduleDelivery(), scheduleWebhookDelivery()]).then(() => undefined);
}

const MAINTENANCE_EVERY_MS = 60_000;
let lastMaintenance = 0;

/**
 * The periodic chores: invitation reminders (a day before links lapse), forgetting
 * Idempotency-Keys older than a day, sign-in links that lapsed, links replaced long ago and rate-limit windows that ended.
 * Safe on any number of instances at once.
 */
export async function runMaintenance(now = new Date()) {
  const reminded = await sendInvitationReminders(now);
  await forgetExpiredIdempotencyKeys();
  await forgetExpiredSignInLinks();
  await forgetOldReplacedInvitations(now);
  await forgetExpiredRateLimits();
  return { reminded };
}

function maybeRunMaintenance() {
  if (Date.now() - lastMaintenance < MAINTENANCE_EVERY_MS) return;
  lastMaintenance = Date.now();
  runMaintenance().catch((error: Error) => log("error", "maintenance failed", { error: error.message }));
}

/** What is still being sent: doors hand it to `after()` so that serverless hosts finish it. */
export function pendingBackgroundWork() {
  return Promise.all([pendingDelivery(), pendingWebhookDelivery()]).then(() => undefined);
}

const holder = globalThis as unknown as { seatPortalWorker?: NodeJS.Timeout };

export function startBackgroundWorker() {
  const seconds = env().OUTBOX_POLL_SECONDS;
  if (holder.seatPortalWorker || seconds === 0) return;
  holder.seatPortalWorker = setInterval(() => {
    void scheduleBackgroundWork();
    maybeRunMaintenance();
  }, seconds * 1000);
  holder.seatPortalWorker.unref();
  void scheduleBackgroundWork();
}

export function stopBackgroundWorker() {
  if (holder.seatPortalWorker) clearInterval(holder.seatPortalWorker);
  holder.seatPortalWorker = undefined;
}

/**
 * The app's part of a graceful stop, called by the production server once no request is in
 * flight: no new delivery runs, the running ones finish the row they are sending and give the
 * rest of their batch back to the queue, the pool closes.
 */
export async function shutDownBackgroundWork() {
  stopBackgroundWorker();
  await Promise.all([stopDelivery(), stopWebhookDelivery()]);
  await closeDb();
}

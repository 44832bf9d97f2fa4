import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import type { EmailMessage } from "./message";
import { seal, unseal } from "@/lib/seal";
import { createDrainer } from "@/lib/drainer";
import { timeOrderedId } from "@/lib/time-ordered-id";
import { currentDelivery, send } from "./transport";

/**
 * Queues a message in the caller's transaction: it exists exactly when the change that
 * caused it was committed, and is delivered after the commit.
 *
 * Its id, which becomes its Message-ID, is a UUIDv7: it starts with the time it was queued.
 * Two messages to one person can leave in either order (another instance, or a retry, may
 * send the older one later); the id and the Date header (the time it was queued, to the
 * second) keep their order for a reader that sorts by them.
 */
export async function enqueueEmail(tx: Tx, message: EmailMessage) {
  // created_at is the id's instant, not the transaction's start: a transaction that began
  // first but waited on a lock queues its email later, and its id and its date both say so.
  const { id, millis } = timeOrderedId();
  await tx.emailOutbox.create({
    data: {
      id,
      createdAt: new Date(millis),
      kind: message.kind,
      recipient: message.to,
      subject: message.subject,
      payload: seal(JSON.stringify({ text: message.text, html: message.html }), env().AUTH_SECRET),
    },
    select: { id: true },
  });
}

// How long a sender may hold a row before another instance takes it over: longer than the
// slowest send (transport.ts bounds SMTP waits to 30 s).
const LEASE_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 30 * 60;

function backoffSeconds(attempts: number) {
  const base = Math.min(MAX_BACKOFF_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type DeliveryReport = { sent: number; failed: number };

/**
 * Sends what is due. Rows are leased with FOR UPDATE SKIP LOCKED, so any number of
 * instances (and the cron route) can drain one outbox without sending a message twice.
 */
export async function deliverPendingEmails(limit = 25, stopping: () => boolean = () => false): Promise<DeliveryReport> {
  const delivery = currentDelivery();
  const report: DeliveryReport = { sent: 0, failed: 0 };
  const { prisma } = db();
  // Raw for the row lock: FOR UPDATE SKIP LOCKED leases each due row to one sender (Prisma's query API has no row locks).
  const rows = await prisma.$queryRaw<{ id: string; created_at: Date; kind: string; recipient: string; subject: string; payload: string | null; attempts: number }[]>`
    UPDATE email_outbox SET locked_until = now() + make_interval(secs => ${LEASE_SECONDS}::int), attempts = attempts + 1
     WHERE id IN (SELECT id FROM email_outbox
                   WHERE status = 'pending' AND next_attempt_at <= now()
                     AND (locked_until IS NULL OR locked_until < now())
                   ORDER BY next_attempt_at, created_at
                   LIMIT ${limit}::int
                   FOR UPDATE SKIP LOCKED)
     RETURNING id, created_at, kind, recipient, subject, payload, attempts`;
  // A delivered message keeps no link; the dev mailbox keeps what only went to the console.
  const markSent = (ids: string[]) =>
    prisma.emailOutbox.updateMany({
      where: { id: { in: ids } },
      data: { status: "sent", sentAt: new Date(), lockedUntil: null, lastError: null, transport: delivery, ...(delivery === "console" ? {} : { payload: null }) },
    });
  // A message that left for a mail server is recorded at once (a crash then re-sends as
  // little as possible); one printed to the console is recorded with the rest of its batch.
  const printed: string[] = [];
  for (const [index, row] of rows.entries()) {
    if (stopping()) {
      // Stopping: the rows not started yet go back to the queue for another instance, now.
      await prisma.emailOutbox.updateMany({ where: { id: { in: rows.slice(index).map((r) => r.id) } }, data: { lockedUntil: null, attempts: { decrement: 1 } } });
      break;
    }
    try {
      if (!row.payload) throw new Error("the message has no payload");
      const body = JSON.parse(unseal(row.payload, env().AUTH_SECRET)) as { text: string; html: string };
      await send({ kind: row.kind, to: row.recipient, subject: row.subject, ...body }, delivery, { id: row.id, queuedAt: row.created_at });
      if (delivery === "smtp") await markSent([row.id]);
      else printed.push(row.id);
      report.sent++;
    } catch (error) {
      report.failed++;
      await prisma.emailOutbox.update({
        where: { id: row.id },
        data: { lockedUntil: null, lastError: String((error as Error).message ?? error).slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffSeconds(row.attempts) * 1000) },
        select: { id: true },
      });
    }
  }
  if (printed.length) await markSent(printed);
  return report;
}

const BATCH = 25;
// A few tens of milliseconds on an email nobody can tell apart from none; under load it
// lets one lease and one mark carry the invitations of many requests.
const SETTLE_MS = 25;
const emailDrainer = createDrainer("outbox", async (stopping) => {
  const report = await deliverPendingEmails(BATCH, stopping);
  return report.sent + report.failed;
}, BATCH, SETTLE_MS);

/** Starts a delivery run soon after a commit, without making the request wait for SMTP. */
export const scheduleDelivery = emailDrainer.schedule;

/** The delivery run in progress, if any (for `after()`). */
export const pendingDelivery = emailDrainer.pending;

/** For a graceful stop: the run in progress ends after the message it is sending. */
export const stopDelivery = emailDrainer.stop;

export type OutboxBacklog = { pending: number; oldestPendingSeconds: number | null };

export async function outboxBacklog(tx: Tx): Promise<OutboxBacklog> {
  const backlog = await tx.emailOutbox.aggregate({ where: { status: "pending" }, _count: { _all: true }, _min: { createdAt: true } });
  const pending = backlog._count._all;
  const first = backlog._min.createdAt;
  // created_at is the app's clock (its id's instant): never a negative age.
  return { pending, oldestPendingSeconds: first === null ? null : Math.max(0, (Date.now() - first.getTime()) / 1000) };
}

import "server-only";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { seatReminder } from "@/lib/email/seat-notices";
import { organizationLocale } from "./email-locale";
import { newToken } from "@/lib/auth/tokens";
import { claimUrl } from "./invitation";
import { insertSeatEvent, lockSeatsDueForReminder, markReminded, seatTransaction } from "./queries";

export const REMINDER_LEAD_HOURS = 24;

/**
 * Reminds every invitee whose link lapses within a day and who was not reminded of this
 * invitation yet. Seats are taken with FOR UPDATE SKIP LOCKED and marked in the same
 * transaction as the email is queued, so however often and wherever the job runs, nobody
 * is reminded twice. `now` is a parameter so tests can move the clock; `organizationId`
 * keeps a run to one organization.
 */
export async function sendInvitationReminders(now = new Date(), options: { organizationId?: string; limit?: number } = {}): Promise<number> {
  const reminded = await seatTransaction(async (tx) => {
    const until = new Date(now.getTime() + REMINDER_LEAD_HOURS * 3600_000);
    const due = await lockSeatsDueForReminder(tx, now, until, options.limit ?? 100, options.organizationId);
    for (const seat of due) {
      const { token, hash } = newToken();
      await markReminded(tx, seat.id, hash, now);
      await insertSeatEvent(tx, { seatId: seat.id, container: seat.container, type: "reminded", email: seat.email, customerId: seat.customerId, actor: { type: "system", id: null } });
      await enqueueEmail(
        tx,
        seatReminder({
          to: seat.email!,
          claimUrl: claimUrl(seat.organizationSlug, token),
          productName: seat.productName,
          organizationName: seat.organizationName,
          expiresAt: seat.invitationTokenExpiresAt!,
          locale: await organizationLocale(tx, seat.organizationSlug),
        }),
      );
    }
    return due.length;
  });
  if (reminded) void scheduleDelivery();
  return reminded;
}

// The dev mailbox (issue 9): with no SMTP_URL, what the portal sends goes to the console and
// stays listed on /dev/mailbox, so a newcomer without a mail server sees the reminder and
// the claim notice. (A production server refuses the page: tests/api/dev-mailbox.test.ts.)
//
// This file runs on a database of its own with SMTP_URL unset: delivering to the console
// drains the whole outbox, which on the suite's shared database would take the other files'
// messages away from the mail capture they wait on.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { closeDb, db } from "@/lib/db";
import { env } from "@/lib/env";
import { devMailboxEnabled, listDevMailbox, type MailboxMessage } from "@/lib/email/dev-mailbox";
import { deliverPendingEmails, enqueueEmail } from "@/lib/email/outbox";
import { currentDelivery } from "@/lib/email/transport";
import { assignSeat, claimSeat, sendInvitationReminders } from "@/lib/seats";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";

const DAY = 24 * 3600_000;
const saved = { DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject("databaseKind"));
  await closeDb();
  process.env.DATABASE_URL = database.url;
  delete process.env.SMTP_URL;
  // Console delivery prints every message; what matters here is what the mailbox lists.
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterAll(async () => {
  vi.restoreAllMocks();
  await closeDb();
  await database?.drop();
  process.env.DATABASE_URL = saved.DATABASE_URL;
  if (saved.SMTP_URL !== undefined) process.env.SMTP_URL = saved.SMTP_URL;
});

const claimToken = (message: MailboxMessage | undefined) => {
  const match = /\/portal\/claim\?token=([A-Za-z0-9_-]+)/.exec(message?.text ?? "");
  if (!match) throw new Error(`no claim link in: ${message?.text}`);
  return match[1]!;
};

/**
 * Delivers what is queued (to the console), then reads the mailbox as its page does. The run
 * that each write starts in the background may hold a row for a moment: wait it out.
 */
async function mailbox() {
  for (const deadline = Date.now() + 10_000; ; ) {
    await deliverPendingEmails(1000);
    if ((await db().prisma.emailOutbox.count({ where: { status: "pending" } })) === 0) break;
    if (Date.now() > deadline) throw new Error("the outbox did not drain within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return listDevMailbox();
}

describe("the dev mailbox", () => {
  it("runs where this test thinks it does: its own database, no mail server, not production", () => {
    expect(env().DATABASE_URL).toBe(database.url);
    expect(currentDelivery()).toBe("console");
    expect(devMailboxEnabled()).toBe(true);
  });

  it("lists the invitation, the reminder (from a run with a moved clock) and the claim notice, each with its link", async () => {
    const world = await createWorld();
    const invitee = uniqueEmail("dev-invitee");
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: invitee });

    const invited = (await mailbox()).filter((m) => m.to === invitee);
    expect(invited).toHaveLength(1);
    expect(invited[0]).toMatchObject({ kind: "seat_invitation", status: "sent" });

    // Six days on: the reminder job's clock, not the test's, moves.
    const sixDaysOn = new Date(seat.invitationTokenExpiresAt!.getTime() - DAY + 60_000);
    expect(await sendInvitationReminders(sixDaysOn, { organizationId: world.organization.id })).toBe(1);
    const reminder = (await mailbox()).find((m) => m.to === invitee && m.kind === "seat_reminder");
    expect(reminder).toMatchObject({ subject: expect.stringMatching(/^Reminder: your seat on /), status: "sent" });
    expect(reminder!.text).toContain(`/${world.organization.slug}/portal/claim?token=`);

    // The newcomer claims with the reminder's link, read off the dev mailbox.
    await claimSeat(claimToken(reminder));
    const messages = await mailbox();
    const notice = messages.find((m) => m.kind === "seat_claimed_notice");
    expect(notice).toMatchObject({ to: world.owner.email, subject: `${invitee} claimed their seat on ${world.product.name}`, status: "sent" });
    expect(notice!.text).toContain(`/${world.organization.slug}/portal/subscriptions/${world.subscription.id}`);
    // Newest first, as the page shows them.
    expect(messages.map((m) => m.kind).slice(0, 3)).toEqual(["seat_claimed_notice", "seat_reminder", "seat_invitation"]);
  });

  it("lists a message that has not gone out yet, readable, and marked as waiting", async () => {
    const to = uniqueEmail("dev-waiting");
    // Queued with its first attempt an hour away, so that no delivery run takes it.
    await db().prisma.$transaction(async (tx) => {
      await enqueueEmail(tx, { kind: "test", to, subject: "Waiting", text: "Link: https://x.test/?token=abc", html: "<p>x</p>" });
      await tx.emailOutbox.updateMany({ where: { recipient: to }, data: { nextAttemptAt: new Date(Date.now() + 3600_000) } });
    });
    expect((await listDevMailbox()).find((m) => m.to === to)).toMatchObject({ status: "pending", text: "Link: https://x.test/?token=abc" });
  });

  it("finds the emails to one address by part of it, however far down the newest ones push them", async () => {
    const early = uniqueEmail("dev-early");
    await db().prisma.$transaction((tx) => enqueueEmail(tx, { kind: "test", to: early, subject: "Early", text: "first", html: "<p>first</p>" }));
    await db().prisma.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueueEmail(tx, { kind: "test", to: uniqueEmail(`dev-later${i}`), subject: "Later", text: "later", html: "<p>later</p>" });
    });
    await deliverPendingEmails();
    expect((await listDevMailbox(3)).map((m) => m.to)).not.toContain(early);
    expect((await listDevMailbox(3, early.slice(0, 12).toUpperCase())).map((m) => m.to)).toEqual([early]);
    expect(await listDevMailbox(3, "%")).toEqual([]);
  });
});

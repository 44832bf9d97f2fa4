import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { deliverPendingEmails, enqueueEmail } from "@/lib/email/outbox";
import { millisOf } from "@/lib/time-ordered-id";
import { Mailbox } from "../fixtures/mailbox";
import { uniqueEmail } from "../fixtures/factories";

const mailbox = new Mailbox(inject("mailUrl"));

async function queue(to: string) {
  await db().prisma.$transaction((tx) =>
    enqueueEmail(tx, { kind: "test", to, subject: "Hello", text: "Secret link: https://x.test/?token=abc123", html: "<p>hi</p>" }),
  );
  return db().prisma.emailOutbox.findFirstOrThrow({ where: { recipient: to } });
}

describe("email outbox", () => {
  it("keeps the message sealed: the link is not readable in the table", async () => {
    const row = await queue(uniqueEmail("sealed"));
    expect(row.payload).toMatch(/^v1\./);
    expect(row.payload).not.toContain("abc123");
  });

  it("delivers a queued message once and wipes its payload", async () => {
    const to = uniqueEmail("deliver");
    const row = await queue(to);
    await deliverPendingEmails(1000);
    await deliverPendingEmails(1000);
    const message = await mailbox.waitForEmail(to);
    expect(message.text).toContain("abc123");
    expect(await mailbox.to(to)).toHaveLength(1);
    const after = await db().prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "sent", payload: null, transport: "smtp" });
  });

  it("keeps a message the mail server refused, and sends it on a later attempt", async () => {
    const to = uniqueEmail("retry");
    await mailbox.failNext(1000);
    try {
      const row = await queue(to);
      await deliverPendingEmails(1000);
      const failed = await db().prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
      expect(failed.status).toBe("pending");
      expect(failed.attempts).toBeGreaterThanOrEqual(1);
      expect(failed.lastError).toMatch(/451|unavailable/i);
      expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      await mailbox.failNext(0);
      await db().prisma.emailOutbox.update({ where: { id: row.id }, data: { nextAttemptAt: new Date() } });
      await deliverPendingEmails(1000);
      expect((await mailbox.waitForEmail(to)).subject).toBe("Hello");
    } finally {
      await mailbox.failNext(0);
    }
  });

  it("ids its messages in the order they were queued, and dates them when they were queued", async () => {
    const to = uniqueEmail("order");
    // The first is held back from the start (its sender is slow, or another instance has it),
    // in the transaction that queues it, so that no other test worker's drain sends it first.
    const queuedAt = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await db().prisma.$transaction(async (tx) => {
      await enqueueEmail(tx, { kind: "test", to, subject: "Hello", text: "one", html: "<p>one</p>" });
      await tx.$executeRaw`UPDATE email_outbox SET next_attempt_at = now() + interval '1 minute', created_at = ${queuedAt} WHERE recipient = ${to}`;
    });
    await db().prisma.$transaction((tx) => enqueueEmail(tx, { kind: "test", to, subject: "Second", text: "two", html: "<p>two</p>" }));
    const first = await db().prisma.emailOutbox.findFirstOrThrow({ where: { recipient: to, subject: "Hello" } });
    const second = await db().prisma.emailOutbox.findFirstOrThrow({ where: { recipient: to, subject: "Second" } });
    // UUIDv7: the id starts with the time it was made, so ids sort as they were queued.
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id > first.id).toBe(true);

    // The second arrives first, yet the mailbox, like a mail client sorting by date, lists
    // them as they were queued.
    await deliverPendingEmails(1000);
    await mailbox.waitForEmail(to);
    await db().prisma.emailOutbox.update({ where: { id: first.id }, data: { nextAttemptAt: new Date() } });
    await deliverPendingEmails(1000);
    const latest = await mailbox.waitForEmail(to, { count: 2 });
    const messages = await mailbox.to(to);
    expect(messages.map((m) => m.subject)).toEqual(["Hello", "Second"]);
    expect(latest.subject).toBe("Second");
    expect(messages[0]!.receivedAt > messages[1]!.receivedAt).toBe(true);
    // The Date header is the time it was queued (to the second), not the time it left.
    expect(messages[0]!.date).toBe(new Date(Math.floor(queuedAt.getTime() / 1000) * 1000).toISOString());
  });

  // The embedded database runs one transaction at a time: none can wait while another commits.
  it.skipIf(inject("databaseKind") !== "postgres")("takes an email's time from when it was queued, not from when its transaction began", async () => {
    const to = uniqueEmail("queued-at");
    // The first transaction begins, then waits (as on a seat's lock) while a second one
    // queues an email and commits; then the first queues its own.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const waiting = db().prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await gate;
      await enqueueEmail(tx, { kind: "test", to, subject: "Later", text: "later", html: "<p>later</p>" });
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await db().prisma.$transaction((tx) => enqueueEmail(tx, { kind: "test", to, subject: "Sooner", text: "sooner", html: "<p>sooner</p>" }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await waiting;
    const rows = await db().prisma.emailOutbox.findMany({ where: { recipient: to } });
    const later = rows.find((row) => row.subject === "Later")!;
    const sooner = rows.find((row) => row.subject === "Sooner")!;
    expect(later.id > sooner.id).toBe(true);
    expect(later.createdAt.getTime()).toBeGreaterThan(sooner.createdAt.getTime());
    // The row's time is its id's: the first 48 bits of a UUIDv7.
    expect(later.createdAt.getTime()).toBe(millisOf(later.id));
  });

  it("sends each message once when several senders drain the outbox at the same time", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => uniqueEmail(`many${i}`));
    for (const to of recipients) await queue(to);
    await Promise.all(Array.from({ length: 4 }, () => deliverPendingEmails(1000)));
    for (const to of recipients) await mailbox.waitForEmail(to);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const to of recipients) expect(await mailbox.to(to)).toHaveLength(1);
  });
});

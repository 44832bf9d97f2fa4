import { describe, expect, inject, it } from "vitest";
import { db, sqlTransaction } from "@/lib/db";
import { deliverPendingEmails, enqueueEmail } from "@/lib/email/outbox";
import { Mailbox } from "../fixtures/mailbox";
import { uniqueEmail } from "../fixtures/factories";

const mailbox = new Mailbox(inject("mailUrl"));

async function queue(to: string) {
  await sqlTransaction((sql) =>
    enqueueEmail(sql, { kind: "test", to, subject: "Hello", text: "Secret link: https://x.test/?token=abc123", html: "<p>hi</p>" }),
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

  it("sends each message once when several senders drain the outbox at the same time", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => uniqueEmail(`many${i}`));
    for (const to of recipients) await queue(to);
    await Promise.all(Array.from({ length: 4 }, () => deliverPendingEmails(1000)));
    for (const to of recipients) await mailbox.waitForEmail(to);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const to of recipients) expect(await mailbox.to(to)).toHaveLength(1);
  });
});

// The dev mailbox lists the emails that went to the console, links included: a production
// server must not have it. This suite's server is `npm start` (NODE_ENV=production). What
// the page lists outside production: tests/email/dev-mailbox.test.ts.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { api } from "../fixtures/clients";
import { uniqueEmail } from "../fixtures/factories";

describe("/dev/mailbox on a production server", () => {
  it("answers 404, and shows none of the messages it would list", async () => {
    // A message as the dev mailbox keeps it: delivered to the console, its text still sealed in the row.
    const to = uniqueEmail("dev-mailbox");
    const secret = `https://portal.test/acme/portal/claim?token=dev-mailbox-${crypto.randomUUID()}`;
    await db().prisma.$transaction(async (tx) => {
      await enqueueEmail(tx, { kind: "seat_invitation", to, subject: `Invitation for ${to}`, text: `Claim: ${secret}`, html: "<p>x</p>" });
      await tx.emailOutbox.updateMany({ where: { recipient: to }, data: { status: "sent", transport: "console", sentAt: new Date(), nextAttemptAt: new Date(Date.now() + 3600_000) } });
    });
    for (const path of ["/dev/mailbox", "/dev/mailbox/", "/dev/mailbox?x=1"]) {
      const response = await api(path, { headers: { accept: "text/html" } });
      const text = await response.text();
      expect(response.status, path).toBe(404);
      expect(text, path).not.toContain(to);
      expect(text, path).not.toContain(secret);
      expect(text, path).not.toContain("Dev mailbox");
    }
  });
});

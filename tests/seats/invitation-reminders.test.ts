import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, claimSeat, describeInvitation, resendInvitation, sendInvitationReminders } from "@/lib/seats";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));
const DAY = 24 * 3600_000;

async function invited() {
  const world = await createWorld();
  const email = uniqueEmail("remind");
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
  const token = invitationTokenFrom(await mailbox.waitForEmail(email));
  return { world, email, seat, token, expiresAt: seat.invitationTokenExpiresAt! };
}

// The job takes the time as a parameter: these tests move the clock instead of waiting. Each
// run is kept to the test's organization, so that moving the clock reminds no other test's
// invitees.
const remind = (world: { organization: { id: string } }, now: Date) => sendInvitationReminders(now, { organizationId: world.organization.id });
describe("sendInvitationReminders", () => {
  it("reminds an invitee a day before the link lapses, with a new link that lapses at the same time", async () => {
    const { world, email, seat, token, expiresAt } = await invited();
    const sixDaysOn = new Date(expiresAt.getTime() - DAY + 60_000);
    expect(await remind(world, sixDaysOn)).toBe(1);
    const reminder = await mailbox.waitForEmail(email, { count: 2 });
    expect(reminder.subject).toMatch(/^Reminder/);
    const fresh = invitationTokenFrom(reminder);
    expect(fresh).not.toBe(token);
    expect(await describeInvitation(token)).toEqual({ state: "replaced", organizationName: world.organization.name, productName: world.product.name });
    const row = await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } });
    expect(row.invitationTokenExpiresAt).toEqual(expiresAt);
    expect(row.remindedAt).toEqual(sixDaysOn);
    expect((await claimSeat(fresh)).seat.status).toBe("claimed");
  });

  it("reminds nobody twice, however often and concurrently it runs", async () => {
    const { world, email, expiresAt } = await invited();
    const soon = new Date(expiresAt.getTime() - 3600_000);
    const counts = await Promise.all([remind(world, soon), remind(world, soon), remind(world, soon)]);
    expect(counts.reduce((a, b) => a + b)).toBe(1);
    expect(await remind(world, new Date(soon.getTime() + 60_000))).toBe(0);
    await mailbox.waitForEmail(email, { count: 2 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailbox.to(email)).toHaveLength(2);
    const seatId = (await db().prisma.customerSeat.findFirstOrThrow({ where: { email } })).id;
    expect(await db().prisma.seatEvent.count({ where: { seatId, type: "reminded" } })).toBe(1);
  });

  it("does not remind early, after the lapse, or for a claimed seat", async () => {
    const early = await invited();
    expect(await remind(early.world, new Date(early.expiresAt.getTime() - 2 * DAY))).toBe(0);
    const lapsed = await invited();
    expect(await remind(lapsed.world, new Date(lapsed.expiresAt.getTime() + 1000))).toBe(0);
    const claimed = await invited();
    await claimSeat(claimed.token);
    expect(await remind(claimed.world, new Date(claimed.expiresAt.getTime() - 3600_000))).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const { email } of [early, lapsed, claimed]) {
      expect((await mailbox.to(email)).filter((m) => m.subject.startsWith("Reminder"))).toHaveLength(0);
    }
  });

  it("reminds again after a resend, for the new invitation", async () => {
    const { world, email, seat, expiresAt } = await invited();
    expect(await remind(world, new Date(expiresAt.getTime() - 3600_000))).toBe(1);
    await mailbox.waitForEmail(email, { count: 2 });
    const resent = await resendInvitation(customerActor(world.owner), seat.id);
    await mailbox.waitForEmail(email, { count: 3 });
    expect(await remind(world, new Date(resent.invitationTokenExpiresAt!.getTime() - 3600_000))).toBe(1);
    expect((await mailbox.waitForEmail(email, { count: 4 })).subject).toMatch(/^Reminder/);
  });
});

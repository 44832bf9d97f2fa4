import { describe, expect, inject, it } from "vitest";
import { assignSeat, describeInvitation, forgetOldReplacedInvitations, REPLACED_INVITATION_MEMORY_DAYS, shareInvitationLink } from "@/lib/seats";
import { testPool } from "../fixtures/sql";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));
const DAY = 24 * 3600_000;

/** A seat whose emailed link was replaced by a shared one, its replacement dated `daysAgo`. */
async function replacedLink(daysAgo: number) {
  const world = await createWorld();
  const email = uniqueEmail("replaced");
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
  const emailed = invitationTokenFrom(await mailbox.waitForEmail(email));
  await shareInvitationLink(customerActor(world.owner), seat.id);
  await testPool().query(`UPDATE replaced_invitation_tokens SET replaced_at = now() - make_interval(days => $2) WHERE seat_id = $1::uuid`, [seat.id, daysAgo]);
  return { emailed, seatId: seat.id };
}

describe("forgetOldReplacedInvitations", () => {
  it("forgets links replaced longer ago than the memory and keeps the recent ones", async () => {
    const old = await replacedLink(REPLACED_INVITATION_MEMORY_DAYS + 1);
    const recent = await replacedLink(REPLACED_INVITATION_MEMORY_DAYS - 1);
    expect(await describeInvitation(old.emailed)).toMatchObject({ state: "replaced" });

    expect(await forgetOldReplacedInvitations(new Date())).toBeGreaterThanOrEqual(1);

    expect(await describeInvitation(old.emailed)).toEqual({ state: "unknown" });
    expect(await describeInvitation(recent.emailed)).toMatchObject({ state: "replaced" });
    const left = await testPool().query(`SELECT seat_id FROM replaced_invitation_tokens WHERE seat_id = ANY($1::uuid[])`, [[old.seatId, recent.seatId]]);
    expect(left.rows.map((row: { seat_id: string }) => row.seat_id)).toEqual([recent.seatId]);
  });

  it("measures the memory from the time it is given", async () => {
    const link = await replacedLink(10);
    await forgetOldReplacedInvitations(new Date(Date.now() + (REPLACED_INVITATION_MEMORY_DAYS - 11) * DAY));
    expect(await describeInvitation(link.emailed)).toMatchObject({ state: "replaced" });
    await forgetOldReplacedInvitations(new Date(Date.now() + (REPLACED_INVITATION_MEMORY_DAYS - 9) * DAY));
    expect(await describeInvitation(link.emailed)).toEqual({ state: "unknown" });
  });
});

import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { actorFromAuthorization } from "@/lib/auth/bearer";
import { assignSeat, claimSeat, describeInvitation, listClaimedSubscriptions, revokeSeat } from "@/lib/seats";
import { createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

async function claimedSeat() {
  const world = await createWorld();
  const email = uniqueEmail("holder");
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
  const claimed = await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(email)));
  return { world, seat, email, claimed };
}

describe("revokeSeat", () => {
  it("revokes a pending seat: revoked_at set, the holder forgotten, the link dead", async () => {
    const world = await createWorld();
    const email = uniqueEmail();
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const token = invitationTokenFrom(await mailbox.waitForEmail(email));
    const revoked = await revokeSeat(customerActor(world.owner), seat.id);
    expect(revoked).toMatchObject({ id: seat.id, status: "revoked", customerId: null, email: null, customerEmail: null });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(claimSeat(token)).rejects.toMatchObject({ code: "InvalidInvitationToken" });
    expect(await describeInvitation(token)).toMatchObject({ state: "revoked" });
  });

  it("takes a claimed seat away at once: gone from the holder's claimed list, their seat session ends", async () => {
    const { world, seat, claimed } = await claimedSeat();
    const holder = await actorFromAuthorization(`Bearer ${claimed.memberSessionToken}`);
    expect(holder.kind).toBe("member");
    if (holder.kind !== "member") return;
    expect((await listClaimedSubscriptions(holder, {})).totalCount).toBe(1);
    await revokeSeat(customerActor(world.owner), seat.id);
    expect((await listClaimedSubscriptions(holder, {})).totalCount).toBe(0);
    await expect(actorFromAuthorization(`Bearer ${claimed.memberSessionToken}`)).rejects.toMatchObject({ code: "Unauthorized", status: 401 });
    // The row forgets its member with its holder, as Polar's revoke does.
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).memberId).toBeNull();
  });

  it("returns an already revoked seat unchanged (idempotent)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.owner);
    const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    const once = await revokeSeat(actor, seat.id);
    const twice = await revokeSeat(actor, seat.id);
    expect(twice).toEqual(once);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "revoked" } })).toBe(1);
  });

  it("records who revoked whom", async () => {
    const world = await createWorld();
    const email = uniqueEmail("gone");
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    await revokeSeat(organizationActor(world.organization.id, "token-1"), seat.id);
    const event = await db().prisma.seatEvent.findFirstOrThrow({ where: { seatId: seat.id, type: "revoked" } });
    expect(event).toMatchObject({ email, customerId: seat.customerId, actorType: "organization", actorId: "token-1" });
  });

  it("hides another customer's seat (ResourceNotFound) and changes nothing", async () => {
    const world = await createWorld();
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail() });
    await expect(revokeSeat(customerActor(world.other), seat.id)).rejects.toMatchObject({ code: "ResourceNotFound", status: 404 });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe("pending");
  });

  it("does not find a seat that does not exist (ResourceNotFound)", async () => {
    const world = await createWorld();
    await expect(revokeSeat(customerActor(world.owner), "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "ResourceNotFound",
    });
  });
});

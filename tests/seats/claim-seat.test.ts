import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { actorFromAuthorization } from "@/lib/auth/bearer";
import { assignSeat, claimSeat, describeInvitation, getClaimInfo, resendInvitation, revokeSeat } from "@/lib/seats";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

async function invitation(options: { seats?: number } = {}) {
  const world = await createWorld(options);
  const email = uniqueEmail("claimer");
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
  const token = invitationTokenFrom(await mailbox.waitForEmail(email));
  return { world, seat, email, token };
}

describe("claimSeat", () => {
  it("claims a pending seat and hands back a session for the new holder", async () => {
    const { seat, token } = await invitation();
    const claimed = await claimSeat(token);
    expect(claimed.seat).toMatchObject({ id: seat.id, status: "claimed", customerId: seat.customerId });
    expect(claimed.seat.claimedAt).toBeInstanceOf(Date);
    expect(claimed.customerSessionToken).toMatch(/^polar_cst_[A-Za-z0-9_-]{43}$/);
    const actor = await actorFromAuthorization(`Bearer ${claimed.customerSessionToken}`);
    expect(actor).toMatchObject({ kind: "customer", customerId: seat.customerId });
  });

  it("uses a token once", async () => {
    const { token } = await invitation();
    await claimSeat(token);
    await expect(claimSeat(token)).rejects.toMatchObject({ code: "InvalidInvitationToken", status: 400 });
  });

  it("refuses an expired token", async () => {
    const { seat, token } = await invitation();
    await db().prisma.customerSeat.update({ where: { id: seat.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1) } });
    await expect(claimSeat(token)).rejects.toMatchObject({ code: "InvalidInvitationToken" });
  });

  it("refuses the token of a revoked seat", async () => {
    const { world, seat, token } = await invitation();
    await revokeSeat(customerActor(world.owner), seat.id);
    await expect(claimSeat(token)).rejects.toMatchObject({ code: "InvalidInvitationToken" });
  });

  it("refuses an unknown token", async () => {
    await expect(claimSeat("not-a-token")).rejects.toMatchObject({ code: "InvalidInvitationToken" });
  });

  it("lets exactly one of 10 concurrent claims of one token win", async () => {
    const { seat, token } = await invitation();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => claimSeat(token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().prisma.customerSession.count({ where: { seatId: seat.id } })).toBe(1);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "claimed" } })).toBe(1);
  });

  it("marks the holder's email as verified and records the claim", async () => {
    const { seat, token } = await invitation();
    await claimSeat(token);
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: seat.customerId! } })).emailVerified).toBe(true);
    const event = await db().prisma.seatEvent.findFirstOrThrow({ where: { seatId: seat.id, type: "claimed" } });
    expect(event).toMatchObject({ actorType: "invitee", actorId: seat.customerId });
  });
});

describe("describeInvitation", () => {
  it("tells a valid link from an expired, a used, a revoked and an unknown one", async () => {
    const valid = await invitation();
    expect(await describeInvitation(valid.token)).toMatchObject({ state: "valid", info: { customerEmail: valid.email } });
    const expired = await invitation();
    await db().prisma.customerSeat.update({ where: { id: expired.seat.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1) } });
    expect(await describeInvitation(expired.token)).toMatchObject({ state: "expired", productName: expired.world.product.name });
    const used = await invitation();
    await claimSeat(used.token);
    expect(await describeInvitation(used.token)).toMatchObject({ state: "used" });
    const revoked = await invitation();
    await revokeSeat(customerActor(revoked.world.owner), revoked.seat.id);
    expect(await describeInvitation(revoked.token)).toMatchObject({ state: "revoked" });
    expect(await describeInvitation("nothing-like-it")).toEqual({ state: "unknown" });
  });

  it("tells a link replaced by a newer one (a resend) from an unknown one, and the newer link works", async () => {
    const { world, seat, email, token } = await invitation();
    await resendInvitation(customerActor(world.owner), seat.id);
    const newer = invitationTokenFrom(await mailbox.waitForEmail(email, { count: 2 }));
    expect(await describeInvitation(token)).toEqual({ state: "replaced", organizationName: world.organization.name, productName: world.product.name });
    expect(await describeInvitation(newer)).toMatchObject({ state: "valid" });
    // A link replaced twice over stays replaced; the one in between too.
    await resendInvitation(customerActor(world.owner), seat.id);
    expect(await describeInvitation(newer)).toMatchObject({ state: "replaced" });
    expect(await describeInvitation(token)).toMatchObject({ state: "replaced" });
  });

  it("tells the holder of a revoked seat's link that it was withdrawn, even once the row went to someone else", async () => {
    const { world, seat, token } = await invitation({ seats: 1 });
    await revokeSeat(customerActor(world.owner), seat.id);
    const reused = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail("next") });
    expect(reused.id).toBe(seat.id);
    expect(await describeInvitation(token)).toMatchObject({ state: "revoked" });
  });
});

describe("getClaimInfo", () => {
  it("tells what the link offers, without claiming it", async () => {
    const { world, seat, email, token } = await invitation();
    expect(await getClaimInfo(token)).toEqual({
      productName: world.product.name,
      productId: world.product.id,
      organizationName: world.organization.name,
      organizationSlug: world.organization.slug,
      customerEmail: email,
      canClaim: true,
    });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe("pending");
  });

  it("does not find a used, expired or unknown link (ResourceNotFound)", async () => {
    const used = await invitation();
    await claimSeat(used.token);
    await expect(getClaimInfo(used.token)).rejects.toMatchObject({ code: "ResourceNotFound", status: 404 });
    const expired = await invitation();
    await db().prisma.customerSeat.update({ where: { id: expired.seat.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1) } });
    await expect(getClaimInfo(expired.token)).rejects.toMatchObject({ code: "ResourceNotFound" });
    await expect(getClaimInfo("unknown")).rejects.toMatchObject({ code: "ResourceNotFound" });
  });
});

import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { actorFromAuthorization } from "@/lib/auth/bearer";
import { assignSeat, claimSeat, describeInvitation, getClaimInfo, resendInvitation, revokeSeat, shareInvitationLink, listSeats } from "@/lib/seats";
import { actingForTeam, type MemberActor } from "@/lib/auth/actor";
import { createCustomer, createOrganization, createSubscription, createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { SEATS_LIST_SQL } from "@/lib/wire/customer-seat";
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
  it("claims a pending seat and hands back a member session of the giver's team, bound to the seat", async () => {
    const { world, seat, email, token } = await invitation();
    const claimed = await claimSeat(token);
    expect(claimed.seat).toMatchObject({ id: seat.id, status: "claimed", customerId: seat.customerId });
    expect(claimed.seat.claimedAt).toBeInstanceOf(Date);
    expect(claimed.memberSessionToken).toMatch(/^polar_mst_[A-Za-z0-9_-]{43}$/);
    const member = await db().prisma.member.findUniqueOrThrow({ where: { id: claimed.memberId } });
    expect(member).toMatchObject({ customerId: world.owner.id, email, role: "member" });
    const actor = await actorFromAuthorization(`Bearer ${claimed.memberSessionToken}`);
    expect(actor).toMatchObject({ kind: "member", memberId: member.id, customerId: world.owner.id, role: "member", seatId: seat.id });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).memberId).toBe(member.id);
  });

  it("never opens the holder's own customer account: the giver's shared link is refused, and even the mailed link gives only a member session", async () => {
    // The security review's takeover: bob gives a seat to alice, an existing customer with a
    // subscription of her own, shares the link to himself and claims it.
    const world = await createWorld();
    const alice = await createCustomer(world.organization.id, { email: uniqueEmail("alice") });
    const alicesOwn = await createSubscription(world.organization.id, alice.id, world.product.id, { seats: 3 });
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: alice.email });
    expect(seat.customerId).toBe(alice.id);
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id);
    await expect(claimSeat(new URL(claimUrl).searchParams.get("token")!)).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    await expect(claimSeat(new URL(claimUrl).searchParams.get("token")!, { via: "portal", signedIn: { email: world.owner.email, organizationId: null } })).rejects.toMatchObject({ code: "NotPermitted" });
    // Whoever holds the mailed link (alice, or anyone she forwards it to) becomes a member of
    // bob's team, never alice's billing account.
    await resendInvitation(customerActor(world.owner), seat.id);
    const claimed = await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(alice.email, { count: 2 })));
    const actor = await actorFromAuthorization(`Bearer ${claimed.memberSessionToken}`);
    expect(actor).toMatchObject({ kind: "member", customerId: world.owner.id });
    await expect(listSeats(actingForTeam(actor as MemberActor), { subscription_id: alicesOwn.id }, SEATS_LIST_SQL)).rejects.toMatchObject({ code: "ResourceNotFound" });
    expect(await db().prisma.customerSession.count({ where: { customerId: alice.id } })).toBe(0);
  });

  it("reuses the member a person already is on that team", async () => {
    const world = await createWorld({ seats: 3 });
    const email = uniqueEmail("twice");
    const first = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const firstClaim = await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(email)));
    await revokeSeat(customerActor(world.owner), first.id);
    await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const secondClaim = await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(email, { count: 2 })));
    expect(secondClaim.memberId).toBe(firstClaim.memberId);
    expect(await db().prisma.member.count({ where: { customerId: world.owner.id } })).toBe(1);
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
    expect(await db().prisma.memberSession.count({ where: { seatId: seat.id } })).toBe(1);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "claimed" } })).toBe(1);
  });

  it("a shared link proves nothing about the address: the portal claims it only for someone signed in as it, and it verifies no email", async () => {
    const { world, seat, email } = await invitation();
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id);
    const shared = new URL(claimUrl).searchParams.get("token")!;
    expect(await describeInvitation(shared)).toMatchObject({ state: "valid", delivery: "shared", info: { canClaim: false } });
    // The giver, signed in as themselves or not at all, cannot claim it in the portal.
    await expect(claimSeat(shared, { via: "portal", signedIn: null })).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    await expect(claimSeat(shared, { via: "portal", signedIn: { email: world.owner.email, organizationId: null } })).rejects.toMatchObject({ code: "NotPermitted" });
    // A vendor's link of another organization proves the address there, not here.
    const elsewhere = await createOrganization();
    await expect(claimSeat(shared, { via: "portal", signedIn: { email, organizationId: elsewhere.id } })).rejects.toMatchObject({ code: "NotPermitted" });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe("pending");
    // The invited address, signed in by its own email link, can (in any letter case).
    const claimed = await claimSeat(shared, { via: "portal", signedIn: { email: email.toUpperCase(), organizationId: null } });
    expect(claimed.seat.status).toBe("claimed");
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: seat.customerId! } })).emailVerified).toBe(false);
  });

  it("a vendor's link of the seat's own organization proves the address too", async () => {
    const { world, seat, email } = await invitation();
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id);
    const claimed = await claimSeat(new URL(claimUrl).searchParams.get("token")!, { via: "portal", signedIn: { email, organizationId: world.organization.id } });
    expect(claimed.seat.status).toBe("claimed");
  });

  it("the API claims no shared link (403 NotPermitted): possession of it proves nothing, and nothing changes", async () => {
    const { world, seat } = await invitation();
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id);
    const membersBefore = await db().prisma.member.count({ where: { customerId: world.owner.id } });
    await expect(claimSeat(new URL(claimUrl).searchParams.get("token")!)).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe("pending");
    // No member made and no session opened (the assign made the invitee a member already).
    expect(await db().prisma.member.count({ where: { customerId: world.owner.id } })).toBe(membersBefore);
    expect(await db().prisma.memberSession.count({ where: { member: { customerId: world.owner.id } } })).toBe(0);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "claimed" } })).toBe(0);
  });

  it("a mailed link works in the portal for anyone holding it (the mail reached the address)", async () => {
    const { token } = await invitation();
    const claimed = await claimSeat(token, { via: "portal", signedIn: null });
    expect(claimed.seat.status).toBe("claimed");
  });

  it("a mailed link verifies no address the customer no longer has", async () => {
    const { seat, token } = await invitation();
    const moved = uniqueEmail("moved");
    await db().prisma.customer.update({ where: { id: seat.customerId! }, data: { email: moved, emailKey: moved } });
    await claimSeat(token);
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: seat.customerId! } })).emailVerified).toBe(false);
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
    // A link replaced twice over stays replaced; the one in between too (replaced by a shared
    // link: a second resend within the minute would be refused).
    await shareInvitationLink(customerActor(world.owner), seat.id);
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

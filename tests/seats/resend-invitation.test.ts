import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, claimSeat, getClaimInfo, resendInvitation, revokeSeat } from "@/lib/seats";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

async function pendingSeat() {
  const world = await createWorld();
  const email = uniqueEmail("pending");
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
  const firstToken = invitationTokenFrom(await mailbox.waitForEmail(email));
  return { world, seat, email, firstToken };
}

describe("resendInvitation", () => {
  it("sends a new link and retires the old one (the token rotates)", async () => {
    const { world, seat, email, firstToken } = await pendingSeat();
    await resendInvitation(customerActor(world.owner), seat.id);
    const secondToken = invitationTokenFrom(await mailbox.waitForEmail(email, { count: 2 }));
    expect(secondToken).not.toBe(firstToken);
    await expect(getClaimInfo(firstToken)).rejects.toMatchObject({ code: "ResourceNotFound" });
    await expect(claimSeat(firstToken)).rejects.toMatchObject({ code: "InvalidInvitationToken" });
    expect((await claimSeat(secondToken)).seat.status).toBe("claimed");
  });

  it("revives an expired invitation with a fresh expiry", async () => {
    const { world, seat, email } = await pendingSeat();
    await db().prisma.customerSeat.update({ where: { id: seat.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1000) } });
    const resent = await resendInvitation(customerActor(world.owner), seat.id);
    expect(resent.invitationTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    const token = invitationTokenFrom(await mailbox.waitForEmail(email, { count: 2 }));
    expect((await getClaimInfo(token)).customerEmail).toBe(email);
  });

  it("resends only a pending seat (SeatNotPending)", async () => {
    const { world, seat, firstToken } = await pendingSeat();
    await claimSeat(firstToken);
    await expect(resendInvitation(customerActor(world.owner), seat.id)).rejects.toMatchObject({ code: "SeatNotPending", status: 400 });
    await revokeSeat(customerActor(world.owner), seat.id);
    await expect(resendInvitation(customerActor(world.owner), seat.id)).rejects.toMatchObject({ code: "SeatNotPending" });
  });

  it("records the resend", async () => {
    const { world, seat } = await pendingSeat();
    await resendInvitation(customerActor(world.owner), seat.id);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "resent" } })).toBe(1);
  });

  it("refuses a second resend of the same seat within the cooldown, and mails once", async () => {
    const { world, seat, email } = await pendingSeat();
    const owner = customerActor(world.owner);
    const [first, second] = await Promise.allSettled([resendInvitation(owner, seat.id), resendInvitation(owner, seat.id)]);
    const outcomes = [first.status, second.status].sort();
    expect(outcomes).toEqual(["fulfilled", "rejected"]);
    const refusal = (first.status === "rejected" ? first.reason : (second as PromiseRejectedResult).reason) as { code: string; status: number; retryAfterSeconds: number; message: string };
    expect(refusal).toMatchObject({ code: "TooManyRequests", status: 429 });
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refusal.message).toMatch(/less than a minute ago/);
    await mailbox.waitForEmail(email, { count: 2 });
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "resent" } })).toBe(1);
    expect(await db().prisma.emailOutbox.count({ where: { recipient: email } })).toBe(2);
  });

  it("lets the next person of a reused row have a resend at once (the wait is per seat and person)", async () => {
    const world = await createWorld({ seats: 1 });
    const owner = customerActor(world.owner);
    const seat = await assignSeat(owner, { subscription_id: world.subscription.id, email: uniqueEmail("before") });
    await resendInvitation(owner, seat.id);
    await revokeSeat(owner, seat.id);
    const next = uniqueEmail("after");
    const reused = await assignSeat(owner, { subscription_id: world.subscription.id, email: next });
    expect(reused.id).toBe(seat.id);
    expect((await resendInvitation(owner, reused.id)).email).toBe(next);
  });

  it("hides another customer's seat (ResourceNotFound)", async () => {
    const { world, seat } = await pendingSeat();
    await expect(resendInvitation(customerActor(world.other), seat.id)).rejects.toMatchObject({ code: "ResourceNotFound", status: 404 });
  });
});

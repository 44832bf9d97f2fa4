// The hourly budget of invitations a billing customer may send (issue 21: assign then revoke
// in a loop mailed any address once per assign). Every path that queues an invitation email
// spends from it, in the transaction that queues the email; a small budget keeps this short.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { TooManyRequests } from "@/lib/errors";
import { assignSeat, bulkAssignSeats, resendInvitation, revokeSeat, shareInvitationLink } from "@/lib/seats";
import { createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";

const BUDGET = 5;
// Read when this file's modules first parse the configuration (env() is lazy), and put back
// for whichever file this worker runs next.
process.env.RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR = String(BUDGET);
afterAll(() => {
  delete process.env.RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR;
});

const queued = (recipients: string[]) => db().prisma.emailOutbox.count({ where: { recipient: { in: recipients } } });
const customersWith = (organizationId: string, emails: string[]) =>
  db().prisma.customer.count({ where: { organizationId, emailKey: { in: emails.map((e) => e.toLowerCase()) } } });
const liveSeats = (subscriptionId: string) => db().prisma.customerSeat.count({ where: { subscriptionId, status: { in: ["pending", "claimed"] } } });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TooManyRequests);
  const refused = error as TooManyRequests;
  expect(refused).toMatchObject({ code: "TooManyRequests", status: 429 });
  expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3600);
  return refused;
}

describe("invitation budget", () => {
  it("stops assign-then-revoke in a loop at the budget: 429 with Retry-After, no further email, nothing written", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const victim = uniqueEmail("victim");
    for (let i = 0; i < BUDGET; i++) {
      const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: victim });
      await revokeSeat(actor, seat.id);
    }
    expect(await queued([victim])).toBe(BUDGET);

    const stranger = uniqueEmail("stranger");
    await refusal(assignSeat(actor, { subscription_id: world.subscription.id, email: victim }));
    await refusal(assignSeat(actor, { subscription_id: world.subscription.id, email: stranger }));
    await refusal(assignSeat(actor, { order_id: world.order.id, email: stranger }));
    expect(await queued([victim, stranger])).toBe(BUDGET);
    expect(await liveSeats(world.subscription.id)).toBe(0);
    expect(await db().prisma.customerSeat.count({ where: { orderId: world.order.id } })).toBe(0);
    expect(await db().prisma.seatEvent.count({ where: { subscriptionId: world.subscription.id, type: "assigned" } })).toBe(BUDGET);
    expect(await customersWith(world.organization.id, [stranger])).toBe(0);
  });

  it("counts resends and each row a bulk assign invites; not shared links, refused assigns or dry runs", async () => {
    const world = await createWorld({ seats: 10 });
    const actor = customerActor(world.owner);
    const first = uniqueEmail("first");
    const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: first }); // 1
    await resendInvitation(actor, seat.id); // 2
    await shareInvitationLink(actor, seat.id);
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: first })).rejects.toMatchObject({ code: "SeatAlreadyAssigned" });
    const rows = (n: number, label: string) => Array.from({ length: n }, (_, i) => ({ email: uniqueEmail(`${label}${i}`) }));
    expect(await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: rows(3, "dry"), dry_run: true })).toMatchObject({ assigned: 3 });

    // Four would make six: the whole list is refused, and a dry run says so too.
    const tooMany = rows(4, "over");
    await refusal(bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: tooMany, dry_run: true }));
    const refused = await refusal(bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: tooMany }));
    expect(refused.message).toMatch(/4 invitations/);
    expect(refused.message).toMatch(/only 3 of the 5/);
    const overEmails = tooMany.map((r) => r.email);
    expect(await queued(overEmails)).toBe(0);
    expect(await customersWith(world.organization.id, overEmails)).toBe(0);
    expect(await liveSeats(world.subscription.id)).toBe(1);

    expect(await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: rows(3, "fits") })).toMatchObject({ assigned: 3 }); // 5
    const hash = (await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).invitationTokenHash;
    // The minute between two resends of a seat has passed (its own limit, tested on its own):
    // what refuses this resend is the budget.
    await db().prisma.rateLimitBucket.deleteMany({ where: { key: { startsWith: `resendCooldown:${seat.id} ` } } });
    expect((await refusal(resendInvitation(actor, seat.id))).message).toMatch(/invitations you may send in an hour/);
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).invitationTokenHash).toBe(hash);
    expect(await queued([first])).toBe(2);
    await refusal(assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("late") }));
    // A link handed to the caller sends nothing, so it is never refused.
    expect((await shareInvitationLink(actor, seat.id)).claimUrl).toMatch(/\/portal\/claim\?token=/);
  });

  it("keeps each billing customer's budget apart", async () => {
    const world = await createWorld({ seats: 10 });
    await bulkAssignSeats(customerActor(world.owner), { subscription_id: world.subscription.id, seats: Array.from({ length: BUDGET }, () => ({ email: uniqueEmail() })) });
    await refusal(assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail() }));
    expect((await assignSeat(customerActor(world.other), { subscription_id: world.otherSubscription.id, email: uniqueEmail() })).status).toBe("pending");
  });

  it("does not limit the organization (merchant API)", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = organizationActor(world.organization.id);
    const person = uniqueEmail("merchant");
    // (One resend: the reused row keeps its id, and resends of one seat have their own limit.)
    for (let i = 0; i < BUDGET + 2; i++) {
      const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: person });
      if (i === BUDGET) await resendInvitation(actor, seat.id);
      await revokeSeat(actor, seat.id);
    }
    expect(await queued([person])).toBe(BUDGET + 3);
  });
});

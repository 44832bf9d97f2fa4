import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, bulkAssignSeats, getSeatsPage, revokeSeat } from "@/lib/seats";
import { createSubscription, createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));
const live = (subscriptionId: string) => db().prisma.customerSeat.count({ where: { subscriptionId, status: { in: ["pending", "claimed"] } } });

describe("bulkAssignSeats", () => {
  it("judges every row in order: invalid, duplicate, already assigned, over capacity, assigned", async () => {
    const world = await createWorld({ seats: 4 });
    const actor = customerActor(world.owner);
    const holder = uniqueEmail("holder");
    await assignSeat(actor, { subscription_id: world.subscription.id, email: holder });
    const [a, b, c, d] = [uniqueEmail("a"), uniqueEmail("b"), uniqueEmail("c"), uniqueEmail("d")];
    const result = await bulkAssignSeats(actor, {
      subscription_id: world.subscription.id,
      seats: [{ email: a }, { email: "not-an-email" }, { email: a.toUpperCase() }, { email: holder }, { email: b, metadata: { team: "x" } }, { email: c }, { email: d }],
    });
    expect(result.results.map((r) => r.outcome)).toEqual(["assigned", "invalid", "duplicate", "already_assigned", "assigned", "assigned", "no_capacity"]);
    expect(result.assigned).toBe(3);
    expect(result.results[4]!.seat).toMatchObject({ email: b, seatMetadata: { team: "x" }, status: "pending" });
    expect(result.results[1]!.detail).toMatch(/valid email/);
    expect(await live(world.subscription.id)).toBe(4);
    for (const email of [a, b, c]) await mailbox.waitForEmail(email);
    expect(await mailbox.to(d)).toHaveLength(0);
  });

  it("lists a batch in the order it was given, however many share a millisecond", async () => {
    const world = await createWorld({ seats: 40 });
    const actor = customerActor(world.owner);
    const emails = Array.from({ length: 40 }, (_, i) => uniqueEmail(`order${i}`));
    await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: emails.map((email) => ({ email })) });
    const page = await getSeatsPage(actor, { kind: "subscription", id: world.subscription.id }, { sort: "oldest" });
    expect(page.seats.map((s) => s.email)).toEqual(emails);
    const newest = await getSeatsPage(actor, { kind: "subscription", id: world.subscription.id }, { sort: "newest" });
    expect(newest.seats.map((s) => s.email)).toEqual([...emails].reverse());
  });

  it("changes nothing on a dry run, and says exactly what confirming will do", async () => {
    const world = await createWorld({ seats: 2 });
    const actor = customerActor(world.owner);
    const rows = [{ email: uniqueEmail("x") }, { email: uniqueEmail("y") }, { email: uniqueEmail("z") }];
    const customersBefore = await db().prisma.customer.count({ where: { organizationId: world.organization.id } });
    const dry = await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: rows, dry_run: true });
    expect(dry).toMatchObject({ dryRun: true, assigned: 2 });
    // Rolled back: no seat exists to show, so none is shown, and the row says what it would do.
    expect(dry.results.map((r) => [r.outcome, r.seat, r.detail])).toEqual([
      ["assigned", null, "Would be assigned: this was a dry run, nothing was changed."],
      ["assigned", null, "Would be assigned: this was a dry run, nothing was changed."],
      ["no_capacity", null, "No seat is left for this row."],
    ]);
    expect(await live(world.subscription.id)).toBe(0);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id } })).toBe(customersBefore);
    expect(await db().prisma.emailOutbox.count({ where: { recipient: { in: rows.map((r) => r.email) } } })).toBe(0);
    const real = await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: rows });
    expect(real.results.map((r) => r.outcome)).toEqual(dry.results.map((r) => r.outcome));
  });

  it("creates a customer only for a row that is given a seat", async () => {
    const world = await createWorld({ seats: 2 });
    const actor = customerActor(world.owner);
    const holder = uniqueEmail("holder");
    await assignSeat(actor, { subscription_id: world.subscription.id, email: holder });
    const customers = () => db().prisma.customer.count({ where: { organizationId: world.organization.id } });
    const before = await customers();
    const fresh = uniqueEmail("fresh");
    const overflow = Array.from({ length: 50 }, (_, i) => ({ email: uniqueEmail(`overflow${i}`) }));
    const result = await bulkAssignSeats(actor, {
      subscription_id: world.subscription.id,
      seats: [{ email: holder }, { email: fresh }, { email: fresh.toUpperCase() }, { email: "nope" }, ...overflow],
    });
    expect(result.results.slice(0, 4).map((r) => r.outcome)).toEqual(["already_assigned", "assigned", "duplicate", "invalid"]);
    expect(new Set(result.results.slice(4).map((r) => r.outcome))).toEqual(new Set(["no_capacity"]));
    // One new person: the one who got the seat. The 50 rows over capacity left no trace.
    expect(await customers()).toBe(before + 1);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: { in: overflow.map((r) => r.email.toLowerCase()) } } })).toBe(0);
  });

  it("still judges an existing customer over capacity as already assigned before no_capacity", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const holder = uniqueEmail("holder");
    await assignSeat(actor, { subscription_id: world.subscription.id, email: holder });
    const result = await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail("late") }, { email: holder.toUpperCase() }] });
    expect(result.results.map((r) => r.outcome)).toEqual(["no_capacity", "already_assigned"]);
  });

  it("reuses revoked rows like a single assign", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    await revokeSeat(actor, seat.id);
    const result = await bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail("again") }] });
    expect(result.results[0]!.seat!.id).toBe(seat.id);
  });

  it("never exceeds the seats when batches race each other and single assigns", async () => {
    const world = await createWorld({ seats: 10 });
    const actor = customerActor(world.owner);
    const batch = (label: string) => Array.from({ length: 6 }, (_, i) => ({ email: uniqueEmail(`${label}${i}`) }));
    await Promise.all([
      bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: batch("p") }),
      bulkAssignSeats(actor, { subscription_id: world.subscription.id, seats: batch("q") }),
      ...Array.from({ length: 4 }, (_, i) => assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail(`s${i}`) }).catch(() => null)),
    ]);
    expect(await live(world.subscription.id)).toBe(10);
  });

  it("refuses a container that takes no assignments, and another customer's (the whole batch)", async () => {
    const world = await createWorld();
    const canceled = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "canceled" });
    await expect(bulkAssignSeats(customerActor(world.owner), { subscription_id: canceled.id, seats: [{ email: uniqueEmail() }] })).rejects.toMatchObject({ code: "SeatNotAvailable" });
    await expect(bulkAssignSeats(customerActor(world.other), { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail() }] })).rejects.toMatchObject({ code: "ResourceNotFound" });
  });
});

import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, revokeSeat } from "@/lib/seats";
import {
  createCustomer,
  createOrder,
  createOrganization,
  createSubscription,
  createWorld,
  customerActor,
  organizationActor,
  uniqueEmail,
} from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";
import { hashToken } from "@/lib/auth/tokens";

const mailbox = new Mailbox(inject("mailUrl"));

const liveSeats = (subscriptionId: string) =>
  db().prisma.customerSeat.count({ where: { subscriptionId, status: { in: ["pending", "claimed"] } } });

describe("assignSeat", () => {
  it("gives a pending seat with a fresh 7-day invitation and emails the claim link", async () => {
    const world = await createWorld();
    const email = uniqueEmail("invitee");
    const before = Date.now();
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email, metadata: { team: "core" } });
    expect(seat).toMatchObject({ status: "pending", subscriptionId: world.subscription.id, orderId: null, email, customerEmail: email });
    expect(seat.seatMetadata).toEqual({ team: "core" });
    const lifetime = seat.invitationTokenExpiresAt!.getTime() - before;
    expect(lifetime).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThan(7 * 24 * 3600_000 + 60_000);

    const message = await mailbox.waitForEmail(email);
    expect(message.subject).toContain(world.product.name);
    expect(message.html).toContain("/portal/claim?token=");
    const token = invitationTokenFrom(message);
    expect(message.text).toContain(`http://portal.test/${world.organization.slug}/portal/claim?token=${token}`);
    const row = await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } });
    expect(row.invitationTokenHash).toBe(hashToken(token));
  });

  it("finds the person by email whatever its case, and creates them only once", async () => {
    const world = await createWorld();
    const existing = await createCustomer(world.organization.id, { email: "Dana.Doe@Example.com" });
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: "dana.doe@example.COM" });
    expect(seat.customerId).toBe(existing.id);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: "dana.doe@example.com" } })).toBe(1);
  });

  it("creates a customer in the organization for a new email", async () => {
    const world = await createWorld();
    const email = uniqueEmail("new");
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const customer = await db().prisma.customer.findUniqueOrThrow({ where: { id: seat.customerId! } });
    expect(customer).toMatchObject({ organizationId: world.organization.id, email });
  });

  it("assigns by customer_id and by external_customer_id within the organization (merchant)", async () => {
    const world = await createWorld();
    const byId = await createCustomer(world.organization.id);
    const byExternal = await createCustomer(world.organization.id, { externalId: "ext-42" });
    const actor = organizationActor(world.organization.id);
    expect((await assignSeat(actor, { subscription_id: world.subscription.id, customer_id: byId.id })).customerId).toBe(byId.id);
    expect((await assignSeat(actor, { subscription_id: world.subscription.id, external_customer_id: "ext-42" })).customerId).toBe(byExternal.id);
  });

  it("assigns by customer_id and by external_customer_id a former holder of one of the caller's seats (portal)", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const byId = await createCustomer(world.organization.id);
    const byExternal = await createCustomer(world.organization.id, { externalId: `ext-${randomUUID()}` });
    // byId held a seat of the order; byExternal held the subscription's only seat, whose row
    // now belongs to someone else: only the seat event log remembers them.
    await revokeSeat(actor, (await assignSeat(actor, { order_id: world.order.id, email: byId.email })).id);
    const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: byExternal.email });
    await revokeSeat(actor, seat.id);
    await revokeSeat(actor, (await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("between") })).id);
    expect((await assignSeat(actor, { subscription_id: world.subscription.id, external_customer_id: byExternal.externalId! })).customerId).toBe(byExternal.id);
    expect((await assignSeat(actor, { order_id: world.order.id, customer_id: byId.id })).customerId).toBe(byId.id);
  });

  it("assigns by customer_id the caller themselves and a current holder of another of their containers (portal)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.owner);
    const holder = await assignSeat(actor, { order_id: world.order.id, email: uniqueEmail("holder") });
    expect((await assignSeat(actor, { subscription_id: world.subscription.id, customer_id: world.owner.id })).customerId).toBe(world.owner.id);
    expect((await assignSeat(actor, { subscription_id: world.subscription.id, customer_id: holder.customerId! })).customerId).toBe(holder.customerId);
  });

  it("hides a customer who never held one of the caller's seats, before capacity (CustomerNotFound)", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const stranger = await createCustomer(world.organization.id, { externalId: `ext-${randomUUID()}` });
    // A holder of another billing customer's seat is no more known to this caller.
    const othersHolder = await assignSeat(customerActor(world.other), { subscription_id: world.otherSubscription.id, email: uniqueEmail("others") });
    const strangers = [{ customer_id: stranger.id }, { external_customer_id: stranger.externalId! }, { customer_id: othersHolder.customerId! }, { customer_id: world.other.id }];
    for (const named of strangers) {
      await expect(assignSeat(actor, { subscription_id: world.subscription.id, ...named })).rejects.toMatchObject({ code: "CustomerNotFound", status: 404 });
    }
    // Full now: a known id would be SeatNotAvailable, so an unknown one must not be told apart.
    await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("fills") });
    for (const named of strangers) {
      await expect(assignSeat(actor, { subscription_id: world.subscription.id, ...named })).rejects.toMatchObject({ code: "CustomerNotFound", status: 404 });
    }
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, customer_id: randomUUID() })).rejects.toMatchObject({ code: "CustomerNotFound" });
    expect(await liveSeats(world.subscription.id)).toBe(1);
  });

  it("refuses a customer of another organization (CustomerNotFound)", async () => {
    const world = await createWorld();
    const elsewhere = await createOrganization();
    const stranger = await createCustomer(elsewhere.id, { externalId: "shared-ext" });
    const actor = customerActor(world.owner);
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, customer_id: stranger.id })).rejects.toMatchObject({ code: "CustomerNotFound", status: 404 });
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, external_customer_id: "shared-ext" })).rejects.toMatchObject({ code: "CustomerNotFound" });
  });

  it("needs exactly one way to name the person (InvalidSeatAssignmentRequest)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.owner);
    await expect(assignSeat(actor, { subscription_id: world.subscription.id })).rejects.toMatchObject({ code: "InvalidSeatAssignmentRequest", status: 400 });
    await expect(
      assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail(), customer_id: world.other.id }),
    ).rejects.toMatchObject({ code: "InvalidSeatAssignmentRequest" });
  });

  it("needs exactly one container (BadRequest)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.owner);
    await expect(assignSeat(actor, { email: uniqueEmail() })).rejects.toMatchObject({ code: "BadRequest", status: 400 });
    await expect(
      assignSeat(actor, { subscription_id: world.subscription.id, order_id: world.order.id, email: uniqueEmail() }),
    ).rejects.toMatchObject({ code: "BadRequest" });
  });

  it("refuses when no seat is free (SeatNotAvailable)", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() })).rejects.toMatchObject({
      code: "SeatNotAvailable",
      status: 400,
    });
  });

  it("leaves no new customer behind when it refuses (the transaction rolls the person back)", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const customers = () => db().prisma.customer.count({ where: { organizationId: world.organization.id } });
    const holder = uniqueEmail("holder");
    await assignSeat(actor, { subscription_id: world.subscription.id, email: holder });
    const canceled = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "canceled" });
    const before = await customers();
    const strangers = [uniqueEmail("full"), uniqueEmail("canceled"), uniqueEmail("parallel")];
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: strangers[0]! })).rejects.toMatchObject({ code: "SeatNotAvailable" });
    await expect(assignSeat(actor, { subscription_id: canceled.id, email: strangers[1]! })).rejects.toMatchObject({ code: "SeatNotAvailable" });
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: holder.toUpperCase() })).rejects.toMatchObject({ code: "SeatAlreadyAssigned" });
    const raced = await Promise.allSettled(Array.from({ length: 5 }, () => assignSeat(actor, { subscription_id: world.subscription.id, email: strangers[2]! })));
    expect(raced.every((r) => r.status === "rejected")).toBe(true);
    expect(await customers()).toBe(before);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: { in: strangers.map((e) => e.toLowerCase()) } } })).toBe(0);
  });

  it("refuses a second live seat for the same person on one container (SeatAlreadyAssigned)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.owner);
    const email = uniqueEmail("twice");
    await assignSeat(actor, { subscription_id: world.subscription.id, email });
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: email.toUpperCase() })).rejects.toMatchObject({
      code: "SeatAlreadyAssigned",
      status: 400,
    });
  });

  it("reuses a revoked row, keeping its id", async () => {
    const world = await createWorld({ seats: 1 });
    const actor = customerActor(world.owner);
    const first = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    await revokeSeat(actor, first.id);
    const second = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("second") });
    expect(second.id).toBe(first.id);
    expect(second.status).toBe("pending");
    expect(second.revokedAt).toBeNull();
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
    const events = await db().prisma.seatEvent.findMany({ where: { seatId: first.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["assigned", "revoked", "assigned"]);
  });

  it("takes no assignment on a canceled subscription or an unpaid order (SeatNotAvailable)", async () => {
    const world = await createWorld();
    const canceled = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "canceled" });
    const unpaid = await createOrder(world.organization.id, world.owner.id, world.oneTime.id, { status: "pending" });
    const actor = customerActor(world.owner);
    await expect(assignSeat(actor, { subscription_id: canceled.id, email: uniqueEmail() })).rejects.toMatchObject({ code: "SeatNotAvailable" });
    await expect(assignSeat(actor, { order_id: unpaid.id, email: uniqueEmail() })).rejects.toMatchObject({ code: "SeatNotAvailable" });
  });

  it("assigns seats of a paid order and of a trialing subscription", async () => {
    const world = await createWorld();
    const trialing = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "trialing" });
    const actor = customerActor(world.owner);
    expect((await assignSeat(actor, { order_id: world.order.id, email: uniqueEmail() })).orderId).toBe(world.order.id);
    expect((await assignSeat(actor, { subscription_id: trialing.id, email: uniqueEmail() })).status).toBe("pending");
  });

  it("hides another customer's subscription and order (ResourceNotFound)", async () => {
    const world = await createWorld();
    const actor = customerActor(world.other);
    await expect(assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() })).rejects.toMatchObject({
      code: "ResourceNotFound",
      status: 404,
    });
    await expect(assignSeat(actor, { order_id: world.order.id, email: uniqueEmail() })).rejects.toMatchObject({ code: "ResourceNotFound" });
    expect(await liveSeats(world.subscription.id)).toBe(0);
  });

  it("hides another organization's subscription from an organization (ResourceNotFound)", async () => {
    const world = await createWorld();
    const elsewhere = await createOrganization();
    await expect(
      assignSeat(organizationActor(elsewhere.id), { subscription_id: world.subscription.id, email: uniqueEmail() }),
    ).rejects.toMatchObject({ code: "ResourceNotFound" });
  });

  it("refuses when seat-based pricing is off for the organization (FeatureNotEnabled)", async () => {
    const world = await createWorld({ seatBasedPricingEnabled: false });
    await expect(
      assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail() }),
    ).rejects.toMatchObject({ code: "FeatureNotEnabled", status: 403 });
  });

  it("claims at once and sends nothing when the organization onboards the person itself", async () => {
    const world = await createWorld();
    const email = uniqueEmail("immediate");
    const seat = await assignSeat(organizationActor(world.organization.id), { subscription_id: world.subscription.id, email }, { immediateClaim: true });
    expect(seat.status).toBe("claimed");
    expect(seat.claimedAt).not.toBeNull();
    expect(seat.invitationTokenExpiresAt).toBeNull();
    expect(await db().prisma.emailOutbox.count({ where: { recipient: email } })).toBe(0);
  });

  it("records who assigned whom in the seat event log", async () => {
    const world = await createWorld();
    const email = uniqueEmail("logged");
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const events = await db().prisma.seatEvent.findMany({ where: { seatId: seat.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "assigned", email, actorType: "customer", actorId: world.owner.id, subscriptionId: world.subscription.id });
  });

  it("gives exactly k of 20 parallel assigns when k seats are free", async () => {
    const k = 3;
    const world = await createWorld({ seats: 5 });
    const actor = customerActor(world.owner);
    await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail(`race${i}`) })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(k);
    expect(lost.map((r) => (r.reason as { code?: string }).code ?? String(r.reason))).toEqual(lost.map(() => "SeatNotAvailable"));
    expect(await liveSeats(world.subscription.id)).toBe(5);
  });

  it("gives one seat to 10 parallel assigns of one email", async () => {
    const world = await createWorld({ seats: 5 });
    const actor = customerActor(world.owner);
    const email = uniqueEmail("same");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => assignSeat(actor, { subscription_id: world.subscription.id, email: i % 2 ? email.toUpperCase() : email })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const reasons = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as { code?: string }).code);
    expect(new Set(reasons)).toEqual(new Set(["SeatAlreadyAssigned"]));
    expect(await liveSeats(world.subscription.id)).toBe(1);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: email.toLowerCase() } })).toBe(1);
  });
});

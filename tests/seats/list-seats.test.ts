import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, listSeats, revokeSeat } from "@/lib/seats";
import { findSeat } from "@/lib/seats/queries";
import { toCustomerSeat, seatsListJson } from "@/lib/wire/customer-seat";
import { createOrganization, createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";

describe("listSeats", () => {
  it("lists every seat of the container oldest first, with total and available counts", async () => {
    const world = await createWorld({ seats: 4 });
    const actor = customerActor(world.owner);
    const first = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("a") });
    const second = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail("b") });
    const list = await listSeats(actor, { subscription_id: world.subscription.id });
    expect(list.seats.map((s) => s.id)).toEqual([first.id, second.id]);
    expect(list).toMatchObject({ totalSeats: 4, availableSeats: 2 });
  });

  it("counts a revoked seat as free but keeps it in the list", async () => {
    const world = await createWorld({ seats: 2 });
    const actor = customerActor(world.owner);
    const seat = await assignSeat(actor, { subscription_id: world.subscription.id, email: uniqueEmail() });
    await revokeSeat(actor, seat.id);
    const list = await listSeats(actor, { subscription_id: world.subscription.id });
    expect(list.seats).toHaveLength(1);
    expect(list.seats[0]!.status).toBe("revoked");
    expect(list.availableSeats).toBe(2);
  });

  it("lists the seats of an order", async () => {
    const world = await createWorld({ orderSeats: 3 });
    const list = await listSeats(customerActor(world.owner), { order_id: world.order.id });
    expect(list).toEqual({ seats: [], totalSeats: 3, availableSeats: 3 });
  });

  it("reads subscription_id first when both are given, as Polar does", async () => {
    const world = await createWorld({ seats: 7 });
    const list = await listSeats(customerActor(world.owner), { subscription_id: world.subscription.id, order_id: world.order.id });
    expect(list.totalSeats).toBe(7);
  });

  it("needs a container (BadRequest)", async () => {
    const world = await createWorld();
    await expect(listSeats(customerActor(world.owner), {})).rejects.toMatchObject({ code: "BadRequest", status: 400 });
  });

  it("hides another customer's container (ResourceNotFound)", async () => {
    const world = await createWorld();
    await expect(listSeats(customerActor(world.other), { subscription_id: world.subscription.id })).rejects.toMatchObject({
      code: "ResourceNotFound",
      status: 404,
    });
    await expect(listSeats(customerActor(world.other), { order_id: world.order.id })).rejects.toMatchObject({ code: "ResourceNotFound" });
  });

  it("lets the organization read any container of its own, and none of another's", async () => {
    const world = await createWorld();
    expect((await listSeats(organizationActor(world.organization.id), { subscription_id: world.subscription.id })).totalSeats).toBe(5);
    const elsewhere = await createOrganization();
    await expect(listSeats(organizationActor(elsewhere.id), { subscription_id: world.subscription.id })).rejects.toMatchObject({
      code: "ResourceNotFound",
    });
  });

  it("reads each seat as it is stored: the list's JSON is the seat's own, field for field", async () => {
    const world = await createWorld({ seats: 5 });
    const owner = customerActor(world.owner);
    const organization = organizationActor(world.organization.id);
    const ref = { subscription_id: world.subscription.id };
    const plain = await assignSeat(owner, { ...ref, email: uniqueEmail("plain") });
    await assignSeat(owner, { ...ref, email: uniqueEmail("meta"), metadata: { team: "core", level: 2.5, admin: false, note: 'say "hi"\n' } });
    await assignSeat(organization, { ...ref, email: uniqueEmail("claimed"), immediate_claim: true });
    await revokeSeat(owner, plain.id);
    const list = await listSeats(owner, ref);
    expect(list.seats).toHaveLength(3);
    const stored = await Promise.all(list.seats.map((seat) => findSeat(db().prisma, seat.id)));
    expect(JSON.parse(seatsListJson(list))).toEqual({ seats: stored.map(toCustomerSeat), available_seats: 3, total_seats: 5 });
  });

  it("refuses when seat-based pricing is off (FeatureNotEnabled)", async () => {
    const world = await createWorld({ seatBasedPricingEnabled: false });
    await expect(listSeats(customerActor(world.owner), { subscription_id: world.subscription.id })).rejects.toMatchObject({
      code: "FeatureNotEnabled",
    });
  });
});

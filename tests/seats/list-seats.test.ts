import { describe, expect, it } from "vitest";
import { SeatsList$inboundSchema } from "@polar-sh/sdk/models/components/seatslist.js";
import { db } from "@/lib/db";
import { assignSeat, listSeats as listSeatsJson, revokeSeat } from "@/lib/seats";
import type { SeatManager } from "@/lib/seats/actor";
import { findSeat } from "@/lib/seats/queries";
import type { ListSeatsInput } from "@/lib/seats/schemas";
import { SEATS_LIST_SQL, toCustomerSeat, type CustomerSeatWire } from "@/lib/wire/customer-seat";
import { createOrganization, createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";

/** The list with the API's seat JSON, its seats parsed. */
async function listSeats(actor: SeatManager, input: ListSeatsInput) {
  const list = JSON.parse(await listSeatsJson(actor, input, SEATS_LIST_SQL)) as { seats: CustomerSeatWire[]; available_seats: number; total_seats: number };
  return { seats: list.seats, totalSeats: list.total_seats, availableSeats: list.available_seats };
}

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

  it("writes each seat as toCustomerSeat does, field for field, and passes SDK 0.49.0's SeatsList", async () => {
    const world = await createWorld({ seats: 5 });
    const owner = customerActor(world.owner);
    const organization = organizationActor(world.organization.id);
    const ref = { subscription_id: world.subscription.id };
    const plain = await assignSeat(owner, { ...ref, email: uniqueEmail("plain") });
    await assignSeat(owner, { ...ref, email: uniqueEmail("meta"), metadata: { team: "core", level: 2.5, admin: false, note: 'say "hi"\n' } });
    await assignSeat(organization, { ...ref, email: uniqueEmail("claimed"), immediate_claim: true });
    await revokeSeat(owner, plain.id);
    const wire = JSON.parse(await listSeatsJson(owner, ref, SEATS_LIST_SQL));
    const stored = await Promise.all(wire.seats.map((seat: CustomerSeatWire) => findSeat(db().prisma, seat.id)));
    expect(wire).toEqual({ seats: stored.map(toCustomerSeat), available_seats: 3, total_seats: 5 });
    expect(SeatsList$inboundSchema.safeParse(wire).success).toBe(true);
  });

  it("escapes whatever a person typed exactly as JSON.stringify does", async () => {
    const world = await createWorld({ seats: 3 });
    const owner = customerActor(world.owner);
    const ref = { subscription_id: world.subscription.id };
    const seat = await assignSeat(owner, { ...ref, email: uniqueEmail("odd") });
    // Stored values no form would accept, to prove the escaping rather than the validation.
    const email = 'o"brien\\x\u2028zoë\t\u0001@example.com';
    const metadata = { 'note "quoted"': "line\nbreak\u0001", nested: "{}", n: 1.5, ok: true, empty: "", "10": "digits first" };
    await db().prisma.customerSeat.update({ where: { id: seat.id }, data: { email, seatMetadata: metadata } });
    await db().prisma.customer.update({ where: { id: seat.customerId! }, data: { email } });
    // The member too, with a name and an external id, and a modification time.
    await db().prisma.member.update({ where: { id: seat.memberId! }, data: { email, emailKey: `${seat.memberId}@example.com`, name: 'Zoë "Z" \u2028', externalId: "crm\t1", modifiedAt: new Date() } });
    const json = await listSeatsJson(owner, ref, SEATS_LIST_SQL);
    expect(json).toContain(`"email":${JSON.stringify(email)},"customer_email":${JSON.stringify(email)},`);
    const row = await findSeat(db().prisma, seat.id);
    expect(JSON.parse(json).seats).toEqual([toCustomerSeat(row)]);
    // The member byte for byte as JSON.stringify writes it (compact, escaped alike).
    expect(json).toContain(`"member":${JSON.stringify(toCustomerSeat(row).member)},`);
  });

  it("lists no seat as an empty array", async () => {
    const world = await createWorld({ seats: 2 });
    const json = await listSeatsJson(customerActor(world.owner), { subscription_id: world.subscription.id }, SEATS_LIST_SQL);
    expect(JSON.parse(json)).toEqual({ seats: [], available_seats: 2, total_seats: 2 });
  });

  it("refuses when seat-based pricing is off (FeatureNotEnabled)", async () => {
    const world = await createWorld({ seatBasedPricingEnabled: false });
    await expect(listSeats(customerActor(world.owner), { subscription_id: world.subscription.id })).rejects.toMatchObject({
      code: "FeatureNotEnabled",
    });
  });
});

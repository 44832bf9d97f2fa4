// The merchant side of seats (organization tokens, scopes customer_seats:read|write):
// list, assign (including immediate_claim: claimed at once, no email), revoke and resend,
// over every subscription and order of the organization, through SDK 0.49.0 (zod-validated)
// and SDK 1.x at 2026-10 (checked against 0.49.0's CustomerSeat and SeatsList schemas).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateEvent } from "@polar-sh/sdk/webhooks";
import { CustomerSeat$inboundSchema } from "@polar-sh/sdk/models/components/customerseat.js";
import { SeatsList$inboundSchema } from "@polar-sh/sdk/models/components/seatslist.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createOrder, createProduct, createSubscription, uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { CUSTOMER_SEAT_KEYS, expectSdk1Error, invitationToken, lapseResendCooldown, mailbox, randomUuid, send, type ErrorCase, type JsonObject } from "./helpers";
import { BOGUS_ID, NOT_FOUND, accessCases, expect049Failure, expectCase, expectWire049, invalid, merchantOrg, ok, sleep } from "./merchant-helpers";

const SEATS = "/v1/customer-seats";

/** Two organizations, each with a product, a billing customer, an active 3-seat subscription and a paid 2-seat order. */
async function world() {
  const make = async () => {
    const org = await merchantOrg("customer_seats");
    const id = org.organization.id;
    const product = await createProduct(id);
    const oneTime = await createProduct(id, { recurring: false });
    const owner = await createCustomer(id);
    const subscription = await createSubscription(id, owner.id, product.id, { seats: 3 });
    const order = await createOrder(id, owner.id, oneTime.id, { seats: 2 });
    return { ...org, product, owner, subscription, order };
  };
  const [org, other] = await Promise.all([make(), make()]);
  return { org, other };
}
type World = Awaited<ReturnType<typeof world>>;

const seatsOf = (id: string) => db().prisma.customerSeat.findMany({ where: { OR: [{ subscriptionId: id }, { orderId: id }] }, orderBy: { createdAt: "asc" } });

describe("GET /v1/customer-seats (list)", () => {
  let c: World;
  beforeAll(async () => {
    c = await world();
    await ok({ method: "POST", path: SEATS, token: c.org.token, body: { subscription_id: c.org.subscription.id, email: uniqueEmail("listed") } });
  });
  const list = (c: World, query: Record<string, string>, token: string | null = c.org.token) => ({ path: `${SEATS}?${new URLSearchParams(query)}`, token: token ?? undefined });
  const cases: ErrorCase<World>[] = [
    ...accessCases<World>((c) => c.org, (c, token) => list(c, { subscription_id: c.org.subscription.id }, token), "read"),
    { name: "another organization's subscription", request: (c) => list(c, { subscription_id: c.other.subscription.id }), expected: NOT_FOUND },
    { name: "another organization's order", request: (c) => list(c, { order_id: c.other.order.id }), expected: NOT_FOUND },
    { name: "a malformed subscription_id", request: (c) => list(c, { subscription_id: BOGUS_ID }), expected: invalid(["query", "subscription_id"]) },
    { name: "a malformed order_id", request: (c) => list(c, { order_id: "42" }), expected: invalid(["query", "order_id"]) },
    { name: "an unknown subscription", request: (c) => list(c, { subscription_id: randomUuid() }), expected: NOT_FOUND },
    { name: "neither subscription_id nor order_id", request: (c) => list(c, {}), expected: { status: 400, error: "BadRequest" } },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("lists a subscription's and an order's seats through both SDKs", async () => {
    const list049 = await sdk049(c.org.token).customerSeats.listSeats({ subscriptionId: c.org.subscription.id });
    expect(list049).toMatchObject({ totalSeats: 3, availableSeats: 2 });
    expect(list049.seats).toHaveLength(1);
    expect(list049.seats[0]).toMatchObject({ status: "pending", subscriptionId: c.org.subscription.id, orderId: null, member: { customerId: c.org.owner.id, role: "member" } });
    expect(list049.seats[0]!.memberId).toBe(list049.seats[0]!.member!.id);
    const order = await sdk1(c.org.token).customerSeats.listSeats({ order_id: c.org.order.id });
    expectWire049(SeatsList$inboundSchema, order, "SDK 1.x customerSeats.listSeats");
    expect(order).toEqual({ seats: [], available_seats: 2, total_seats: 2 });
    expect((await ok(list(c, { subscription_id: c.org.subscription.id }, c.org.writeOnlyToken))).total_seats).toBe(3);
    await expect049Failure(sdk049(c.org.token).customerSeats.listSeats({ subscriptionId: c.other.subscription.id }), NOT_FOUND);
    await expectSdk1Error(sdk1(c.org.token).customerSeats.listSeats({ subscription_id: c.other.subscription.id }), { ...NOT_FOUND, className: "CustomerSeatsListSeats404Error" });
    await expectSdk1Error(sdk1(c.org.noScopeToken).customerSeats.listSeats({ subscription_id: c.org.subscription.id }), {
      status: 403,
      error: "NotPermitted",
      className: "CustomerSeatsListSeats403Error",
    });
    await expectSdk1Error(sdk1(c.org.customerSession).customerSeats.listSeats({ subscription_id: c.org.subscription.id }), {
      status: 401,
      error: "Unauthorized",
      className: "CustomerSeatsListSeats401Error",
    });
  });
});

describe("POST /v1/customer-seats (assign)", () => {
  type C = World & { full: { id: string }; canceled: { id: string }; holder: { id: string; email: string } };
  const receiver = new WebhookReceiver();
  let c: C;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    const w = await world();
    const id = w.org.organization.id;
    const full = await createSubscription(id, w.org.owner.id, w.org.product.id, { seats: 1 });
    await ok({ method: "POST", path: SEATS, token: w.org.token, body: { subscription_id: full.id, email: uniqueEmail("only") } });
    const canceled = await createSubscription(id, w.org.owner.id, w.org.product.id, { status: "canceled" });
    const holder = await createCustomer(id);
    await ok({ method: "POST", path: SEATS, token: w.org.token, body: { subscription_id: w.org.subscription.id, customer_id: holder.id } });
    const endpoint = await ok(
      { method: "POST", path: "/v1/webhooks/endpoints", token: w.org.token, body: { url: receiver.url, format: "raw", events: ["customer_seat.assigned", "customer_seat.claimed"] } },
      201,
    );
    secret = endpoint.secret as string;
    c = { ...w, full, canceled, holder };
  });
  afterAll(() => receiver.stop());

  const post = (c: C, body: Record<string, unknown>, token: string | null = c.org.token) => ({ method: "POST" as const, path: SEATS, token: token ?? undefined, body });
  const sub = (c: C) => ({ subscription_id: c.org.subscription.id });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => post(c, { ...sub(c), email: uniqueEmail("access") }, token), "write", { tokenStates: true }),
    { name: "another organization's subscription", request: (c) => post(c, { subscription_id: c.other.subscription.id, email: uniqueEmail() }), expected: NOT_FOUND },
    { name: "another organization's order", request: (c) => post(c, { order_id: c.other.order.id, email: uniqueEmail() }), expected: NOT_FOUND },
    { name: "another organization's customer_id", request: (c) => post(c, { ...sub(c), customer_id: c.other.owner.id }), expected: { status: 404, error: "CustomerNotFound" } },
    {
      name: "another organization's external_customer_id",
      request: (c) => post(c, { ...sub(c), external_customer_id: c.other.owner.externalId }),
      expected: { status: 404, error: "CustomerNotFound" },
    },
    { name: "a malformed subscription_id", request: (c) => post(c, { subscription_id: BOGUS_ID, email: uniqueEmail() }), expected: invalid(["body", "subscription_id"]) },
    { name: "an invalid email", request: (c) => post(c, { ...sub(c), email: "not-an-email" }), expected: invalid(["body", "email"]) },
    { name: "metadata with 11 keys", request: (c) => post(c, { ...sub(c), email: uniqueEmail(), metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }), expected: invalid(["body", "metadata"]) },
    { name: "immediate_claim that is not a boolean", request: (c) => post(c, { ...sub(c), email: uniqueEmail(), immediate_claim: "yes" }), expected: invalid(["body", "immediate_claim"]) },
    { name: "a member_id the team does not have", request: (c) => post(c, { ...sub(c), member_id: randomUuid() }), expected: { status: 404, error: "MemberNotFound" } },
    { name: "a member_id with an email", request: (c) => post(c, { ...sub(c), member_id: randomUuid(), email: uniqueEmail() }), expected: invalid(["body"]) },
    { name: "neither subscription_id nor order_id", request: (c) => post(c, { email: uniqueEmail() }), expected: { status: 400, error: "BadRequest" } },
    { name: "both email and customer_id", request: (c) => post(c, { ...sub(c), email: uniqueEmail(), customer_id: c.org.owner.id }), expected: { status: 400, error: "InvalidSeatAssignmentRequest" } },
    { name: "no recipient", request: (c) => post(c, sub(c)), expected: { status: 400, error: "InvalidSeatAssignmentRequest" } },
    { name: "no free seat", request: (c) => post(c, { subscription_id: c.full.id, email: uniqueEmail() }), expected: { status: 400, error: "SeatNotAvailable" } },
    { name: "a canceled subscription", request: (c) => post(c, { subscription_id: c.canceled.id, email: uniqueEmail() }), expected: { status: 400, error: "SeatNotAvailable" } },
    { name: "a person who already holds a seat on it", request: (c) => post(c, { ...sub(c), email: c.holder.email.toUpperCase() }), expected: { status: 400, error: "SeatAlreadyAssigned" } },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, no seat written", async (row) => {
    const before = await db().prisma.customerSeat.count({ where: { OR: [{ subscription: { organizationId: { in: [c.org.organization.id, c.other.organization.id] } } }, { order: { organizationId: c.other.organization.id } }] } });
    await expectCase(c, row);
    const after = await db().prisma.customerSeat.count({ where: { OR: [{ subscription: { organizationId: { in: [c.org.organization.id, c.other.organization.id] } } }, { order: { organizationId: c.other.organization.id } }] } });
    expect(after).toBe(before);
  });

  it("assigns a pending seat through SDK 0.49.0: an invitation email and a customer_seat.assigned webhook", async () => {
    const email = uniqueEmail("Invited");
    const seat = await sdk049(c.org.token).customerSeats.assignSeat({ orderId: c.org.order.id, email, metadata: { team: "ops" } });
    expect(seat).toMatchObject({ status: "pending", orderId: c.org.order.id, subscriptionId: null, email, claimedAt: null, seatMetadata: { team: "ops" } });
    expect(seat.invitationTokenExpiresAt).toBeInstanceOf(Date);
    expect(await invitationToken(email.toLowerCase())).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await receiver.waitFor(() => receiver.received.some((r) => (JSON.parse(r.body) as { data: JsonObject }).data.id === seat.id));
    const delivered = receiver.received.filter((r) => (JSON.parse(r.body) as { data: JsonObject }).data.id === seat.id);
    expect(delivered.map((r) => validateEvent(r.body, r.headers, secret).type)).toEqual(["customer_seat.assigned"]);
  });

  it("immediate_claim: true (SDK 0.49.0) claims at once: no email, events assigned + claimed, a customer_seat.claimed webhook and no assigned one", async () => {
    const claimedEmail = uniqueEmail("claimed-at-once");
    const seat = await sdk049(c.org.token).customerSeats.assignSeat({ subscriptionId: c.org.subscription.id, email: claimedEmail, immediateClaim: true });
    expect(seat).toMatchObject({ status: "claimed", subscriptionId: c.org.subscription.id, email: claimedEmail, invitationTokenExpiresAt: null });
    expect(seat.claimedAt).toBeInstanceOf(Date);
    const events = await db().prisma.seatEvent.findMany({ where: { seatId: seat.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.type).sort()).toEqual(["assigned", "claimed"]);
    expect(events.every((event) => event.actorType === "organization")).toBe(true);
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).invitationTokenHash).toBeNull();

    // A control invitation sent after it arrives; the claimed seat's address got nothing.
    const control = uniqueEmail("control");
    await ok(post(c, { order_id: c.org.order.id, email: control }));
    await mailbox().waitForEmail(control);
    expect(await mailbox().to(claimedEmail)).toEqual([]);

    await receiver.waitFor(() => receiver.received.some((r) => (JSON.parse(r.body) as { type: string; data: JsonObject }).data.email === control));
    await sleep(200);
    const ofSeat = receiver.received.filter((r) => (JSON.parse(r.body) as { data: JsonObject }).data.id === seat.id);
    expect(ofSeat.map((r) => validateEvent(r.body, r.headers, secret).type)).toEqual(["customer_seat.claimed"]);
    expect((JSON.parse(ofSeat[0]!.body) as { data: JsonObject }).data).toMatchObject({ id: seat.id, status: "claimed", email: claimedEmail });
  });

  it("assigns through SDK 1.x (2026-10) by external_customer_id with immediate_claim, with every key 0.49.0 requires", async () => {
    const person = await createCustomer(c.org.organization.id);
    const seat = await sdk1(c.org.token).customerSeats.assignSeat({ subscription_id: c.org.subscription.id, external_customer_id: person.externalId!, immediate_claim: true });
    expect(Object.keys(seat).sort()).toEqual(CUSTOMER_SEAT_KEYS);
    expectWire049(CustomerSeat$inboundSchema, seat, "SDK 1.x customerSeats.assignSeat");
    expect(seat).toMatchObject({ status: "claimed", customer_id: person.id, email: person.email });
    await expectSdk1Error(sdk1(c.org.token).customerSeats.assignSeat({ subscription_id: c.full.id, email: uniqueEmail() }), {
      status: 400,
      error: "SeatNotAvailable",
      className: "CustomerSeatsAssignSeat400Error",
    });
    await expectSdk1Error(sdk1(c.org.token).customerSeats.assignSeat({ subscription_id: c.other.subscription.id, email: uniqueEmail() }), {
      ...NOT_FOUND,
      className: "CustomerSeatsAssignSeat404Error",
    });
    await expect049Failure(sdk049(c.org.token).customerSeats.assignSeat({ subscriptionId: c.org.subscription.id, customerId: c.other.owner.id }), {
      status: 404,
      error: "CustomerNotFound",
    });
  });
});

describe("DELETE /v1/customer-seats/{seat_id} (revoke)", () => {
  type C = World & { seat: JsonObject; foreignSeat: JsonObject };
  let c: C;
  beforeAll(async () => {
    const w = await world();
    const seat = await ok({ method: "POST", path: SEATS, token: w.org.token, body: { subscription_id: w.org.subscription.id, email: uniqueEmail("kept") } });
    const foreignSeat = await ok({ method: "POST", path: SEATS, token: w.other.token, body: { subscription_id: w.other.subscription.id, email: uniqueEmail("foreign") } });
    c = { ...w, seat, foreignSeat };
  });
  const del = (c: C, id: string, token: string | null = c.org.token) => ({ method: "DELETE" as const, path: `${SEATS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => del(c, c.seat.id as string, token), "write"),
    { name: "another organization's seat", request: (c) => del(c, c.foreignSeat.id as string), expected: NOT_FOUND },
    { name: "a malformed seat id", request: (c) => del(c, BOGUS_ID), expected: invalid(["path", "seat_id"]) },
    { name: "an unknown seat", request: (c) => del(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, both seats still pending", async (row) => {
    await expectCase(c, row);
    const seats = await db().prisma.customerSeat.findMany({ where: { id: { in: [c.seat.id as string, c.foreignSeat.id as string] } } });
    expect(seats.map((seat) => seat.status)).toEqual(["pending", "pending"]);
  });

  it("revokes through both SDKs (200 with the seat; a second revoke returns it unchanged)", async () => {
    const claimed = await ok({ method: "POST", path: SEATS, token: c.org.token, body: { subscription_id: c.org.subscription.id, email: uniqueEmail("claimed"), immediate_claim: true } });
    const revoked = await sdk049(c.org.token).customerSeats.revokeSeat({ seatId: claimed.id as string });
    expect(revoked).toMatchObject({ id: claimed.id, status: "revoked", customerId: null, email: null });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await db().prisma.seatEvent.count({ where: { seatId: claimed.id as string, type: "revoked" } })).toBe(1);
    const again = await sdk1(c.org.token).customerSeats.revokeSeat(claimed.id as string);
    expectWire049(CustomerSeat$inboundSchema, again, "SDK 1.x customerSeats.revokeSeat");
    expect(again).toMatchObject({ id: claimed.id, status: "revoked", revoked_at: revoked.revokedAt!.toISOString() });
    expect(await db().prisma.seatEvent.count({ where: { seatId: claimed.id as string, type: "revoked" } })).toBe(1);
    await expect049Failure(sdk049(c.org.token).customerSeats.revokeSeat({ seatId: c.foreignSeat.id as string }), NOT_FOUND);
    await expectSdk1Error(sdk1(c.org.token).customerSeats.revokeSeat(c.foreignSeat.id as string), { ...NOT_FOUND, className: "CustomerSeatsRevokeSeat404Error" });
    await expect049Failure(sdk049(c.org.token).customerSeats.revokeSeat({ seatId: BOGUS_ID }), invalid(["path", "seat_id"]));
    expect((await seatsOf(c.other.subscription.id)).map((seat) => seat.status)).toEqual(["pending"]);
  });
});

describe("POST /v1/customer-seats/{seat_id}/resend (resend)", () => {
  type C = World & { pending: JsonObject; pendingEmail: string; claimed: JsonObject; revoked: JsonObject; foreignSeat: JsonObject };
  let c: C;
  beforeAll(async () => {
    const w = await world();
    const token = w.org.token;
    const pendingEmail = uniqueEmail("resend");
    const pending = await ok({ method: "POST", path: SEATS, token, body: { order_id: w.org.order.id, email: pendingEmail } });
    const claimed = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: w.org.subscription.id, email: uniqueEmail("claimed"), immediate_claim: true } });
    const revoked = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: w.org.subscription.id, email: uniqueEmail("revoked") } });
    await ok({ method: "DELETE", path: `${SEATS}/${revoked.id}`, token });
    const foreignSeat = await ok({ method: "POST", path: SEATS, token: w.other.token, body: { subscription_id: w.other.subscription.id, email: uniqueEmail("foreign") } });
    c = { ...w, pending, pendingEmail, claimed, revoked, foreignSeat };
  });
  const resend = (c: C, id: string, token: string | null = c.org.token) => ({ method: "POST" as const, path: `${SEATS}/${id}/resend`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => resend(c, c.pending.id as string, token), "write"),
    { name: "another organization's seat", request: (c) => resend(c, c.foreignSeat.id as string), expected: NOT_FOUND },
    { name: "a malformed seat id", request: (c) => resend(c, BOGUS_ID), expected: invalid(["path", "seat_id"]) },
    { name: "an unknown seat", request: (c) => resend(c, randomUuid()), expected: NOT_FOUND },
    { name: "a claimed seat", request: (c) => resend(c, c.claimed.id as string), expected: { status: 400, error: "SeatNotPending" } },
    { name: "a revoked seat", request: (c) => resend(c, c.revoked.id as string), expected: { status: 400, error: "SeatNotPending" } },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, no invitation rotated", async (row) => {
    const before = await db().prisma.customerSeat.findMany({ where: { id: { in: [c.pending.id as string, c.foreignSeat.id as string] } }, orderBy: { id: "asc" } });
    await expectCase(c, row);
    const after = await db().prisma.customerSeat.findMany({ where: { id: { in: [c.pending.id as string, c.foreignSeat.id as string] } }, orderBy: { id: "asc" } });
    expect(after.map((seat) => seat.invitationTokenHash)).toEqual(before.map((seat) => seat.invitationTokenHash));
  });

  it("resends through both SDKs: a new email each time with a new link, the old link dead", async () => {
    const first = await invitationToken(c.pendingEmail);
    const seat = await sdk049(c.org.token).customerSeats.resendInvitation({ seatId: c.pending.id as string });
    expect(seat).toMatchObject({ id: c.pending.id, status: "pending", email: c.pendingEmail });
    const second = await invitationToken(c.pendingEmail, 2);
    expect(second).not.toBe(first);
    expect((await send({ path: `/v1/customer-seats/claim/${first}` })).status).toBe(404);
    expect((await send({ path: `/v1/customer-seats/claim/${second}` })).status).toBe(200);
    expect(await db().prisma.seatEvent.count({ where: { seatId: c.pending.id as string, type: "resent" } })).toBe(1);

    await lapseResendCooldown(c.pending.id as string);
    const fresh = await sdk1(c.org.token).customerSeats.resendInvitation(c.pending.id as string);
    expectWire049(CustomerSeat$inboundSchema, fresh, "SDK 1.x customerSeats.resendInvitation");
    expect(await invitationToken(c.pendingEmail, 3)).not.toBe(second);
    expect((await mailbox().to(c.pendingEmail)).length).toBe(3);

    await expect049Failure(sdk049(c.org.token).customerSeats.resendInvitation({ seatId: c.claimed.id as string }), { status: 400, error: "SeatNotPending" });
    await expectSdk1Error(sdk1(c.org.token).customerSeats.resendInvitation(c.foreignSeat.id as string), { ...NOT_FOUND, className: "CustomerSeatsResendInvitation404Error" });
  });
});

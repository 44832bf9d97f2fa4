// The five customer-portal seat endpoints over HTTP, driven by Polar's SDK 0.49.0 (which
// validates every response with zod, so a passing call proves the wire shape) and SDK 1.x
// at its three API versions, plus raw requests for the exact error bodies.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { testPool } from "../fixtures/sql";
import { sdk049, sdk1, SDK1_VERSIONS } from "../fixtures/clients";
import {
  createCustomer,
  createCustomerSessionToken,
  createOrder,
  createOrganization,
  createOrganizationToken,
  createSubscription,
  uniqueEmail,
} from "../fixtures/factories";
import {
  CLAIMED,
  CUSTOMER_SEAT_KEYS,
  DAY_MS,
  ISO_Z,
  SEATS,
  assignAndClaim,
  assignRaw,
  expectErrorResponse,
  expectSdk049Error,
  expectSdk1Error,
  invitationToken,
  jsonOf,
  mailbox,
  portalWorld,
  randomUuid,
  rejectionOf,
  send,
  type ErrorCase,
  type ExpectedError,
  type JsonObject,
  type RawRequest,
} from "./helpers";

const VERSIONS = Object.keys(SDK1_VERSIONS) as (keyof typeof SDK1_VERSIONS)[];

type PortalWorld = Awaited<ReturnType<typeof portalWorld>>;

/** Every way a bearer can fail on a portal route: all 401 Unauthorized. */
type Credentials = {
  expiredToken: string;
  revokedToken: string;
  organizationToken: string;
};

async function credentials(world: PortalWorld): Promise<Credentials> {
  return {
    expiredToken: await createCustomerSessionToken(world.owner.id, { expiresAt: new Date(Date.now() - 60_000) }),
    revokedToken: await createCustomerSessionToken(world.owner.id, { revokedAt: new Date() }),
    organizationToken: (await createOrganizationToken(world.organization.id)).token,
  };
}

const UNAUTHORIZED: ExpectedError = { status: 401, error: "Unauthorized" };

/** The 401 rows of an endpoint's table, for the request `build` makes with a given credential. */
function unauthorizedCases<C extends Credentials>(
  build: (context: C, auth: { token?: string; authorization?: string }) => RawRequest,
): ErrorCase<C>[] {
  return [
    { name: "no Authorization header", request: (c) => build(c, {}), expected: UNAUTHORIZED },
    { name: "expired customer session", request: (c) => build(c, { token: c.expiredToken }), expected: UNAUTHORIZED },
    { name: "revoked customer session", request: (c) => build(c, { token: c.revokedToken }), expected: UNAUTHORIZED },
    { name: "unknown customer session", request: (c) => build(c, { token: `polar_cst_${"x".repeat(43)}` }), expected: UNAUTHORIZED },
    { name: "token with a wrong prefix", request: (c) => build(c, { token: `polar_pat_${"x".repeat(43)}` }), expected: UNAUTHORIZED },
    { name: "organization token (polar_oat_) on a portal route", request: (c) => build(c, { token: c.organizationToken }), expected: UNAUTHORIZED },
    { name: "not a Bearer scheme", request: (c) => build(c, { authorization: "Basic dXNlcjpwYXNz" }), expected: UNAUTHORIZED },
    { name: "Bearer undefined (SDK 1.x without a token)", request: (c) => build(c, { authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
  ];
}

/** A world whose organization turned seat-based pricing off after a seat was assigned. */
async function disabledWorld() {
  const world = await portalWorld();
  const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("disabled") });
  await db().prisma.organization.update({ where: { id: world.organization.id }, data: { seatBasedPricingEnabled: false } });
  return { ...world, seatId: seat.id as string };
}

const listSeatsPath = (query: Record<string, string>) => `${SEATS}?${new URLSearchParams(query)}`;

describe("list_seats", () => {
  let c: PortalWorld & Credentials & { disabled: Awaited<ReturnType<typeof disabledWorld>> };
  beforeAll(async () => {
    const world = await portalWorld();
    c = { ...world, ...(await credentials(world)), disabled: await disabledWorld() };
  });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send({ path: listSeatsPath({ subscription_id: c.subscription.id }) }), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats({}, { subscriptionId: c.subscription.id }), UNAUTHORIZED);
    await expectSdk1Error(sdk1().customerPortal.seats.listSeats({ subscription_id: c.subscription.id }), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsListSeats401Error",
    });
  });

  it("another customer's subscription or order → 404", async () => {
    const notFound = { status: 404, error: "ResourceNotFound" };
    await expectErrorResponse(await send({ path: listSeatsPath({ subscription_id: c.otherSubscription.id }), token: c.ownerToken }), notFound);
    await expectErrorResponse(await send({ path: listSeatsPath({ order_id: c.order.id }), token: c.otherToken }), notFound);
    await expectSdk049Error(
      sdk049().customerPortal.seats.listSeats({ customerSession: c.ownerToken }, { subscriptionId: c.otherSubscription.id }),
      notFound,
    );
    await expectSdk1Error(sdk1(c.otherToken).customerPortal.seats.listSeats({ order_id: c.order.id }), {
      ...notFound,
      className: "CustomerPortalSeatsListSeats404Error",
    });
  });

  const cases: ErrorCase<typeof c>[] = [
    { name: "neither subscription_id nor order_id", request: (c) => ({ path: SEATS, token: c.ownerToken }), expected: { status: 400, error: "BadRequest" } },
    {
      name: "subscription_id is not a UUID",
      request: (c) => ({ path: listSeatsPath({ subscription_id: "not-a-uuid" }), token: c.ownerToken }),
      expected: { status: 422, error: "RequestValidationError", loc: ["query", "subscription_id"] },
    },
    {
      name: "order_id is not a UUID",
      request: (c) => ({ path: listSeatsPath({ order_id: "1234" }), token: c.ownerToken }),
      expected: { status: 422, error: "RequestValidationError", loc: ["query", "order_id"] },
    },
    {
      name: "unknown subscription",
      request: (c) => ({ path: listSeatsPath({ subscription_id: randomUuid() }), token: c.ownerToken }),
      expected: { status: 404, error: "ResourceNotFound" },
    },
    {
      name: "unknown order",
      request: (c) => ({ path: listSeatsPath({ order_id: randomUuid() }), token: c.ownerToken }),
      expected: { status: 404, error: "ResourceNotFound" },
    },
    {
      name: "seat-based pricing off for the organization",
      request: (c) => ({ path: listSeatsPath({ subscription_id: c.disabled.subscription.id }), token: c.disabled.ownerToken }),
      expected: { status: 403, error: "FeatureNotEnabled" },
    },
    ...unauthorizedCases<typeof c>((c, auth) => ({ path: listSeatsPath({ subscription_id: c.subscription.id }), ...auth })),
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("error classes through both SDKs (400, 403, 422)", async () => {
    const owner = { customerSession: c.ownerToken };
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats(owner, {}), { status: 400, error: "BadRequest" });
    await expectSdk049Error(
      sdk049().customerPortal.seats.listSeats({ customerSession: c.disabled.ownerToken }, { subscriptionId: c.disabled.subscription.id }),
      { status: 403, error: "FeatureNotEnabled" },
    );
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats(owner, { subscriptionId: "nope" }), {
      status: 422,
      error: "RequestValidationError",
      loc: ["query", "subscription_id"],
    });
    // 400 is not in 1.x's map for listSeats: a plain PolarClientError carrying the raw body.
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.listSeats({}), { status: 400, error: "BadRequest", className: "PolarClientError" });
    await expectSdk1Error(sdk1(c.disabled.ownerToken).customerPortal.seats.listSeats({ subscription_id: c.disabled.subscription.id }), {
      status: 403,
      error: "FeatureNotEnabled",
      className: "CustomerPortalSeatsListSeats403Error",
    });
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.listSeats({ order_id: "nope" }), {
      status: 422,
      error: "RequestValidationError",
      className: "HTTPValidationError",
      loc: ["query", "order_id"],
    });
    await expectSdk1Error(sdk1(c.expiredToken).customerPortal.seats.listSeats({ subscription_id: c.subscription.id }), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsListSeats401Error",
    });
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats({ customerSession: c.revokedToken }, { subscriptionId: c.subscription.id }), UNAUTHORIZED);
  });

  it("lists every seat oldest first, with available and total seats, through SDK 0.49.0", async () => {
    const world = await portalWorld();
    const container = { subscription_id: world.subscription.id };
    const { seat: claimed } = await assignAndClaim(world.ownerToken, container, uniqueEmail("first"));
    const revoked = await assignRaw(world.ownerToken, { ...container, email: uniqueEmail("second") });
    const pendingEmail = uniqueEmail("third");
    const pending = await assignRaw(world.ownerToken, { ...container, email: pendingEmail });
    expect((await send({ method: "DELETE", path: `${SEATS}/${revoked.id}`, token: world.ownerToken })).status).toBe(200);

    const list = await sdk049().customerPortal.seats.listSeats({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id });
    expect(list.totalSeats).toBe(5);
    expect(list.availableSeats).toBe(3);
    expect(list.seats.map((seat) => seat.id)).toEqual([claimed.id, revoked.id, pending.id]);
    expect(list.seats.map((seat) => seat.status)).toEqual(["claimed", "revoked", "pending"]);
    const last = list.seats[2]!;
    expect(last).toMatchObject({ subscriptionId: world.subscription.id, orderId: null, email: pendingEmail, customerEmail: pendingEmail });
    // Polar fills the seat's member: the invitee, a plain member of the billing customer's team.
    expect(last.memberId).toEqual(expect.any(String));
    expect(last.member).toMatchObject({ id: last.memberId, customerId: world.owner.id, email: pendingEmail, role: "member", name: null, externalId: null });
    expect(last.createdAt).toBeInstanceOf(Date);
    expect(last.invitationTokenExpiresAt).toBeInstanceOf(Date);
    expect(list.seats[0]!.claimedAt).toBeInstanceOf(Date);
    expect(list.seats[1]!.revokedAt).toBeInstanceOf(Date);
  });

  it.each(VERSIONS)("lists the same seats through SDK 1.x at %s", async (version) => {
    const world = await portalWorld();
    await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("v") });
    await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("v") });
    const raw = await jsonOf(await send({ path: listSeatsPath({ subscription_id: world.subscription.id }), token: world.ownerToken }));
    const list = await sdk1(world.ownerToken, version).customerPortal.seats.listSeats({ subscription_id: world.subscription.id });
    expect(list).toEqual(raw);
    expect(list.total_seats).toBe(5);
    expect(list.available_seats).toBe(3);
    expect(list.seats).toHaveLength(2);
  });

  it("lists the seats of a paid order through both SDKs", async () => {
    const world = await portalWorld({ orderSeats: 2 });
    const seat = await assignRaw(world.ownerToken, { order_id: world.order.id, email: uniqueEmail("order") });
    const old = await sdk049().customerPortal.seats.listSeats({ customerSession: world.ownerToken }, { orderId: world.order.id });
    expect(old).toMatchObject({ totalSeats: 2, availableSeats: 1 });
    expect(old.seats.map((s) => [s.id, s.orderId, s.subscriptionId])).toEqual([[seat.id, world.order.id, null]]);
    const fresh = await sdk1(world.ownerToken, "2026-04").customerPortal.seats.listSeats({ order_id: world.order.id });
    expect(fresh).toMatchObject({ total_seats: 2, available_seats: 1 });
  });

  it("a container with no seat assigned lists none and every seat free", async () => {
    const world = await portalWorld({ seats: 7 });
    const response = await send({ path: listSeatsPath({ subscription_id: world.subscription.id }), token: world.ownerToken });
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ seats: [], available_seats: 7, total_seats: 7 });
  });
});

describe("assign_seat", () => {
  type Context = PortalWorld &
    Credentials & {
      full: { id: string };
      canceled: { id: string };
      unpaid: { id: string };
      takenEmail: string;
      takenCustomerId: string;
      foreignCustomerId: string;
      disabled: PortalWorld;
    };
  let c: Context;
  beforeAll(async () => {
    const world = await portalWorld();
    const full = await createSubscription(world.organization.id, world.owner.id, world.product.id, { seats: 1 });
    await assignRaw(world.ownerToken, { subscription_id: full.id, email: uniqueEmail("holder") });
    const canceled = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "canceled" });
    const unpaid = await createOrder(world.organization.id, world.owner.id, world.oneTime.id, { status: "pending" });
    const takenEmail = uniqueEmail("taken");
    const taken = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: takenEmail });
    const foreign = await createCustomer((await createOrganization()).id, { externalId: "shared-external-id" });
    c = {
      ...world,
      ...(await credentials(world)),
      full,
      canceled,
      unpaid,
      takenEmail,
      takenCustomerId: taken.customer_id as string,
      foreignCustomerId: foreign.id,
      disabled: await portalWorld({ seatBasedPricingEnabled: false }),
    };
  });

  const assign = (token: string | undefined, body: unknown): RawRequest => ({ method: "POST", path: SEATS, token, body });
  const validation = (loc: (string | number)[], message?: RegExp): ExpectedError => ({ status: 422, error: "RequestValidationError", loc, message });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send(assign(undefined, { subscription_id: c.subscription.id, email: uniqueEmail() })), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.assignSeat({}, { subscriptionId: c.subscription.id, email: uniqueEmail() }), UNAUTHORIZED);
    await expectSdk1Error(sdk1().customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, email: uniqueEmail() }), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsAssignSeat401Error",
    });
  });

  it("another customer's subscription or order → 404, and nothing is written", async () => {
    const notFound = { status: 404, error: "ResourceNotFound" };
    await expectErrorResponse(await send(assign(c.ownerToken, { subscription_id: c.otherSubscription.id, email: uniqueEmail() })), notFound);
    await expectErrorResponse(await send(assign(c.otherToken, { order_id: c.order.id, email: uniqueEmail() })), notFound);
    await expectSdk049Error(
      sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.otherSubscription.id, email: uniqueEmail() }),
      notFound,
    );
    await expectSdk1Error(sdk1(c.otherToken).customerPortal.seats.assignSeat({ order_id: c.order.id, email: uniqueEmail() }), {
      ...notFound,
      className: "CustomerPortalSeatsAssignSeat404Error",
    });
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: c.otherSubscription.id } })).toBe(0);
    expect(await db().prisma.customerSeat.count({ where: { orderId: c.order.id } })).toBe(0);
  });

  const cases: ErrorCase<Context>[] = [
    { name: "no free seat", request: (c) => assign(c.ownerToken, { subscription_id: c.full.id, email: uniqueEmail() }), expected: { status: 400, error: "SeatNotAvailable" } },
    { name: "canceled subscription", request: (c) => assign(c.ownerToken, { subscription_id: c.canceled.id, email: uniqueEmail() }), expected: { status: 400, error: "SeatNotAvailable" } },
    { name: "unpaid order", request: (c) => assign(c.ownerToken, { order_id: c.unpaid.id, email: uniqueEmail() }), expected: { status: 400, error: "SeatNotAvailable" } },
    {
      name: "the same email again, in another case",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: c.takenEmail.toUpperCase() }),
      expected: { status: 400, error: "SeatAlreadyAssigned" },
    },
    {
      name: "the same person again, by customer_id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, customer_id: c.takenCustomerId }),
      expected: { status: 400, error: "SeatAlreadyAssigned" },
    },
    { name: "no person identifier", request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id }), expected: { status: 400, error: "InvalidSeatAssignmentRequest" } },
    {
      name: "email and customer_id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: uniqueEmail(), customer_id: c.other.id }),
      expected: { status: 400, error: "InvalidSeatAssignmentRequest" },
    },
    {
      name: "email and external_customer_id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: uniqueEmail(), external_customer_id: "someone" }),
      expected: { status: 400, error: "InvalidSeatAssignmentRequest" },
    },
    { name: "no subscription_id nor order_id", request: (c) => assign(c.ownerToken, { email: uniqueEmail() }), expected: { status: 400, error: "BadRequest" } },
    {
      name: "customer_id of another organization",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, customer_id: c.foreignCustomerId }),
      expected: { status: 404, error: "CustomerNotFound" },
    },
    {
      name: "external_customer_id of another organization",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, external_customer_id: "shared-external-id" }),
      expected: { status: 404, error: "CustomerNotFound" },
    },
    {
      name: "unknown customer_id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, customer_id: randomUuid() }),
      expected: { status: 404, error: "CustomerNotFound" },
    },
    {
      name: "unknown external_customer_id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, external_customer_id: `nobody-${randomUuid()}` }),
      expected: { status: 404, error: "CustomerNotFound" },
    },
    {
      name: "unknown subscription",
      request: (c) => assign(c.ownerToken, { subscription_id: randomUuid(), email: uniqueEmail() }),
      expected: { status: 404, error: "ResourceNotFound" },
    },
    {
      name: "seat-based pricing off for the organization",
      request: (c) => assign(c.disabled.ownerToken, { subscription_id: c.disabled.subscription.id, email: uniqueEmail() }),
      expected: { status: 403, error: "FeatureNotEnabled" },
    },
    { name: "subscription_id is not a UUID", request: (c) => assign(c.ownerToken, { subscription_id: "sub_123", email: uniqueEmail() }), expected: validation(["body", "subscription_id"]) },
    { name: "order_id is not a UUID", request: (c) => assign(c.ownerToken, { order_id: "order-1", email: uniqueEmail() }), expected: validation(["body", "order_id"]) },
    {
      name: "customer_id is not a UUID",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, customer_id: "cus_1" }),
      expected: validation(["body", "customer_id"]),
    },
    { name: "bad email", request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: "not-an-email" }), expected: validation(["body", "email"]) },
    { name: "email is a number", request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: 42 }), expected: validation(["body", "email"]) },
    { name: "subscription_id is a number", request: (c) => assign(c.ownerToken, { subscription_id: 7, email: uniqueEmail() }), expected: validation(["body", "subscription_id"]) },
    {
      name: "metadata is a string",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: uniqueEmail(), metadata: "team=core" }),
      expected: validation(["body", "metadata"]),
    },
    {
      name: "metadata with 11 keys",
      request: (c) =>
        assign(c.ownerToken, {
          subscription_id: c.subscription.id,
          email: uniqueEmail(),
          metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])),
        }),
      expected: { status: 422, error: "RequestValidationError" },
    },
    {
      name: "metadata over 1 KB",
      request: (c) =>
        assign(c.ownerToken, {
          subscription_id: c.subscription.id,
          email: uniqueEmail(),
          metadata: { a: "x".repeat(400), b: "y".repeat(400), c: "z".repeat(400) },
        }),
      expected: { status: 422, error: "RequestValidationError" },
    },
    {
      name: "metadata with an object value",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: uniqueEmail(), metadata: { nested: { a: 1 } } }),
      expected: { status: 422, error: "RequestValidationError" },
    },
    {
      name: "member_id with email",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, email: uniqueEmail(), member_id: randomUuid() }),
      expected: validation(["body"], /^Value error, Cannot combine member_id with email$/),
    },
    {
      name: "both member ids",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, member_id: randomUuid(), external_member_id: "member-1" }),
      expected: validation(["body"], /Cannot provide both external_member_id and member_id/),
    },
    {
      name: "a member id with a customer id",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, customer_id: randomUuid(), external_member_id: "member-1" }),
      expected: validation(["body"], /Cannot combine external_customer_id\/customer_id with external_member_id\/member_id/),
    },
    {
      name: "an external_member_id the team does not have, without an email",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, external_member_id: "member-1" }),
      expected: { status: 404, error: "MemberNotFound" },
    },
    {
      name: "a member_id the team does not have",
      request: (c) => assign(c.ownerToken, { subscription_id: c.subscription.id, member_id: randomUuid() }),
      expected: { status: 404, error: "MemberNotFound" },
    },
    {
      name: "checkout_id given",
      request: (c) => assign(c.ownerToken, { checkout_id: randomUuid(), email: uniqueEmail() }),
      expected: validation(["body", "checkout_id"], /not supported/i),
    },
    {
      name: "malformed JSON",
      request: (c) => ({ method: "POST", path: SEATS, token: c.ownerToken, rawBody: '{"email": ' }),
      expected: { status: 422, error: "RequestValidationError" },
    },
    { name: "a JSON array body", request: (c) => assign(c.ownerToken, [{ email: uniqueEmail() }]), expected: validation(["body"]) },
    ...unauthorizedCases<Context>((c, auth) => ({ method: "POST", path: SEATS, body: { subscription_id: c.subscription.id, email: uniqueEmail() }, ...auth })),
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("refused assignments write nothing", async () => {
    const seats = await db().prisma.customerSeat.findMany({ where: { subscriptionId: { in: [c.subscription.id, c.full.id, c.canceled.id] } } });
    // The two seats assigned while setting up, nothing from the error table above.
    expect(seats.map((seat) => seat.status)).toEqual(["pending", "pending"]);
    expect(await db().prisma.customerSeat.count({ where: { orderId: c.unpaid.id } })).toBe(0);
  });

  type SdkCase = {
    name: string;
    old: (c: Context) => Promise<unknown>;
    fresh: (c: Context) => Promise<unknown>;
    expected: ExpectedError;
    className: string;
  };
  const sdkCases: SdkCase[] = [
    {
      name: "SeatNotAvailable",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.full.id, email: uniqueEmail() }),
      fresh: (c) => sdk1(c.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.canceled.id, email: uniqueEmail() }),
      expected: { status: 400, error: "SeatNotAvailable" },
      className: "CustomerPortalSeatsAssignSeat400Error",
    },
    {
      name: "SeatAlreadyAssigned",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.subscription.id, email: c.takenEmail }),
      fresh: (c) => sdk1(c.ownerToken, "2027-01").customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, customer_id: c.takenCustomerId }),
      expected: { status: 400, error: "SeatAlreadyAssigned" },
      className: "CustomerPortalSeatsAssignSeat400Error",
    },
    {
      name: "InvalidSeatAssignmentRequest",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.subscription.id }),
      fresh: (c) =>
        sdk1(c.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, email: uniqueEmail(), external_customer_id: "x" }),
      expected: { status: 400, error: "InvalidSeatAssignmentRequest" },
      className: "CustomerPortalSeatsAssignSeat400Error",
    },
    {
      name: "BadRequest",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { email: uniqueEmail() }),
      fresh: (c) => sdk1(c.ownerToken).customerPortal.seats.assignSeat({ email: uniqueEmail() }),
      expected: { status: 400, error: "BadRequest" },
      className: "CustomerPortalSeatsAssignSeat400Error",
    },
    {
      name: "CustomerNotFound",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.subscription.id, customerId: c.foreignCustomerId }),
      fresh: (c) => sdk1(c.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, external_customer_id: "shared-external-id" }),
      expected: { status: 404, error: "CustomerNotFound" },
      className: "CustomerPortalSeatsAssignSeat404Error",
    },
    {
      name: "FeatureNotEnabled",
      old: (c) =>
        sdk049().customerPortal.seats.assignSeat({ customerSession: c.disabled.ownerToken }, { subscriptionId: c.disabled.subscription.id, email: uniqueEmail() }),
      fresh: (c) => sdk1(c.disabled.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.disabled.subscription.id, email: uniqueEmail() }),
      expected: { status: 403, error: "FeatureNotEnabled" },
      className: "CustomerPortalSeatsAssignSeat403Error",
    },
    {
      name: "Unauthorized (organization token)",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.organizationToken }, { subscriptionId: c.subscription.id, email: uniqueEmail() }),
      fresh: (c) => sdk1(c.expiredToken).customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, email: uniqueEmail() }),
      expected: UNAUTHORIZED,
      className: "CustomerPortalSeatsAssignSeat401Error",
    },
    {
      name: "422 member_id with email",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.subscription.id, email: uniqueEmail(), memberId: randomUuid() }),
      fresh: (c) => sdk1(c.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, email: uniqueEmail(), member_id: randomUuid() }),
      expected: validation(["body"], /Cannot combine member_id with email/),
      className: "HTTPValidationError",
    },
    {
      name: "422 bad email",
      old: (c) => sdk049().customerPortal.seats.assignSeat({ customerSession: c.ownerToken }, { subscriptionId: c.subscription.id, email: "nope@" }),
      fresh: (c) => sdk1(c.ownerToken).customerPortal.seats.assignSeat({ subscription_id: c.subscription.id, email: "@nope" }),
      expected: validation(["body", "email"]),
      className: "HTTPValidationError",
    },
  ];

  it.each(sdkCases)("error through both SDKs: $name", async ({ old, fresh, expected, className }) => {
    await expectSdk049Error(old(c), expected);
    await expectSdk1Error(fresh(c), { ...expected, className });
  });

  it("assigns by email through SDK 0.49.0: 200, a pending seat with a 7-day invitation, and an email", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("invitee");
    const before = Date.now();
    const seat = await sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, email });
    expect(seat).toMatchObject({
      status: "pending",
      subscriptionId: world.subscription.id,
      orderId: null,
      email,
      customerEmail: email,
      member: { customerId: world.owner.id, email, role: "member" },
      claimedAt: null,
      revokedAt: null,
      seatMetadata: {},
    });
    const lifetime = seat.invitationTokenExpiresAt!.getTime() - before;
    expect(lifetime).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(lifetime).toBeLessThan(7 * DAY_MS + 60_000);
    const message = await mailbox().waitForEmail(email);
    expect(message.text).toContain(`http://portal.test/${world.organization.slug}/portal/claim?token=`);
  });

  it("answers 200 (not 201) with every CustomerSeat key and never the invitation token", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("raw");
    const response = await send(assign(world.ownerToken, { subscription_id: world.subscription.id, email, metadata: { team: "core", level: 3, admin: false } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const seat = (await jsonOf(response)) as JsonObject;
    expect(Object.keys(seat).sort()).toEqual(CUSTOMER_SEAT_KEYS);
    expect(seat.seat_metadata).toEqual({ team: "core", level: 3, admin: false });
    expect(JSON.stringify(seat)).not.toContain(await invitationToken(email));
    expect(JSON.stringify(seat)).not.toMatch(/invitation_token"/);
  });

  it("assigns through SDK 1.x by customer_id and by external_customer_id of former holders, with metadata", async () => {
    const world = await portalWorld();
    const byId = await createCustomer(world.organization.id);
    const byExternal = await createCustomer(world.organization.id, { externalId: `ext-${randomUuid()}` });
    // The portal names by id only people who held one of the caller's seats (issue 21).
    for (const person of [byId, byExternal]) {
      const held = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: person.email });
      expect((await send({ method: "DELETE", path: `${SEATS}/${held.id}`, token: world.ownerToken })).status).toBe(200);
    }
    const client = sdk1(world.ownerToken, "2027-01");
    const first = await client.customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, customer_id: byId.id, metadata: { role: "dev" } });
    expect(first).toMatchObject({ status: "pending", customer_id: byId.id, email: byId.email, customer_email: byId.email, seat_metadata: { role: "dev" } });
    const second = await sdk049().customerPortal.seats.assignSeat(
      { customerSession: world.ownerToken },
      { subscriptionId: world.subscription.id, externalCustomerId: byExternal.externalId! },
    );
    expect(second).toMatchObject({ status: "pending", customerId: byExternal.id, email: byExternal.email });
  });

  it("hides a customer who never held one of the caller's seats: 404 CustomerNotFound on an empty and a full container, through both SDKs", async () => {
    const world = await portalWorld({ seats: 1 });
    const stranger = await createCustomer(world.organization.id, { externalId: `ext-${randomUuid()}` });
    const former = await createCustomer(world.organization.id, { externalId: `ext-${randomUuid()}` });
    const notFound = { status: 404, error: "CustomerNotFound" };
    const className = "CustomerPortalSeatsAssignSeat404Error";
    const expectHidden = async () => {
      for (const named of [{ customer_id: stranger.id }, { external_customer_id: stranger.externalId! }]) {
        const body = await expectErrorResponse(await send(assign(world.ownerToken, { subscription_id: world.subscription.id, ...named })), notFound);
        expect(JSON.stringify(body)).not.toContain(stranger.email);
        await expectSdk1Error(sdk1(world.ownerToken).customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, ...named }), { ...notFound, className });
      }
      await expectSdk049Error(sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, customerId: stranger.id }), notFound);
      await expectSdk049Error(
        sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, externalCustomerId: stranger.externalId! }),
        notFound,
      );
    };
    await expectHidden();
    // The only seat goes to `former`: full now, where a known id used to be SeatNotAvailable.
    const held = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: former.email });
    await expectHidden();
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id, customerId: stranger.id } })).toBe(0);
    // A former holder is still named by id and by external id, through both SDKs.
    const revoke = async (id: unknown) => expect((await send({ method: "DELETE", path: `${SEATS}/${String(id)}`, token: world.ownerToken })).status).toBe(200);
    await revoke(held.id);
    const again = await sdk1(world.ownerToken).customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, external_customer_id: former.externalId! });
    expect(again).toMatchObject({ status: "pending", customer_id: former.id, email: former.email });
    await revoke(again.id);
    const onceMore = await sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, customerId: former.id });
    expect(onceMore).toMatchObject({ status: "pending", customerId: former.id, email: former.email });
  });

  it("finds an existing customer by email whatever its case", async () => {
    const world = await portalWorld();
    const existing = await createCustomer(world.organization.id, { email: `Mixed.${randomUuid()}@Example.com` });
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: existing.email.toLowerCase() });
    expect(seat.customer_id).toBe(existing.id);
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: existing.email.toLowerCase() } })).toBe(1);
  });

  it("assigns seats of a paid order and of a trialing subscription", async () => {
    const world = await portalWorld();
    const trialing = await createSubscription(world.organization.id, world.owner.id, world.product.id, { status: "trialing" });
    const onOrder = await sdk1(world.ownerToken, "2026-04").customerPortal.seats.assignSeat({ order_id: world.order.id, email: uniqueEmail() });
    expect(onOrder).toMatchObject({ order_id: world.order.id, subscription_id: null, status: "pending" });
    const onTrial = await assignRaw(world.ownerToken, { subscription_id: trialing.id, email: uniqueEmail() });
    expect(onTrial).toMatchObject({ subscription_id: trialing.id, status: "pending" });
  });

  it("ignores immediate_claim on the portal route: the seat stays pending and the invitation is mailed", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("immediate");
    const seat = await sdk049().customerPortal.seats.assignSeat(
      { customerSession: world.ownerToken },
      { subscriptionId: world.subscription.id, email, immediateClaim: true },
    );
    expect(seat.status).toBe("pending");
    expect(seat.claimedAt).toBeNull();
    expect(await invitationToken(email)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("ignores unknown keys", async () => {
    const world = await portalWorld();
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail(), favourite_colour: "teal" });
    expect(seat.status).toBe("pending");
  });

  it("reuses a revoked seat row, keeping its id", async () => {
    const world = await portalWorld({ seats: 1 });
    const first = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("first") });
    expect((await send({ method: "DELETE", path: `${SEATS}/${first.id}`, token: world.ownerToken })).status).toBe(200);
    const secondEmail = uniqueEmail("second");
    const second = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: secondEmail });
    expect(second).toMatchObject({ id: first.id, status: "pending", email: secondEmail, revoked_at: null });
  });
});

describe("revoke_seat", () => {
  type Context = PortalWorld & Credentials & { seatId: string; otherSeatId: string; disabled: Awaited<ReturnType<typeof disabledWorld>> };
  let c: Context;
  beforeAll(async () => {
    const world = await portalWorld();
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("kept") });
    const otherSeat = await assignRaw(world.otherToken, { subscription_id: world.otherSubscription.id, email: uniqueEmail("others") });
    c = { ...world, ...(await credentials(world)), seatId: seat.id as string, otherSeatId: otherSeat.id as string, disabled: await disabledWorld() };
  });

  const revoke = (seatId: string, token?: string): RawRequest => ({ method: "DELETE", path: `${SEATS}/${seatId}`, token });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send(revoke(c.seatId)), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({}, { seatId: c.seatId }), UNAUTHORIZED);
    await expectSdk1Error(sdk1().customerPortal.seats.revokeSeat(c.seatId), { ...UNAUTHORIZED, className: "CustomerPortalSeatsRevokeSeat401Error" });
  });

  it("another customer's seat → 404, and it stays assigned", async () => {
    const notFound = { status: 404, error: "ResourceNotFound" };
    await expectErrorResponse(await send(revoke(c.otherSeatId, c.ownerToken)), notFound);
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({ customerSession: c.ownerToken }, { seatId: c.otherSeatId }), notFound);
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.revokeSeat(c.otherSeatId), { ...notFound, className: "CustomerPortalSeatsRevokeSeat404Error" });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: c.otherSeatId } })).status).toBe("pending");
  });

  const cases: ErrorCase<Context>[] = [
    { name: "unknown seat", request: (c) => revoke(randomUuid(), c.ownerToken), expected: { status: 404, error: "ResourceNotFound" } },
    { name: "another organization's customer", request: (c) => revoke(c.seatId, c.disabled.ownerToken), expected: { status: 404, error: "ResourceNotFound" } },
    {
      name: "seat_id is not a UUID",
      request: (c) => revoke("not-a-uuid", c.ownerToken),
      expected: { status: 422, error: "RequestValidationError", loc: ["path", "seat_id"] },
    },
    { name: "seat-based pricing off for the organization", request: (c) => revoke(c.disabled.seatId, c.disabled.ownerToken), expected: { status: 403, error: "FeatureNotEnabled" } },
    ...unauthorizedCases<Context>((c, auth) => ({ method: "DELETE", path: `${SEATS}/${c.seatId}`, ...auth })),
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("error classes through both SDKs (403, 422)", async () => {
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({ customerSession: c.disabled.ownerToken }, { seatId: c.disabled.seatId }), {
      status: 403,
      error: "FeatureNotEnabled",
    });
    await expectSdk1Error(sdk1(c.disabled.ownerToken, "2026-04").customerPortal.seats.revokeSeat(c.disabled.seatId), {
      status: 403,
      error: "FeatureNotEnabled",
      className: "CustomerPortalSeatsRevokeSeat403Error",
    });
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({ customerSession: c.ownerToken }, { seatId: "nope" }), {
      status: 422,
      error: "RequestValidationError",
      loc: ["path", "seat_id"],
    });
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.revokeSeat("nope"), {
      status: 422,
      error: "RequestValidationError",
      className: "HTTPValidationError",
    });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: c.seatId } })).status).toBe("pending");
  });

  it("answers 200 with the revoked seat, which forgets its holder; revoking again is 200 and changes nothing", async () => {
    const world = await portalWorld();
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("gone") });
    const first = await send(revoke(seat.id as string, world.ownerToken));
    expect(first.status).toBe(200);
    const revoked = (await jsonOf(first)) as JsonObject;
    expect(Object.keys(revoked).sort()).toEqual(CUSTOMER_SEAT_KEYS);
    expect(revoked).toMatchObject({ id: seat.id, status: "revoked", customer_id: null, email: null, subscription_id: world.subscription.id });
    expect(revoked.revoked_at).toMatch(ISO_Z);
    const again = await send(revoke(seat.id as string, world.ownerToken));
    expect(again.status).toBe(200);
    expect(await jsonOf(again)).toEqual(revoked);
  });

  it("revokes through SDK 0.49.0 and SDK 1.x, freeing the slots", async () => {
    const world = await portalWorld({ seats: 2 });
    const a = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("a") });
    const b = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("b") });
    const old = await sdk049().customerPortal.seats.revokeSeat({ customerSession: world.ownerToken }, { seatId: a.id as string });
    expect(old).toMatchObject({ id: a.id, status: "revoked", customerId: null, email: null });
    expect(old.revokedAt).toBeInstanceOf(Date);
    const fresh = await sdk1(world.ownerToken, "2026-10").customerPortal.seats.revokeSeat(b.id as string);
    expect(fresh).toMatchObject({ id: b.id, status: "revoked" });
    // Idempotent through the SDKs too.
    expect(await sdk049().customerPortal.seats.revokeSeat({ customerSession: world.ownerToken }, { seatId: b.id as string })).toMatchObject({ status: "revoked" });
    const list = await sdk1(world.ownerToken, "2027-01").customerPortal.seats.listSeats({ subscription_id: world.subscription.id });
    expect(list).toMatchObject({ available_seats: 2, total_seats: 2 });
  });

  it("revokes a seat of a paid order", async () => {
    const world = await portalWorld();
    const seat = await assignRaw(world.ownerToken, { order_id: world.order.id, email: uniqueEmail() });
    const response = await send(revoke(seat.id as string, world.ownerToken));
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toMatchObject({ id: seat.id, order_id: world.order.id, status: "revoked" });
  });

  it("the revoked invitation link is dead: claim info 404, claim 400", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("dead");
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
    const token = await invitationToken(email);
    expect((await send(revoke(seat.id as string, world.ownerToken))).status).toBe(200);
    await expectErrorResponse(await send({ path: `/v1/customer-seats/claim/${token}` }), { status: 404, error: "ResourceNotFound" });
    await expectErrorResponse(await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token } }), {
      status: 400,
      error: "InvalidInvitationToken",
    });
  });
});

describe("resend_invitation", () => {
  type Context = PortalWorld &
    Credentials & { pendingId: string; claimedId: string; revokedId: string; otherSeatId: string; disabled: Awaited<ReturnType<typeof disabledWorld>> };
  let c: Context;
  beforeAll(async () => {
    const world = await portalWorld();
    const pending = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("pending") });
    const { seat: claimed } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("claimed"));
    const revoked = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("revoked") });
    expect((await send({ method: "DELETE", path: `${SEATS}/${revoked.id}`, token: world.ownerToken })).status).toBe(200);
    const otherSeat = await assignRaw(world.otherToken, { subscription_id: world.otherSubscription.id, email: uniqueEmail("others") });
    c = {
      ...world,
      ...(await credentials(world)),
      pendingId: pending.id as string,
      claimedId: claimed.id as string,
      revokedId: revoked.id as string,
      otherSeatId: otherSeat.id as string,
      disabled: await disabledWorld(),
    };
  });

  const resend = (seatId: string, token?: string): RawRequest => ({ method: "POST", path: `${SEATS}/${seatId}/resend`, token });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send(resend(c.pendingId)), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation({}, { seatId: c.pendingId }), UNAUTHORIZED);
    await expectSdk1Error(sdk1().customerPortal.seats.resendInvitation(c.pendingId), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsResendInvitation401Error",
    });
  });

  it("another customer's seat → 404", async () => {
    const notFound = { status: 404, error: "ResourceNotFound" };
    await expectErrorResponse(await send(resend(c.otherSeatId, c.ownerToken)), notFound);
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation({ customerSession: c.ownerToken }, { seatId: c.otherSeatId }), notFound);
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.resendInvitation(c.otherSeatId), {
      ...notFound,
      className: "CustomerPortalSeatsResendInvitation404Error",
    });
  });

  const cases: ErrorCase<Context>[] = [
    { name: "a claimed seat", request: (c) => resend(c.claimedId, c.ownerToken), expected: { status: 400, error: "SeatNotPending" } },
    { name: "a revoked seat", request: (c) => resend(c.revokedId, c.ownerToken), expected: { status: 400, error: "SeatNotPending" } },
    { name: "unknown seat", request: (c) => resend(randomUuid(), c.ownerToken), expected: { status: 404, error: "ResourceNotFound" } },
    {
      name: "seat_id is not a UUID",
      request: (c) => resend("12345", c.ownerToken),
      expected: { status: 422, error: "RequestValidationError", loc: ["path", "seat_id"] },
    },
    { name: "seat-based pricing off for the organization", request: (c) => resend(c.disabled.seatId, c.disabled.ownerToken), expected: { status: 403, error: "FeatureNotEnabled" } },
    ...unauthorizedCases<Context>((c, auth) => ({ method: "POST", path: `${SEATS}/${c.pendingId}/resend`, ...auth })),
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("error classes through both SDKs (400 SeatNotPending, 403, 422)", async () => {
    const owner = { customerSession: c.ownerToken };
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation(owner, { seatId: c.claimedId }), { status: 400, error: "SeatNotPending" });
    await expectSdk1Error(sdk1(c.ownerToken, "2027-01").customerPortal.seats.resendInvitation(c.revokedId), {
      status: 400,
      error: "SeatNotPending",
      className: "CustomerPortalSeatsResendInvitation400Error",
    });
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation({ customerSession: c.disabled.ownerToken }, { seatId: c.disabled.seatId }), {
      status: 403,
      error: "FeatureNotEnabled",
    });
    await expectSdk1Error(sdk1(c.disabled.ownerToken).customerPortal.seats.resendInvitation(c.disabled.seatId), {
      status: 403,
      error: "FeatureNotEnabled",
      className: "CustomerPortalSeatsResendInvitation403Error",
    });
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation(owner, { seatId: "x" }), { status: 422, error: "RequestValidationError" });
    await expectSdk1Error(sdk1(c.ownerToken).customerPortal.seats.resendInvitation("x"), {
      status: 422,
      error: "RequestValidationError",
      className: "HTTPValidationError",
    });
  });

  it("rotates the token through SDK 0.49.0: the first link stops working, the new one works", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("rotate");
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
    const firstToken = await invitationToken(email, 1);
    const resent = await sdk049().customerPortal.seats.resendInvitation({ customerSession: world.ownerToken }, { seatId: seat.id as string });
    expect(resent).toMatchObject({ id: seat.id, status: "pending", email });
    expect(resent.invitationTokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(new Date(seat.invitation_token_expires_at as string).getTime());
    const secondToken = await invitationToken(email, 2);
    expect(secondToken).not.toBe(firstToken);

    await expectErrorResponse(await send({ path: `/v1/customer-seats/claim/${firstToken}` }), { status: 404, error: "ResourceNotFound" });
    await expectErrorResponse(await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: firstToken } }), {
      status: 400,
      error: "InvalidInvitationToken",
    });
    const info = await send({ path: `/v1/customer-seats/claim/${secondToken}` });
    expect(info.status).toBe(200);
    expect(await jsonOf(info)).toMatchObject({ customer_email: email, can_claim: true });
    const claim = await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: secondToken } });
    expect(claim.status).toBe(200);
  });

  it("revives an expired invitation through SDK 1.x with a fresh 7-day link", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("expired");
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
    const deadToken = await invitationToken(email, 1);
    await db().prisma.customerSeat.update({ where: { id: seat.id as string }, data: { invitationTokenExpiresAt: new Date(Date.now() - 60_000) } });
    await expectErrorResponse(await send({ path: `/v1/customer-seats/claim/${deadToken}` }), { status: 404, error: "ResourceNotFound" });

    const before = Date.now();
    const resent = await sdk1(world.ownerToken, "2026-10").customerPortal.seats.resendInvitation(seat.id as string);
    expect(resent.status).toBe("pending");
    const lifetime = new Date(resent.invitation_token_expires_at!).getTime() - before;
    expect(lifetime).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(lifetime).toBeLessThan(7 * DAY_MS + 60_000);
    const freshToken = await invitationToken(email, 2);
    expect((await send({ path: `/v1/customer-seats/claim/${freshToken}` })).status).toBe(200);
    expect((await send({ path: `/v1/customer-seats/claim/${deadToken}` })).status).toBe(404);
  });

  it("resends a seat of a paid order", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("order");
    const seat = await assignRaw(world.ownerToken, { order_id: world.order.id, email });
    const response = await send(resend(seat.id as string, world.ownerToken));
    expect(response.status).toBe(200);
    expect(Object.keys((await jsonOf(response)) as JsonObject).sort()).toEqual(CUSTOMER_SEAT_KEYS);
    await mailbox().waitForEmail(email, { count: 2 });
  });

  it("refuses a second resend of one seat within a minute: 429 TooManyRequests with Retry-After, through both SDKs, and one email", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("twice");
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
    expect((await send(resend(seat.id as string, world.ownerToken))).status).toBe(200);
    const again = await send(resend(seat.id as string, world.ownerToken));
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectErrorResponse(again, { status: 429, error: "TooManyRequests" });
    await expectSdk049Error(sdk049().customerPortal.seats.resendInvitation({ customerSession: world.ownerToken }, { seatId: seat.id as string }), { status: 429, error: "TooManyRequests" });
    // SDK 1.x reads any 429 as its own PolarRateLimitError, with the Retry-After it was given.
    const limited = (await sdk1(world.ownerToken).customerPortal.seats.resendInvitation(seat.id as string).then(
      () => null,
      (error: unknown) => error,
    )) as { name: string; statusCode: number; retryAfter: number | null } | null;
    expect(limited).toMatchObject({ name: "PolarRateLimitError", statusCode: 429 });
    expect(Number(limited!.retryAfter)).toBeGreaterThan(0);
    await mailbox().waitForEmail(email, { count: 2 });
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id as string, type: "resent" } })).toBe(1);
  });

  it("is rate-limited per seat (SPEC §2.6): 429 TooManyRequests with Retry-After", async () => {
    const world = await portalWorld();
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("spam") });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const response = await send(resend(seat.id as string, world.ownerToken));
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.body?.cancel();
    }
    expect(limited, `30 resends of one seat in a row answered ${statuses.join(",")}`).toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectErrorResponse(limited!, { status: 429, error: "TooManyRequests" });
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
  });
});

// Issue 21: assign then revoke in a loop mailed any address at the assign limit's pace. The
// server here keeps the default budget, RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR=1000. The
// owner's bucket starts two short of it (a row as lib/rate-limit.ts writes it), so the suite's
// shared outbox is not given a thousand emails to send before the next test's.
const INVITATION_BUDGET = 1000;

describe("invitation budget", () => {
  it("assign then revoke past the billing customer's hourly budget: 429 TooManyRequests with Retry-After through both SDKs, and no further email", async () => {
    const world = await portalWorld({ seats: 1 });
    await testPool().query(`INSERT INTO rate_limit_buckets (key, points, expire) VALUES ($1, $2, $3)`, [
      `invitationsPerCustomer:customer:${world.owner.id}`,
      INVITATION_BUDGET - 2,
      Date.now() + 3600_000,
    ]);
    const victim = uniqueEmail("victim");
    const queued = () => db().prisma.emailOutbox.count({ where: { recipient: victim } });
    for (let i = 0; i < 2; i++) {
      const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: victim });
      expect((await send({ method: "DELETE", path: `${SEATS}/${String(seat.id)}`, token: world.ownerToken })).status).toBe(200);
    }
    expect(await queued()).toBe(2);

    const refused = await send({ method: "POST", path: SEATS, token: world.ownerToken, body: { subscription_id: world.subscription.id, email: victim } });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await expectErrorResponse(refused, { status: 429, error: "TooManyRequests", message: new RegExp(`${INVITATION_BUDGET} invitations`) });
    await expectSdk049Error(sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, email: victim }), {
      status: 429,
      error: "TooManyRequests",
    });
    const limited = await rejectionOf(sdk1(world.ownerToken).customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, email: victim }));
    expect(limited).toMatchObject({ name: "PolarRateLimitError", statusCode: 429, retryAfter: expect.any(Number) });
    const bulk = await send({ method: "POST", path: `${SEATS}/bulk`, token: world.ownerToken, body: { subscription_id: world.subscription.id, seats: [{ email: victim }] } });
    await expectErrorResponse(bulk, { status: 429, error: "TooManyRequests" });

    expect(await queued()).toBe(2);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id, status: { in: ["pending", "claimed"] } } })).toBe(0);
    expect(await db().prisma.seatEvent.count({ where: { subscriptionId: world.subscription.id, type: "assigned" } })).toBe(2);
    // Another billing customer of the organization has a budget of their own.
    expect((await assignRaw(world.otherToken, { subscription_id: world.otherSubscription.id, email: victim })).status).toBe("pending");
  });

});

describe("list_claimed_subscriptions", () => {
  type Context = PortalWorld & Credentials & { holderToken: string; holderCustomerId: string };
  let c: Context;
  beforeAll(async () => {
    const world = await portalWorld();
    const { claimed } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("holder"));
    const holderCustomerId = claimed.customer_id as string;
    c = { ...world, ...(await credentials(world)), holderCustomerId, holderToken: await createCustomerSessionToken(holderCustomerId) };
  });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send({ path: CLAIMED }), UNAUTHORIZED);
    await expectErrorResponse(await send({ path: `${CLAIMED}?page=1&limit=10` }), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.listClaimedSubscriptions({}, {}), UNAUTHORIZED);
    await expectSdk1Error(sdk1().customerPortal.seats.listClaimedSubscriptions(), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsListClaimedSubscriptions401Error",
    });
  });

  it("another customer's claimed subscriptions never show (there is no object to 404 on)", async () => {
    const ids = async (token: string) => ((await jsonOf(await send({ path: CLAIMED, token }))) as JsonObject[]).map((s) => s.id);
    expect(await ids(c.holderToken)).toEqual([c.subscription.id]);
    // The billing owner and the other customer hold no claimed seat: nothing to see.
    expect(await ids(c.ownerToken)).toEqual([]);
    expect(await ids(c.otherToken)).toEqual([]);
    const page = await sdk1(c.otherToken).customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 });
    expect(page).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
  });

  const cases: ErrorCase<Context>[] = [
    { name: "page=0", request: (c) => ({ path: `${CLAIMED}?page=0&limit=10`, token: c.holderToken }), expected: { status: 422, error: "RequestValidationError", loc: ["query", "page"] } },
    { name: "limit=0", request: (c) => ({ path: `${CLAIMED}?page=1&limit=0`, token: c.holderToken }), expected: { status: 422, error: "RequestValidationError", loc: ["query", "limit"] } },
    { name: "limit=-5 alone", request: (c) => ({ path: `${CLAIMED}?limit=-5`, token: c.holderToken }), expected: { status: 422, error: "RequestValidationError", loc: ["query", "limit"] } },
    { name: "page=-1 alone", request: (c) => ({ path: `${CLAIMED}?page=-1`, token: c.holderToken }), expected: { status: 422, error: "RequestValidationError", loc: ["query", "page"] } },
    { name: "page is not a number", request: (c) => ({ path: `${CLAIMED}?page=first`, token: c.holderToken }), expected: { status: 422, error: "RequestValidationError", loc: ["query", "page"] } },
    ...unauthorizedCases<Context>((_c, auth) => ({ path: `${CLAIMED}?page=1&limit=10`, ...auth })),
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("error classes through both SDKs (401, 422)", async () => {
    await expectSdk049Error(sdk049().customerPortal.seats.listClaimedSubscriptions({ customerSession: c.organizationToken }, {}), UNAUTHORIZED);
    await expectSdk049Error(sdk049().customerPortal.seats.listClaimedSubscriptions({ customerSession: c.holderToken }, { page: 0 }), {
      status: 422,
      error: "RequestValidationError",
      loc: ["query", "page"],
    });
    await expectSdk1Error(sdk1(c.revokedToken).customerPortal.seats.listClaimedSubscriptions(), {
      ...UNAUTHORIZED,
      className: "CustomerPortalSeatsListClaimedSubscriptions401Error",
    });
    await expectSdk1Error(sdk1(c.holderToken).customerPortal.seats.listClaimedSubscriptions({ limit: 0 }), {
      status: 422,
      error: "RequestValidationError",
      className: "HTTPValidationError",
      loc: ["query", "limit"],
    });
  });

  it("pages through SDK 0.49.0 (which validates the whole CustomerSubscription)", async () => {
    const page = await sdk049().customerPortal.seats.listClaimedSubscriptions({ customerSession: c.holderToken }, {});
    expect(page.result.pagination).toEqual({ totalCount: 1, maxPage: 1 });
    expect(page.result.items.map((s) => s.id)).toEqual([c.subscription.id]);
    const subscription = page.result.items[0]!;
    expect(subscription).toMatchObject({ customerId: c.owner.id, productId: c.product.id, status: "active", seats: 5 });
    expect(subscription.product.organization.slug).toBe(c.organization.slug);
    expect(subscription.currentPeriodEnd).toBeInstanceOf(Date);
  });

  it.each(VERSIONS)("pages through SDK 1.x at %s", async (version) => {
    const page = await sdk1(c.holderToken, version).customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 });
    expect(page.pagination).toEqual({ total_count: 1, max_page: 1 });
    expect(page.items.map((s) => s.id)).toEqual([c.subscription.id]);
    expect(page.items[0]).toMatchObject({ units: null, seats: 5, customer_id: c.owner.id });
  });

  it("with no query at all answers the bare array of the seed (raw request)", async () => {
    const response = await send({ path: CLAIMED, token: c.holderToken });
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(Array.isArray(body)).toBe(true);
    const items = body as JsonObject[];
    expect(items.map((s) => s.id)).toEqual([c.subscription.id]);
    const paged = (await jsonOf(await send({ path: `${CLAIMED}?page=1&limit=10`, token: c.holderToken }))) as JsonObject;
    expect(paged.items).toEqual(items);
  });

  it("lists newest first and pages with max_page = ceil(total / limit)", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("newest");
    const subscriptions: { id: string }[] = [];
    for (const daysAgo of [3, 1, 2]) {
      subscriptions.push(
        await createSubscription(world.organization.id, world.owner.id, world.product.id, { createdAt: new Date(Date.now() - daysAgo * DAY_MS) }),
      );
    }
    for (const subscription of subscriptions) await assignRaw(world.ownerToken, { subscription_id: subscription.id, email });
    const messages = await mailbox().waitForEmail(email, { count: 3 }).then(() => mailbox().to(email));
    let holderToken = "";
    for (const message of messages) {
      const token = /\/portal\/claim\?token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
      const claim = await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token } });
      expect(claim.status).toBe(200);
      holderToken = ((await jsonOf(claim)) as JsonObject).customer_session_token as string;
    }
    const [threeDays, oneDay, twoDays] = subscriptions.map((s) => s.id);
    const all = (await jsonOf(await send({ path: CLAIMED, token: holderToken }))) as JsonObject[];
    expect(all.map((s) => s.id)).toEqual([oneDay, twoDays, threeDays]);

    const page1 = (await jsonOf(await send({ path: `${CLAIMED}?page=1&limit=2`, token: holderToken }))) as JsonObject;
    expect(page1.pagination).toEqual({ total_count: 3, max_page: 2 });
    expect((page1.items as JsonObject[]).map((s) => s.id)).toEqual([oneDay, twoDays]);
    const page2 = (await jsonOf(await send({ path: `${CLAIMED}?page=2&limit=2`, token: holderToken }))) as JsonObject;
    expect((page2.items as JsonObject[]).map((s) => s.id)).toEqual([threeDays]);
    const beyond = (await jsonOf(await send({ path: `${CLAIMED}?page=5&limit=2`, token: holderToken }))) as JsonObject;
    expect(beyond).toEqual({ items: [], pagination: { total_count: 3, max_page: 2 } });
    const onlyPage = (await jsonOf(await send({ path: `${CLAIMED}?page=1`, token: holderToken }))) as JsonObject;
    expect(onlyPage.pagination).toEqual({ total_count: 3, max_page: 1 });
  });

  it("clamps limit to 100", async () => {
    const world = await portalWorld();
    const holder = await createCustomer(world.organization.id);
    const subscriptions = await db().prisma.subscription.createManyAndReturn({
      data: Array.from({ length: 101 }, () => ({
        organizationId: world.organization.id,
        customerId: world.owner.id,
        productId: world.product.id,
        status: "active",
        amount: 1000,
        seats: 1,
        currentPeriodStart: new Date(),
        currentPeriodEnd: new Date(Date.now() + 30 * DAY_MS),
      })),
      select: { id: true },
    });
    await db().prisma.customerSeat.createMany({
      data: subscriptions.map((s) => ({ subscriptionId: s.id, status: "claimed", customerId: holder.id, email: holder.email, claimedAt: new Date() })),
    });
    const token = await createCustomerSessionToken(holder.id);
    for (const limit of [101, 1000]) {
      const page = (await jsonOf(await send({ path: `${CLAIMED}?page=1&limit=${limit}`, token }))) as JsonObject;
      expect(page.pagination).toEqual({ total_count: 101, max_page: 2 });
      expect(page.items as JsonObject[]).toHaveLength(100);
    }
    const second = (await jsonOf(await send({ path: `${CLAIMED}?page=2&limit=1000`, token }))) as JsonObject;
    expect(second.items as JsonObject[]).toHaveLength(1);
    // The bare array (no query) holds them all.
    expect((await jsonOf(await send({ path: CLAIMED, token }))) as JsonObject[]).toHaveLength(101);
  });

  it("clamps any limit ≥ 1, however large (SPEC §1), and pages past the end to an empty list", async () => {
    for (const query of ["page=1&limit=5000000", "page=1&limit=100000000000"]) {
      const response = await send({ path: `${CLAIMED}?${query}`, token: c.holderToken });
      const body = (await jsonOf(response)) as JsonObject;
      expect.soft(response.status, `${query}: ${JSON.stringify(body)}`).toBe(200);
      expect.soft(body.pagination, query).toEqual({ total_count: 1, max_page: 1 });
    }
    const far = await send({ path: `${CLAIMED}?page=5000000&limit=10`, token: c.holderToken });
    const farBody = (await jsonOf(far)) as JsonObject;
    expect.soft(far.status, JSON.stringify(farBody)).toBe(200);
    expect.soft(farBody).toEqual({ items: [], pagination: { total_count: 1, max_page: 1 } });
  });

  it("an empty list pages to max_page 0", async () => {
    const world = await portalWorld();
    const response = await send({ path: `${CLAIMED}?page=1&limit=10`, token: world.ownerToken });
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    expect(await jsonOf(await send({ path: CLAIMED, token: world.ownerToken }))).toEqual([]);
  });
});

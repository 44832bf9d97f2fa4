// The merchant subscriptions endpoints (organization tokens): create for a customer and a
// product, get, list (filters), update seats (never below the seats in use) and revoke
// (ends it at once, revoking each seat with its event and webhook), through SDK 0.49.0
// (zod-validated) and SDK 1.x at 2026-10 (checked against 0.49.0's Subscription schema).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateEvent } from "@polar-sh/sdk/webhooks";
import { Subscription$inboundSchema } from "@polar-sh/sdk/models/components/subscription.js";
import { ListResourceSubscription$inboundSchema } from "@polar-sh/sdk/models/components/listresourcesubscription.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createProduct, createSubscription, uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { expectSdk1Error, randomUuid, send, type ErrorCase, type JsonObject } from "./helpers";
import {
  BOGUS_ID,
  NOT_FOUND,
  accessCases,
  expect049Failure,
  expectCase,
  expectWire049,
  invalid,
  merchantOrg,
  ok,
  rejected,
  seatPrice,
  sleep,
  type MerchantOrg,
} from "./merchant-helpers";

const SUBSCRIPTIONS = "/v1/subscriptions";
const SEATS = "/v1/customer-seats";

type Two = { org: MerchantOrg; other: MerchantOrg };
async function twoOrgs(): Promise<Two> {
  const [org, other] = await Promise.all([merchantOrg("subscriptions"), merchantOrg("subscriptions")]);
  return { org, other };
}

/** A product through the API: seat-based, 1 to `max` seats at `price` each (monthly unless one-time). */
async function apiProduct(token: string, options: { price?: number; max?: number | null; recurring?: boolean } = {}) {
  return ok(
    {
      method: "POST",
      path: "/v1/products",
      token,
      body: {
        name: `Plan ${randomUuid().slice(0, 8)}`,
        ...(options.recurring === false ? {} : { recurring_interval: "month" }),
        prices: [seatPrice(0, [{ min_seats: 1, max_seats: options.max ?? null, price_per_seat: options.price ?? 1000 }])],
      },
    },
    201,
  );
}

const assign = (token: string, body: Record<string, unknown>) => ok({ method: "POST", path: SEATS, token, body });

describe("POST /v1/subscriptions (create)", () => {
  type C = Two & {
    product: JsonObject;
    capped: JsonObject;
    oneTime: JsonObject;
    archived: JsonObject;
    customer: { id: string; externalId: string | null };
    deleted: { id: string };
    foreignProduct: { id: string };
    foreignCustomer: { id: string; externalId: string | null };
  };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const token = orgs.org.token;
    const archived = await apiProduct(token);
    await ok({ method: "PATCH", path: `/v1/products/${archived.id}`, token, body: { is_archived: true } });
    const deleted = await createCustomer(orgs.org.organization.id);
    await db().prisma.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    c = {
      ...orgs,
      product: await apiProduct(token, { price: 900 }),
      capped: await apiProduct(token, { max: 3 }),
      oneTime: await apiProduct(token, { recurring: false }),
      archived,
      customer: await createCustomer(orgs.org.organization.id),
      deleted,
      foreignProduct: await createProduct(orgs.other.organization.id),
      foreignCustomer: await createCustomer(orgs.other.organization.id),
    };
  });

  const post = (c: C, body: Record<string, unknown>) => ({ method: "POST" as const, path: SUBSCRIPTIONS, token: c.org.token, body });
  const base = (c: C) => ({ product_id: c.product.id as string, customer_id: c.customer.id });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => ({ method: "POST", path: SUBSCRIPTIONS, token: token ?? undefined, body: base(c) }), "write", { tokenStates: true }),
    { name: "no product_id", request: (c) => post(c, { customer_id: c.customer.id }), expected: invalid(["body", "product_id"]) },
    { name: "a malformed product_id", request: (c) => post(c, { ...base(c), product_id: BOGUS_ID }), expected: invalid(["body", "product_id"]) },
    { name: "a malformed customer_id", request: (c) => post(c, { ...base(c), customer_id: BOGUS_ID }), expected: invalid(["body", "customer_id"]) },
    { name: "neither customer_id nor external_customer_id", request: (c) => post(c, { product_id: c.product.id }), expected: { status: 422, error: "RequestValidationError" } },
    {
      name: "both customer_id and external_customer_id",
      request: (c) => post(c, { ...base(c), external_customer_id: c.customer.externalId }),
      expected: { status: 422, error: "RequestValidationError" },
    },
    { name: "a one-time product", request: (c) => post(c, { ...base(c), product_id: c.oneTime.id }), expected: rejected(["body", "product_id"]) },
    { name: "an archived product", request: (c) => post(c, { ...base(c), product_id: c.archived.id }), expected: rejected(["body", "product_id"]) },
    { name: "an unknown product", request: (c) => post(c, { ...base(c), product_id: randomUuid() }), expected: rejected(["body", "product_id"]) },
    { name: "another organization's product", request: (c) => post(c, { ...base(c), product_id: c.foreignProduct.id }), expected: rejected(["body", "product_id"]) },
    { name: "another organization's customer", request: (c) => post(c, { ...base(c), customer_id: c.foreignCustomer.id }), expected: rejected(["body", "customer_id"]) },
    {
      name: "another organization's external customer id",
      request: (c) => post(c, { product_id: c.product.id, external_customer_id: c.foreignCustomer.externalId }),
      expected: rejected(["body", "external_customer_id"]),
    },
    { name: "a deleted customer", request: (c) => post(c, { ...base(c), customer_id: c.deleted.id }), expected: rejected(["body", "customer_id"]) },
    { name: "0 seats", request: (c) => post(c, { ...base(c), seats: 0 }), expected: invalid(["body", "seats"]) },
    { name: "a fractional seat count", request: (c) => post(c, { ...base(c), seats: 2.5 }), expected: invalid(["body", "seats"]) },
    { name: "more seats than the price allows", request: (c) => post(c, { ...base(c), product_id: c.capped.id, seats: 4 }), expected: { status: 400, error: "AboveMaximumSeats" } },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nothing created", async (row) => {
    const where = { organizationId: { in: [c.org.organization.id, c.other.organization.id] } };
    const before = await db().prisma.subscription.count({ where });
    await expectCase(c, row);
    expect(await db().prisma.subscription.count({ where })).toBe(before);
  });

  it("creates an active subscription through SDK 0.49.0 (201): the price's minimum seats, priced per seat", async () => {
    const subscription = await sdk049(c.org.token).subscriptions.create({ productId: c.product.id as string, customerId: c.customer.id, metadata: { crm: "A-1" } });
    expect(subscription).toMatchObject({
      status: "active",
      seats: 1,
      amount: 900,
      currency: "usd",
      recurringInterval: "month",
      customerId: c.customer.id,
      productId: c.product.id,
      cancelAtPeriodEnd: false,
      endedAt: null,
      canceledAt: null,
      metadata: { crm: "A-1" },
    });
    expect(subscription.customer.id).toBe(c.customer.id);
    expect(subscription.product.id).toBe(c.product.id);
    expect(subscription.currentPeriodEnd.getTime()).toBeGreaterThan(subscription.currentPeriodStart.getTime());
    // SDK 0.49.0 strips unknown fields: its seat count travels as metadata.seats.
    const three = await sdk049(c.org.token).subscriptions.create({ productId: c.product.id as string, customerId: c.customer.id, metadata: { seats: 3 } });
    expect(three).toMatchObject({ seats: 3, amount: 2700 });
  });

  it("creates through SDK 1.x (2026-10) with top-level seats, by external customer id, with every key 0.49.0 requires", async () => {
    const body: Parameters<ReturnType<typeof sdk1>["subscriptions"]["create"]>[0] & { seats: number } = {
      product_id: c.product.id as string,
      external_customer_id: c.customer.externalId!,
      seats: 4,
    };
    const subscription = await sdk1(c.org.token).subscriptions.create(body);
    expectWire049(Subscription$inboundSchema, subscription, "SDK 1.x subscriptions.create");
    expect(subscription).toMatchObject({ seats: 4, amount: 3600, status: "active", customer_id: c.customer.id });
    await expectSdk1Error(sdk1(c.org.token).subscriptions.create({ product_id: c.oneTime.id as string, customer_id: c.customer.id }), {
      ...rejected(["body", "product_id"]),
      className: "HTTPValidationError",
    });
  });
});

describe("GET /v1/subscriptions/{id} (get)", () => {
  type C = Two & { subscription: { id: string }; foreign: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const product = await createProduct(orgs.org.organization.id);
    const customer = await createCustomer(orgs.org.organization.id);
    const foreignProduct = await createProduct(orgs.other.organization.id);
    const foreignCustomer = await createCustomer(orgs.other.organization.id);
    c = {
      ...orgs,
      subscription: await createSubscription(orgs.org.organization.id, customer.id, product.id, { seats: 4 }),
      foreign: await createSubscription(orgs.other.organization.id, foreignCustomer.id, foreignProduct.id),
    };
  });
  const get = (c: C, id: string, token: string | null = c.org.token) => ({ path: `${SUBSCRIPTIONS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => get(c, c.subscription.id, token), "read"),
    { name: "another organization's subscription", request: (c) => get(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("gets a subscription through both SDKs; another organization's is their ResourceNotFound", async () => {
    const subscription = await sdk049(c.org.token).subscriptions.get({ id: c.subscription.id });
    expect(subscription).toMatchObject({ id: c.subscription.id, seats: 4, status: "active" });
    const fresh = await sdk1(c.org.token).subscriptions.get(c.subscription.id);
    expectWire049(Subscription$inboundSchema, fresh, "SDK 1.x subscriptions.get");
    expect(fresh).toMatchObject({ id: c.subscription.id, seats: 4 });
    await expect049Failure(sdk049(c.org.token).subscriptions.get({ id: c.foreign.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).subscriptions.get(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("GET /v1/subscriptions (list)", () => {
  type C = Two & { alice: string; bob: string; p1: string; p2: string; ids: Record<string, string>; foreignCustomer: string };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const org = orgs.org.organization.id;
    const [p1, p2] = [(await createProduct(org)).id, (await createProduct(org)).id];
    const [alice, bob] = [(await createCustomer(org)).id, (await createCustomer(org)).id];
    const ids = {
      aliceP1: (await createSubscription(org, alice, p1)).id,
      aliceP2: (await createSubscription(org, alice, p2)).id,
      bobP1: (await createSubscription(org, bob, p1, { status: "canceled" })).id,
      bobP2: (await createSubscription(org, bob, p2, { status: "trialing" })).id,
    };
    const foreignCustomer = (await createCustomer(orgs.other.organization.id)).id;
    await createSubscription(orgs.other.organization.id, foreignCustomer, (await createProduct(orgs.other.organization.id)).id);
    c = { ...orgs, alice, bob, p1, p2, ids, foreignCustomer };
  });
  const list = (c: C, query: string, token: string | null = c.org.token) => ({ path: `${SUBSCRIPTIONS}?${query}`, token: token ?? undefined });
  const ids = (page: JsonObject) => (page.items as JsonObject[]).map((item) => item.id as string).sort();

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => list(c, "", token), "read"),
    { name: "a malformed customer_id", request: (c) => list(c, `customer_id=${BOGUS_ID}`), expected: invalid(["query", "customer_id", 0]) },
    { name: "a malformed product_id", request: (c) => list(c, `product_id=${BOGUS_ID}`), expected: invalid(["query", "product_id", 0]) },
    { name: "active that is not a boolean", request: (c) => list(c, "active=sometimes"), expected: invalid(["query", "active"]) },
    { name: "limit 0", request: (c) => list(c, "limit=0"), expected: invalid(["query", "limit"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("filters by customer_id, product_id and active, and pages", async () => {
    const { ids: s } = c;
    expect(ids(await ok(list(c, `customer_id=${c.alice}`)))).toEqual([s.aliceP1, s.aliceP2].sort());
    expect(ids(await ok(list(c, `product_id=${c.p1}`)))).toEqual([s.aliceP1, s.bobP1].sort());
    expect(ids(await ok(list(c, `customer_id=${c.bob}&product_id=${c.p2}`)))).toEqual([s.bobP2]);
    expect(ids(await ok(list(c, `customer_id=${c.alice}&customer_id=${c.bob}&product_id=${c.p1}`)))).toEqual([s.aliceP1, s.bobP1].sort());
    expect(ids(await ok(list(c, "active=true")))).toEqual([s.aliceP1, s.aliceP2, s.bobP2].sort());
    expect(ids(await ok(list(c, "active=false")))).toEqual([s.bobP1]);
    expect(await ok(list(c, `customer_id=${c.foreignCustomer}`))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const first = await ok(list(c, "limit=3&page=1"));
    const second = await ok(list(c, "limit=3&page=2"));
    expect(first.pagination).toEqual({ total_count: 4, max_page: 2 });
    expect([...ids(first), ...ids(second)].sort()).toEqual(Object.values(s).sort());
  });

  it("lists through SDK 0.49.0 (PageIterator) and SDK 1.x (2026-10)", async () => {
    const page = await sdk049(c.org.token).subscriptions.list({ customerId: c.alice, active: true });
    expect(page.result.items.map((s) => s.id).sort()).toEqual([c.ids.aliceP1!, c.ids.aliceP2!].sort());
    expect(page.result.pagination).toEqual({ totalCount: 2, maxPage: 1 });
    const fresh = await sdk1(c.org.token).subscriptions.list({ product_id: c.p2, active: false });
    expectWire049(ListResourceSubscription$inboundSchema, fresh, "SDK 1.x subscriptions.list");
    expect(fresh).toMatchObject({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const all = await sdk1(c.org.token).subscriptions.list({ limit: 2, page: 2 });
    expect(all.pagination).toEqual({ total_count: 4, max_page: 2 });
    expect(all.items).toHaveLength(2);
  });
});

describe("PATCH /v1/subscriptions/{id} (update seats)", () => {
  type C = Two & { subscription: JsonObject; foreign: { id: string }; liveSeats: number };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const token = orgs.org.token;
    const product = await apiProduct(token, { price: 500, max: 50 });
    const customer = await createCustomer(orgs.org.organization.id);
    const subscription = await ok({ method: "POST", path: SUBSCRIPTIONS, token, body: { product_id: product.id, customer_id: customer.id, seats: 6 } }, 201);
    // Live: two pending and one claimed; a revoked seat does not count.
    await assign(token, { subscription_id: subscription.id, email: uniqueEmail("pending") });
    await assign(token, { subscription_id: subscription.id, email: uniqueEmail("pending") });
    await assign(token, { subscription_id: subscription.id, email: uniqueEmail("claimed"), immediate_claim: true });
    const gone = await assign(token, { subscription_id: subscription.id, email: uniqueEmail("gone") });
    await ok({ method: "DELETE", path: `${SEATS}/${gone.id}`, token });
    const foreignCustomer = await createCustomer(orgs.other.organization.id);
    const foreign = await createSubscription(orgs.other.organization.id, foreignCustomer.id, (await createProduct(orgs.other.organization.id)).id, { seats: 5 });
    c = { ...orgs, subscription, foreign, liveSeats: 3 };
  });
  const patch = (c: C, body: unknown, id = c.subscription.id as string, token: string | null = c.org.token) => ({
    method: "PATCH" as const,
    path: `${SUBSCRIPTIONS}/${id}`,
    token: token ?? undefined,
    body,
  });

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => patch(c, { seats: 10 }, c.subscription.id as string, token), "write"),
    { name: "another organization's subscription", request: (c) => patch(c, { seats: 10 }, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch(c, { seats: 10 }, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => patch(c, { seats: 10 }, randomUuid()), expected: NOT_FOUND },
    { name: "0 seats", request: (c) => patch(c, { seats: 0 }), expected: invalid(["body", "seats"]) },
    { name: "an empty body", request: (c) => patch(c, {}), expected: { status: 422, error: "RequestValidationError" } },
    {
      name: "seats below the live seats (2 < 3 assigned or invited)",
      request: (c) => patch(c, { seats: 2 }),
      expected: { status: 400, error: "SeatsAlreadyAssigned", message: /3 seats/ },
    },
    { name: "seats below the live seats (1 < 3)", request: (c) => patch(c, { seats: 1 }), expected: { status: 400, error: "SeatsAlreadyAssigned" } },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, the seat count unchanged", async (row) => {
    const before = await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.subscription.id as string } });
    const foreign = await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.foreign.id } });
    await expectCase(c, row);
    const after = await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.subscription.id as string } });
    expect({ seats: after.seats, amount: after.amount, modifiedAt: after.modifiedAt }).toEqual({ seats: before.seats, amount: before.amount, modifiedAt: before.modifiedAt });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.foreign.id } })).seats).toBe(foreign.seats);
  });

  it("seats that is not a number → 422 whose detail names the field (loc holds \"seats\")", async () => {
    const response = await send(patch(c, { seats: "ten" }));
    const text = await response.text();
    expect(response.status, text).toBe(422);
    const body = JSON.parse(text) as JsonObject;
    expect(body.error).toBe("RequestValidationError");
    expect((body.detail as JsonObject[]).some((item) => (item.loc as (string | number)[]).includes("seats")), text).toBe(true);
  });

  it("SeatsAlreadyAssigned through both SDKs, nothing changes", async () => {
    const id = c.subscription.id as string;
    const before = (await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).seats;
    await expect049Failure(sdk049(c.org.token).subscriptions.update({ id, subscriptionUpdate: { seats: 2 } }), { status: 400, error: "SeatsAlreadyAssigned" });
    await expectSdk1Error(sdk1(c.org.token).subscriptions.update(id, { seats: 1 }), { status: 400, error: "SeatsAlreadyAssigned", className: "PolarClientError" });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).seats).toBe(before);
  });

  it("grows and shrinks to exactly the live seats through SDK 0.49.0 and SDK 1.x (2026-10), repricing each time", async () => {
    const id = c.subscription.id as string;
    const grown = await sdk049(c.org.token).subscriptions.update({ id, subscriptionUpdate: { seats: 12 } });
    expect(grown).toMatchObject({ id, seats: 12, amount: 6000 });
    expect((await sdk049(c.org.token).customerSeats.listSeats({ subscriptionId: id })).availableSeats).toBe(12 - c.liveSeats);
    const shrunk = await sdk1(c.org.token).subscriptions.update(id, { seats: c.liveSeats });
    expectWire049(Subscription$inboundSchema, shrunk, "SDK 1.x subscriptions.update");
    expect(shrunk).toMatchObject({ seats: 3, amount: 1500 });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).seats).toBe(3);
    const full = await send({ method: "POST", path: SEATS, token: c.org.token, body: { subscription_id: id, email: uniqueEmail("one-too-many") } });
    expect(full.status).toBe(400);
    expect(await full.json()).toMatchObject({ error: "SeatNotAvailable" });
    await expect049Failure(sdk049(c.org.token).subscriptions.update({ id: c.foreign.id, subscriptionUpdate: { seats: 9 } }), { ...NOT_FOUND, className: "ResourceNotFound" });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.foreign.id } })).seats).toBe(5);
  });

  it("a seat count above the price's last tier → 400 AboveMaximumSeats, as Polar answers", async () => {
    const product = await apiProduct(c.org.token, { max: 5 });
    const customer = await createCustomer(c.org.organization.id);
    const subscription = await ok({ method: "POST", path: SUBSCRIPTIONS, token: c.org.token, body: { product_id: product.id, customer_id: customer.id, seats: 2 } }, 201);
    await expectCase(c, { name: "above", request: (c) => patch(c, { seats: 6 }, subscription.id as string), expected: { status: 400, error: "AboveMaximumSeats" } });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id as string } })).seats).toBe(2);
  });
});

describe("DELETE /v1/subscriptions/{id} (revoke)", () => {
  type C = Two & { foreign: { id: string }; secret: string; product: JsonObject };
  const receiver = new WebhookReceiver();
  let c: C;
  beforeAll(async () => {
    await receiver.start();
    const orgs = await twoOrgs();
    const endpoint = await ok(
      { method: "POST", path: "/v1/webhooks/endpoints", token: orgs.org.token, body: { url: receiver.url, format: "raw", events: ["customer_seat.revoked", "subscription.revoked"] } },
      201,
    );
    const foreignCustomer = await createCustomer(orgs.other.organization.id);
    const foreign = await createSubscription(orgs.other.organization.id, foreignCustomer.id, (await createProduct(orgs.other.organization.id)).id);
    c = { ...orgs, foreign, secret: endpoint.secret as string, product: await apiProduct(orgs.org.token) };
  });
  afterAll(() => receiver.stop());
  const webhooksOfSeat = (seatId: string) =>
    receiver.received.filter((r) => {
      const event = JSON.parse(r.body) as { type: string; data: { id: string } };
      return event.type === "customer_seat.revoked" && event.data.id === seatId;
    }).length;

  /** A subscription with two pending seats, one claimed and one already revoked. */
  async function withSeats() {
    const token = c.org.token;
    const customer = await createCustomer(c.org.organization.id);
    const subscription = await ok({ method: "POST", path: SUBSCRIPTIONS, token, body: { product_id: c.product.id, customer_id: customer.id, seats: 5 } }, 201);
    const live = [
      await assign(token, { subscription_id: subscription.id, email: uniqueEmail("p1") }),
      await assign(token, { subscription_id: subscription.id, email: uniqueEmail("p2") }),
      await assign(token, { subscription_id: subscription.id, email: uniqueEmail("c1"), immediate_claim: true }),
    ];
    const earlier = await assign(token, { subscription_id: subscription.id, email: uniqueEmail("r1") });
    await ok({ method: "DELETE", path: `${SEATS}/${earlier.id}`, token });
    // The earlier revoke has its own webhook; it must stay the only one for that seat.
    await receiver.waitFor(() => webhooksOfSeat(earlier.id as string) === 1);
    return { id: subscription.id as string, live: live.map((seat) => seat.id as string), earlier: earlier.id as string };
  }

  const del = (c: C, id: string, token: string | null = c.org.token) => ({ method: "DELETE" as const, path: `${SUBSCRIPTIONS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => del(c, c.foreign.id, token), "write"),
    { name: "another organization's subscription", request: (c) => del(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => del(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => del(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, the subscription still active", async (row) => {
    await expectCase(c, row);
    expect(await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.foreign.id } })).toMatchObject({ status: "active", endedAt: null });
  });

  it("revokes through SDK 0.49.0: canceled and ended now, each live seat revoked with its event and one signed customer_seat.revoked webhook", async () => {
    const { id, live, earlier } = await withSeats();
    const started = Date.now();
    const revoked = await sdk049(c.org.token).subscriptions.revoke({ id });
    expect(revoked).toMatchObject({ id, status: "canceled" });
    expect(revoked.endedAt).toBeInstanceOf(Date);
    expect(revoked.canceledAt).toBeInstanceOf(Date);
    expect(revoked.endedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);

    const seats = await db().prisma.customerSeat.findMany({ where: { subscriptionId: id } });
    expect(seats.map((seat) => seat.status)).toEqual(["revoked", "revoked", "revoked", "revoked"]);
    for (const seat of seats) expect(seat.revokedAt).toBeInstanceOf(Date);
    for (const seatId of live) {
      const events = await db().prisma.seatEvent.findMany({ where: { seatId, type: "revoked" } });
      expect(events, `the revoked event of ${seatId}`).toHaveLength(1);
      expect(events[0]).toMatchObject({ subscriptionId: id, actorType: "organization" });
    }
    expect(await db().prisma.seatEvent.count({ where: { seatId: earlier, type: "revoked" } }), "the earlier revoke only").toBe(1);

    const seatWebhooks = () =>
      receiver.received.filter((r) => {
        const event = JSON.parse(r.body) as { type: string; data: { id: string } };
        return event.type === "customer_seat.revoked" && live.includes(event.data.id);
      });
    await receiver.waitFor(() => seatWebhooks().length >= 3 && receiver.received.some((r) => (JSON.parse(r.body) as JsonObject).type === "subscription.revoked" && ((JSON.parse(r.body) as JsonObject).data as JsonObject).id === id));
    await sleep(300);
    const ofThis = seatWebhooks();
    expect(ofThis, "one customer_seat.revoked per live seat").toHaveLength(3);
    for (const { body, headers } of ofThis) {
      const event = validateEvent(body, headers, c.secret);
      expect(event.type).toBe("customer_seat.revoked");
    }
    const payloads = ofThis.map((r) => (JSON.parse(r.body) as { data: JsonObject }).data);
    expect(payloads.map((seat) => seat.id).sort()).toEqual([...live].sort());
    for (const seat of payloads) expect(seat).toMatchObject({ status: "revoked", subscription_id: id, customer_id: null, email: null });
    expect(webhooksOfSeat(earlier), "no second webhook for the seat revoked before").toBe(1);

    // An ended subscription takes no new seat.
    const refused = await send({ method: "POST", path: SEATS, token: c.org.token, body: { subscription_id: id, email: uniqueEmail("late") } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "SeatNotAvailable" });
  });

  it("revokes through SDK 1.x (2026-10) with every key 0.49.0 requires", async () => {
    const { id } = await withSeats();
    const revoked = await sdk1(c.org.token).subscriptions.revoke(id);
    expectWire049(Subscription$inboundSchema, revoked, "SDK 1.x subscriptions.revoke");
    expect(revoked).toMatchObject({ id, status: "canceled" });
    expect(revoked.ended_at).not.toBeNull();
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: id, status: { in: ["pending", "claimed"] } } })).toBe(0);
    await expectSdk1Error(sdk1(c.org.token).subscriptions.revoke(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(sdk049(c.org.token).subscriptions.revoke({ id: c.foreign.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
  });

  it("revoking an ended subscription again → 403 AlreadyCanceledSubscription (Polar), nothing changes", async () => {
    const { id } = await withSeats();
    await ok(del(c, id));
    const before = await db().prisma.subscription.findUniqueOrThrow({ where: { id } });
    const events = await db().prisma.seatEvent.count({ where: { subscriptionId: id } });
    await expect049Failure(sdk049(c.org.token).subscriptions.revoke({ id }), { status: 403, error: "AlreadyCanceledSubscription", className: "AlreadyCanceledSubscription" });
    expect(await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await db().prisma.seatEvent.count({ where: { subscriptionId: id } })).toBe(events);
  });

  it("changing the seats of an ended subscription → 403 AlreadyCanceledSubscription (Polar), nothing changes", async () => {
    const { id } = await withSeats();
    await ok(del(c, id));
    await expectCase(c, { name: "seats", request: (c) => ({ method: "PATCH", path: `${SUBSCRIPTIONS}/${id}`, token: c.org.token, body: { seats: 4 } }), expected: { status: 403, error: "AlreadyCanceledSubscription" } });
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).seats).toBe(5);
  });
});

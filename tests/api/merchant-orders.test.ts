// The merchant orders endpoints (organization tokens): create a paid order with a seat count
// (Polar's OrderCreate has none: this portal reads top-level `seats`, or metadata.seats for
// SDKs that strip unknown fields), get and list, through SDK 0.49.0 (zod-validated) and SDK
// 1.x at 2026-10 (checked against 0.49.0's Order schema).
import { beforeAll, describe, expect, it } from "vitest";
import { Order$inboundSchema } from "@polar-sh/sdk/models/components/order.js";
import { ListResourceOrder$inboundSchema } from "@polar-sh/sdk/models/components/listresourceorder.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createOrder, createProduct } from "../fixtures/factories";
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
  type MerchantOrg,
} from "./merchant-helpers";

const ORDERS = "/v1/orders";

type Two = { org: MerchantOrg; other: MerchantOrg };
async function twoOrgs(): Promise<Two> {
  const [org, other] = await Promise.all([merchantOrg("orders"), merchantOrg("orders")]);
  return { org, other };
}

/** A one-time seat-based product through the API: 1 to `max` seats at 1500 each. */
async function oneTimeProduct(token: string, max: number | null = null) {
  return ok(
    { method: "POST", path: "/v1/products", token, body: { name: `Pack ${randomUuid().slice(0, 8)}`, prices: [seatPrice(0, [{ min_seats: 1, max_seats: max, price_per_seat: 1500 }])] } },
    201,
  );
}

describe("POST /v1/orders (create)", () => {
  type C = Two & { product: JsonObject; capped: JsonObject; customer: { id: string }; deleted: { id: string }; foreignProduct: { id: string }; foreignCustomer: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const deleted = await createCustomer(orgs.org.organization.id);
    await db().prisma.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    c = {
      ...orgs,
      product: await oneTimeProduct(orgs.org.token),
      capped: await oneTimeProduct(orgs.org.token, 4),
      customer: await createCustomer(orgs.org.organization.id),
      deleted,
      foreignProduct: await createProduct(orgs.other.organization.id, { recurring: false }),
      foreignCustomer: await createCustomer(orgs.other.organization.id),
    };
  });

  const post = (c: C, body: Record<string, unknown>) => ({ method: "POST" as const, path: ORDERS, token: c.org.token, body });
  const base = (c: C) => ({ customer_id: c.customer.id, product_id: c.product.id as string });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => ({ method: "POST", path: ORDERS, token: token ?? undefined, body: { ...base(c), seats: 2 } }), "write", { tokenStates: true }),
    { name: "no customer_id", request: (c) => post(c, { product_id: c.product.id }), expected: invalid(["body", "customer_id"]) },
    { name: "no product_id", request: (c) => post(c, { customer_id: c.customer.id }), expected: invalid(["body", "product_id"]) },
    { name: "a malformed product_id", request: (c) => post(c, { ...base(c), product_id: BOGUS_ID }), expected: invalid(["body", "product_id"]) },
    { name: "a malformed customer_id", request: (c) => post(c, { ...base(c), customer_id: "123" }), expected: invalid(["body", "customer_id"]) },
    { name: "an unknown product", request: (c) => post(c, { ...base(c), product_id: randomUuid() }), expected: rejected(["body", "product_id"]) },
    { name: "another organization's product", request: (c) => post(c, { ...base(c), product_id: c.foreignProduct.id }), expected: rejected(["body", "product_id"]) },
    { name: "another organization's customer", request: (c) => post(c, { ...base(c), customer_id: c.foreignCustomer.id }), expected: rejected(["body", "customer_id"]) },
    { name: "a deleted customer", request: (c) => post(c, { ...base(c), customer_id: c.deleted.id }), expected: rejected(["body", "customer_id"]) },
    { name: "0 seats", request: (c) => post(c, { ...base(c), seats: 0 }), expected: invalid(["body", "seats"]) },
    { name: "seats as a string", request: (c) => post(c, { ...base(c), seats: "3" }), expected: invalid(["body", "seats"]) },
    { name: "more seats than the price allows", request: (c) => post(c, { ...base(c), product_id: c.capped.id, seats: 5 }), expected: { status: 400, error: "AboveMaximumSeats" } },
    { name: "more seats than the price allows, in metadata.seats", request: (c) => post(c, { ...base(c), product_id: c.capped.id, metadata: { seats: 5 } }), expected: { status: 400, error: "AboveMaximumSeats" } },
    { name: "a negative amount", request: (c) => post(c, { ...base(c), amount: -1 }), expected: invalid(["body", "amount"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nothing created", async (row) => {
    const where = { organizationId: { in: [c.org.organization.id, c.other.organization.id] } };
    const before = await db().prisma.order.count({ where });
    await expectCase(c, row);
    expect(await db().prisma.order.count({ where })).toBe(before);
  });

  it("creates a paid order with top-level seats (raw request, 201) whose seats can be assigned", async () => {
    const order = await ok(post(c, { ...base(c), seats: 4 }), 201);
    expect(order).toMatchObject({ status: "paid", paid: true, seats: 4, total_amount: 6000, due_amount: 0, customer_id: c.customer.id, product_id: c.product.id, subscription_id: null });
    expectWire049(Order$inboundSchema, order, "POST /v1/orders");
    expect(await db().prisma.order.findUniqueOrThrow({ where: { id: order.id as string } })).toMatchObject({ seats: 4, status: "paid", organizationId: c.org.organization.id });
    const seats = await ok({ path: `/v1/customer-seats?order_id=${order.id}`, token: c.org.token });
    expect(seats).toEqual({ seats: [], available_seats: 4, total_seats: 4 });
  });

  it("creates through SDK 1.x (2026-10) with top-level seats, with every key 0.49.0 requires", async () => {
    const body: Parameters<ReturnType<typeof sdk1>["orders"]["create"]>[0] & { seats: number } = { ...base(c), seats: 3 };
    const order = await sdk1(c.org.token).orders.create(body);
    expectWire049(Order$inboundSchema, order, "SDK 1.x orders.create");
    expect(order).toMatchObject({ seats: 3, status: "paid", total_amount: 4500 });
    await expectSdk1Error(sdk1(c.org.token).orders.create({ customer_id: c.foreignCustomer.id, product_id: c.product.id as string }), {
      ...rejected(["body", "customer_id"]),
      className: "HTTPValidationError",
    });
  });

  it("creates through SDK 0.49.0 with metadata.seats (0.49.0 strips unknown fields)", async () => {
    const order = await sdk049(c.org.token).orders.create({ customerId: c.customer.id, productId: c.product.id as string, metadata: { seats: 5, crm: "X" } });
    expect(order).toMatchObject({ seats: 5, status: "paid", paid: true, totalAmount: 7500, customerId: c.customer.id, productId: c.product.id });
    expect(order.metadata).toMatchObject({ crm: "X" });
    expect((await sdk049(c.org.token).customerSeats.listSeats({ orderId: order.id })).totalSeats).toBe(5);
    // No seat count at all: the price's minimum.
    const minimal = await sdk049(c.org.token).orders.create({ customerId: c.customer.id, productId: c.product.id as string });
    expect(minimal.seats).toBe(1);
    await expect049Failure(sdk049(c.org.token).orders.create({ customerId: c.customer.id, productId: c.foreignProduct.id }), rejected(["body", "product_id"]));
  });

  it("organization_id of another organization in the body → 422 (Polar refuses organization_id with an organization token), nothing created", async () => {
    const where = { organizationId: { in: [c.org.organization.id, c.other.organization.id] } };
    const before = await db().prisma.order.count({ where });
    const foreignBefore = await db().prisma.order.count({ where: { organizationId: c.other.organization.id } });
    const response = await send(post(c, { ...base(c), seats: 2, organization_id: c.other.organization.id }));
    const text = await response.text();
    expect(await db().prisma.order.count({ where: { organizationId: c.other.organization.id } }), "never in the other organization").toBe(foreignBefore);
    expect(response.status, text).toBe(422);
    expect(await db().prisma.order.count({ where }), "no order anywhere").toBe(before);
    const detail = (JSON.parse(text) as JsonObject).detail as JsonObject[];
    expect(detail.some((item) => (item.loc as string[]).at(-1) === "organization_id"), text).toBe(true);
  });
});

describe("GET /v1/orders/{id} (get)", () => {
  type C = Two & { order: { id: string }; foreign: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const product = await createProduct(orgs.org.organization.id, { recurring: false });
    const customer = await createCustomer(orgs.org.organization.id);
    const foreignCustomer = await createCustomer(orgs.other.organization.id);
    c = {
      ...orgs,
      order: await createOrder(orgs.org.organization.id, customer.id, product.id, { seats: 6 }),
      foreign: await createOrder(orgs.other.organization.id, foreignCustomer.id, (await createProduct(orgs.other.organization.id, { recurring: false })).id),
    };
  });
  const get = (c: C, id: string, token: string | null = c.org.token) => ({ path: `${ORDERS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => get(c, c.order.id, token), "read"),
    { name: "another organization's order", request: (c) => get(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("gets an order through both SDKs; another organization's is their ResourceNotFound", async () => {
    const order = await sdk049(c.org.token).orders.get({ id: c.order.id });
    expect(order).toMatchObject({ id: c.order.id, seats: 6, status: "paid" });
    const fresh = await sdk1(c.org.token).orders.get(c.order.id);
    expectWire049(Order$inboundSchema, fresh, "SDK 1.x orders.get");
    expect(fresh).toMatchObject({ id: c.order.id, seats: 6 });
    expect((await ok(get(c, c.order.id, c.org.writeOnlyToken))).id).toBe(c.order.id);
    await expect049Failure(sdk049(c.org.token).orders.get({ id: c.foreign.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).orders.get(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("GET /v1/orders (list)", () => {
  type C = Two & { alice: string; bob: string; p1: string; p2: string; ids: Record<string, string>; foreignCustomer: string };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const org = orgs.org.organization.id;
    const [p1, p2] = [(await createProduct(org, { recurring: false })).id, (await createProduct(org, { recurring: false })).id];
    const [alice, bob] = [(await createCustomer(org)).id, (await createCustomer(org)).id];
    const ids = {
      aliceP1: (await createOrder(org, alice, p1)).id,
      aliceP2: (await createOrder(org, alice, p2)).id,
      bobP1: (await createOrder(org, bob, p1)).id,
    };
    const foreignCustomer = (await createCustomer(orgs.other.organization.id)).id;
    await createOrder(orgs.other.organization.id, foreignCustomer, (await createProduct(orgs.other.organization.id)).id);
    c = { ...orgs, alice, bob, p1, p2, ids, foreignCustomer };
  });
  const list = (c: C, query: string, token: string | null = c.org.token) => ({ path: `${ORDERS}?${query}`, token: token ?? undefined });
  const ids = (page: JsonObject) => (page.items as JsonObject[]).map((item) => item.id as string).sort();

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => list(c, "", token), "read"),
    { name: "a malformed customer_id", request: (c) => list(c, `customer_id=${BOGUS_ID}`), expected: invalid(["query", "customer_id", 0]) },
    { name: "a malformed product_id", request: (c) => list(c, `product_id=${BOGUS_ID}`), expected: invalid(["query", "product_id", 0]) },
    { name: "page 0", request: (c) => list(c, "page=0"), expected: invalid(["query", "page"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("filters by customer_id and product_id, and pages, within the organization", async () => {
    const s = c.ids;
    expect(ids(await ok(list(c, `customer_id=${c.alice}`)))).toEqual([s.aliceP1, s.aliceP2].sort());
    expect(ids(await ok(list(c, `product_id=${c.p1}`)))).toEqual([s.aliceP1, s.bobP1].sort());
    expect(ids(await ok(list(c, `customer_id=${c.bob}&product_id=${c.p2}`)))).toEqual([]);
    expect(await ok(list(c, `customer_id=${c.foreignCustomer}`))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const first = await ok(list(c, "limit=2&page=1"));
    const second = await ok(list(c, "limit=2&page=2"));
    expect(first.pagination).toEqual({ total_count: 3, max_page: 2 });
    expect(second.pagination).toEqual({ total_count: 3, max_page: 2 });
    expect([...ids(first), ...ids(second)].sort()).toEqual(Object.values(s).sort());
  });

  it("lists through SDK 0.49.0 (PageIterator) and SDK 1.x (2026-10)", async () => {
    const page = await sdk049(c.org.token).orders.list({ customerId: c.alice, productId: c.p2 });
    expect(page.result.items.map((order) => order.id)).toEqual([c.ids.aliceP2]);
    expect(page.result.pagination).toEqual({ totalCount: 1, maxPage: 1 });
    const fresh = await sdk1(c.org.token).orders.list({ product_id: c.p1 });
    expectWire049(ListResourceOrder$inboundSchema, fresh, "SDK 1.x orders.list");
    expect(fresh.items.map((order) => order.id).sort()).toEqual([c.ids.aliceP1!, c.ids.bobP1!].sort());
  });
});

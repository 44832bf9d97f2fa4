// The merchant products endpoints (organization tokens): create with a seat-based price,
// get, list and update (archive), through SDK 0.49.0 (zod-validated) and SDK 1.x at 2026-10
// (checked against 0.49.0's Product schema), with raw requests for the error bodies.
import { beforeAll, describe, expect, it } from "vitest";
import { Product$inboundSchema } from "@polar-sh/sdk/models/components/product.js";
import { ListResourceProduct$inboundSchema } from "@polar-sh/sdk/models/components/listresourceproduct.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createProduct, createSubscription } from "../fixtures/factories";
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

const PRODUCTS = "/v1/products";

type Two = { org: MerchantOrg; other: MerchantOrg };
async function twoOrgs(): Promise<Two> {
  const [org, other] = await Promise.all([merchantOrg("products"), merchantOrg("products")]);
  return { org, other };
}

const productBody = (extra: Record<string, unknown> = {}) => ({ name: "Team plan", recurring_interval: "month", prices: [seatPrice(900)], ...extra });

describe("POST /v1/products (create)", () => {
  let c: Two;
  beforeAll(async () => {
    c = await twoOrgs();
  });

  const post = (c: Two, body: unknown) => ({ method: "POST" as const, path: PRODUCTS, token: c.org.token, body });
  const tiers = (list: { min_seats: number; max_seats: number | null; price_per_seat: number }[]) => productBody({ prices: [seatPrice(0, list)] });
  const cases: ErrorCase<Two>[] = [
    ...accessCases<Two>((c) => c.org, (_c, token) => ({ method: "POST", path: PRODUCTS, token: token ?? undefined, body: productBody() }), "write", { tokenStates: true }),
    { name: "no name", request: (c) => post(c, productBody({ name: undefined })), expected: invalid(["body", "name"]) },
    { name: "a name under 3 characters", request: (c) => post(c, productBody({ name: "ab" })), expected: invalid(["body", "name"]) },
    { name: "no prices", request: (c) => post(c, productBody({ prices: undefined })), expected: invalid(["body", "prices"]) },
    { name: "an empty price list", request: (c) => post(c, productBody({ prices: [] })), expected: invalid(["body", "prices"]) },
    {
      name: "a fixed price (not seat-based)",
      request: (c) => post(c, productBody({ prices: [{ amount_type: "fixed", price_amount: 1000, price_currency: "usd" }] })),
      expected: invalid(["body", "prices", 0, "amount_type"]),
    },
    { name: "a free price (not seat-based)", request: (c) => post(c, productBody({ prices: [{ amount_type: "free" }] })), expected: invalid(["body", "prices", 0, "amount_type"]) },
    { name: "two seat-based prices", request: (c) => post(c, productBody({ prices: [seatPrice(1), seatPrice(2)] })), expected: invalid(["body", "prices"]) },
    { name: "no tiers", request: (c) => post(c, tiers([])), expected: invalid(["body", "prices", 0, "seat_tiers", "tiers"]) },
    {
      name: "a first tier that does not start at 1 seat",
      request: (c) => post(c, tiers([{ min_seats: 2, max_seats: null, price_per_seat: 5 }])),
      expected: invalid(["body", "prices", 0, "seat_tiers", "tiers", 0, "min_seats"]),
    },
    {
      name: "tiers with a gap",
      request: (c) => post(c, tiers([{ min_seats: 1, max_seats: 5, price_per_seat: 5 }, { min_seats: 7, max_seats: null, price_per_seat: 4 }])),
      expected: invalid(["body", "prices", 0, "seat_tiers", "tiers", 1, "min_seats"]),
    },
    {
      name: "a negative price per seat",
      request: (c) => post(c, tiers([{ min_seats: 1, max_seats: null, price_per_seat: -1 }])),
      expected: invalid(["body", "prices", 0, "seat_tiers", "tiers", 0, "price_per_seat"]),
    },
    { name: "an unknown recurring interval", request: (c) => post(c, productBody({ recurring_interval: "fortnight" })), expected: invalid(["body", "recurring_interval"]) },
    {
      name: "an upper-case currency",
      request: (c) => post(c, productBody({ prices: [{ ...seatPrice(5), price_currency: "USD" }] })),
      expected: invalid(["body", "prices", 0, "price_currency"]),
    },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nothing created", async (row) => {
    const before = await db().prisma.product.count({ where: { organizationId: c.org.organization.id } });
    await expectCase(c, row);
    expect(await db().prisma.product.count({ where: { organizationId: c.org.organization.id } })).toBe(before);
  });

  it("creates a recurring product with a graduated seat-based price through SDK 0.49.0 (201)", async () => {
    const product = await sdk049(c.org.token).products.create({
      name: "Seats, graduated",
      description: "Per seat",
      recurringInterval: "year",
      metadata: { sku: "TEAM-Y" },
      prices: [
        {
          amountType: "seat_based",
          priceCurrency: "eur",
          seatTiers: {
            seatTierType: "graduated",
            tiers: [
              { minSeats: 1, maxSeats: 10, pricePerSeat: 1200 },
              { minSeats: 11, maxSeats: null, pricePerSeat: 1000 },
            ],
          },
        },
      ],
    });
    expect(product).toMatchObject({
      name: "Seats, graduated",
      description: "Per seat",
      recurringInterval: "year",
      recurringIntervalCount: 1,
      isRecurring: true,
      isArchived: false,
      organizationId: c.org.organization.id,
      metadata: { sku: "TEAM-Y" },
    });
    expect(product.prices).toHaveLength(1);
    expect(product.prices[0]).toMatchObject({ amountType: "seat_based", priceCurrency: "eur", isArchived: false, productId: product.id });
    const price = product.prices[0]! as { seatTiers: { seatTierType: string; tiers: unknown[] } };
    expect(price.seatTiers.seatTierType).toBe("graduated");
    expect(price.seatTiers.tiers).toEqual([
      { minSeats: 1, maxSeats: 10, pricePerSeat: 1200 },
      { minSeats: 11, maxSeats: null, pricePerSeat: 1000 },
    ]);
  });

  it("creates a one-time product through SDK 1.x (2026-10) with every key 0.49.0 requires", async () => {
    const product = await sdk1(c.org.token).products.create({ name: "Seats, once", prices: [seatPrice(2500)] });
    expect(product).toMatchObject({ name: "Seats, once", is_recurring: false, recurring_interval: null, organization_id: c.org.organization.id });
    expect(product.prices[0]).toMatchObject({ amount_type: "seat_based", price_currency: "usd" });
    expectWire049(Product$inboundSchema, product, "SDK 1.x products.create");
  });

  it("422 through both SDKs for a price that is not seat-based", async () => {
    await expect049Failure(
      sdk049(c.org.token).products.create({ name: "Fixed", recurringInterval: "month", prices: [{ amountType: "fixed", priceAmount: 1000 }] }),
      invalid(["body", "prices", 0, "amount_type"]),
    );
    await expectSdk1Error(sdk1(c.org.token).products.create({ name: "Fixed", prices: [{ amount_type: "fixed", price_amount: 500, price_currency: "usd" }] }), {
      ...invalid(["body", "prices", 0, "amount_type"]),
      className: "HTTPValidationError",
    });
  });

  it("organization_id of another organization in the body → 422 (Polar refuses organization_id with an organization token), nothing created", async () => {
    const name = `Foreign ${randomUuid()}`;
    const response = await send({ method: "POST", path: PRODUCTS, token: c.org.token, body: productBody({ name, organization_id: c.other.organization.id }) });
    const text = await response.text();
    expect(await db().prisma.product.count({ where: { name, organizationId: c.other.organization.id } }), "never in the other organization").toBe(0);
    expect(response.status, text).toBe(422);
    expect(await db().prisma.product.count({ where: { name } }), "no product anywhere").toBe(0);
    const detail = (JSON.parse(text) as JsonObject).detail as JsonObject[];
    expect(detail.some((item) => (item.loc as string[]).at(-1) === "organization_id"), text).toBe(true);
  });
});

describe("GET /v1/products/{id} (get)", () => {
  type C = Two & { product: { id: string }; foreign: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    c = { ...orgs, product: await createProduct(orgs.org.organization.id), foreign: await createProduct(orgs.other.organization.id) };
  });
  const get = (c: C, id: string, token: string | null = c.org.token) => ({ path: `${PRODUCTS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => get(c, c.product.id, token), "read"),
    { name: "another organization's product", request: (c) => get(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("gets a product through both SDKs; another organization's is their ResourceNotFound", async () => {
    const product = await sdk049(c.org.token).products.get({ id: c.product.id });
    expect(product).toMatchObject({ id: c.product.id, organizationId: c.org.organization.id, isRecurring: true, benefits: [], medias: [] });
    const fresh = await sdk1(c.org.token).products.get(c.product.id);
    expectWire049(Product$inboundSchema, fresh, "SDK 1.x products.get");
    expect(fresh.id).toBe(c.product.id);
    expect((await ok(get(c, c.product.id, c.org.writeOnlyToken))).id).toBe(c.product.id);
    await expect049Failure(sdk049(c.org.token).products.get({ id: c.foreign.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).products.get(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("GET /v1/products (list)", () => {
  type C = Two & { recurring: string[]; oneTime: string[]; archived: string; foreign: string };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const id = orgs.org.organization.id;
    const recurring = [(await createProduct(id)).id, (await createProduct(id)).id, (await createProduct(id)).id];
    const oneTime = [(await createProduct(id, { recurring: false })).id, (await createProduct(id, { recurring: false })).id];
    const archived = (await createProduct(id)).id;
    await db().prisma.product.update({ where: { id: archived }, data: { isArchived: true } });
    c = { ...orgs, recurring, oneTime, archived, foreign: (await createProduct(orgs.other.organization.id)).id };
  });
  const list = (c: C, query: Record<string, string>, token: string | null = c.org.token) => ({ path: `${PRODUCTS}?${new URLSearchParams(query)}`, token: token ?? undefined });
  const ids = (page: JsonObject) => (page.items as JsonObject[]).map((item) => item.id as string).sort();

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => list(c, {}, token), "read"),
    { name: "page 0", request: (c) => list(c, { page: "0" }), expected: invalid(["query", "page"]) },
    { name: "a negative limit", request: (c) => list(c, { limit: "-1" }), expected: invalid(["query", "limit"]) },
    { name: "is_archived that is not a boolean", request: (c) => list(c, { is_archived: "maybe" }), expected: invalid(["query", "is_archived"]) },
    { name: "a malformed id filter", request: (c) => list(c, { id: BOGUS_ID }), expected: invalid(["query", "id", 0]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("pages through the organization's products only", async () => {
    const first = await ok(list(c, { limit: "4", page: "1" }));
    const second = await ok(list(c, { limit: "4", page: "2" }));
    expect(first.pagination).toEqual({ total_count: 6, max_page: 2 });
    expect([...ids(first), ...ids(second)].sort()).toEqual([...c.recurring, ...c.oneTime, c.archived].sort());
    expect(ids(second)).toHaveLength(2);
    expect(await ok(list(c, { id: c.foreign }))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
  });

  it("filters by is_archived and is_recurring", async () => {
    expect(ids(await ok(list(c, { is_archived: "true" })))).toEqual([c.archived]);
    expect(ids(await ok(list(c, { is_archived: "false" })))).toEqual([...c.recurring, ...c.oneTime].sort());
    expect(ids(await ok(list(c, { is_recurring: "false" })))).toEqual([...c.oneTime].sort());
    expect(ids(await ok(list(c, { is_recurring: "true", is_archived: "false" })))).toEqual([...c.recurring].sort());
  });

  it("lists through SDK 0.49.0 (PageIterator) and SDK 1.x (2026-10)", async () => {
    const page = await sdk049(c.org.token).products.list({ isArchived: true });
    expect(page.result.items.map((product) => product.id)).toEqual([c.archived]);
    expect(page.result.pagination).toEqual({ totalCount: 1, maxPage: 1 });
    const fresh = await sdk1(c.org.token).products.list({ is_archived: false, limit: 2 });
    expectWire049(ListResourceProduct$inboundSchema, fresh, "SDK 1.x products.list");
    expect(fresh.pagination).toEqual({ total_count: 5, max_page: 3 });
  });
});

describe("PATCH /v1/products/{id} (update, archive)", () => {
  type C = Two & { product: { id: string; name: string }; foreign: { id: string; name: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    c = { ...orgs, product: await createProduct(orgs.org.organization.id), foreign: await createProduct(orgs.other.organization.id) };
  });
  const patch = (c: C, body: unknown, id = c.product.id, token: string | null = c.org.token) => ({ method: "PATCH" as const, path: `${PRODUCTS}/${id}`, token: token ?? undefined, body });

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => patch(c, { is_archived: true }, c.product.id, token), "write"),
    { name: "another organization's product", request: (c) => patch(c, { is_archived: true }, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch(c, { is_archived: true }, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => patch(c, { is_archived: true }, randomUuid()), expected: NOT_FOUND },
    { name: "a name under 3 characters", request: (c) => patch(c, { name: "x" }), expected: invalid(["body", "name"]) },
    { name: "is_archived that is not a boolean", request: (c) => patch(c, { is_archived: "yes" }), expected: invalid(["body", "is_archived"]) },
    { name: "a price that is not seat-based", request: (c) => patch(c, { prices: [{ amount_type: "fixed", price_amount: 100 }] }), expected: invalid(["body", "prices", 0, "amount_type"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, both products unchanged", async (row) => {
    const before = await db().prisma.product.findUniqueOrThrow({ where: { id: c.product.id }, include: { prices: true } });
    const foreign = await db().prisma.product.findUniqueOrThrow({ where: { id: c.foreign.id }, include: { prices: true } });
    await expectCase(c, row);
    expect(await db().prisma.product.findUniqueOrThrow({ where: { id: c.product.id }, include: { prices: true } })).toEqual(before);
    expect(await db().prisma.product.findUniqueOrThrow({ where: { id: c.foreign.id }, include: { prices: true } })).toEqual(foreign);
  });

  it("archives through SDK 0.49.0: listed as archived, and it takes no new subscription", async () => {
    const product = await createProduct(c.org.organization.id);
    const archived = await sdk049(c.org.token).products.update({ id: product.id, productUpdate: { isArchived: true } });
    expect(archived).toMatchObject({ id: product.id, isArchived: true });
    expect(archived.modifiedAt).toBeInstanceOf(Date);
    const listed = await sdk049(c.org.token).products.list({ isArchived: false });
    expect(listed.result.items.map((p) => p.id)).not.toContain(product.id);
    const customer = await createCustomer(c.org.organization.id);
    await expect049Failure(sdk049(c.org.token).subscriptions.create({ productId: product.id, customerId: customer.id }), rejected(["body", "product_id"]));
    // 403 and 404 are typed errors of products.update in 0.49.0.
    await expect049Failure(sdk049(c.org.readOnlyToken).products.update({ id: product.id, productUpdate: { isArchived: false } }), {
      status: 403,
      error: "NotPermitted",
      className: "NotPermitted",
    });
    await expect049Failure(sdk049(c.org.token).products.update({ id: c.foreign.id, productUpdate: { isArchived: true } }), { ...NOT_FOUND, className: "ResourceNotFound" });
    expect((await db().prisma.product.findUniqueOrThrow({ where: { id: c.foreign.id } })).isArchived).toBe(false);
  });

  it("keeping the current price by its id (Polar's ExistingProductPrice) through SDK 0.49.0 → 200, the price kept", async () => {
    const product = await createProduct(c.org.organization.id);
    const price = await db().prisma.productPrice.findFirstOrThrow({ where: { productId: product.id } });
    const updated = await sdk049(c.org.token).products.update({ id: product.id, productUpdate: { name: "Kept price", prices: [{ id: price.id }] } });
    expect(updated.name).toBe("Kept price");
    expect(updated.prices.map((p) => p.id)).toEqual([price.id]);
    expect((await db().prisma.productPrice.findUniqueOrThrow({ where: { id: price.id } })).isArchived).toBe(false);
  });

  it("unarchives, renames and replaces the price through SDK 1.x (2026-10); a running subscription keeps its amount", async () => {
    const product = await createProduct(c.org.organization.id);
    const customer = await createCustomer(c.org.organization.id);
    const subscription = await createSubscription(c.org.organization.id, customer.id, product.id, { seats: 2 });
    await sdk1(c.org.token).products.update(product.id, { is_archived: true });
    const updated = await sdk1(c.org.token).products.update(product.id, {
      is_archived: false,
      name: "Renamed plan",
      prices: [seatPrice(0, [{ min_seats: 1, max_seats: 20, price_per_seat: 700 }])],
    });
    expectWire049(Product$inboundSchema, updated, "SDK 1.x products.update");
    expect(updated).toMatchObject({ id: product.id, name: "Renamed plan", is_archived: false });
    expect(updated.prices).toHaveLength(1);
    expect(updated.prices[0]).toMatchObject({ amount_type: "seat_based", seat_tiers: { tiers: [{ min_seats: 1, max_seats: 20, price_per_seat: 700 }] } });
    const prices = await db().prisma.productPrice.findMany({ where: { productId: product.id } });
    expect(prices.filter((price) => price.isArchived)).toHaveLength(1);
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).amount).toBe(2000);
    await expectSdk1Error(sdk1(c.org.token).products.update(c.foreign.id, { name: "Taken over" }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.noScopeToken).products.update(product.id, { name: "No scope" }), { status: 403, error: "NotPermitted", className: "NotPermitted" });
  });
});

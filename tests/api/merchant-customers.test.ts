// The merchant customers endpoints (organization tokens) over HTTP: create, get, get by
// external id, list, update and delete, driven by SDK 0.49.0 (whose zod validation of every
// response is the wire check) and SDK 1.x at 2026-10 (checked against 0.49.0's schema),
// with raw requests for the exact error bodies.
import { beforeAll, describe, expect, it } from "vitest";
import { Customer$inboundSchema } from "@polar-sh/sdk/models/components/customer.js";
import { ListResourceCustomer$inboundSchema } from "@polar-sh/sdk/models/components/listresourcecustomer.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, createProduct, createSubscription, uniqueEmail } from "../fixtures/factories";
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
  type MerchantOrg,
} from "./merchant-helpers";

const CUSTOMERS = "/v1/customers";
const unique = () => Math.random().toString(36).slice(2, 10);

/** Every key of Polar's Customer (individual), as this portal writes it. */
const CUSTOMER_KEYS = [
  "id",
  "created_at",
  "modified_at",
  "metadata",
  "external_id",
  "email",
  "email_verified",
  "type",
  "name",
  "billing_name",
  "billing_address",
  "tax_id",
  "locale",
  "organization_id",
  "default_payment_method_id",
  "deleted_at",
  "avatar_url",
  "first_user_event_at",
].sort();

type Two = { org: MerchantOrg; other: MerchantOrg };
async function twoOrgs(): Promise<Two> {
  const [org, other] = await Promise.all([merchantOrg("customers"), merchantOrg("customers")]);
  return { org, other };
}

describe("POST /v1/customers (create)", () => {
  type C = Two & { taken: { email: string; externalId: string | null } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const taken = await createCustomer(orgs.org.organization.id, { email: uniqueEmail("taken"), externalId: `crm-${unique()}` });
    c = { ...orgs, taken };
  });

  const post = (c: C, body: unknown) => ({ method: "POST" as const, path: CUSTOMERS, token: c.org.token, body });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (_c, token) => ({ method: "POST", path: CUSTOMERS, token: token ?? undefined, body: { email: uniqueEmail("access") } }), "write", { tokenStates: true }),
    { name: "no email", request: (c) => post(c, { name: "No Email" }), expected: invalid(["body", "email"]) },
    { name: "an invalid email", request: (c) => post(c, { email: "not-an-email" }), expected: invalid(["body", "email"]) },
    { name: "an email that is not a string", request: (c) => post(c, { email: 42 }), expected: invalid(["body", "email"]) },
    { name: "the email of an existing customer, in another case", request: (c) => post(c, { email: c.taken.email.toUpperCase() }), expected: rejected(["body", "email"]) },
    {
      name: "the external id of an existing customer",
      request: (c) => post(c, { email: uniqueEmail("dup-ext"), external_id: c.taken.externalId }),
      expected: rejected(["body", "external_id"]),
    },
    { name: "a name that is not a string", request: (c) => post(c, { email: uniqueEmail(), name: 7 }), expected: invalid(["body", "name"]) },
    {
      name: "metadata with 51 keys",
      request: (c) => post(c, { email: uniqueEmail(), metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }),
      expected: invalid(["body", "metadata"]),
    },
    { name: "a billing address without a country", request: (c) => post(c, { email: uniqueEmail(), billing_address: { line1: "x" } }), expected: invalid(["body", "billing_address", "country"]) },
    { name: "malformed JSON", request: (c) => ({ method: "POST", path: CUSTOMERS, token: c.org.token, rawBody: "{" }), expected: invalid(["body", 0]) },
    { name: "no body", request: (c) => ({ method: "POST", path: CUSTOMERS, token: c.org.token }), expected: invalid(["body"]) },
  ];

  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    const before = await db().prisma.customer.count({ where: { organizationId: c.org.organization.id } });
    await expectCase(c, row);
    expect(await db().prisma.customer.count({ where: { organizationId: c.org.organization.id } })).toBe(before);
  });

  it("creates a customer through SDK 0.49.0 (201, the full Customer)", async () => {
    const email = uniqueEmail("sdk049");
    const externalId = `crm-${unique()}`;
    const customer = await sdk049(c.org.token).customers.create({ email, name: "Ada Lovelace", externalId, metadata: { plan: "team", seats: 5, vip: true } });
    expect(customer).toMatchObject({ email, name: "Ada Lovelace", externalId, type: "individual", organizationId: c.org.organization.id, deletedAt: null, emailVerified: false });
    expect(customer.metadata).toEqual({ plan: "team", seats: 5, vip: true });
    expect(customer.createdAt).toBeInstanceOf(Date);
    const row = await db().prisma.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row).toMatchObject({ organizationId: c.org.organization.id, email, externalId, deletedAt: null });
  });

  it("creates a customer through SDK 1.x (2026-10) with every key 0.49.0 requires", async () => {
    const email = uniqueEmail("sdk1");
    const customer = await sdk1(c.org.token).customers.create({ email, external_id: `crm-${unique()}`, name: null });
    expect(Object.keys(customer).sort()).toEqual(CUSTOMER_KEYS);
    expect(customer).toMatchObject({ email, name: null, organization_id: c.org.organization.id, deleted_at: null, billing_address: null, type: "individual" });
    expectWire049(Customer$inboundSchema, customer, "SDK 1.x customers.create");
  });

  it("the same email may belong to a customer of another organization", async () => {
    const created = await ok({ method: "POST", path: CUSTOMERS, token: c.other.token, body: { email: c.taken.email, external_id: c.taken.externalId } }, 201);
    expect(created).toMatchObject({ email: c.taken.email, organization_id: c.other.organization.id });
  });

  it("422 on a duplicate through both SDKs, on the field (email, external_id)", async () => {
    await expect049Failure(sdk049(c.org.token).customers.create({ email: c.taken.email }), { ...rejected(["body", "email"]) });
    await expectSdk1Error(sdk1(c.org.token).customers.create({ email: uniqueEmail(), external_id: c.taken.externalId }), {
      ...rejected(["body", "external_id"]),
      className: "HTTPValidationError",
    });
  });

  it("organization_id of another organization in the body → 422 (Polar refuses organization_id with an organization token), nothing created", async () => {
    const email = uniqueEmail("org-id");
    const response = await send({ method: "POST", path: CUSTOMERS, token: c.org.token, body: { email, organization_id: c.other.organization.id } });
    const text = await response.text();
    expect(await db().prisma.customer.count({ where: { emailKey: email, organizationId: c.other.organization.id } }), "never in the other organization").toBe(0);
    expect(response.status, text).toBe(422);
    expect(await db().prisma.customer.count({ where: { emailKey: email } }), "no customer anywhere").toBe(0);
    const detail = (JSON.parse(text) as JsonObject).detail as JsonObject[];
    expect(detail.some((item) => (item.loc as string[]).at(-1) === "organization_id"), text).toBe(true);
  });
});

describe("GET /v1/customers/{id} (get)", () => {
  type C = Two & { customer: { id: string }; foreign: { id: string }; deleted: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const customer = await createCustomer(orgs.org.organization.id, { name: "Grace" });
    const foreign = await createCustomer(orgs.other.organization.id);
    const deleted = await createCustomer(orgs.org.organization.id);
    await db().prisma.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    c = { ...orgs, customer, foreign, deleted };
  });

  const get = (c: C, id: string, token: string | null = c.org.token) => ({ path: `${CUSTOMERS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => ({ path: `${CUSTOMERS}/${c.customer.id}`, token: token ?? undefined }), "read"),
    { name: "another organization's customer", request: (c) => get(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
    { name: "a deleted customer", request: (c) => get(c, c.deleted.id), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("a token with only customers:write reads too", async () => {
    expect((await ok(get(c, c.customer.id, c.org.writeOnlyToken))).id).toBe(c.customer.id);
  });

  it("gets a customer through both SDKs; 404 is their ResourceNotFound", async () => {
    const customer = await sdk049(c.org.token).customers.get({ id: c.customer.id });
    expect(customer).toMatchObject({ id: c.customer.id, name: "Grace", organizationId: c.org.organization.id });
    const fresh = await sdk1(c.org.token).customers.get(c.customer.id);
    expectWire049(Customer$inboundSchema, fresh, "SDK 1.x customers.get");
    expect(Object.keys(fresh).sort()).toEqual(CUSTOMER_KEYS);
    await expect049Failure(sdk049(c.org.token).customers.get({ id: c.foreign.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).customers.get(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(sdk049(c.org.token).customers.get({ id: BOGUS_ID }), invalid(["path", "id"]));
    await expect049Failure(sdk049(c.org.noScopeToken).customers.get({ id: c.customer.id }), { status: 403, error: "NotPermitted" });
    await expect049Failure(sdk049().customers.get({ id: c.customer.id }), { status: 401, error: "Unauthorized" });
  });
});

describe("GET /v1/customers/external/{external_id} (get by external id)", () => {
  type C = Two & { customer: { id: string; externalId: string | null }; foreign: { externalId: string | null } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const customer = await createCustomer(orgs.org.organization.id, { externalId: `crm/${unique()} with space` });
    const foreign = await createCustomer(orgs.other.organization.id);
    c = { ...orgs, customer, foreign };
  });
  const path = (externalId: string) => `${CUSTOMERS}/external/${encodeURIComponent(externalId)}`;

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => ({ path: path(c.customer.externalId!), token: token ?? undefined }), "read"),
    { name: "another organization's external id", request: (c) => ({ path: path(c.foreign.externalId!), token: c.org.token }), expected: NOT_FOUND },
    { name: "an unknown external id", request: (c) => ({ path: path(`nobody-${unique()}`), token: c.org.token }), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("finds the customer through both SDKs (the id is URL-encoded)", async () => {
    const customer = await sdk049(c.org.token).customers.getExternal({ externalId: c.customer.externalId! });
    expect(customer).toMatchObject({ id: c.customer.id, externalId: c.customer.externalId });
    const fresh = await sdk1(c.org.token).customers.getExternal(c.customer.externalId!);
    expect(fresh).toMatchObject({ id: c.customer.id, external_id: c.customer.externalId });
    expectWire049(Customer$inboundSchema, fresh, "SDK 1.x customers.getExternal");
    await expect049Failure(sdk049(c.org.token).customers.getExternal({ externalId: c.foreign.externalId! }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).customers.getExternal(c.foreign.externalId!), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("GET /v1/customers (list)", () => {
  type C = Two & { emails: string[]; deletedEmail: string; foreignEmail: string };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    // The organization's session customer (merchantOrg) plus these five: six live customers.
    const emails: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail(`List${i}`);
      emails.push(email);
      await createCustomer(orgs.org.organization.id, { email });
    }
    const deletedEmail = uniqueEmail("gone");
    const deleted = await createCustomer(orgs.org.organization.id, { email: deletedEmail });
    await db().prisma.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    const foreignEmail = uniqueEmail("foreign");
    await createCustomer(orgs.other.organization.id, { email: foreignEmail });
    c = { ...orgs, emails, deletedEmail, foreignEmail };
  });
  const list = (c: C, query: Record<string, string>, token: string | null = c.org.token) => ({ path: `${CUSTOMERS}?${new URLSearchParams(query)}`, token: token ?? undefined });

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => list(c, {}, token), "read"),
    { name: "page 0", request: (c) => list(c, { page: "0" }), expected: invalid(["query", "page"]) },
    { name: "limit 0", request: (c) => list(c, { limit: "0" }), expected: invalid(["query", "limit"]) },
    { name: "a page that is not a number", request: (c) => list(c, { page: "two" }), expected: invalid(["query", "page"]) },
    { name: "a malformed organization_id", request: (c) => list(c, { organization_id: BOGUS_ID }), expected: invalid(["query", "organization_id", 0]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("pages: page, limit, total_count and max_page, newest first, no deleted or foreign customer", async () => {
    const first = await ok(list(c, { page: "1", limit: "4" }));
    expect(first.pagination).toEqual({ total_count: 6, max_page: 2 });
    const second = await ok(list(c, { page: "2", limit: "4" }));
    expect(second.pagination).toEqual({ total_count: 6, max_page: 2 });
    const items = [...(first.items as JsonObject[]), ...(second.items as JsonObject[])];
    expect((first.items as JsonObject[]).length).toBe(4);
    expect((second.items as JsonObject[]).length).toBe(2);
    expect(new Set(items.map((item) => item.id)).size).toBe(6);
    const emails = items.map((item) => item.email);
    for (const email of c.emails) expect(emails).toContain(email);
    expect(emails).not.toContain(c.deletedEmail);
    expect(emails).not.toContain(c.foreignEmail);
    const created = items.map((item) => Date.parse(item.created_at as string));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    expect(await ok(list(c, { page: "3", limit: "4" }))).toEqual({ items: [], pagination: { total_count: 6, max_page: 2 } });
    // A limit above 100 is clamped to 100.
    expect((await ok(list(c, { limit: "1000" }))).pagination).toEqual({ total_count: 6, max_page: 1 });
  });

  it("filters by email, case-insensitively, and never across organizations", async () => {
    const one = await ok(list(c, { email: c.emails[2]!.toUpperCase() }));
    expect((one.items as JsonObject[]).map((item) => item.email)).toEqual([c.emails[2]]);
    expect(one.pagination).toEqual({ total_count: 1, max_page: 1 });
    expect(await ok(list(c, { email: c.foreignEmail }))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    expect(await ok(list(c, { email: c.deletedEmail }))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    // organization_id never opens another organization's customers.
    const foreign = await ok(list(c, { organization_id: c.other.organization.id, limit: "100" }));
    expect((foreign.items as JsonObject[]).map((item) => item.email)).not.toContain(c.foreignEmail);
  });

  it("lists through SDK 0.49.0 (PageIterator) and SDK 1.x (2026-10)", async () => {
    const page = await sdk049(c.org.token).customers.list({ limit: 4, page: 1 });
    expect(page.result.items).toHaveLength(4);
    expect(page.result.pagination).toEqual({ totalCount: 6, maxPage: 2 });
    const byEmail = await sdk049(c.org.token).customers.list({ email: c.emails[0]!.toUpperCase() });
    expect(byEmail.result.items.map((customer) => customer.email)).toEqual([c.emails[0]]);
    const fresh = await sdk1(c.org.token).customers.list({ page: 2, limit: 4 });
    expectWire049(ListResourceCustomer$inboundSchema, fresh, "SDK 1.x customers.list");
    expect(fresh.items).toHaveLength(2);
    expect(fresh.pagination).toEqual({ total_count: 6, max_page: 2 });
    const freshByEmail = await sdk1(c.org.token).customers.list({ email: c.emails[3]!.toUpperCase() });
    expectWire049(ListResourceCustomer$inboundSchema, freshByEmail, "SDK 1.x customers.list by email");
    expect(freshByEmail.items.map((customer) => customer.email)).toEqual([c.emails[3]]);
    expect(freshByEmail.pagination).toEqual({ total_count: 1, max_page: 1 });
    expect(await sdk1(c.org.token).customers.list({ email: c.foreignEmail })).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const all: string[] = [];
    for await (const customer of sdk1(c.org.token).customers.iterList({ limit: 4 })) all.push(customer.email as string);
    expect(all).toHaveLength(6);
    await expect049Failure(sdk049(c.org.token).customers.list({ page: 0 }), invalid(["query", "page"]));
  });
});

describe("PATCH /v1/customers/{id} (update)", () => {
  type C = Two & { customer: { id: string; email: string }; taken: { email: string; externalId: string | null }; foreign: { id: string; email: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const customer = await createCustomer(orgs.org.organization.id, { name: "Before" });
    const taken = await createCustomer(orgs.org.organization.id);
    const foreign = await createCustomer(orgs.other.organization.id, { name: "Foreign" });
    c = { ...orgs, customer, taken, foreign };
  });
  const patch = (c: C, body: unknown, id = c.customer.id, token: string | null = c.org.token) => ({ method: "PATCH" as const, path: `${CUSTOMERS}/${id}`, token: token ?? undefined, body });

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => patch(c, { name: "Access" }, c.customer.id, token), "write"),
    { name: "another organization's customer", request: (c) => patch(c, { name: "Hijacked" }, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch(c, { name: "x" }, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => patch(c, { name: "x" }, randomUuid()), expected: NOT_FOUND },
    { name: "an invalid email", request: (c) => patch(c, { email: "nope" }), expected: invalid(["body", "email"]) },
    { name: "another customer's email, in another case", request: (c) => patch(c, { email: c.taken.email.toUpperCase() }), expected: rejected(["body", "email"]) },
    { name: "another customer's external id", request: (c) => patch(c, { external_id: c.taken.externalId }), expected: rejected(["body", "external_id"]) },
    { name: "metadata that is not an object", request: (c) => patch(c, { metadata: "x" }), expected: invalid(["body", "metadata"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, the customer unchanged", async (row) => {
    const before = await db().prisma.customer.findUniqueOrThrow({ where: { id: c.customer.id } });
    const foreignBefore = await db().prisma.customer.findUniqueOrThrow({ where: { id: c.foreign.id } });
    await expectCase(c, row);
    expect(await db().prisma.customer.findUniqueOrThrow({ where: { id: c.customer.id } })).toEqual(before);
    expect(await db().prisma.customer.findUniqueOrThrow({ where: { id: c.foreign.id } })).toEqual(foreignBefore);
  });

  it("updates through SDK 0.49.0 and SDK 1.x (2026-10)", async () => {
    const email = uniqueEmail("Renamed");
    const updated = await sdk049(c.org.token).customers.update({
      id: c.customer.id,
      customerUpdate: { name: "After", email, externalId: `crm-${unique()}`, metadata: { tier: "gold" } },
    });
    expect(updated).toMatchObject({ id: c.customer.id, name: "After", email, metadata: { tier: "gold" } });
    expect(updated.modifiedAt).toBeInstanceOf(Date);
    const fresh = await sdk1(c.org.token).customers.update(c.customer.id, { name: null, billing_address: { country: "FR", city: "Paris" } });
    expectWire049(Customer$inboundSchema, fresh, "SDK 1.x customers.update");
    expect(fresh).toMatchObject({ name: null, email, billing_address: { country: "FR", city: "Paris", line1: null, line2: null, postal_code: null, state: null } });
    // Its own email in another case is not a duplicate.
    expect((await ok(patch(c, { email: email.toUpperCase() }))).email).toBe(email.toUpperCase());
    await expect049Failure(sdk049(c.org.token).customers.update({ id: c.foreign.id, customerUpdate: { name: "x" } }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).customers.update(c.customer.id, { email: c.taken.email }), { ...rejected(["body", "email"]), className: "HTTPValidationError" });
  });
});

describe("DELETE /v1/customers/{id} (delete)", () => {
  type C = Two & { victim: { id: string }; foreign: { id: string } };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const victim = await createCustomer(orgs.org.organization.id);
    const foreign = await createCustomer(orgs.other.organization.id);
    c = { ...orgs, victim, foreign };
  });
  const del = (c: C, id: string, token: string | null = c.org.token) => ({ method: "DELETE" as const, path: `${CUSTOMERS}/${id}`, token: token ?? undefined });

  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => del(c, c.victim.id, token), "write"),
    { name: "another organization's customer", request: (c) => del(c, c.foreign.id), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => del(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => del(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nobody deleted", async (row) => {
    await expectCase(c, row);
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: c.victim.id } })).deletedAt).toBeNull();
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: c.foreign.id } })).deletedAt).toBeNull();
  });

  it("deletes through SDK 0.49.0 (204): gone, their subscriptions canceled, every seat they pay for or hold revoked, email and external id free again", async () => {
    const { org } = c;
    const polar = sdk049(org.token);
    const product = await createProduct(org.organization.id);
    const email = uniqueEmail("Leaving");
    const externalId = `crm-${unique()}`;
    const leaving = await polar.customers.create({ email, externalId });
    const payer = await createCustomer(org.organization.id);
    const own = await createSubscription(org.organization.id, leaving.id, product.id, { seats: 3 });
    const theirs = await createSubscription(org.organization.id, payer.id, product.id, { seats: 3 });
    const pending = await ok({ method: "POST", path: "/v1/customer-seats", token: org.token, body: { subscription_id: own.id, email: uniqueEmail("pending") } });
    const claimed = await ok({ method: "POST", path: "/v1/customer-seats", token: org.token, body: { subscription_id: own.id, email: uniqueEmail("claimed"), immediate_claim: true } });
    const held = await ok({ method: "POST", path: "/v1/customer-seats", token: org.token, body: { subscription_id: theirs.id, customer_id: leaving.id, immediate_claim: true } });
    expect(held.status).toBe("claimed");

    await expect(polar.customers.delete({ id: leaving.id })).resolves.toBeUndefined();

    await expect049Failure(polar.customers.get({ id: leaving.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(polar.customers.getExternal({ externalId }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(polar.customers.delete({ id: leaving.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    const ended = await polar.subscriptions.get({ id: own.id });
    expect(ended.status).toBe("canceled");
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect((await polar.subscriptions.get({ id: theirs.id })).status).toBe("active");
    const seats = await db().prisma.customerSeat.findMany({ where: { id: { in: [pending.id as string, claimed.id as string, held.id as string] } } });
    expect(seats.map((seat) => seat.status)).toEqual(["revoked", "revoked", "revoked"]);
    for (const seat of [pending, claimed, held]) {
      const events = await db().prisma.seatEvent.findMany({ where: { seatId: seat.id as string, type: "revoked" } });
      expect(events, `revoked event of seat ${seat.id}`).toHaveLength(1);
      expect(events[0]!.actorType).toBe("organization");
    }
    expect((await polar.customerSeats.listSeats({ subscriptionId: theirs.id })).availableSeats).toBe(3);

    // The record stays, marked deleted; a new customer may take the email and external id.
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { id: leaving.id } })).deletedAt).toBeInstanceOf(Date);
    const again = await polar.customers.create({ email: email.toUpperCase(), externalId });
    expect(again.id).not.toBe(leaving.id);
    expect((await polar.customers.getExternal({ externalId })).id).toBe(again.id);
  });

  it("deletes through SDK 1.x (2026-10): the customer's sessions stop working", async () => {
    const customer = await createCustomer(c.org.organization.id);
    const session = await createCustomerSessionToken(customer.id);
    await expect(sdk1(c.org.token).customers.delete(customer.id)).resolves.toBeUndefined();
    const portal = await send({ path: "/v1/customer-portal/seats/subscriptions", token: session });
    expect(portal.status).toBe(401);
    await expectSdk1Error(sdk1(c.org.token).customers.get(customer.id), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).customers.delete(c.foreign.id), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

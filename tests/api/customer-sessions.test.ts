// The merchant's door into the portal: POST /v1/customer-sessions/ with an organization
// access token, through SDK 0.49.0 (trailing slash, 201 required), SDK 1.x and raw requests.
import { beforeAll, describe, expect, it } from "vitest";
import { sdk049, sdk1 } from "../fixtures/clients";
import {
  createCustomer,
  createCustomerSessionToken,
  createOrganization,
  createOrganizationToken,
  createWorld,
} from "../fixtures/factories";
import {
  ISO_Z,
  SEATS,
  expectErrorResponse,
  expectSdk049Error,
  expectSdk1Error,
  jsonOf,
  randomUuid,
  send,
  type ErrorCase,
  type ExpectedError,
  type JsonObject,
  type RawRequest,
} from "./helpers";

const SESSIONS = "/v1/customer-sessions/";
const HOUR_MS = 3600_000;

const SESSION_KEYS = ["id", "created_at", "modified_at", "token", "expires_at", "return_url", "customer_portal_url", "customer_id", "customer"].sort();

async function merchantWorld() {
  const world = await createWorld();
  const customer = await createCustomer(world.organization.id, { externalId: `crm-${randomUuid()}`, name: "Ada Lovelace" });
  const { token } = await createOrganizationToken(world.organization.id);
  return { ...world, customer, orgToken: token };
}

const create = (body: unknown, auth: { token?: string; authorization?: string } = {}, path = SESSIONS): RawRequest => ({ method: "POST", path, body, ...auth });

describe("POST /v1/customer-sessions/", () => {
  type Context = Awaited<ReturnType<typeof merchantWorld>> & {
    foreignCustomerId: string;
    foreignExternalId: string;
    customerToken: string;
    unscopedToken: string;
    expiredToken: string;
    revokedToken: string;
  };
  let c: Context;
  beforeAll(async () => {
    const world = await merchantWorld();
    const elsewhere = await createOrganization();
    const foreign = await createCustomer(elsewhere.id, { externalId: `foreign-${randomUuid()}` });
    c = {
      ...world,
      foreignCustomerId: foreign.id,
      foreignExternalId: foreign.externalId!,
      customerToken: await createCustomerSessionToken(world.owner.id),
      unscopedToken: (await createOrganizationToken(world.organization.id, { scopes: ["customer_seats:read", "customers:read"] })).token,
      expiredToken: (await createOrganizationToken(world.organization.id, { expiresAt: new Date(Date.now() - 60_000) })).token,
      revokedToken: (await createOrganizationToken(world.organization.id, { revokedAt: new Date() })).token,
    };
  });

  it("anonymous → 401", async () => {
    await expectErrorResponse(await send(create({ customer_id: c.customer.id })), { status: 401, error: "Unauthorized" });
    await expectSdk049Error(sdk049().customerSessions.create({ customerId: c.customer.id }), { status: 401, error: "Unauthorized" });
    // 401 is not in 1.x's map for this operation: a plain PolarClientError with the raw body.
    await expectSdk1Error(sdk1().customerSessions.create({ customer_id: c.customer.id }), { status: 401, error: "Unauthorized", className: "PolarClientError" });
  });

  it("another organization's customer → 422 PolarRequestValidationError (never a session)", async () => {
    const expected = { status: 422, error: "PolarRequestValidationError", loc: ["body", "customer_id"] };
    await expectErrorResponse(await send(create({ customer_id: c.foreignCustomerId }, { token: c.orgToken })), expected);
    await expectSdk049Error(sdk049(c.orgToken).customerSessions.create({ customerId: c.foreignCustomerId }), expected);
    await expectSdk1Error(sdk1(c.orgToken).customerSessions.create({ external_customer_id: c.foreignExternalId }), {
      status: 422,
      error: "PolarRequestValidationError",
      loc: ["body", "external_customer_id"],
      className: "HTTPValidationError",
    });
  });

  const validation = (loc?: (string | number)[], message?: RegExp): ExpectedError => ({ status: 422, error: "RequestValidationError", loc, message });
  const cases: ErrorCase<Context>[] = [
    { name: "unknown customer_id", request: (c) => create({ customer_id: randomUuid() }, { token: c.orgToken }), expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "customer_id"], message: /does not exist/ } },
    {
      name: "unknown external_customer_id",
      request: (c) => create({ external_customer_id: `nobody-${randomUuid()}` }, { token: c.orgToken }),
      expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "external_customer_id"] },
    },
    {
      name: "another organization's customer by external id",
      request: (c) => create({ external_customer_id: c.foreignExternalId }, { token: c.orgToken }),
      expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "external_customer_id"] },
    },
    { name: "neither customer_id nor external_customer_id", request: (c) => create({}, { token: c.orgToken }), expected: validation() },
    { name: "only a return_url", request: (c) => create({ return_url: "https://shop.example/back" }, { token: c.orgToken }), expected: validation() },
    { name: "both customer_id and external_customer_id", request: (c) => create({ customer_id: c.customer.id, external_customer_id: c.customer.externalId }, { token: c.orgToken }), expected: validation() },
    { name: "customer_id is not a UUID", request: (c) => create({ customer_id: "cus_123" }, { token: c.orgToken }), expected: validation(["body", "customer_id"]) },
    { name: "customer_id is a number", request: (c) => create({ customer_id: 12 }, { token: c.orgToken }), expected: validation(["body", "customer_id"]) },
    { name: "return_url is not a URL", request: (c) => create({ customer_id: c.customer.id, return_url: "not a url" }, { token: c.orgToken }), expected: validation(["body", "return_url"]) },
    { name: "a member_id the customer's team does not have", request: (c) => create({ customer_id: c.customer.id, member_id: randomUuid() }, { token: c.orgToken }), expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "member_id"], message: /^Member does not exist for this customer\.$/ } },
    { name: "an external_member_id the customer's team does not have", request: (c) => create({ customer_id: c.customer.id, external_member_id: "nobody" }, { token: c.orgToken }), expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "external_member_id"], message: /^Member does not exist for this customer\.$/ } },
    { name: "malformed JSON", request: (c) => ({ method: "POST", path: SESSIONS, token: c.orgToken, rawBody: "{customer_id}" }), expected: validation() },
    { name: "no Authorization header", request: (c) => create({ customer_id: c.customer.id }), expected: { status: 401, error: "Unauthorized" } },
    { name: "customer session token", request: (c) => create({ customer_id: c.customer.id }, { token: c.customerToken }), expected: { status: 401, error: "Unauthorized" } },
    { name: "expired organization token", request: (c) => create({ customer_id: c.customer.id }, { token: c.expiredToken }), expected: { status: 401, error: "Unauthorized" } },
    { name: "revoked organization token", request: (c) => create({ customer_id: c.customer.id }, { token: c.revokedToken }), expected: { status: 401, error: "Unauthorized" } },
    { name: "unknown organization token", request: (c) => create({ customer_id: c.customer.id }, { token: `polar_oat_${"q".repeat(43)}` }), expected: { status: 401, error: "Unauthorized" } },
    { name: "Bearer undefined", request: (c) => create({ customer_id: c.customer.id }, { authorization: "Bearer undefined" }), expected: { status: 401, error: "Unauthorized" } },
    { name: "token without customer_sessions:write", request: (c) => create({ customer_id: c.customer.id }, { token: c.unscopedToken }), expected: { status: 403, error: "NotPermitted" } },
    {
      name: "token without customer_sessions:write, no trailing slash",
      request: (c) => create({ customer_id: c.customer.id }, { token: c.unscopedToken }, "/v1/customer-sessions"),
      expected: { status: 403, error: "NotPermitted" },
    },
  ];

  it.each(cases)("error: $name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("error classes through both SDKs (401, 403, 422)", async () => {
    await expectSdk049Error(sdk049(c.customerToken).customerSessions.create({ customerId: c.customer.id }), { status: 401, error: "Unauthorized" });
    await expectSdk049Error(sdk049(c.revokedToken).customerSessions.create({ customerId: c.customer.id }), { status: 401, error: "Unauthorized" });
    await expectSdk049Error(sdk049(c.unscopedToken).customerSessions.create({ customerId: c.customer.id }), { status: 403, error: "NotPermitted" });
    await expectSdk049Error(sdk049(c.orgToken).customerSessions.create({ customerId: "nope" }), { status: 422, error: "RequestValidationError", loc: ["body", "customer_id"] });
    await expectSdk049Error(sdk049(c.orgToken).customerSessions.create({ externalCustomerId: `nobody-${randomUuid()}` }), {
      status: 422,
      error: "PolarRequestValidationError",
      loc: ["body", "external_customer_id"],
    });
    await expectSdk1Error(sdk1(c.expiredToken, "2026-04").customerSessions.create({ customer_id: c.customer.id }), { status: 401, error: "Unauthorized" });
    await expectSdk1Error(sdk1(c.unscopedToken, "2027-01").customerSessions.create({ customer_id: c.customer.id }), { status: 403, error: "NotPermitted" });
    await expectSdk1Error(sdk1(c.orgToken).customerSessions.create({ customer_id: randomUuid() }), {
      status: 422,
      error: "PolarRequestValidationError",
      loc: ["body", "customer_id"],
      className: "HTTPValidationError",
    });
    await expectSdk1Error(sdk1(c.orgToken).customerSessions.create({ customer_id: c.customer.id, member_id: randomUuid() }), {
      status: 422,
      error: "PolarRequestValidationError",
      loc: ["body", "member_id"],
      className: "HTTPValidationError",
    });
  });

  it("creates a session by customer_id through SDK 0.49.0: 201, polar_cst_ token, one hour, portal URL, full customer", async () => {
    const world = await merchantWorld();
    const before = Date.now();
    const session = await sdk049(world.orgToken).customerSessions.create({ customerId: world.customer.id });
    expect(session.token).toMatch(/^polar_cst_[A-Za-z0-9_-]{40,}$/);
    expect(session.customerId).toBe(world.customer.id);
    expect(session.customerPortalUrl).toBe(`http://portal.test/${world.organization.slug}/portal?customer_session_token=${session.token}`);
    expect(session.returnUrl).toBeNull();
    const lifetime = session.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThan(HOUR_MS - 60_000);
    expect(lifetime).toBeLessThan(HOUR_MS + 60_000);
    expect(session.customer).toMatchObject({
      id: world.customer.id,
      email: world.customer.email,
      externalId: world.customer.externalId,
      name: "Ada Lovelace",
      organizationId: world.organization.id,
      type: "individual",
      emailVerified: false,
      billingAddress: null,
      metadata: {},
    });
  });

  it("creates a session by externalCustomerId through SDK 0.49.0, with a return_url", async () => {
    const world = await merchantWorld();
    const session = await sdk049(world.orgToken).customerSessions.create({
      externalCustomerId: world.customer.externalId!,
      returnUrl: "https://shop.example/account",
    });
    expect(session.customerId).toBe(world.customer.id);
    expect(session.returnUrl).toBe("https://shop.example/account");
  });

  it.each(["2026-04", "2026-10", "2027-01"] as const)("creates a session through SDK 1.x at %s", async (version) => {
    const world = await merchantWorld();
    const session = await sdk1(world.orgToken, version).customerSessions.create({ external_customer_id: world.customer.externalId! });
    expect(session).toMatchObject({ customer_id: world.customer.id, customer: { id: world.customer.id, type: "individual" } });
    expect(session.token).toMatch(/^polar_cst_/);
  });

  it.each([SESSIONS, "/v1/customer-sessions"])("answers 201 with the full CustomerSession on %s (raw)", async (path) => {
    const world = await merchantWorld();
    const before = Date.now();
    const response = await send(create({ customer_id: world.customer.id }, { token: world.orgToken }, path));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const session = (await jsonOf(response)) as JsonObject;
    expect(Object.keys(session).sort()).toEqual(SESSION_KEYS);
    expect(session.created_at).toMatch(ISO_Z);
    expect(session.expires_at).toMatch(ISO_Z);
    expect(Math.abs(new Date(session.expires_at as string).getTime() - before - HOUR_MS)).toBeLessThan(60_000);
    expect(session.customer_portal_url).toBe(
      `http://portal.test/${world.organization.slug}/portal?customer_session_token=${encodeURIComponent(session.token as string)}`,
    );
    const customer = session.customer as JsonObject;
    expect(customer).toMatchObject({
      id: world.customer.id,
      email: world.customer.email,
      external_id: world.customer.externalId,
      type: "individual",
      email_verified: false,
      billing_address: null,
      tax_id: null,
      deleted_at: null,
      organization_id: world.organization.id,
      metadata: {},
    });
    for (const key of ["modified_at", "name", "billing_name", "avatar_url", "default_payment_method_id", "locale"]) expect(customer).toHaveProperty(key);
    expect(customer.created_at).toMatch(ISO_Z);
  });

  it("accepts the older customer_external_id spelling", async () => {
    const world = await merchantWorld();
    const response = await send(create({ customer_external_id: world.customer.externalId }, { token: world.orgToken }));
    const session = (await jsonOf(response)) as JsonObject;
    expect(response.status, JSON.stringify(session)).toBe(201);
    expect(session.customer_id).toBe(world.customer.id);
  });

  it("the created token works on the portal endpoints", async () => {
    const world = await merchantWorld();
    const session = await sdk049(world.orgToken).customerSessions.create({ customerId: world.owner.id });
    const list = await sdk049().customerPortal.seats.listSeats({ customerSession: session.token }, { subscriptionId: world.subscription.id });
    expect(list).toMatchObject({ totalSeats: 5, availableSeats: 5 });
    const fresh = await sdk1(session.token, "2027-01").customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, email: `via-session-${randomUuid()}@example.com` });
    expect(fresh.status).toBe("pending");
    const claimed = await send({ path: "/v1/customer-portal/seats/subscriptions", token: session.token });
    expect(claimed.status).toBe(200);
    // It is a customer's token: the merchant route refuses it, and it sees only its own containers.
    await expectErrorResponse(await send(create({ customer_id: world.owner.id }, { token: session.token })), { status: 401, error: "Unauthorized" });
    await expectErrorResponse(await send({ path: `${SEATS}?subscription_id=${world.otherSubscription.id}`, token: session.token }), {
      status: 404,
      error: "ResourceNotFound",
    });
  });
});

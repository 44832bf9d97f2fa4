// The authorization matrix of the API (issue 4, property 2): every endpoint, with every
// object id of another customer (same organization) and of another organization, answers
// 404 and changes nothing; expired, revoked, malformed and wrong-kind tokens answer
// 401/403 and change nothing. On a server and database of its own, so that the snapshots
// of every table see only what this file does, even when other files run alongside.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { cookieHeader, cookiesOf } from "./fixtures/auth-flow";
import { recordFigures } from "./fixtures/figures";
import { errorName, request, type JsonObject, type RawRequest } from "./fixtures/http";
import { expectRefusedWithoutChange as expectRefused, type RefusalCase } from "./fixtures/refusals";
import { startStack, type Stack } from "./fixtures/stack";
import { createCustomerSessionToken, createOrganizationToken, createTenant, uniqueEmail, type Database, type Tenant } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const CLAIMED = "/v1/customer-portal/seats/subscriptions";

let stack: Stack;
let db: Database;
let alice: Tenant; // organization A: alice (owner) and bob (other) are billing customers
let orgB: Tenant; // organization B: dave (owner)
let victim: {
  pending: string;
  claimed: string;
  revoked: string;
  orderSeat: string;
  holderCustomerId: string;
  holderToken: string;
};

const ok = async (req: RawRequest) => {
  const reply = await request(stack.url, req);
  expect(reply.status, `${req.method ?? "GET"} ${req.path}: ${reply.text}`).toBe(200);
  return reply.json as JsonObject;
};


beforeAll(async () => {
  // Webhook endpoints may point at this machine (a closed port: deliveries fail, offline).
  stack = await startStack({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
  db = stack.db;
  alice = await createTenant(db.prisma, { seats: 10, orderSeats: 3 });
  orgB = await createTenant(db.prisma);
  const token = alice.ownerToken;
  const pending = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, email: uniqueEmail("pending") } });
  const holderEmail = uniqueEmail("holder");
  const claimedSeat = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, email: holderEmail } });
  const invitation = invitationTokenFrom(await stack.mailbox!.waitForEmail(holderEmail));
  const claim = await ok({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitation } });
  const revoked = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, email: uniqueEmail("revoked") } });
  await ok({ method: "DELETE", path: `${SEATS}/${revoked.id as string}`, token });
  const orderSeat = await ok({ method: "POST", path: SEATS, token, body: { order_id: alice.order.id, email: uniqueEmail("order") } });
  victim = {
    pending: pending.id as string,
    claimed: claimedSeat.id as string,
    revoked: revoked.id as string,
    orderSeat: orderSeat.id as string,
    holderCustomerId: claimedSeat.customer_id as string,
    holderToken: claim.customer_session_token as string,
  };
});

afterAll(async () => {
  await stack?.stop();
});

type Case = RefusalCase;

const expectRefusedWithoutChange = (cases: Case[], options: { except?: string[] } = {}) => expectRefused(stack, cases, options);

describe("another customer's objects", () => {
  const attackers = () => [
    { who: "another billing customer of the same organization", token: alice.otherToken },
    { who: "a billing customer of another organization", token: orgB.ownerToken },
    { who: "the holder of a claimed seat (not its billing customer)", token: victim.holderToken },
  ];

  function matrix(token: string, who: string): Case[] {
    const notFound = { status: 404, error: "ResourceNotFound" };
    const seatIds = { pending: victim.pending, claimed: victim.claimed, revoked: victim.revoked, "order's": victim.orderSeat };
    return [
      { name: `${who}: list seats of the subscription`, request: { path: `${SEATS}?subscription_id=${alice.subscription.id}`, token }, expected: notFound },
      { name: `${who}: list seats of the order`, request: { path: `${SEATS}?order_id=${alice.order.id}`, token }, expected: notFound },
      {
        name: `${who}: assign on the subscription by email`,
        request: { method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, email: uniqueEmail("intruder") } },
        expected: notFound,
      },
      { name: `${who}: assign on the order by email`, request: { method: "POST", path: SEATS, token, body: { order_id: alice.order.id, email: uniqueEmail("intruder") } }, expected: notFound },
      {
        name: `${who}: assign on the subscription by customer_id`,
        request: { method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, customer_id: alice.owner.id } },
        expected: notFound,
      },
      {
        name: `${who}: assign on the subscription by external_customer_id`,
        request: { method: "POST", path: SEATS, token, body: { subscription_id: alice.subscription.id, external_customer_id: alice.owner.externalId } },
        expected: notFound,
      },
      ...Object.entries(seatIds).flatMap(([label, id]): Case[] => [
        { name: `${who}: revoke the ${label} seat`, request: { method: "DELETE", path: `${SEATS}/${id}`, token }, expected: notFound },
        { name: `${who}: resend the ${label} seat`, request: { method: "POST", path: `${SEATS}/${id}/resend`, token }, expected: notFound },
      ]),
    ];
  }

  it("every endpoint answers 404 ResourceNotFound to each of them, and no table changes", async () => {
    const cases = attackers().flatMap(({ who, token }) => matrix(token, who));
    // Refused requests still count against the caller's own limits (rate_limit_buckets);
    // that table is checked on its own below.
    const { failures, diff } = await expectRefusedWithoutChange(cases, { except: ["rate_limit_buckets"] });
    recordFigures("authorization: foreign objects", { requests: cases.length, attackers: attackers().length, failures: failures.length, changedTables: Object.keys(diff) });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("another organization's customers are not found by id or external id (404 CustomerNotFound), and nothing is created", async () => {
    const token = orgB.ownerToken;
    const notFound = { status: 404, error: "CustomerNotFound" };
    const cases: Case[] = [
      { name: "customer_id of organization A", request: { method: "POST", path: SEATS, token, body: { subscription_id: orgB.subscription.id, customer_id: alice.owner.id } }, expected: notFound },
      {
        name: "external_customer_id of organization A",
        request: { method: "POST", path: SEATS, token, body: { subscription_id: orgB.subscription.id, external_customer_id: alice.owner.externalId } },
        expected: notFound,
      },
      { name: "order: customer_id of organization A", request: { method: "POST", path: SEATS, token, body: { order_id: orgB.order.id, customer_id: victim.holderCustomerId } }, expected: notFound },
    ];
    const { failures, diff } = await expectRefusedWithoutChange(cases, { except: ["rate_limit_buckets"] });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("another organization's token cannot open a session for this organization's customer (422, as Polar), and nothing is created", async () => {
    const { token } = await createOrganizationToken(db.prisma, orgB.organization.id);
    const cases: Case[] = [
      { name: "customer_id", request: { method: "POST", path: "/v1/customer-sessions/", token, body: { customer_id: alice.owner.id } }, expected: { status: 422, error: "PolarRequestValidationError" } },
      {
        name: "external_customer_id",
        request: { method: "POST", path: "/v1/customer-sessions/", token, body: { external_customer_id: alice.owner.externalId } },
        expected: { status: 422, error: "PolarRequestValidationError" },
      },
    ];
    const { failures, diff } = await expectRefusedWithoutChange(cases);
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("the claimed list of another customer never shows this subscription", async () => {
    for (const token of [alice.otherToken, orgB.ownerToken]) {
      for (const path of [CLAIMED, `${CLAIMED}?page=1&limit=100`]) {
        const reply = await request(stack.url, { path, token });
        expect(reply.status).toBe(200);
        const items = (Array.isArray(reply.json) ? reply.json : (reply.json as JsonObject).items) as JsonObject[];
        expect(items.map((s) => s.id)).not.toContain(alice.subscription.id);
      }
    }
    const holder = await request(stack.url, { path: CLAIMED, token: victim.holderToken });
    expect((holder.json as JsonObject[]).map((s) => s.id)).toEqual([alice.subscription.id]);
  });

  it("refused requests on another customer's seat leave that seat's resend limit untouched", async () => {
    // The per-seat resend limit is keyed by the seat id alone: refusals of an intruder who
    // knows the id must not spend the owner's budget (RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR, 5 by default).
    const seat = await ok({ method: "POST", path: SEATS, token: alice.ownerToken, body: { subscription_id: alice.subscription.id, email: uniqueEmail("budget") } });
    const id = seat.id as string;
    const intruder = [];
    for (let i = 0; i < 6; i++) intruder.push(await request(stack.url, { method: "POST", path: `${SEATS}/${id}/resend`, token: orgB.ownerToken }));
    for (const reply of intruder) expect(["404 ResourceNotFound", "429 TooManyRequests"]).toContain(`${reply.status} ${errorName(reply)}`);
    const buckets = await db.pool.query<{ key: string; points: number }>(`SELECT key, points FROM rate_limit_buckets WHERE key LIKE $1`, [`%${id}%`]);
    const owner = await request(stack.url, { method: "POST", path: `${SEATS}/${id}/resend`, token: alice.ownerToken });
    expect(owner.status, `the owner's resend after 6 refused intruder requests: ${owner.text} (buckets: ${JSON.stringify(buckets.rows)})`).toBe(200);
  });
});

describe("the merchant API", () => {
  it("another organization's token on every merchant endpoint, with this organization's ids, answers 404 and changes nothing", async () => {
    const { token } = await createOrganizationToken(db.prisma, orgB.organization.id);
    const own = await createOrganizationToken(db.prisma, alice.organization.id);
    const hook = await request(stack.url, {
      method: "POST",
      path: "/v1/webhooks/endpoints",
      token: own.token,
      body: { url: "http://127.0.0.1:9/hook", format: "raw", events: ["customer_seat.assigned"] },
    });
    expect(hook.status, hook.text).toBe(201);
    const hookId = (hook.json as JsonObject).id as string;
    const notFound = { status: 404, error: "ResourceNotFound" };
    const on = (name: string, req: RawRequest): Case => ({ name, request: { ...req, token }, expected: notFound });
    const cases: Case[] = [
      on("get a customer", { path: `/v1/customers/${alice.owner.id}` }),
      on("update a customer", { method: "PATCH", path: `/v1/customers/${alice.owner.id}`, body: { name: "Hijacked" } }),
      on("delete a customer", { method: "DELETE", path: `/v1/customers/${alice.owner.id}` }),
      on("get a customer by external id", { path: `/v1/customers/external/${alice.owner.externalId}` }),
      on("get a subscription", { path: `/v1/subscriptions/${alice.subscription.id}` }),
      on("update a subscription's seats", { method: "PATCH", path: `/v1/subscriptions/${alice.subscription.id}`, body: { seats: 50 } }),
      on("cancel a subscription", { method: "PATCH", path: `/v1/subscriptions/${alice.subscription.id}`, body: { cancel_at_period_end: true } }),
      on("revoke a subscription", { method: "DELETE", path: `/v1/subscriptions/${alice.subscription.id}` }),
      on("get an order", { path: `/v1/orders/${alice.order.id}` }),
      on("get a product", { path: `/v1/products/${alice.product.id}` }),
      on("update a product", { method: "PATCH", path: `/v1/products/${alice.product.id}`, body: { name: "Hijacked product" } }),
      on("list a subscription's seats", { path: `/v1/customer-seats?subscription_id=${alice.subscription.id}` }),
      on("list an order's seats", { path: `/v1/customer-seats?order_id=${alice.order.id}` }),
      on("assign a seat on a subscription", { method: "POST", path: "/v1/customer-seats", body: { subscription_id: alice.subscription.id, email: uniqueEmail("merchant-intruder") } }),
      on("assign a seat on an order", { method: "POST", path: "/v1/customer-seats", body: { order_id: alice.order.id, email: uniqueEmail("merchant-intruder") } }),
      on("revoke a seat", { method: "DELETE", path: `/v1/customer-seats/${victim.pending}` }),
      on("revoke a claimed seat", { method: "DELETE", path: `/v1/customer-seats/${victim.claimed}` }),
      on("resend a seat's invitation", { method: "POST", path: `/v1/customer-seats/${victim.pending}/resend` }),
      on("get a webhook endpoint", { path: `/v1/webhooks/endpoints/${hookId}` }),
      on("update a webhook endpoint", { method: "PATCH", path: `/v1/webhooks/endpoints/${hookId}`, body: { url: "http://127.0.0.1:9/stolen" } }),
      on("delete a webhook endpoint", { method: "DELETE", path: `/v1/webhooks/endpoints/${hookId}` }),
    ];
    const { failures, diff } = await expectRefusedWithoutChange(cases, { except: ["rate_limit_buckets"] });
    // The lists of the other organization show none of this one's objects.
    const ids = [alice.owner.id, alice.other.id, alice.subscription.id, alice.otherSubscription.id, alice.order.id, alice.product.id, hookId];
    const leaks: string[] = [];
    for (const path of ["/v1/customers", "/v1/subscriptions", "/v1/orders", "/v1/products", "/v1/webhooks/endpoints", "/v1/webhooks/deliveries"]) {
      const reply = await request(stack.url, { path: `${path}?limit=100`, token });
      if (reply.status !== 200) leaks.push(`${path}: ${reply.status} ${reply.text.slice(0, 120)}`);
      else for (const id of ids) if (reply.text.includes(id)) leaks.push(`${path} shows ${id}`);
    }
    // The endpoint goes, so that no later seat change queues a delivery during another test's snapshots.
    expect((await request(stack.url, { method: "DELETE", path: `/v1/webhooks/endpoints/${hookId}`, token: own.token })).status).toBe(204);
    recordFigures("authorization: merchant API, another organization", { requests: cases.length + 6, failures: failures.length, leaks: leaks.length, changedTables: Object.keys(diff) });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
    expect(leaks).toEqual([]);
  });

  it("a customer session token on every merchant endpoint, and an organization token on every customer-portal endpoint, answer 401 and change nothing", async () => {
    const { token: organizationToken } = await createOrganizationToken(db.prisma, alice.organization.id);
    const unauthorized = { status: 401, error: "Unauthorized" };
    const merchant: [string, RawRequest][] = [
      ["list customers", { path: "/v1/customers" }],
      ["create a customer", { method: "POST", path: "/v1/customers", body: { email: uniqueEmail("made-by-a-customer") } }],
      ["update a customer", { method: "PATCH", path: `/v1/customers/${alice.owner.id}`, body: { name: "Hijacked" } }],
      ["delete a customer", { method: "DELETE", path: `/v1/customers/${alice.other.id}` }],
      ["list subscriptions", { path: "/v1/subscriptions" }],
      ["update a subscription", { method: "PATCH", path: `/v1/subscriptions/${alice.subscription.id}`, body: { seats: 50 } }],
      ["list orders", { path: "/v1/orders" }],
      ["list products", { path: "/v1/products" }],
      ["list seats", { path: `/v1/customer-seats?subscription_id=${alice.subscription.id}` }],
      ["assign a seat", { method: "POST", path: "/v1/customer-seats", body: { subscription_id: alice.subscription.id, email: uniqueEmail("made-by-a-customer") } }],
      ["revoke a seat", { method: "DELETE", path: `/v1/customer-seats/${victim.pending}` }],
      ["list webhook endpoints", { path: "/v1/webhooks/endpoints" }],
      ["create a webhook endpoint", { method: "POST", path: "/v1/webhooks/endpoints", body: { url: "http://127.0.0.1:9/hook", format: "raw", events: [] } }],
    ];
    const portal: [string, RawRequest][] = [
      ["the seat activity log", { path: `${SEATS}/events?subscription_id=${alice.subscription.id}` }],
      ["bulk assign", { method: "POST", path: `${SEATS}/bulk`, body: { subscription_id: alice.subscription.id, seats: [{ email: uniqueEmail("bulk") }] } }],
      ["assign", { method: "POST", path: SEATS, body: { subscription_id: alice.subscription.id, email: uniqueEmail("made-by-an-organization") } }],
    ];
    const cases: Case[] = [
      ...merchant.map(([name, req]): Case => ({ name: `customer token: ${name}`, request: { ...req, token: alice.ownerToken }, expected: unauthorized })),
      ...portal.map(([name, req]): Case => ({ name: `organization token: ${name}`, request: { ...req, token: organizationToken }, expected: unauthorized })),
    ];
    const { failures, diff } = await expectRefusedWithoutChange(cases);
    recordFigures("authorization: wrong kind of token", { requests: cases.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("another customer's container on the portal's own extensions (activity log, bulk assign) answers 404 and changes nothing", async () => {
    const cases: Case[] = [alice.otherToken, orgB.ownerToken, victim.holderToken].flatMap((token, i): Case[] => [
      { name: `${i}: activity log of the subscription`, request: { path: `${SEATS}/events?subscription_id=${alice.subscription.id}`, token }, expected: { status: 404, error: "ResourceNotFound" } },
      { name: `${i}: activity log of the order`, request: { path: `${SEATS}/events?order_id=${alice.order.id}`, token }, expected: { status: 404, error: "ResourceNotFound" } },
      {
        name: `${i}: bulk assign on the subscription`,
        request: { method: "POST", path: `${SEATS}/bulk`, token, body: { subscription_id: alice.subscription.id, seats: [{ email: uniqueEmail("bulk-intruder") }] } },
        expected: { status: 404, error: "ResourceNotFound" },
      },
    ]);
    const { failures, diff } = await expectRefusedWithoutChange(cases, { except: ["rate_limit_buckets"] });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });
});

describe("tokens", () => {
  it("expired, revoked, unknown, malformed and organization tokens on every customer-portal route → 401, and nothing changes", async () => {
    const { prisma } = db;
    const expired = await createCustomerSessionToken(prisma, alice.owner.id, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createCustomerSessionToken(prisma, alice.owner.id, { revokedAt: new Date() });
    const deletedCustomer = await prisma.customer.create({
      data: { organizationId: alice.organization.id, email: uniqueEmail("deleted"), emailKey: uniqueEmail("deleted-key"), deletedAt: new Date() },
    });
    const ofDeleted = await createCustomerSessionToken(prisma, deletedCustomer.id);
    const { token: organizationToken } = await createOrganizationToken(prisma, alice.organization.id);
    // The session a claim gave, after the seat was revoked: bound to the seat, it ends with it.
    const seatEmail = uniqueEmail("bound");
    const bound = await ok({ method: "POST", path: SEATS, token: alice.ownerToken, body: { subscription_id: alice.subscription.id, email: seatEmail } });
    const claim = await ok({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitationTokenFrom(await stack.mailbox!.waitForEmail(seatEmail)) } });
    await ok({ method: "DELETE", path: `${SEATS}/${bound.id as string}`, token: alice.ownerToken });
    const afterRevoke = claim.customer_session_token as string;
    const real = alice.ownerToken;

    const credentials: [string, { token?: string; authorization?: string }][] = [
      ["no Authorization header", {}],
      ["an expired customer session", { token: expired }],
      ["a revoked customer session", { token: revoked }],
      ["a session of a deleted customer", { token: ofDeleted }],
      ["a seat-bound session after its seat was revoked", { token: afterRevoke }],
      ["an unknown polar_cst_ token", { token: `polar_cst_${"A".repeat(43)}` }],
      ["a real token under another prefix (polar_pat_)", { token: real.replace("polar_cst_", "polar_pat_") }],
      ["a real token without its prefix", { token: real.replace("polar_cst_", "") }],
      ["a real token with its prefix upper-cased", { token: real.replace("polar_cst_", "POLAR_CST_") }],
      ["a real token with a character changed", { token: real.slice(0, -1) + (real.endsWith("A") ? "B" : "A") }],
      ["an organization token (polar_oat_)", { token: organizationToken }],
      ["Basic credentials", { authorization: `Basic ${Buffer.from(`x:${real}`).toString("base64")}` }],
      ["the token without the Bearer scheme", { authorization: real }],
      ["two tokens", { authorization: `Bearer ${real} ${real}` }],
    ];
    const routes: [string, RawRequest][] = [
      ["list seats", { path: `${SEATS}?subscription_id=${alice.subscription.id}` }],
      ["assign", { method: "POST", path: SEATS, body: { subscription_id: alice.subscription.id, email: uniqueEmail("nobody") } }],
      ["revoke", { method: "DELETE", path: `${SEATS}/${victim.pending}` }],
      ["resend", { method: "POST", path: `${SEATS}/${victim.pending}/resend` }],
      ["claimed subscriptions", { path: CLAIMED }],
      ["claimed subscriptions, paged", { path: `${CLAIMED}?page=1&limit=10` }],
    ];
    const cases: Case[] = credentials.flatMap(([label, credential]) =>
      routes.map(([route, req]): Case => ({ name: `${route} with ${label}`, request: { ...req, ...credential }, expected: { status: 401, error: "Unauthorized" } })),
    );
    const { failures, diff } = await expectRefusedWithoutChange(cases);
    recordFigures("authorization: customer-portal tokens", { requests: cases.length, credentials: credentials.length, routes: routes.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("customer, expired, revoked, unknown and malformed tokens on POST /v1/customer-sessions/ → 401, a token without the scope → 403, and nothing changes", async () => {
    const { prisma } = db;
    const orgId = alice.organization.id;
    const expired = await createOrganizationToken(prisma, orgId, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createOrganizationToken(prisma, orgId, { revokedAt: new Date() });
    const readOnly = await createOrganizationToken(prisma, orgId, { scopes: ["customers:read", "customer_seats:read"] });
    const valid = await createOrganizationToken(prisma, orgId);
    const body = { customer_id: alice.owner.id };
    const unauthorized = { status: 401, error: "Unauthorized" };
    const credentials: [string, { token?: string; authorization?: string }, { status: number; error: string }][] = [
      ["no Authorization header", {}, unauthorized],
      ["a customer session token (polar_cst_)", { token: alice.ownerToken }, unauthorized],
      ["an expired organization token", { token: expired.token }, unauthorized],
      ["a revoked organization token", { token: revoked.token }, unauthorized],
      ["an unknown polar_oat_ token", { token: `polar_oat_${"A".repeat(43)}` }, unauthorized],
      ["a real token under another prefix (polar_pat_)", { token: valid.token.replace("polar_oat_", "polar_pat_") }, unauthorized],
      ["a real token without its prefix", { token: valid.token.replace("polar_oat_", "") }, unauthorized],
      ["Basic credentials", { authorization: `Basic ${Buffer.from(`x:${valid.token}`).toString("base64")}` }, unauthorized],
      ["a token without customer_sessions:write", { token: readOnly.token }, { status: 403, error: "NotPermitted" }],
    ];
    const cases: Case[] = credentials.flatMap(([label, credential, expected]) =>
      ["/v1/customer-sessions/", "/v1/customer-sessions"].map((path): Case => ({ name: `${path} with ${label}`, request: { method: "POST", path, body, ...credential }, expected })),
    );
    const { failures, diff } = await expectRefusedWithoutChange(cases);
    recordFigures("authorization: merchant tokens", { requests: cases.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
    // The control: the valid token does open a session for this customer.
    const created = await request(stack.url, { method: "POST", path: "/v1/customer-sessions/", token: valid.token, body });
    expect(created.status).toBe(201);
  });
});

describe("portal pages", () => {
  it("another customer's subscription and order pages answer 404 to a signed-in customer, as ones that do not exist; another organization's portal does not know them", async () => {
    const { token } = await createOrganizationToken(db.prisma, alice.organization.id);
    const created = await request(stack.url, { method: "POST", path: "/v1/customer-sessions/", token, body: { customer_id: alice.other.id } });
    expect(created.status).toBe(201);
    const link = new URL((created.json as JsonObject).customer_portal_url as string);
    const opened = await fetch(`${stack.url}/${alice.organization.slug}/portal/session${link.search}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
    expect(opened.status).toBe(303);
    const cookie = cookieHeader(cookiesOf(opened));
    const page = async (path: string) => {
      const response = await fetch(`${stack.url}${path}`, { headers: { cookie }, redirect: "manual" });
      await response.text();
      return `${response.status}${response.status >= 300 && response.status < 400 ? ` ${new URL(response.headers.get("location")!, stack.url).pathname}` : ""}`;
    };
    const base = `/${alice.organization.slug}/portal`;
    const statuses = {
      own: await page(`${base}/subscriptions/${alice.otherSubscription.id}`),
      "Alice's subscription": await page(`${base}/subscriptions/${alice.subscription.id}`),
      "Alice's order": await page(`${base}/orders/${alice.order.id}`),
      "another organization's subscription": await page(`${base}/subscriptions/${orgB.subscription.id}`),
      "another organization's order": await page(`${base}/orders/${orgB.order.id}`),
      "a subscription that does not exist": await page(`${base}/subscriptions/${crypto.randomUUID()}`),
      "another organization's portal": await page(`/${orgB.organization.slug}/portal/subscriptions/${orgB.subscription.id}`),
      // The container's sub-pages and exports (where the build has them): never another customer's.
      ...Object.fromEntries(
        await Promise.all(["activity", "activity.csv", "seats.csv", "bulk"].map(async (sub) => [`Alice's subscription/${sub}`, await page(`${base}/subscriptions/${alice.subscription.id}/${sub}`)])),
      ),
    };
    expect(statuses).toEqual({
      own: "200",
      "Alice's subscription": "404",
      "Alice's order": "404",
      "another organization's subscription": "404",
      "another organization's order": "404",
      "a subscription that does not exist": "404",
      "another organization's portal": `307 /${orgB.organization.slug}/portal/sign-in`,
      "Alice's subscription/activity": "404",
      "Alice's subscription/activity.csv": "404",
      "Alice's subscription/seats.csv": "404",
      "Alice's subscription/bulk": "404",
    });
  });
});

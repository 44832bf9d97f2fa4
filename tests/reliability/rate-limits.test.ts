// Abuse limits (issue 4, property 5): assign (per customer), resend (per seat and per
// customer) and email sign-in (per address) are counted in PostgreSQL, so two instances
// behind one balancer, and an instance started later, count together; a refusal is 429
// TooManyRequests with Retry-After and writes nothing. Small limits keep the test short.
// Email sign-in is also limited per client address (issue 21, item 6), so that a stranger
// asking for someone's links cannot lock them out.
import { createHash } from "node:crypto";
import { formFields } from "./fixtures/forms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { requestSignInLink } from "./fixtures/auth-flow";
import { recordFigures } from "./fixtures/figures";
import { errorName, refusalShapeProblem, request, tally, type JsonObject, type Reply } from "./fixtures/http";
import { FULL_SCALE } from "./fixtures/scale";
import { startStack, type Stack } from "./fixtures/stack";
import { createTenant, uniqueEmail, type Tenant } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const LIMITS = { assign: 4, resendPerSeat: 2, resendPerCustomer: 5, signIn: 3 };

let stack: Stack;
/** Instance `i` of the two (alternating requests between them, as a balancer would). */
const instance = (i: number) => stack.servers[i % 2]!.url;

beforeAll(async () => {
  stack = await startStack({
    instances: 2,
    env: {
      RATE_LIMIT_ASSIGN_PER_MINUTE: String(LIMITS.assign),
      RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: String(LIMITS.resendPerSeat),
      // The hourly limits are what this file counts; the minute between two resends of a seat
      // has its own tests (tests/seats/resend-invitation.test.ts, the API suite).
      RESEND_COOLDOWN_SECONDS: "0",
      RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: String(LIMITS.resendPerCustomer),
      RATE_LIMIT_SIGN_IN_PER_EMAIL_PER_HOUR: String(LIMITS.signIn),
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function expectTooManyRequests(reply: Reply, maxSeconds: number) {
  expect(`${reply.status} ${errorName(reply)}`, reply.text).toBe("429 TooManyRequests");
  expect(refusalShapeProblem(reply)).toBeNull();
  const retryAfter = Number(reply.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

const assign = (url: string, tenant: Tenant, email = uniqueEmail("limited")) =>
  request(url, { method: "POST", path: SEATS, token: tenant.ownerToken, body: { subscription_id: tenant.subscription.id, email } });

async function bucket(key: string) {
  const { rows } = await stack.db.pool.query<{ key: string; points: number }>(`SELECT key, points FROM rate_limit_buckets WHERE key = $1`, [key]);
  return rows[0] ?? null;
}

describe("assign, per customer", () => {
  it("an assign over the customer's per-minute limit is 429 with Retry-After on either instance, and on one started later; nothing is written", async () => {
    const tenant = await createTenant(stack.db.prisma, { seats: 20 });
    const replies: Reply[] = [];
    for (let i = 0; i < LIMITS.assign + 2; i++) replies.push(await assign(instance(i), tenant));
    expect(replies.slice(0, LIMITS.assign).map((r) => r.status)).toEqual(Array(LIMITS.assign).fill(200));
    const retryAfter = replies.slice(LIMITS.assign).map((r) => expectTooManyRequests(r, 60));

    // An instance that was not running when the limit tripped knows it from the database.
    const late = await stack.addServer();
    expectTooManyRequests(await assign(late.url, tenant), 60);

    expect(await stack.db.prisma.customerSeat.count({ where: { subscriptionId: tenant.subscription.id } })).toBe(LIMITS.assign);
    expect(await stack.db.prisma.seatEvent.count({ where: { subscriptionId: tenant.subscription.id } })).toBe(LIMITS.assign);
    expect((await bucket(`assign:customer:${tenant.owner.id}`))?.points).toBeGreaterThanOrEqual(LIMITS.assign + 1);
    // Another customer has a budget of their own.
    expect((await request(instance(1), { method: "POST", path: SEATS, token: tenant.otherToken, body: { subscription_id: tenant.otherSubscription.id, email: uniqueEmail() } })).status).toBe(200);
    recordFigures("rate limits: assign", { limit: LIMITS.assign, instances: 3, statuses: tally(replies, (r) => r.status), retryAfter });
  });

  it("a concurrent burst over two instances lets exactly the limit through", async () => {
    const tenant = await createTenant(stack.db.prisma, { seats: 50 });
    const burst = await Promise.all(Array.from({ length: 16 }, (_, i) => assign(instance(i), tenant)));
    const statuses = tally(burst, (r) => `${r.status} ${r.status === 200 ? "" : errorName(r)}`.trim());
    recordFigures("rate limits: assign burst", { requests: burst.length, statuses });
    expect(statuses).toEqual({ "200": LIMITS.assign, "429 TooManyRequests": 16 - LIMITS.assign });
    expect(await stack.db.prisma.customerSeat.count({ where: { subscriptionId: tenant.subscription.id } })).toBe(LIMITS.assign);
  });

  it.runIf(FULL_SCALE)("the limit lifts once Retry-After has passed", async () => {
    const tenant = await createTenant(stack.db.prisma, { seats: 20 });
    for (let i = 0; i < LIMITS.assign; i++) expect((await assign(instance(i), tenant)).status).toBe(200);
    const retryAfter = expectTooManyRequests(await assign(instance(0), tenant), 60);
    await new Promise((resolve) => setTimeout(resolve, (retryAfter + 1) * 1000));
    expect((await assign(instance(1), tenant)).status).toBe(200);
  }, 90_000);
});

/** A pending seat of the tenant's owner, and its mailed link. */
async function pendingSeat(tenant: Tenant) {
  const email = uniqueEmail("resend");
  const reply = await request(stack.url, { method: "POST", path: SEATS, token: tenant.ownerToken, body: { subscription_id: tenant.subscription.id, email } });
  expect(reply.status).toBe(200);
  return { id: (reply.json as JsonObject).id as string, email };
}

const resend = (url: string, tenant: Tenant, seatId: string) => request(url, { method: "POST", path: `${SEATS}/${seatId}/resend`, token: tenant.ownerToken });

describe("resend, per seat and per customer", () => {
  it("a resend of one seat over its hourly limit is 429 on either instance; the link does not rotate and no email goes out", async () => {
    const tenant = await createTenant(stack.db.prisma, { seats: 10 });
    const seat = await pendingSeat(tenant);
    const replies: Reply[] = [];
    for (let i = 0; i < LIMITS.resendPerSeat; i++) replies.push(await resend(instance(i), tenant, seat.id));
    expect(replies.map((r) => r.status)).toEqual(Array(LIMITS.resendPerSeat).fill(200));
    await stack.mailbox!.waitForEmail(seat.email, { count: 1 + LIMITS.resendPerSeat });
    const hashBefore = (await stack.db.prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).invitationTokenHash;

    const refused = [await resend(instance(0), tenant, seat.id), await resend(instance(1), tenant, seat.id)];
    const retryAfter = refused.map((r) => expectTooManyRequests(r, 3600));
    expect((await stack.db.prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).invitationTokenHash).toBe(hashBefore);
    // Of the links mailed so far, exactly one still works (two instances send, so mails may arrive out of order).
    const links = (await stack.mailbox!.to(seat.email)).map(invitationTokenFrom);
    const working = [];
    for (const token of links) if ((await request(stack.url, { path: `/v1/customer-seats/claim/${token}` })).status === 200) working.push(token);
    expect(working).toHaveLength(1);
    expect(createHash("sha256").update(working[0]!).digest("hex")).toBe(hashBefore);
    expect(await stack.db.prisma.seatEvent.count({ where: { seatId: seat.id, type: "resent" } })).toBe(LIMITS.resendPerSeat);
    expect(await stack.db.prisma.emailOutbox.count({ where: { recipient: seat.email } })).toBe(1 + LIMITS.resendPerSeat);

    // Another seat of the same customer has its own budget.
    const other = await pendingSeat(tenant);
    expect((await resend(instance(1), tenant, other.id)).status).toBe(200);
    recordFigures("rate limits: resend per seat", { limit: LIMITS.resendPerSeat, statuses: tally([...replies, ...refused], (r) => r.status), retryAfter });
  });

  it("a resend over the customer's hourly limit is 429, counted across seats and instances", async () => {
    const tenant = await createTenant(stack.db.prisma, { seats: 10 });
    const seats = [await pendingSeat(tenant), await pendingSeat(tenant), await pendingSeat(tenant)];
    // 2 + 2 + 1: within every seat's own limit, the customer's fifth.
    const plan = [seats[0]!, seats[0]!, seats[1]!, seats[1]!, seats[2]!];
    const replies: Reply[] = [];
    for (const [i, seat] of plan.entries()) replies.push(await resend(instance(i), tenant, seat.id));
    expect(replies.map((r) => r.status)).toEqual(Array(LIMITS.resendPerCustomer).fill(200));
    const refused = await resend(instance(1), tenant, seats[2]!.id);
    const retryAfter = expectTooManyRequests(refused, 3600);
    expect(await stack.db.prisma.seatEvent.count({ where: { seatId: seats[2]!.id, type: "resent" } })).toBe(1);
    expect((await bucket(`resendPerCustomer:customer:${tenant.owner.id}`))?.points).toBeGreaterThanOrEqual(LIMITS.resendPerCustomer + 1);
    recordFigures("rate limits: resend per customer", { limit: LIMITS.resendPerCustomer, statuses: tally([...replies, refused], (r) => r.status), retryAfter });
  });
});

describe("email sign-in, per address", () => {
  it("no sign-in link over the hourly limit goes to one address, whichever instance and however the address is cased", async () => {
    const tenant = await createTenant(stack.db.prisma);
    const email = tenant.owner.email;
    const callback = `/${tenant.organization.slug}/portal`;
    const spellings = [email, email.toUpperCase(), email[0]!.toUpperCase() + email.slice(1)];
    const accepted = [];
    for (let i = 0; i < LIMITS.signIn; i++) accepted.push((await requestSignInLink(instance(i), spellings[i % spellings.length]!, callback)).response);
    for (const response of accepted) expect(`${response.status} ${response.headers.get("location")}`).toMatch(/^302 .*\/api\/auth\/verify-request/);
    await stack.mailbox!.waitForEmail(email, { count: LIMITS.signIn });

    for (let i = 0; i < 2; i++) await requestSignInLink(instance(i), spellings[(i + 1) % spellings.length]!, callback);
    // The outbox is the only way out: no fourth sign-in link was queued, none arrives.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const queued = await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox WHERE kind = 'sign_in_link' AND lower(recipient) = lower($1)`, [email]);
    expect(queued.rows[0]!.n).toBe(LIMITS.signIn);
    expect(await stack.mailbox!.to(email)).toHaveLength(LIMITS.signIn);
    // Refused before Auth.js runs: the bucket holds exactly the links that went out.
    expect((await bucket(`signInPerEmail:${email.toLowerCase()}`))?.points).toBe(LIMITS.signIn);
  });

  it("a refused sign-in answers 429 TooManyRequests with Retry-After", async () => {
    const tenant = await createTenant(stack.db.prisma);
    const callback = `/${tenant.organization.slug}/portal`;
    for (let i = 0; i < LIMITS.signIn; i++) await requestSignInLink(instance(i), tenant.owner.email, callback);
    const { response } = await requestSignInLink(instance(0), tenant.owner.email, callback);
    recordFigures("rate limits: sign-in refusal", { status: response.status, location: response.headers.get("location"), retryAfter: response.headers.get("retry-after") });
    expect(`${response.status} ${response.headers.get("location")}`).toBe("429 null");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("a refused sign-in writes nothing (no verification token is stored for a link that is never sent)", async () => {
    const tenant = await createTenant(stack.db.prisma);
    const callback = `/${tenant.organization.slug}/portal`;
    for (let i = 0; i < LIMITS.signIn + 3; i++) await requestSignInLink(instance(i), tenant.owner.email, callback);
    const stored = await stack.db.prisma.verificationToken.count({ where: { identifier: tenant.owner.email.toLowerCase() } });
    recordFigures("rate limits: sign-in refusal writes", { attempts: LIMITS.signIn + 3, limit: LIMITS.signIn, verificationTokensStored: stored });
    expect(stored).toBe(LIMITS.signIn);
  });
});

describe("email sign-in, per client address: a stranger cannot lock an address's owner out", () => {
  // Behind one trusted proxy, as a deployment behind a load balancer: X-Forwarded-For's last
  // entry is the client (the test plays the proxy). The per-address and per-client-and-
  // address limits keep their defaults (20 and 5); the per-client one is small to keep the
  // test short.
  const PER_CLIENT = 8;
  const DEFAULT_PER_CLIENT_AND_ADDRESS = 5;
  let proxied: Stack;

  beforeAll(async () => {
    proxied = await startStack({ env: { TRUSTED_PROXY_HOPS: "1", RATE_LIMIT_SIGN_IN_PER_CLIENT_PER_HOUR: String(PER_CLIENT) } });
  });

  afterAll(async () => {
    await proxied?.stop();
  });

  const from = (client: string) => ({ "x-forwarded-for": client });

  /** The portal's own sign-in form, posted as a browser without JavaScript would, from `client`. */
  async function portalSignIn(tenant: Tenant, email: string, client: string) {
    const path = `/${tenant.organization.slug}/portal/sign-in`;
    const html = await (await fetch(`${proxied.url}${path}`)).text();
    const body = new FormData();
    for (const [name, value] of formFields(html, (form) => form.includes('name="email"'))) if (name !== "email") body.append(name, value);
    body.append("email", email);
    const response = await fetch(`${proxied.url}${path}`, { method: "POST", body, redirect: "manual", headers: { origin: new URL(proxied.url).origin, ...from(client) } });
    return { status: response.status, location: response.headers.get("location"), text: await response.text() };
  }

  it("ten requests for an address from one client (the number that used to lock it for an hour) leave its owner able to sign in from their own address", async () => {
    const tenant = await createTenant(proxied.db.prisma);
    const email = tenant.owner.email;
    const callback = `/${tenant.organization.slug}/portal`;
    // Spellings Auth.js sends to the same inbox count as one address.
    const spellings = [email, email.toUpperCase(), ` ${email}`, `${email},evil.example`];
    const stranger: Reply[] = [];
    for (let i = 0; i < 10; i++) {
      const { response } = await requestSignInLink(proxied.url, spellings[i % spellings.length]!, callback, from("198.51.100.7"));
      stranger.push({ status: response.status, headers: response.headers, text: "", json: undefined, ms: 0 });
    }
    // The owner, elsewhere: through Auth.js's endpoint and through the portal's form.
    const owner = await requestSignInLink(proxied.url, email, callback, from("203.0.113.20"));
    const form = await portalSignIn(tenant, email, "2001:db8:1:2::20");
    recordFigures("rate limits: sign-in lockout attempt", { stranger: tally(stranger, (r) => r.status), owner: owner.response.status, ownerForm: form.status });
    expect(`${owner.response.status} ${owner.response.headers.get("location")}`).toMatch(/^302 .*\/api\/auth\/verify-request/);
    expect(`${form.status} ${form.location}`).toMatch(/^303 .*sign-in\?sent=/);
    await proxied.mailbox!.waitForEmail(email, { count: DEFAULT_PER_CLIENT_AND_ADDRESS + 2 });

    // The stranger got as many links as one client may ask for one address, then 429.
    expect(stranger.map((r) => r.status)).toEqual([...Array(DEFAULT_PER_CLIENT_AND_ADDRESS).fill(302), ...Array(10 - DEFAULT_PER_CLIENT_AND_ADDRESS).fill(429)]);
    expect(Number(stranger.at(-1)!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("the portal's form says when this network asked for too many links to one address", async () => {
    const tenant = await createTenant(proxied.db.prisma);
    const email = tenant.owner.email;
    for (let i = 0; i < DEFAULT_PER_CLIENT_AND_ADDRESS; i++) expect((await portalSignIn(tenant, email, "198.51.100.8")).status).toBe(303);
    const refused = await portalSignIn(tenant, email, "198.51.100.8");
    expect(refused.status).toBe(200);
    expect(refused.text).toContain("Too many sign-in links were asked for from your network.");
    expect((await portalSignIn(tenant, email, "198.51.100.9")).status).toBe(303);
  });

  it("one client is refused past its hourly limit across addresses (429); another client is not, and an IPv6 client counts as its /64", async () => {
    const tenant = await createTenant(proxied.db.prisma);
    const callback = `/${tenant.organization.slug}/portal`;
    const replies: number[] = [];
    // Two addresses of one /64: one client.
    for (let i = 0; i < PER_CLIENT + 1; i++) {
      const client = i % 2 ? "2001:db8:7:7::1" : "2001:0db8:0007:0007:ffff::2";
      replies.push((await requestSignInLink(proxied.url, uniqueEmail("sweep"), callback, from(client))).response.status);
    }
    expect(replies).toEqual([...Array(PER_CLIENT).fill(302), 429]);
    expect((await requestSignInLink(proxied.url, uniqueEmail("sweep"), callback, from("2001:db8:7:8::1"))).response.status).toBe(302);
  });

  it("without a trusted proxy a client cannot choose its address: X-Forwarded-For is replaced by the connection's", async () => {
    const tenant = await createTenant(stack.db.prisma);
    const email = uniqueEmail("spoof");
    await requestSignInLink(stack.url, email, `/${tenant.organization.slug}/portal`, from("192.0.2.99"));
    expect(await bucket(`signInPerClient:192.0.2.99`)).toBeNull();
    expect(await bucket(`signInPerClientAndEmail:127.0.0.1 ${email}`)).not.toBeNull();
  });
});

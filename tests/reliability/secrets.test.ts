// Secrets (issue 4, property 4): after a full flow through every door (the seed's
// organization token, customer sessions from the merchant API, a webhook endpoint,
// invitations mailed, resent and claimed, a vendor's portal link, an email sign-in), no
// table and no line of the server's log holds a raw token; each token is stored as its
// SHA-256 (the webhook secret, which must be read back to sign, sealed). Invitation
// links, customer sessions, sign-in links and browser sessions expire, by the clock.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/demo-data";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { cookieHeader, cookiesOf, followSignInLink, requestSignInLink, signInByEmail, signInLinkFrom } from "./fixtures/auth-flow";
import { findSecretsInTables, secretForms } from "./fixtures/database-scan";
import { recordFigures } from "./fixtures/figures";
import { errorName, request, type JsonObject } from "./fixtures/http";
import { waitFor } from "./fixtures/wait";
import { startStack, type Stack } from "./fixtures/stack";
import { uniqueEmail } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let stack: Stack;
// A second server whose customer sessions live 3 s and invitation links 5.4 s, for expiry by the clock.
let short: Stack;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  // The webhook endpoint points at a closed local port (deliveries fail fast, offline).
  [stack, short] = await Promise.all([startStack({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } }), startStack({ env: { CUSTOMER_SESSION_TTL_MINUTES: "0.05", INVITATION_TTL_HOURS: "0.0015" } })]);
  demo = await seedDemo(stack.db.prisma);
});

afterAll(async () => {
  await Promise.all([stack?.stop(), short?.stop()]);
});

const portal = () => `/${demo.organization.slug}/portal`;

async function customerSession(body: Record<string, string>) {
  const reply = await request(stack.url, { method: "POST", path: "/v1/customer-sessions/", token: demo.organization_access_token, body });
  expect(reply.status, reply.text).toBe(201);
  return reply.json as JsonObject;
}

async function assignAndMail(token: string, email: string, count = 1) {
  const reply = await request(stack.url, { method: "POST", path: SEATS, token, body: { subscription_id: demo.subscriptions[0]!.id, email } });
  expect(reply.status, reply.text).toBe(200);
  return { seat: reply.json as JsonObject, invitation: invitationTokenFrom(await stack.mailbox!.waitForEmail(email, { count })) };
}

/** Follows a portal address the way a browser does (303s and 307s), collecting cookies. */
async function browse(path: string, cookies = new Map<string, string>()) {
  let url = `${stack.url}${path}`;
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: cookieHeader(cookies), "sec-fetch-dest": "document" } });
    cookiesOf(response, cookies);
    const location = response.headers.get("location");
    const text = await response.text();
    if (!location || response.status < 300 || response.status >= 400) return { status: response.status, text, url, cookies };
    url = new URL(location, url).toString().replace(/^https?:\/\/[^/]+/, stack.url);
  }
  throw new Error(`too many redirects from ${path}`);
}

describe("tokens at rest and in the log", () => {
  it("a full flow leaves no raw token in any table nor in the server's log; each is stored as its SHA-256", async () => {
    const [alice, bob] = demo.customers;
    const secrets: Record<string, string> = { "organization token (seed)": demo.organization_access_token };

    const aliceSession = await customerSession({ customer_id: alice!.id });
    secrets["customer session (merchant API)"] = aliceSession.token as string;
    const t1 = aliceSession.token as string;

    // A webhook endpoint: its signing secret is shown once, and seat events are queued for it.
    const hook = await request(stack.url, {
      method: "POST",
      path: "/v1/webhooks/endpoints",
      token: demo.organization_access_token,
      body: { url: "http://127.0.0.1:9/seat-portal-hook", format: "raw", events: ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"] },
    });
    expect(hook.status, hook.text).toBe(201);
    secrets["webhook signing secret"] = (hook.json as JsonObject).secret as string;

    const invitee = uniqueEmail("secret");
    const first = await assignAndMail(t1, invitee);
    secrets["invitation token (assign)"] = first.invitation;
    // With an Idempotency-Key, the answer is kept to be replayed: it must hold no secret either.
    const resend = { method: "POST" as const, path: `${SEATS}/${first.seat.id as string}/resend`, token: t1, headers: { "idempotency-key": `resend-${Date.now()}` } };
    expect((await request(stack.url, resend)).status).toBe(200);
    expect((await request(stack.url, resend)).status).toBe(200);
    const second = invitationTokenFrom(await stack.mailbox!.waitForEmail(invitee, { count: 2 }));
    expect(await stack.mailbox!.to(invitee), "the replayed resend sent nothing").toHaveLength(2);
    secrets["invitation token (resend)"] = second;
    // The claim page and the public claim endpoints, with live and dead tokens.
    expect((await browse(`${portal()}/claim?token=${second}`)).status).toBe(200);
    expect((await request(stack.url, { path: `/v1/customer-seats/claim/${second}` })).status).toBe(200);
    expect((await request(stack.url, { path: `/v1/customer-seats/claim/${first.invitation}` })).status).toBe(404);
    expect((await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: first.invitation } })).status).toBe(400);
    expect((await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", rawBody: `{"invitation_token":"${second}"` })).status).toBe(422);
    const claim = await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: second } });
    expect(claim.status, claim.text).toBe(200);
    secrets["member session (claim)"] = (claim.json as JsonObject).customer_session_token as string;
    expect((await request(stack.url, { path: "/v1/customer-portal/seats/subscriptions", token: secrets["member session (claim)"] })).status).toBe(200);
    const mistyped = `polar_cst_${"Q".repeat(20)}${Date.now()}`;
    secrets["a mistyped customer session"] = mistyped;
    expect((await request(stack.url, { path: SEATS, token: mistyped })).status).toBe(401);

    // The vendor's portal link, traded once for a browser session.
    const bobSession = await customerSession({ external_customer_id: bob!.external_id! });
    secrets["customer session (portal link)"] = bobSession.token as string;
    const portalUrl = new URL(bobSession.customer_portal_url as string);
    const viaLink = await browse(`${portalUrl.pathname}${portalUrl.search}`);
    expect(viaLink.status).toBe(200);
    expect(viaLink.text).toContain(bob!.email);
    secrets["browser session (portal link)"] = viaLink.cookies.get("authjs.session-token")!;

    // Email sign-in: the link's token and the session cookie it sets.
    const signedIn = await signInByEmail(stack.url, stack.mailbox!, alice!.email, portal());
    secrets["sign-in link token"] = signedIn.magicToken;
    secrets["browser session (email sign-in)"] = signedIn.sessionToken;
    const page = await browse(portal(), signedIn.cookies);
    expect(page.status).toBe(200);
    expect(page.text).toContain(alice!.email);
    // A link opened twice (a mail scanner first), and one with a mangled token: Auth.js logs both failures.
    expect((await followSignInLink(signedIn.linkUrl)).sessionToken).toBeNull();
    const mangled = `${signedIn.magicToken.slice(0, -4)}beef`;
    secrets["a mangled sign-in link token"] = mangled;
    expect((await followSignInLink(signedIn.linkUrl.replace(signedIn.magicToken, mangled))).sessionToken).toBeNull();

    // The log is really captured: a refused sign-in without its CSRF token is logged by Auth.js.
    await fetch(`${stack.url}/api/auth/signin/nodemailer`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `email=${encodeURIComponent(alice!.email)}` });
    await waitFor("every email to go out", async () => (await stack.db.prisma.emailOutbox.count({ where: { status: "pending" } })) === 0, 20_000);
    await waitFor("the log to show the refused sign-in", async () => stack.servers[0]!.logs().includes("MissingCSRF"), 5_000);

    for (const [name, secret] of Object.entries(secrets)) expect(secret, name).toMatch(/.{20,}/);
    const inTables = await findSecretsInTables(stack.db.pool, secrets);
    const log = stack.servers[0]!.logs();
    const inLog = Object.entries(secrets).filter(([, secret]) => secretForms(secret).some((form) => log.includes(form))).map(([name]) => name);

    // Stored as SHA-256: each hash is where its token is looked up.
    const hashed = await stack.db.pool.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM organization_access_tokens WHERE token_hash = $1)
            + (SELECT count(*) FROM customer_sessions WHERE token_hash = ANY($2::text[]))
            + (SELECT count(*) FROM customer_seats WHERE invitation_token_hash = $3)
            + (SELECT count(*) FROM auth_sessions WHERE session_token = ANY($4::text[]))
            + (SELECT count(*) FROM member_sessions WHERE token_hash = $5))::int AS n`,
      [
        sha256(secrets["organization token (seed)"]!),
        [secrets["customer session (merchant API)"]!, secrets["customer session (portal link)"]!].map(sha256),
        sha256(secrets["invitation token (resend)"]!),
        [secrets["browser session (portal link)"]!, secrets["browser session (email sign-in)"]!].map(sha256),
        sha256(secrets["member session (claim)"]!),
      ],
    );
    recordFigures("secrets: at rest and in the log", {
      secrets: Object.keys(secrets).length,
      tables: Number((await stack.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`)).rows[0]!.n),
      logBytes: log.length,
      foundInTables: inTables.length,
      foundInLog: inLog,
      hashesFound: hashed.rows[0]!.n,
    });
    expect(inTables).toEqual([]);
    expect(inLog).toEqual([]);
    expect(hashed.rows[0]!.n).toBe(1 + 2 + 1 + 2 + 1);
  });
});

describe("expiry", () => {
  it("links and sessions are issued with their documented lifetimes (7 days, 60 minutes; a portal link's browser session ends with its token)", async () => {
    const session = await customerSession({ customer_id: demo.customers[0]!.id });
    const expiresIn = Date.parse(session.expires_at as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    const { seat } = await assignAndMail(session.token as string, uniqueEmail("ttl"));
    const linkLife = Date.parse(seat.invitation_token_expires_at as string) - Date.now();
    expect(linkLife).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(linkLife).toBeLessThanOrEqual(7 * 24 * 3600_000);

    const vendor = await customerSession({ customer_id: demo.customers[1]!.id });
    const url = new URL(vendor.customer_portal_url as string);
    const opened = await browse(`${url.pathname}${url.search}`);
    const cookie = opened.cookies.get("authjs.session-token")!;
    const browser = await stack.db.prisma.session.findUniqueOrThrow({ where: { sessionToken: sha256(cookie) } });
    expect(Math.abs(browser.expires.getTime() - Date.parse(vendor.expires_at as string))).toBeLessThan(1000);
  });

  it("an expired invitation link is refused everywhere (claim 400, info 404, the page says so) and resending revives it", async () => {
    const session = await customerSession({ customer_id: demo.customers[0]!.id });
    const email = uniqueEmail("expired");
    const { seat, invitation } = await assignAndMail(session.token as string, email);
    await stack.db.pool.query(`UPDATE customer_seats SET invitation_token_expires_at = now() - interval '1 second' WHERE id = $1`, [seat.id]);

    expect(`${(await request(stack.url, { path: `/v1/customer-seats/claim/${invitation}` })).status}`).toBe("404");
    const claim = await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitation } });
    expect(`${claim.status} ${errorName(claim)}`).toBe("400 InvalidInvitationToken");
    expect((await browse(`${portal()}/claim?token=${invitation}`)).text).toContain("This invitation has expired");
    expect((await stack.db.prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id as string } })).status).toBe("pending");

    expect((await request(stack.url, { method: "POST", path: `${SEATS}/${seat.id as string}/resend`, token: session.token as string })).status).toBe(200);
    const revived = invitationTokenFrom(await stack.mailbox!.waitForEmail(email, { count: 2 }));
    expect((await request(stack.url, { path: `/v1/customer-seats/claim/${revived}` })).status).toBe(200);
  });

  it("an expired customer session is refused on the API (401) and by the portal link (no browser session)", async () => {
    const session = await customerSession({ customer_id: demo.customers[0]!.id });
    const token = session.token as string;
    expect((await request(stack.url, { path: "/v1/customer-portal/seats/subscriptions", token })).status).toBe(200);
    await stack.db.pool.query(`UPDATE customer_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(token)]);
    const refused = await request(stack.url, { path: "/v1/customer-portal/seats/subscriptions", token });
    expect(`${refused.status} ${errorName(refused)}`).toBe("401 Unauthorized");

    const sessionsBefore = await stack.db.prisma.session.count();
    const url = new URL(session.customer_portal_url as string);
    const response = await fetch(`${stack.url}/${demo.organization.slug}/portal/session${url.search}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
    expect(`${response.status} ${response.headers.get("location")}`).toMatch(/^303 .*\/portal\/sign-in\?link=expired$/);
    expect(response.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token="))).toEqual([]);
    expect(await stack.db.prisma.session.count()).toBe(sessionsBefore);
  });

  it("an expired sign-in link opens no session, and an expired browser session is signed out", async () => {
    const email = demo.customers[1]!.email;
    const before = (await stack.mailbox!.to(email)).length;
    await requestSignInLink(stack.url, email, portal());
    const link = await signInLinkFrom(stack.mailbox!, stack.url, email, before + 1);
    await stack.db.pool.query(`UPDATE auth_verification_tokens SET expires = now() - interval '1 second' WHERE identifier = $1`, [email]);
    const followed = await followSignInLink(link.url);
    expect(followed.sessionToken).toBeNull();
    // Refused, back to the portal's own sign-in page, which says the link is spent.
    expect(followed.response.headers.get("location")).toBe(`${stack.url}${portal()}/sign-in?link=used`);

    const signedIn = await signInByEmail(stack.url, stack.mailbox!, email, portal());
    expect((await browse(portal(), signedIn.cookies)).url).toMatch(new RegExp(`${portal()}$`));
    await stack.db.pool.query(`UPDATE auth_sessions SET expires = now() - interval '1 second' WHERE session_token = $1`, [sha256(signedIn.sessionToken)]);
    const after = await browse(portal(), signedIn.cookies);
    expect(after.url).toMatch(/\/portal\/sign-in$/);
  });

  it("by the clock: with lifetimes of a few seconds, a customer session and an invitation link stop working on their own", async () => {
    const seeded = await seedDemo(short.db.prisma);
    const created = await request(short.url, { method: "POST", path: "/v1/customer-sessions/", token: seeded.organization_access_token, body: { customer_id: seeded.customers[0]!.id } });
    const token = (created.json as JsonObject).token as string;
    const email = uniqueEmail("clock");
    const assigned = await request(short.url, { method: "POST", path: SEATS, token, body: { subscription_id: seeded.subscriptions[0]!.id, email } });
    expect(assigned.status, assigned.text).toBe(200);
    const invitation = invitationTokenFrom(await short.mailbox!.waitForEmail(email));
    const infoBefore = await request(short.url, { path: `/v1/customer-seats/claim/${invitation}` });
    const expiresAt = Math.max(Date.parse((created.json as JsonObject).expires_at as string), Date.parse((assigned.json as JsonObject).invitation_token_expires_at as string));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 500));
    const api = await request(short.url, { path: "/v1/customer-portal/seats/subscriptions", token });
    const info = await request(short.url, { path: `/v1/customer-seats/claim/${invitation}` });
    const claim = await request(short.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitation } });
    recordFigures("secrets: expiry by the clock", { sessionSeconds: 3, invitationSeconds: 5.4, before: infoBefore.status, after: [api.status, info.status, claim.status] });
    expect(infoBefore.status).toBe(200);
    expect([api.status, info.status, `${claim.status} ${errorName(claim)}`]).toEqual([401, 404, "400 InvalidInvitationToken"]);
  });
});

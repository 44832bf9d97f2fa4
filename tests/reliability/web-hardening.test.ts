// Web hardening (issue 4, property 6): a Content-Security-Policy with a fresh nonce on
// every page (and on every script), frame-ancestors 'none', nosniff, no referrer to another
// site (same-origin: a form posted without JavaScript keeps its real Origin), HSTS in
// production; cookie-authenticated mutations refuse cross-origin requests: the vendor
// link opens a session only as a top-level navigation, Auth.js wants its CSRF token, the
// API ignores cookies, and server actions refuse a foreign Origin. Run against the shared
// production server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieHeader, cookiesOf } from "./fixtures/auth-flow";
import { recordFigures } from "./fixtures/figures";
import { request, type JsonObject } from "./fixtures/http";
import { sharedDatabase, sharedUrl } from "./fixtures/shared-server";
import { createOrganizationToken, createTenant, uniqueEmail, type Database, type Tenant } from "./fixtures/world";

let db: Database;
let tenant: Tenant;
let organizationToken: string;

beforeAll(async () => {
  db = sharedDatabase();
  tenant = await createTenant(db.prisma, { seats: 10 });
  organizationToken = (await createOrganizationToken(db.prisma, tenant.organization.id)).token;
});

afterAll(async () => {
  await db?.close();
});

const portal = () => `/${tenant.organization.slug}/portal`;

/** A vendor's portal link for the tenant's owner: its token and its path on the server under test. */
async function portalLink(customerId = tenant.owner.id) {
  const reply = await request(sharedUrl(), { method: "POST", path: "/v1/customer-sessions/", token: organizationToken, body: { customer_id: customerId } });
  expect(reply.status, reply.text).toBe(201);
  const url = new URL((reply.json as JsonObject).customer_portal_url as string);
  return { token: (reply.json as JsonObject).token as string, session: `${portal()}/session${url.search}` };
}

/** A browser session of the owner, opened by a vendor's link. */
async function signedIn(customerId = tenant.owner.id) {
  const link = await portalLink(customerId);
  const response = await fetch(`${sharedUrl()}${link.session}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
  expect(response.status).toBe(303);
  return cookiesOf(response);
}

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function expectCommonHeaders(headers: Headers, label: string) {
  expect(headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(headers.get("referrer-policy"), label).toBe("same-origin");
  expect(headers.get("x-frame-options"), label).toBe("DENY");
  const hsts = /^max-age=(\d+)(; includeSubDomains)?/.exec(headers.get("strict-transport-security") ?? "");
  expect(hsts, `${label}: Strict-Transport-Security`).not.toBeNull();
  expect(Number(hsts![1])).toBeGreaterThanOrEqual(31_536_000);
  expect(headers.get("x-powered-by"), label).toBeNull();
}

describe("security headers", () => {
  it("every page has a nonce-based CSP (a fresh nonce per response, on every script), frame-ancestors 'none', and the common headers", async () => {
    const cookies = await signedIn();
    const pages = [
      { path: `${portal()}/sign-in`, cookies: new Map<string, string>() },
      { path: `${portal()}/claim?token=nothing`, cookies: new Map<string, string>() },
      { path: portal(), cookies },
      { path: `${portal()}/subscriptions/${tenant.subscription.id}`, cookies },
      { path: `${portal()}/subscriptions/${tenant.otherSubscription.id}`, cookies },
      { path: "/no-such-page", cookies: new Map<string, string>() },
    ];
    const nonces = new Set<string>();
    let scripts = 0;
    for (const page of pages) {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${sharedUrl()}${page.path}`, { headers: { cookie: cookieHeader(page.cookies) }, redirect: "manual" });
        const html = await response.text();
        const label = `${page.path} (${response.status})`;
        expect([200, 404], label).toContain(response.status);
        const csp = directives(response.headers.get("content-security-policy"));
        const scriptSrc = csp.get("script-src") ?? [];
        const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
        expect(nonce, `${label}: script-src ${scriptSrc.join(" ")}`).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
        expect(scriptSrc).toContain("'strict-dynamic'");
        expect(scriptSrc.filter((v) => v === "'unsafe-inline'" || v === "'unsafe-eval'"), label).toEqual([]);
        expect(csp.get("frame-ancestors"), label).toEqual(["'none'"]);
        expect(csp.get("object-src"), label).toEqual(["'none'"]);
        expect(csp.get("base-uri"), label).toEqual(["'self'"]);
        expect(csp.get("form-action"), label).toEqual(["'self'"]);
        expect(csp.get("default-src"), label).toEqual(["'self'"]);
        expectCommonHeaders(response.headers, label);
        // Every script the page carries holds this response's nonce: nothing else would run.
        const tags = html.match(/<script\b[^>]*>/g) ?? [];
        expect(tags.length, label).toBeGreaterThan(0);
        expect(tags.filter((tag) => !tag.includes(`nonce="${nonce}"`)), label).toEqual([]);
        scripts += tags.length;
        expect(nonces.has(nonce!), `${label}: a nonce was used twice`).toBe(false);
        nonces.add(nonce!);
      }
    }
    recordFigures("web: page headers", { responses: pages.length * 2, distinctNonces: nonces.size, scriptsChecked: scripts });
  });

  it("the API's JSON is never framed, sniffed or cached, whatever the status", async () => {
    const responses = [
      await request(sharedUrl(), { path: `/v1/customer-portal/seats?subscription_id=${tenant.subscription.id}`, token: tenant.ownerToken }),
      await request(sharedUrl(), { path: "/v1/customer-portal/seats" }),
      await request(sharedUrl(), { method: "POST", path: "/v1/customer-portal/seats", token: tenant.ownerToken, rawBody: "{" }),
      await request(sharedUrl(), { path: "/v1/nothing-here" }),
      await request(sharedUrl(), { method: "PUT", path: "/v1/customer-portal/seats", body: {} }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 422, 404, 405]);
    for (const reply of responses) {
      const csp = directives(reply.headers.get("content-security-policy"));
      expect(csp.get("default-src"), String(reply.status)).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), String(reply.status)).toEqual(["'none'"]);
      expect(reply.headers.get("cache-control")).toBe("no-store");
      expectCommonHeaders(reply.headers, `API ${reply.status}`);
    }
  });

  it("browser session cookies are HttpOnly and SameSite=Lax, and Secure (__Secure-) behind HTTPS", async () => {
    const plain = await fetch(`${sharedUrl()}${(await portalLink()).session}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
    const [cookie] = plain.headers.getSetCookie();
    expect(cookie).toMatch(/^authjs\.session-token=[^;]+;/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    const secure = await fetch(`${sharedUrl()}${(await portalLink()).session}`, { redirect: "manual", headers: { "sec-fetch-dest": "document", "x-forwarded-proto": "https" } });
    const [secureCookie] = secure.headers.getSetCookie();
    expect(secureCookie).toMatch(/^__Secure-authjs\.session-token=[^;]+;/);
    expect(secureCookie).toMatch(/;\s*Secure/i);
    expect(secureCookie).toMatch(/;\s*HttpOnly/i);
  });
});

describe("cross-origin requests", () => {
  it("the vendor link opens a session only as a top-level navigation; an image, script, frame or fetch of another site neither opens one nor spends the token", async () => {
    const link = await portalLink();
    for (const destination of ["image", "script", "iframe", "empty", "style", "object"]) {
      const response = await fetch(`${sharedUrl()}${link.session}`, { redirect: "manual", headers: { "sec-fetch-dest": destination, "sec-fetch-site": "cross-site" } });
      expect(response.status, destination).toBe(404);
      expect(response.headers.getSetCookie(), destination).toEqual([]);
    }
    const navigation = await fetch(`${sharedUrl()}${link.session}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
    expect(navigation.status).toBe(303);
    expect(navigation.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);
  });

  it("the API takes no cookie as a credential: a signed-in browser's cookie on a write is 401 and writes nothing", async () => {
    const cookies = await signedIn();
    const email = uniqueEmail("cookie-write");
    const reply = await request(sharedUrl(), {
      method: "POST",
      path: "/v1/customer-portal/seats",
      headers: { cookie: cookieHeader(cookies), origin: "https://evil.example" },
      body: { subscription_id: tenant.subscription.id, email },
    });
    expect(`${reply.status} ${(reply.json as JsonObject).error}`).toBe("401 Unauthorized");
    expect(await db.prisma.customerSeat.count({ where: { email } })).toBe(0);
  });

  it("Auth.js refuses a sign-in or a sign-out posted without its CSRF token (a form on another site)", async () => {
    const email = uniqueEmail("csrf");
    const signIn = await fetch(`${sharedUrl()}/api/auth/signin/nodemailer`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ email, callbackUrl: portal() }),
    });
    expect(`${signIn.status} ${signIn.headers.get("location")}`).toMatch(/^302 .*error=MissingCSRF/);
    expect(await db.prisma.emailOutbox.count({ where: { recipient: email } })).toBe(0);
    expect(await db.prisma.verificationToken.count({ where: { identifier: email } })).toBe(0);

    const cookies = await signedIn();
    const signOut = await fetch(`${sharedUrl()}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookies), origin: "https://evil.example" },
      body: new URLSearchParams({ callbackUrl: portal() }),
    });
    expect(signOut.status).toBe(302);
    const page = await fetch(`${sharedUrl()}${portal()}`, { headers: { cookie: cookieHeader(cookies) }, redirect: "manual" });
    expect(page.status, "still signed in").toBe(200);
  });

  it("a server action posted with a foreign Origin is refused and changes nothing; the same post from the portal's origin works", async () => {
    const email = uniqueEmail("action");
    const cookies = await signedIn();
    const html = await (await fetch(`${sharedUrl()}${portal()}/subscriptions/${tenant.subscription.id}`, { headers: { cookie: cookieHeader(cookies) } })).text();
    // The invite form, as a browser without JavaScript posts it.
    const invite = formFields(html, (form) => form.includes('name="email"') && form.includes("Send invitation")).filter(([name]) => name !== "email" && name !== "metadata");
    expect(invite.some(([name]) => name.startsWith("$ACTION_")), "the form carries its server action").toBe(true);

    const post = (origin: string) => {
      const body = new FormData();
      for (const [name, value] of invite) body.append(name, value);
      body.append("email", email);
      return fetch(`${sharedUrl()}${portal()}/subscriptions/${tenant.subscription.id}`, { method: "POST", body, redirect: "manual", headers: { cookie: cookieHeader(cookies), origin } });
    };
    const results: Record<string, number> = {};
    for (const origin of ["https://evil.example", "http://127.0.0.1.evil.example", "null"]) {
      const response = await post(origin);
      await response.text();
      results[origin] = response.status;
      expect(await db.prisma.customerSeat.count({ where: { email } }), origin).toBe(0);
    }
    // Refused by the production server before Next.js (which would answer a bare 500).
    expect(results).toEqual({ "https://evil.example": 403, "http://127.0.0.1.evil.example": 403, null: 403 });

    const same = await post(new URL(sharedUrl()).origin);
    await same.text();
    results.sameOrigin = same.status;
    recordFigures("web: server action origin check", results);
    expect(same.status).toBe(200);
    expect(await db.prisma.customerSeat.count({ where: { email, status: "pending" } })).toBe(1);
  });
});

const ENTITIES: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'" };

/** The hidden and named inputs of the first form of `html` that `pick` accepts (a form posted without JavaScript). */
function formFields(html: string, pick: (form: string) => boolean): [string, string][] {
  const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find(pick);
  if (!form) throw new Error("no such form on the page");
  return [...form.matchAll(/<input\b[^>]*>/g)].map(([tag]) => {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1] ?? "";
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "";
    return [name, value.replace(/&quot;|&amp;|&lt;|&gt;|&#x27;|&#39;/g, (entity) => ENTITIES[entity]!)] as [string, string];
  });
}

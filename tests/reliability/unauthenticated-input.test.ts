// What a caller can make the server read or compute before it knows who they are (issue 21,
// items 2 and 6): the bulk-invite action authenticates before it parses the list, and the
// list is bounded and read in linear time (a run of tabs once held the event loop for
// seconds); a page path refuses a body larger than its largest form, and Auth.js's endpoint
// one larger than its forms, before reading it. Run against the shared production server.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_ROWS, SERVER_ACTION_BODY_LIMIT } from "@/lib/form-limits.mjs";
import { cookieHeader, cookiesOf, type Cookies } from "./fixtures/auth-flow";
import { recordFigures } from "./fixtures/figures";
import { decodeEntities, formFields } from "./fixtures/forms";
import { request, type JsonObject } from "./fixtures/http";
import { sharedDatabase, sharedUrl } from "./fixtures/shared-server";
import { createOrganizationToken, createTenant, type Database, type Tenant } from "./fixtures/world";

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
const bulkPath = () => `${portal()}/subscriptions/${tenant.subscription.id}/bulk`;
const TAB_BOMB = `x${"\t".repeat(60_000)}x`;

/** A browser session of the tenant's owner, opened by a vendor's link. */
async function signedIn(): Promise<Cookies> {
  const reply = await request(sharedUrl(), { method: "POST", path: "/v1/customer-sessions/", token: organizationToken, body: { customer_id: tenant.owner.id } });
  expect(reply.status, reply.text).toBe(201);
  const url = new URL((reply.json as JsonObject).customer_portal_url as string);
  const response = await fetch(`${sharedUrl()}${portal()}/session${url.search}`, { redirect: "manual", headers: { "sec-fetch-dest": "document" } });
  expect(response.status).toBe(303);
  return cookiesOf(response);
}

/**
 * The bulk page's "check" form without its list: the server action's id and its bound
 * arguments, as every bulk page carries them. Anyone who was ever signed in to any
 * portal has a copy.
 */
async function bulkCheckForm(cookies: Cookies) {
  const html = await (await fetch(`${sharedUrl()}${bulkPath()}`, { headers: { cookie: cookieHeader(cookies) } })).text();
  const fields = formFields(html, (form) => form.includes('name="list"')).filter(([name]) => name !== "list" && name !== "file");
  expect(fields.some(([name]) => name.startsWith("$ACTION_")), "the form carries its server action").toBe(true);
  return Object.assign(fields, { html });
}

/** Posts a form to a page path as a browser without JavaScript would (same origin). */
async function postForm(path: string, fields: [string, string][], cookies?: Cookies) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const started = performance.now();
  const response = await fetch(`${sharedUrl()}${path}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { origin: new URL(sharedUrl()).origin, ...(cookies ? { cookie: cookieHeader(cookies) } : {}) },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** Runs `work` while asking /api/health every 50 ms: the slowest health answer meanwhile. */
async function healthDuring<T>(work: () => Promise<T>) {
  let done = false;
  const timings: number[] = [];
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${sharedUrl()}/api/health`, { signal: AbortSignal.timeout(30_000) });
      await response.text();
      timings.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  // Let the first probe leave before the work starts, so one is always in flight with it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    return { result: await work(), healthMs: timings };
  } finally {
    done = true;
    await probe;
    timings.sort((a, b) => b - a);
  }
}

describe("the bulk-invite server action", () => {
  it("an unauthenticated post of a 60,000-tab list answers within a second, /api/health stays fast meanwhile, and nothing is written", async () => {
    const fields = await bulkCheckForm(await signedIn());
    const seatsBefore = await db.prisma.customerSeat.count({ where: { subscriptionId: tenant.subscription.id } });
    const { result, healthMs } = await healthDuring(() => postForm(bulkPath(), [...fields, ["list", TAB_BOMB]]));
    recordFigures("unauthenticated input: tab bomb, signed out", { status: result.status, ms: Math.round(result.ms), slowestHealthMs: Math.round(healthMs[0] ?? 0), healthProbes: healthMs.length });
    expect(result.status).toBeLessThan(500);
    expect(result.ms).toBeLessThan(1000);
    expect(healthMs.length).toBeGreaterThan(0);
    expect(healthMs[0]).toBeLessThan(500);
    expect(await db.prisma.customerSeat.count({ where: { subscriptionId: tenant.subscription.id } })).toBe(seatsBefore);
  });

  it("a signed-in post of the same list is refused within a second, saying why", async () => {
    const cookies = await signedIn();
    const fields = await bulkCheckForm(cookies);
    const { result, healthMs } = await healthDuring(() => postForm(bulkPath(), [...fields, ["list", TAB_BOMB]], cookies));
    recordFigures("unauthenticated input: tab bomb, signed in", { status: result.status, ms: Math.round(result.ms), slowestHealthMs: Math.round(healthMs[0] ?? 0) });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(1000);
    expect(healthMs[0]).toBeLessThan(500);
    expect(decodeEntities(result.text)).toContain("Line 1 is longer than");
  });

  it(`the largest list the page takes (${BULK_LIST_MAX_ROWS} rows, close to ${BULK_LIST_MAX_BYTES / 1024} KB) fits the server-action body limit, checked and confirmed`, async () => {
    const cookies = await signedIn();
    const fields = await bulkCheckForm(cookies);
    expect(fields.html.replaceAll("<!-- -->", ""), "the page says the bounds").toContain(`Up to ${BULK_LIST_MAX_ROWS.toLocaleString("en-US")} rows and ${BULK_LIST_MAX_BYTES / 1024} KB.`);
    // A note column pads each row so that the whole list is just under its byte bound.
    const header = "email,note\n";
    const rowBytes = Math.floor((BULK_LIST_MAX_BYTES - header.length) / BULK_LIST_MAX_ROWS) - 1;
    const rows = Array.from({ length: BULK_LIST_MAX_ROWS }, (_, i) => {
      const email = `bulk-${i}-${tenant.subscription.id.slice(0, 8)}@example.com`;
      return `${email},${"n".repeat(Math.min(400, rowBytes - email.length - 1))}`;
    });
    const list = header + rows.join("\n");
    expect(Buffer.byteLength(list)).toBeLessThanOrEqual(BULK_LIST_MAX_BYTES);
    expect(Buffer.byteLength(list)).toBeGreaterThan(BULK_LIST_MAX_BYTES * 0.8);

    const checked = await postForm(bulkPath(), [...fields, ["list", list]], cookies);
    expect(checked.status).toBe(200);
    expect(decodeEntities(checked.text)).toContain(`Checked ${BULK_LIST_MAX_ROWS.toLocaleString("en-US")} rows`);

    // The checked rows travel back in the confirm form: they fit too.
    const confirm = formFields(checked.text, (form) => form.includes('name="rows"'));
    const rowsField = confirm.find(([name]) => name === "rows")![1];
    expect(Buffer.byteLength(rowsField)).toBeGreaterThan(BULK_LIST_MAX_BYTES * 0.8);
    expect(Buffer.byteLength(rowsField)).toBeLessThan(SERVER_ACTION_BODY_LIMIT);
    const confirmed = await postForm(bulkPath(), confirm, cookies);
    expect(confirmed.status).toBe(200);
    expect(decodeEntities(confirmed.text)).toContain("Done:");
    expect(await db.prisma.customerSeat.count({ where: { subscriptionId: tenant.subscription.id, status: "pending" } })).toBeGreaterThan(0);
  });
});

/**
 * Sends the head of a POST whose body is `declared` bytes long (or chunked, without a
 * length, when null), then only `sent` bytes of it, and waits at most `waitMs` for an
 * answer: a server that answers refused the body without reading it all.
 */
function postWithoutFinishing(path: string, declared: number | null, sent: number, waitMs: number, headers: Record<string, string> = {}) {
  const url = new URL(path, sharedUrl());
  return new Promise<{ status: number | null; ms: number }>((resolve) => {
    const started = performance.now();
    const req = http.request(url, {
      method: "POST",
      headers: {
        origin: url.origin,
        "content-type": "multipart/form-data; boundary=x",
        ...(declared === null ? { "transfer-encoding": "chunked" } : { "content-length": String(declared) }),
        ...headers,
      },
    });
    const finish = (status: number | null) => {
      clearTimeout(timer);
      req.destroy();
      resolve({ status, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish(null), waitMs);
    req.on("response", (response) => {
      response.resume();
      finish(response.statusCode ?? null);
    });
    req.on("error", () => finish(null));
    req.write(Buffer.alloc(sent, "a"));
  });
}

describe("request bodies read before the caller is known", () => {
  it("a page path refuses a declared body over the server-action limit (413) without waiting for it", async () => {
    const results: Record<string, { status: number | null; ms: number }> = {};
    for (const path of [`${portal()}/sign-in`, bulkPath(), "/"]) {
      results[path] = await postWithoutFinishing(path, 20 * 1024 * 1024, 64 * 1024, 3000, { "next-action": "0".repeat(42) });
    }
    recordFigures("unauthenticated input: declared body over the limit", results);
    for (const [path, result] of Object.entries(results)) expect(result.status, path).toBe(413);
  });

  it("a page path refuses a body of unknown length (411) without waiting for it: browsers and Next.js's client always declare one", async () => {
    const result = await postWithoutFinishing(`${portal()}/sign-in`, null, 64 * 1024, 3000);
    recordFigures("unauthenticated input: chunked body to a page", result);
    expect(result.status).toBe(411);
  });

  it("Auth.js's endpoint refuses a body larger than its forms (413) without waiting for it", async () => {
    const result = await postWithoutFinishing("/api/auth/signin/nodemailer", 20 * 1024 * 1024, 64 * 1024, 3000, { "content-type": "application/x-www-form-urlencoded" });
    recordFigures("unauthenticated input: declared body over the sign-in limit", result);
    expect(result.status).toBe(413);
  });

  it("a body just under the server-action limit is still read (the sign-in form answers, not 413)", async () => {
    const padding = "p".repeat(SERVER_ACTION_BODY_LIMIT - 4096);
    const result = await postForm(`${portal()}/sign-in`, [["padding", padding]]);
    expect(result.status).not.toBe(413);
    expect(result.status).toBeLessThan(500);
  });
});

// Issue 10, item 2 (logs): in production every request writes one JSON line with its
// request id (also sent back in x-request-id, and kept when the client sent a sane one),
// the method, the route, the status and the duration; and no token, secret or email body
// ever reaches the log. One full flow is run against a server whose output is captured,
// then its whole log is read.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { createCustomer, createOrganization, createOrganizationToken, createProduct, createSubscription, uniqueEmail } from "../fixtures/factories";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import {
  OPS_SECRET,
  PUBLIC_URL,
  jsonOf,
  request,
  serverEnv,
  startAppServer,
  startMailSink,
  stopServer,
  type AppServer,
  type MailSink,
  type Reply,
  type RequestSpec,
} from "./helpers";

const SEATS = "/v1/customer-portal/seats";
const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Sent = { spec: RequestSpec; reply: Reply; route: string };
type LogEntry = { [key: string]: unknown };

let database: TestDatabase;
let mail: MailSink;
let server: AppServer;
const receiver = new WebhookReceiver();
/** Every request of the flow, with the route its log line must show. */
const sent: Sent[] = [];
/** Every secret the flow handled: none may be in the log. */
const secrets = new Map<string, string>();
let log = "";
let linesBeforeListening: string[] = [];
const entries: LogEntry[] = [];
const notJson: string[] = [];

/** The path as the log must show it: no query, the claim token masked. */
const routeOf = (path: string) => path.split("?")[0]!.replace(/(\/customer-seats\/claim\/)[^/]+/, "$1:token");

async function send(spec: RequestSpec, expectedStatus?: number): Promise<Reply> {
  const reply = await request(server.url, spec);
  sent.push({ spec, reply, route: routeOf(spec.path) });
  if (expectedStatus !== undefined) expect(reply.status, `${spec.method ?? "GET"} ${spec.path}: ${reply.text.slice(0, 300)}`).toBe(expectedStatus);
  return reply;
}

const keep = (label: string, value: unknown) => {
  expect(typeof value === "string" && value.length >= 8, `${label}: ${String(value)}`).toBe(true);
  secrets.set(label, value as string);
};

/** Follows redirects on the server under test, carrying cookies; returns the cookies set. */
async function browse(path: string, cookies: string[] = []): Promise<string[]> {
  let next: string | null = path;
  for (let hop = 0; next && hop < 5; hop++) {
    const reply = await send({ path: next, headers: cookies.length ? { cookie: cookies.join("; "), "sec-fetch-dest": "document" } : { "sec-fetch-dest": "document" } });
    expect(reply.status, `${next}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
    for (const cookie of reply.headers["set-cookie"] ?? []) cookies.push(cookie.split(";")[0]!);
    const location = reply.status >= 300 && reply.status < 400 ? reply.headers.location : undefined;
    next = location ? (() => { const url = new URL(location, PUBLIC_URL); return url.pathname + url.search; })() : null;
  }
  return cookies;
}

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  await receiver.start();
  server = await startAppServer(serverEnv(database.url, mail.smtpUrl));
  keep("AUTH_SECRET", OPS_SECRET);

  // A vendor: an organization token, a customer with a 5-seat subscription.
  const organization = await createOrganization();
  const { token: orgToken } = await createOrganizationToken(organization.id);
  keep("organization access token", orgToken);
  const product = await createProduct(organization.id);
  const owner = await createCustomer(organization.id);
  const subscription = await createSubscription(organization.id, owner.id, product.id, { seats: 5 });

  const endpoint = jsonOf(await send({ method: "POST", path: "/v1/webhooks/endpoints", token: orgToken, body: { url: receiver.url, format: "raw", events: ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"] } }, 201));
  keep("webhook secret", endpoint.secret);

  // The vendor hands the customer a portal session (two: one for the API, one traded in the browser).
  const session = jsonOf(await send({ method: "POST", path: "/v1/customer-sessions/", token: orgToken, body: { customer_id: owner.id } }, 201));
  keep("customer session token", session.token);
  const browserSession = jsonOf(await send({ method: "POST", path: "/v1/customer-sessions/", token: orgToken, body: { customer_id: owner.id } }, 201));
  keep("customer session token (browser)", browserSession.token);
  keep("customer_portal_url", browserSession.customer_portal_url);
  const portalUrl = new URL(browserSession.customer_portal_url as string);
  const cookies = await browse(portalUrl.pathname + portalUrl.search);
  // The link signed the customer in: a session cookie, then the portal page.
  expect(cookies.some((cookie) => cookie.startsWith("authjs.session-token="))).toBe(true);
  expect(sent.at(-1)!.reply.status).toBe(200);
  cookies.forEach((cookie, i) => keep(`cookie ${i} (${cookie.split("=")[0]})`, cookie.slice(cookie.indexOf("=") + 1)));
  const token = session.token as string;

  // Two invitations; the first is claimed (info read first, as the claim page does), the
  // second resent (a new link), then the first revoked.
  const first = uniqueEmail("logged");
  const second = uniqueEmail("logged");
  const seat1 = jsonOf(await send({ method: "POST", path: SEATS, token, body: { subscription_id: subscription.id, email: first } }, 200));
  const seat2 = jsonOf(await send({ method: "POST", path: SEATS, token, body: { subscription_id: subscription.id, email: second } }, 200));
  const [invitation1] = await mail.waitForEmails(first);
  const [invitation2] = await mail.waitForEmails(second);
  const token1 = invitationTokenFrom(invitation1!);
  keep("invitation token 1", token1);
  keep("invitation token 2", invitationTokenFrom(invitation2!));
  keep("claim link 1", /https?:\/\/\S+\/portal\/claim\?token=\S+/.exec(invitation1!.text)![0]);
  await send({ path: `/v1/customer-seats/claim/${token1}` }, 200);
  await browse(`/${organization.slug}/portal/claim?token=${token1}`);
  const claimed = jsonOf(await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token1 } }, 200));
  keep("claimed customer session token", claimed.customer_session_token);
  await send({ method: "POST", path: `${SEATS}/${seat2.id}/resend`, token }, 200);
  const resent = (await mail.waitForEmails(second, 2))[1]!;
  keep("invitation token 2 (resent)", invitationTokenFrom(resent));
  await send({ method: "DELETE", path: `${SEATS}/${seat1.id}`, token }, 200);
  await receiver.waitFor((types) => types.filter((t) => t.startsWith("customer_seat.")).length >= 4);

  // Failures: a 404, a 422, a 401 with a token-looking bearer, an unknown claim token, a
  // sign-in callback with a token in its query.
  await send({ path: `${SEATS}?subscription_id=${crypto.randomUUID()}`, token }, 404);
  await send({ method: "POST", path: SEATS, token, body: { subscription_id: subscription.id, email: "not-an-email" } }, 422);
  const forged = `polar_cst_${randomBytes(24).toString("hex")}`;
  keep("forged bearer token", forged);
  await send({ path: `${SEATS}?subscription_id=${subscription.id}`, token: forged }, 401);
  const unknownClaim = randomBytes(24).toString("base64url");
  keep("unknown claim token", unknownClaim);
  await send({ path: `/v1/customer-seats/claim/${unknownClaim}` }, 404);
  const callbackToken = randomBytes(24).toString("hex");
  keep("sign-in callback token", callbackToken);
  await send({ path: `/api/auth/callback/nodemailer?token=${callbackToken}&email=${encodeURIComponent(first)}` });

  // Request ids from the client: a sane one is kept, anything else replaced.
  await send({ path: "/api/health", headers: { "x-request-id": "ops-trace-0001.abc_DEF" } }, 200);
  await send({ path: "/api/health", headers: { "x-request-id": "bad id; with spaces" } }, 200);
  await send({ path: "/api/health", headers: { "x-request-id": "x".repeat(65) } }, 200);

  // The email bodies: every line of text of some length, and the HTML's paragraphs.
  for (const [n, message] of mail.messages.entries()) {
    message.text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length >= 16)
      .forEach((line, i) => secrets.set(`email ${n} text line ${i}`, line));
    for (const [i, match] of [...message.html.matchAll(/<p[^>]*>([^<]{16,})</g)].entries()) secrets.set(`email ${n} html paragraph ${i}`, match[1]!);
  }

  const stopped = await stopServer(server);
  expect(stopped.code, server.logs()).toBe(0);
  log = server.logs();
  const lines = log.split("\n").filter((line) => line.trim() !== "");
  const listening = lines.findIndex((line) => line.includes('"msg":"listening"'));
  expect(listening, log).toBeGreaterThanOrEqual(0);
  linesBeforeListening = lines.slice(0, listening);
  for (const line of lines.slice(listening)) {
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      notJson.push(line);
    }
  }
  console.info(`logs: ${sent.length} requests, ${entries.filter((e) => e.msg === "request").length} request lines, ${secrets.size} secrets checked, ${notJson.length} non-JSON lines after "listening"`);
});

afterAll(async () => {
  if (server && server.process.exitCode === null) await stopServer(server);
  await receiver.stop();
  await closeDb();
  await mail?.stop();
  await database?.drop();
});

const requestLines = () => entries.filter((entry) => entry.msg === "request");

describe("JSON request logs", () => {
  it("from the listening line on, every line the server writes is one JSON object", () => {
    expect(notJson, `not JSON:\n${notJson.join("\n")}`).toEqual([]);
    // Only start-up output precedes it (the supervisor's lines and Next's banner).
    expect(linesBeforeListening.length).toBeLessThanOrEqual(5);
  });

  it("every request line has request_id, method, route (no query), status and duration_ms", () => {
    const lines = requestLines();
    expect(lines.length).toBeGreaterThanOrEqual(sent.length);
    for (const line of lines) {
      const context = JSON.stringify(line);
      expect(line.request_id, context).toMatch(SANE_ID);
      expect(line.method, context).toMatch(/^(GET|POST|DELETE|PATCH|PUT|HEAD|OPTIONS)$/);
      expect(line.route, context).toMatch(/^\/[^?]*$/);
      expect(Number.isInteger(line.status), context).toBe(true);
      expect(typeof line.duration_ms, context).toBe("number");
      expect(line.duration_ms as number, context).toBeGreaterThanOrEqual(0);
      expect(line.level, context).toBe((line.status as number) >= 500 ? "error" : "info");
      expect(typeof line.time, context).toBe("string");
    }
  });

  it("each response's x-request-id names exactly one log line, with its method, route and status", () => {
    const byId = new Map<string, LogEntry[]>();
    for (const line of requestLines()) byId.set(line.request_id as string, [...(byId.get(line.request_id as string) ?? []), line]);
    for (const { spec, reply, route } of sent) {
      const id = reply.headers["x-request-id"];
      const context = `${spec.method ?? "GET"} ${spec.path} → ${reply.status} (x-request-id ${String(id)})`;
      expect(typeof id, context).toBe("string");
      const lines = byId.get(id as string) ?? [];
      expect(lines, context).toHaveLength(1);
      expect(lines[0], context).toMatchObject({ method: spec.method ?? "GET", route, status: reply.status });
    }
  });

  it("a sane x-request-id from the client is kept; an unsafe or too long one is replaced by a fresh UUID", () => {
    const [kept, unsafe, tooLong] = sent.filter((s) => s.spec.path === "/api/health").map((s) => s.reply.headers["x-request-id"]);
    expect(kept).toBe("ops-trace-0001.abc_DEF");
    expect(requestLines().filter((line) => line.request_id === "ops-trace-0001.abc_DEF")).toHaveLength(1);
    expect(unsafe).toMatch(UUID);
    expect(tooLong).toMatch(UUID);
    expect(log).not.toContain("bad id; with spaces");
  });

  it("the flow wrote no error line", () => {
    expect(entries.filter((entry) => entry.level === "error").map((entry) => JSON.stringify(entry))).toEqual([]);
  });
});

describe("no secret in the log", () => {
  it("no token, claim link, portal URL, cookie, secret or email body text appears anywhere in the server's output", () => {
    expect(secrets.size).toBeGreaterThanOrEqual(20);
    const leaked = [...secrets].filter(([, value]) => log.includes(value)).map(([label]) => label);
    expect(leaked, `leaked into the log: ${leaked.join(", ")}`).toEqual([]);
    // Nor any token by its shape.
    expect(log).not.toMatch(/polar_(cst|oat|whs)_[A-Za-z0-9]/);
    expect(log).not.toMatch(/[?&](token|customer_session_token)=/);
  });

  it("the claim token in a path is masked in the route", () => {
    const claimRoutes = requestLines().filter((line) => String(line.route).includes("/customer-seats/claim/"));
    expect(claimRoutes.length).toBe(2);
    for (const line of claimRoutes) expect(line.route).toBe("/v1/customer-seats/claim/:token");
  });
});

// Issue 10, item 2 (logs): in production every request writes one JSON line with its
// request id (also sent back in x-request-id, and kept when the client sent a sane one),
// the method, the route, the status and the duration; and no token, secret or email body
// ever reaches the log. One full flow is run against a server whose output is captured,
// then its whole log is read; twice: once mailing through SMTP, once without SMTP_URL, where
// production logs each email (recipient, subject, links with their tokens masked) instead of
// delivering it, after one warning at start.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { testPool } from "../fixtures/sql";
import { unseal } from "@/lib/seal";
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
  waitFor,
  type AppServer,
  type MailSink,
  type Reply,
  type RequestSpec,
  type SinkEmail,
} from "./helpers";

const SEATS = "/v1/customer-portal/seats";
const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Sent = { spec: RequestSpec; reply: Reply; route: string };
type LogEntry = { [key: string]: unknown };

/** The path as the log must show it: no query, the claim token masked. */
const routeOf = (path: string) => path.split("?")[0]!.replace(/(\/customer-seats\/claim\/)[^/]+/, "$1:token");

const NOT_DELIVERED = "email not delivered: SMTP_URL is not set";
const START_WARNING = "SMTP_URL is not set, so emails are not delivered";

/** Where the flow reads the emails the server sent. */
type Inbox = { waitForEmails(address: string, count?: number): Promise<SinkEmail[]>; all(): Promise<SinkEmail[]> };

/**
 * Without SMTP_URL the emails exist only in the outbox (their sealed bodies are kept there
 * for the dev mailbox): read them back from it, once the server has marked them sent, that is
 * once it has written their log line.
 */
function outboxInbox(): Inbox {
  const all = async () => {
    const { rows } = await testPool().query<{ id: string; recipient: string; subject: string; payload: string | null; sent_at: Date }>(
      `SELECT id, recipient, subject, payload, sent_at FROM email_outbox
        WHERE status = 'sent' AND transport = 'console' ORDER BY sent_at, created_at`,
    );
    return rows.map((row): SinkEmail => {
      const body = JSON.parse(unseal(row.payload!, OPS_SECRET)) as { text: string; html: string };
      return { to: [row.recipient.toLowerCase()], from: "", subject: row.subject, text: body.text, html: body.html, date: null, receivedAt: row.sent_at.toISOString(), messageId: row.id };
    });
  };
  const to = async (address: string) => (await all()).filter((m) => m.to.includes(address.toLowerCase()));
  return {
    all,
    waitForEmails: (address, count = 1) => waitFor(`${count} email(s) to ${address} in the outbox`, async () => ((await to(address)).length >= count ? to(address) : undefined), 30_000),
  };
}

// One database for both flows: lib/env.ts reads DATABASE_URL once per process, so the
// factories of this file would not follow a second one. The flows keep apart by their own
// organizations, and the console flow reads only the emails that went to the console.
let database: TestDatabase;
beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
});
afterAll(async () => {
  await closeDb();
  await database?.drop();
});

function describeFlow(mode: "smtp" | "console") {
  describe(mode === "smtp" ? "mail through SMTP" : "no SMTP_URL (production logs the emails instead of delivering them)", () => {
    let mail: MailSink;
    let inbox: Inbox;
    let server: AppServer;
    let slug = "";
    const receiver = new WebhookReceiver();
    /** Every request of the flow, with the route its log line must show. */
    const sent: Sent[] = [];
    /** Every secret the flow handled: none may be in the log. */
    const secrets = new Map<string, string>();
    /** Every email the server sent, as its recipient got it (or as the outbox holds it). */
    let emails: SinkEmail[] = [];
    let log = "";
    let linesBeforeListening: string[] = [];
    const entries: LogEntry[] = [];
    const notJson: string[] = [];

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

    /** A link of an email (on PUBLIC_URL) as a path on the server under test. */
    const pathOf = (link: string) => {
      const url = new URL(link, PUBLIC_URL);
      return url.pathname + url.search;
    };

    /** Follows redirects on the server under test, carrying cookies; returns the cookies set. */
    async function browse(path: string, cookies: string[] = []): Promise<string[]> {
      let next: string | null = path;
      for (let hop = 0; next && hop < 5; hop++) {
        const reply = await send({ path: next, headers: cookies.length ? { cookie: cookies.join("; "), "sec-fetch-dest": "document" } : { "sec-fetch-dest": "document" } });
        expect(reply.status, `${next}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        for (const cookie of reply.headers["set-cookie"] ?? []) cookies.push(cookie.split(";")[0]!);
        const location = reply.status >= 300 && reply.status < 400 ? reply.headers.location : undefined;
        next = location ? pathOf(location) : null;
      }
      return cookies;
    }

    beforeAll(async () => {
      mail = await startMailSink();
      inbox = mode === "smtp" ? { waitForEmails: (address, count) => mail.waitForEmails(address, count), all: async () => mail.messages } : outboxInbox();
      await receiver.start();
      const env = serverEnv(database.url, mail.smtpUrl);
      if (mode === "console") delete env.SMTP_URL;
      server = await startAppServer(env);
      keep("AUTH_SECRET", OPS_SECRET);

      // A vendor: an organization token, a customer with a 5-seat subscription.
      const organization = await createOrganization();
      slug = organization.slug;
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

      // The customer also signs in by email: Auth.js's CSRF token, the emailed link, the session it opens.
      const csrf = await send({ path: "/api/auth/csrf" }, 200);
      const csrfCookies = (csrf.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]!);
      const csrfToken = jsonOf(csrf).csrfToken as string;
      keep("csrf token", csrfToken);
      csrfCookies.forEach((cookie, i) => keep(`csrf cookie ${i}`, cookie.slice(cookie.indexOf("=") + 1)));
      const asked = await send({ method: "POST", path: "/api/auth/signin/nodemailer", headers: { cookie: csrfCookies.join("; ") }, form: { email: owner.email, csrfToken, callbackUrl: `/${slug}/portal` } }, 302);
      expect(String(asked.headers.location)).toMatch(/check-email|verify-request/);
      const [signInEmail] = await inbox.waitForEmails(owner.email);
      const signInLink = /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\?\S+/.exec(signInEmail!.text)?.[0];
      expect(signInLink, signInEmail!.text).toBeDefined();
      keep("sign-in link", signInLink);
      keep("sign-in token", new URL(signInLink!).searchParams.get("token"));
      const signedIn = await browse(pathOf(signInLink!));
      expect(signedIn.some((cookie) => cookie.startsWith("authjs.session-token="))).toBe(true);
      signedIn.forEach((cookie, i) => keep(`sign-in cookie ${i} (${cookie.split("=")[0]})`, cookie.slice(cookie.indexOf("=") + 1)));

      // Two invitations; the first is claimed (info read first, as the claim page does), the
      // second resent (a new link), then the first revoked.
      const first = uniqueEmail("logged");
      const second = uniqueEmail("logged");
      const seat1 = jsonOf(await send({ method: "POST", path: SEATS, token, body: { subscription_id: subscription.id, email: first } }, 200));
      const seat2 = jsonOf(await send({ method: "POST", path: SEATS, token, body: { subscription_id: subscription.id, email: second } }, 200));
      const [invitation1] = await inbox.waitForEmails(first);
      const [invitation2] = await inbox.waitForEmails(second);
      const token1 = invitationTokenFrom(invitation1!);
      keep("invitation token 1", token1);
      keep("invitation token 2", invitationTokenFrom(invitation2!));
      keep("claim link 1", /https?:\/\/\S+\/portal\/claim\?token=\S+/.exec(invitation1!.text)![0]);
      await send({ path: `/v1/customer-seats/claim/${token1}` }, 200);
      await browse(`/${organization.slug}/portal/claim?token=${token1}`);
      const claimed = jsonOf(await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token1 } }, 200));
      keep("claimed customer session token", claimed.customer_session_token);
      await send({ method: "POST", path: `${SEATS}/${seat2.id}/resend`, token }, 200);
      const resent = (await inbox.waitForEmails(second, 2))[1]!;
      keep("invitation token 2 (resent)", invitationTokenFrom(resent));
      await send({ method: "DELETE", path: `${SEATS}/${seat1.id}`, token }, 200);
      await receiver.waitFor((types) => types.filter((t) => t.startsWith("customer_seat.")).length >= 4);
      // The claim notice to the owner: every email of the flow has gone out.
      await inbox.waitForEmails(owner.email, 2);

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
      emails = await inbox.all();
      for (const [n, message] of emails.entries()) {
        message.text
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line.length >= 16)
          // Without SMTP the log says where each link leads: a link with no query (the owner's
          // "manage your seats" page) carries no token and may appear. Every other line, and
          // every link with a query, stays a secret; with SMTP nothing of the body may appear.
          .filter((line) => mode === "smtp" || !/^https?:\/\/[^?\s]+$/.test(line))
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
      console.info(`logs (${mode}): ${sent.length} requests, ${entries.filter((e) => e.msg === "request").length} request lines, ${emails.length} emails, ${secrets.size} secrets checked, ${notJson.length} non-JSON lines after "listening"`);
    });

    afterAll(async () => {
      if (server && server.process.exitCode === null) await stopServer(server);
      await receiver.stop();
      await mail?.stop();
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
        expect(secrets.size).toBeGreaterThanOrEqual(25);
        const leaked = [...secrets].filter(([, value]) => log.includes(value)).map(([label]) => label);
        expect(leaked, `leaked into the log: ${leaked.join(", ")}`).toEqual([]);
        // Nor any token by its shape.
        expect(log).not.toMatch(/polar_(cst|oat|whs)_[A-Za-z0-9]/);
        expect(log).not.toMatch(/[?&](token|customer_session_token)=(?!\[masked\])/);
      });

      it("the claim token in a path is masked in the route", () => {
        const claimRoutes = requestLines().filter((line) => String(line.route).includes("/customer-seats/claim/"));
        expect(claimRoutes.length).toBe(2);
        for (const line of claimRoutes) expect(line.route).toBe("/v1/customer-seats/claim/:token");
      });
    });

    describe("what the log says about emails", () => {
      const notices = () => entries.filter((entry) => entry.msg === NOT_DELIVERED);

      it("the flow sent every kind of email: sign-in link, invitations, the resent invitation, the claim notice", () => {
        expect(emails.length).toBeGreaterThanOrEqual(5);
      });

      if (mode === "smtp") {
        it("with SMTP_URL set: no warning at start, no email logged", () => {
          expect(log).not.toContain(START_WARNING);
          expect(notices()).toEqual([]);
        });
        return;
      }

      it("warns once, at start, that SMTP_URL is unset so emails are not delivered", () => {
        const warnings = log.split("\n").filter((line) => line.includes(START_WARNING));
        expect(warnings, log).toHaveLength(1);
        expect(linesBeforeListening.some((line) => line.includes(START_WARNING))).toBe(true);
      });

      it("logs each email once: to whom, its subject and kind, and its links with every token masked", () => {
        const lines = notices();
        expect(lines.map((line) => line.email_id).sort()).toEqual(emails.map((email) => email.messageId).sort());
        for (const email of emails) {
          const line = lines.find((entry) => entry.email_id === email.messageId)!;
          const context = JSON.stringify(line);
          expect(line, context).toMatchObject({ level: "info", to: email.to[0], subject: email.subject });
          expect(typeof line.kind, context).toBe("string");
          const links = line.links as string[];
          expect(links.length, context).toBeGreaterThan(0);
          for (const link of links) {
            expect(link, context).toMatch(/^http:\/\/portal\.test\//);
            expect(link, context).not.toMatch(/=(?!\[masked\])[^&]/);
            expect(link.replace(new RegExp(UUID.source.slice(1, -1), "g"), ":uuid"), context).not.toMatch(/[A-Za-z0-9_-]{32,}/);
          }
        }
        // Where the links lead is still plain: a claim link, a sign-in link.
        const all = lines.flatMap((line) => line.links as string[]);
        expect(all).toContain(`${PUBLIC_URL}/${slug}/portal/claim?token=[masked]`);
        expect(all.some((link) => link.startsWith(`${PUBLIC_URL}/api/auth/callback/nodemailer?`) && link.includes("token=[masked]"))).toBe(true);
      });
    });
  });
}

describeFlow("smtp");
describeFlow("console");

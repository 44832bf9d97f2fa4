// The floors: what the benchmarked requests cost with no framework. A bare node:http
// server over `pg` that answers the same requests as the app, with the same SQL
// (scripts/bench/floor-sql.ts), the same bytes for the JSON API, and, for the seats page,
// the same SeatTable component rendered by react-dom/server. Started by scripts/bench/run.ts
// in a process of its own:
//
//   NODE_ENV=production DATABASE_URL=… PORT=… node --import tsx scripts/bench/floor-server.tsx
//
// Routes (the app's paths, so one load definition serves both):
//   GET    /v1/customer-portal/seats?subscription_id=…        SeatsList
//   GET    /v1/customer-portal/seats/subscriptions?page&limit  claimed subscriptions (list resource)
//   POST   /v1/customer-portal/seats                           assign (rate limit + the assign transaction)
//   DELETE /v1/customer-portal/seats/{id}                      revoke (the revoke transaction)
//   GET    /{org}/portal/subscriptions/{id}                    the seats table of the page (see FloorPage)
import { createCipheriv, createHash, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { renderToString } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import english from "@/messages/en.json";
import { SeatTable } from "@/components/seats/seat-table";
import { toSeatView } from "@/app/[org]/portal/seat-view";
import { UTC_READER } from "@/components/seats/format";
import { withDisplayStatus } from "@/lib/seats/seat-status";
import type { ActionState } from "@/components/ui/action-state";
import { seatInvitationEmail } from "@/lib/email/seat-invitation";
import { timeOrderedId } from "@/lib/time-ordered-id";
import type { SeatRow } from "@/lib/seats/types";
import * as sql from "./floor-sql";
import { customerSeat, customerSubscription, toSeatRow } from "./floor-wire";

const DATABASE_URL = process.env.DATABASE_URL!;
const PORT = Number(process.env.PORT ?? 0);
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const SECRET = process.env.AUTH_SECRET ?? "bench-secret-0123456789abcdef0123456789abcdef";
const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://127.0.0.1";
const ASSIGN_PER_MINUTE = Number(process.env.RATE_LIMIT_ASSIGN_PER_MINUTE ?? 100);
const INVITATIONS_PER_HOUR = Number(process.env.RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR ?? 100);
const INVITATION_TTL_MS = 168 * 3600_000;
const SEATS_PAGE_SIZE = 100;
const SESSION_COOKIE = "authjs.session-token";

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: POOL_SIZE });
pool.on("error", () => {});
const sealKey = Buffer.from(hkdfSync("sha256", SECRET, "seat-portal", "email-outbox", 32));

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

// The headers the app sends on /v1 (lib/api/route.ts and next.config.mjs), so that the
// floor writes about as many bytes per response.
function apiHeaders(length: number) {
  return {
    "content-type": "application/json",
    "content-length": String(length),
    "polar-version": "2026-04",
    "x-request-id": randomUUID(),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "cache-control": "no-store",
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: http.ServerResponse, status: number, text: string) {
  res.writeHead(status, apiHeaders(Buffer.byteLength(text)));
  res.end(text);
}

type Customer = { customerId: string; organizationId: string };

async function customerFromBearer(header: string | undefined): Promise<Customer> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!token?.startsWith("polar_cst_")) throw new HttpError(401, "Unauthorized", "The access token is invalid, expired or revoked.");
  const { rows } = await pool.query(sql.SESSION_BY_TOKEN_HASH, [sha256(token)]);
  const session = rows[0];
  if (!session) {
    throw new HttpError(401, "Unauthorized", "The access token is invalid, expired or revoked.");
  }
  return { customerId: session.customer_id, organizationId: session.organization_id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireUuid(value: string | null | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new HttpError(422, "RequestValidationError", `${what} must be a UUID`);
  return value;
}

async function listSeats(req: http.IncomingMessage, url: URL) {
  const actor = await customerFromBearer(req.headers.authorization);
  const subscriptionId = requireUuid(url.searchParams.get("subscription_id"), "subscription_id");
  const { rows } = await pool.query(sql.LISTING_OF_SUBSCRIPTION, [subscriptionId, actor.customerId]);
  const row = rows[0];
  if (!row) throw new HttpError(404, "ResourceNotFound", "Subscription or order not found.");
  if (!row.enabled) throw new HttpError(403, "FeatureNotEnabled", "Seat-based pricing is not enabled.");
  return row.json as string;
}

async function listClaimedSubscriptions(req: http.IncomingMessage, url: URL) {
  const actor = await customerFromBearer(req.headers.authorization);
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const limit = Math.min(Math.max(1, Number(url.searchParams.get("limit") ?? 10) || 10), 100);
  const [subscriptions, count] = await Promise.all([
    pool.query(sql.CLAIMED_SUBSCRIPTIONS, [actor.customerId, limit, (page - 1) * limit]),
    pool.query(sql.COUNT_CLAIMED_SUBSCRIPTIONS, [actor.customerId]),
  ]);
  const productIds = [...new Set(subscriptions.rows.map((row) => row.product_id as string))];
  const { rows: prices } = productIds.length ? await pool.query(sql.PRICES_OF_PRODUCTS, [productIds]) : { rows: [] };
  const total = count.rows[0].n as number;
  return {
    items: subscriptions.rows.map((row) => customerSubscription(row, prices.filter((price) => price.product_id === row.product_id))),
    pagination: { total_count: total, max_page: Math.ceil(total / limit) },
  };
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, "PayloadTooLarge", "The body is too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new HttpError(422, "RequestValidationError", "The body is not JSON.");
  }
}

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function seal(plaintext: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

async function queueWebhook(tx: pg.PoolClient, organizationId: string, type: string, data: unknown) {
  const now = new Date();
  await tx.query(sql.QUEUE_WEBHOOK, [type, JSON.stringify({ type, timestamp: now.toISOString(), data }), now, organizationId]);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The rate limit and the assign transaction of lib/seats/assign-seat.ts, statement for
// statement (its webhook included: with no endpoint subscribed it inserts no row).
async function assignSeat(req: http.IncomingMessage) {
  const actor = await customerFromBearer(req.headers.authorization);
  const body = await readJson(req);
  const subscriptionId = requireUuid(body.subscription_id as string, "subscription_id");
  const email = typeof body.email === "string" ? body.email.trim() : "";
  if (!EMAIL.test(email) || email.length > 254) throw new HttpError(422, "RequestValidationError", "Enter a valid email address.");

  const now = Date.now();
  const limit = await pool.query(sql.RATE_LIMIT_UPSERT, [`floor-assign:customer:${actor.customerId}`, 1, now + 60_000, now]);
  if (limit.rows[0].points > ASSIGN_PER_MINUTE) throw new HttpError(429, "TooManyRequests", "Too many requests.");

  const at = new Date();
  return inTransaction(async (tx) => {
    const container = (await tx.query(sql.LOCK_CONTAINER, [subscriptionId, actor.customerId])).rows[0];
    if (!container) throw new HttpError(404, "ResourceNotFound", "Subscription or order not found.");
    if (container.status !== "active" && container.status !== "trialing") throw new HttpError(400, "SeatNotAvailable", "Not active.");
    const key = email.toLowerCase();
    let holder = (await tx.query(sql.UPSERT_CUSTOMER, [container.organization_id, email, key])).rows[0];
    holder ??= (await tx.query(sql.CUSTOMER_BY_EMAIL, [container.organization_id, key])).rows[0];
    const member = (await tx.query(sql.UPSERT_MEMBER, [container.customer_id, holder.email ?? email, at])).rows[0];
    const { live, held, revoked_seat_id: revokedSeatId } = (await tx.query(sql.COUNT_LIVE_SEATS_AND_HOLDER, [subscriptionId, holder.id])).rows[0];
    if (held) throw new HttpError(400, "SeatAlreadyAssigned", "This person already has a seat.");
    if (live >= container.seats) throw new HttpError(400, "SeatNotAvailable", "No seat is free.");
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
    const args = [holder.email ?? email, sha256(token), expiresAt, at];
    const written = revokedSeatId
      ? (await tx.query(sql.REUSE_SEAT, [revokedSeatId, holder.id, ...args, member.m_id])).rows[0]
      : (await tx.query(sql.INSERT_SEAT, [subscriptionId, holder.id, ...args, member.m_id])).rows[0];
    const seatId = written.id;
    await tx.query(sql.INSERT_SEAT_EVENT, [seatId, subscriptionId, "assigned", email, holder.id, actor.customerId]);
    const message = seatInvitationEmail({
      to: email,
      claimUrl: `${PUBLIC_URL}/${encodeURIComponent(container.organization_slug)}/portal/claim?token=${encodeURIComponent(token)}`,
      productName: container.product_name,
      organizationName: container.organization_name,
      invitedBy: container.billing_customer_label,
      expiresAt,
      // The app reads the organization's language once a minute (lib/seats/email-locale.ts): English here.
      locale: "en",
    });
    const outbox = timeOrderedId();
    await tx.query(sql.INSERT_OUTBOX, [outbox.id, outbox.millis, message.kind, message.to, message.subject, seal(JSON.stringify({ text: message.text, html: message.html }))]);
    const seat = customerSeat({ ...written, ...member, customer_email: holder.email });
    await queueWebhook(tx, container.organization_id, "customer_seat.assigned", seat);
    // The invitation budget (lib/seats/invitation-budget.ts): the transaction's last write.
    const spent = await tx.query(sql.RATE_LIMIT_UPSERT, [`floor-invitationsPerCustomer:customer:${actor.customerId}`, 1, now + 3600_000, now]);
    if (spent.rows[0].points > INVITATIONS_PER_HOUR) throw new HttpError(429, "TooManyRequests", "Too many requests.");
    return seat;
  });
}

// The revoke transaction of lib/seats/revoke-seat.ts.
async function revokeSeat(req: http.IncomingMessage, seatId: string) {
  const actor = await customerFromBearer(req.headers.authorization);
  requireUuid(seatId, "seat_id");
  return inTransaction(async (tx) => {
    const seat = (await tx.query(sql.LOCK_SEAT_IN_SCOPE, [seatId, actor.customerId])).rows[0];
    if (!seat) throw new HttpError(404, "ResourceNotFound", "Seat not found.");
    if (seat.status === "revoked") return customerSeat((await tx.query(sql.SEAT_BY_ID, [seat.id])).rows[0]);
    const now = new Date();
    await tx.query(sql.MARK_SEAT_REVOKED, [seat.id, now]);
    await tx.query(sql.INSERT_SEAT_EVENT, [seat.id, seat.subscription_id, "revoked", seat.email, seat.customer_id, actor.customerId]);
    await tx.query(sql.REVOKE_SESSIONS_OF_SEAT, [seat.id, now]);
    const revoked = customerSeat((await tx.query(sql.SEAT_BY_ID, [seat.id])).rows[0]);
    await queueWebhook(tx, seat.organization_id, "customer_seat.revoked", revoked);
    return revoked;
  });
}

function cookie(header: string | undefined, name: string) {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

const idle = async (): Promise<ActionState> => ({ status: "idle" });

type Counts = { total: number; claimed: number; pending: number; expired: number; free: number; rows: number };

/**
 * What the page floor renders: a bare HTML document around the page's heading, its
 * availability line and the SeatTable (each row with its SeatRowActions), with the rows
 * container-seats.tsx gives it. Not rendered: the portal chrome (header, layout), the
 * usage bar, the invite form, pagination, and Next's RSC payload and scripts.
 */
function FloorPage({ productName, counts, seats, now }: { productName: string; counts: Counts; seats: SeatRow[]; now: Date }) {
  return (
    <main id="main">
      <h1>{productName}</h1>
      <p>
        Subscription · <span data-testid="seat-availability">{counts.free} of {counts.total} seats available</span>
      </p>
      {/* The app's client components speak through next-intl: the same English messages. */}
      <NextIntlClientProvider locale="en" messages={{ SeatTable: english.SeatTable, Status: english.Status }}>
        <SeatTable org="bench" seats={withDisplayStatus(seats, now).map((seat) => toSeatView(seat, UTC_READER))} actions={{ resend: idle, revoke: idle, share: idle }} path="/bench/portal/subscriptions/floor" query={{}} />
      </NextIntlClientProvider>
    </main>
  );
}

const DOCUMENT_START = `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>Seats · Seat portal</title></head><body>`;
const DOCUMENT_END = `</body></html>`;

// getPortalViewer() then getSeatsPage(): the same reads, one after the other as the app does them.
async function seatsPage(req: http.IncomingMessage, org: string, subscriptionId: string) {
  const organization = (await pool.query(sql.ORGANIZATION_BY_SLUG, [org])).rows[0];
  if (!organization) throw new HttpError(404, "NotFound", "No such organization.");
  const token = cookie(req.headers.cookie, SESSION_COOKIE);
  const session = token ? (await pool.query(sql.BROWSER_SESSION, [sha256(token)])).rows[0] : null;
  if (!session || session.expires <= new Date() || (session.organization_id && session.organization_id !== organization.id)) {
    throw new HttpError(307, "Redirect", `/${org}/portal/sign-in`);
  }
  const customer = (await pool.query(sql.CUSTOMER_BY_EMAIL, [organization.id, String(session.email).toLowerCase()])).rows[0];
  if (!customer) throw new HttpError(404, "NotFound", "Not a customer.");
  requireUuid(subscriptionId, "id");
  const container = (await pool.query(sql.FIND_CONTAINER, [subscriptionId, customer.id])).rows[0];
  if (!container) throw new HttpError(404, "NotFound", "Subscription not found.");
  const total = container.seats ?? 0;
  const row = (await pool.query(sql.COUNT_SEATS_BY_STATE, [subscriptionId])).rows[0];
  const counts: Counts = { total, ...row, free: Math.max(0, total - row.claimed - row.pending) };
  const seats = (await pool.query(sql.SEATS_PAGE_OF_SUBSCRIPTION, [subscriptionId, SEATS_PAGE_SIZE, 0])).rows.map(toSeatRow);
  const body = renderToString(<FloorPage productName={container.product_name} counts={counts} seats={seats} now={new Date()} />);
  return `${DOCUMENT_START}${body}${DOCUMENT_END}`;
}

const SEATS = "/v1/customer-portal/seats";

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://floor");
  const path = url.pathname;
  try {
    if (path === "/health") return sendJson(res, 200, { status: "ok" });
    if (path === SEATS && req.method === "GET") return sendJsonText(res, 200, await listSeats(req, url));
    if (path === SEATS && req.method === "POST") return sendJson(res, 200, await assignSeat(req));
    if (path === `${SEATS}/subscriptions` && req.method === "GET") return sendJson(res, 200, await listClaimedSubscriptions(req, url));
    if (path.startsWith(`${SEATS}/`) && req.method === "DELETE") return sendJson(res, 200, await revokeSeat(req, path.slice(SEATS.length + 1)));
    const page = /^\/([^/]+)\/portal\/subscriptions\/([^/]+)$/.exec(path);
    if (page && req.method === "GET") {
      const html = await seatsPage(req, decodeURIComponent(page[1]!), page[2]!);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": String(Buffer.byteLength(html)) });
      return res.end(html);
    }
    return sendJson(res, 404, { detail: "Not Found" });
  } catch (error) {
    if (error instanceof HttpError) {
      if (error.status === 307) {
        res.writeHead(307, { location: error.message });
        return res.end();
      }
      return sendJson(res, error.status, { error: error.code, detail: error.message });
    }
    console.error(`floor: ${req.method} ${path}: ${(error as Error).stack ?? error}`);
    return sendJson(res, 500, { error: "InternalServerError", detail: "Something went wrong on our side. Try again." });
  }
}

const server = http.createServer((req, res) => void handle(req, res));
server.listen(PORT, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.stdout.write(`floor ready ${address.port}\n`);
});

function stop() {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

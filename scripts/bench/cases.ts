// What the bench measures: each case is one request (or, for the writes, one assign
// followed by one revoke) sent by autocannon to the app and to the sides it is compared
// with, and a check, before any load, that they all answer the same thing. The sides:
//   floor      the bare floor: node:http + pg (floor-server.tsx), the machine's limit
//   app        the app, as `npm start` runs it
//   naive      the naive peer (naive-peer/app/v1, naive-peer/app/[org]): Next.js + Prisma as
//              their docs teach on a first pass
//   framework  the framework floor (naive-peer/app/framework): the app's statements through
//              Prisma's $queryRaw in a route handler, nothing of ours around them
// naive and framework are two route trees of one process (the bench's second Next.js app).
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import type { Request } from "autocannon";
import type { Target } from "./load";
import type { Server } from "./processes";
import type { Seeded } from "./seed";

export type CaseId = "list_100" | "list_1000" | "list_10000" | "subscriptions" | "page" | "writes" | "embedded_list_100";
export type Side = "floor" | "app" | "naive" | "framework";
export const SIDES: readonly Side[] = ["floor", "app", "naive", "framework"];
export type Servers = Partial<Record<Side, Server>>;

export type BenchCase = {
  id: CaseId;
  label: string;
  database: "postgres" | "pglite";
  /** Seats in the list, for the cost per seat. */
  seats?: number;
  /** What one request of the case is, and what the floor does for it. */
  describe: string;
  /** The sides measured, in the order of each round (the app's first comparison is the bare floor). */
  sides: readonly Side[];
  target(server: Server, side: Side): Target;
  /** Run once before loading: throws when a side disagrees with the app. Returns what was checked. */
  verify(servers: Servers): Promise<string>;
  /** Run after each load run of a side (the writes tidy the outbox). */
  afterRun?(side: Side, client: pg.ClientBase): Promise<void>;
};

const SEATS = "/v1/customer-portal/seats";
/** The framework floor serves the app's paths under this prefix, beside the naive peer's. */
const pathOf = (side: Side, path: string) => (side === "framework" ? `/framework${path}` : path);
export const CONNECTIONS = 32;
export const WRITE_CONNECTIONS = 8;

/** The bench itself is broken (the floor and the app disagree): no figure would mean anything. */
export class BenchBroken extends Error {}

async function get(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

function saveForInspection(name: string, text: string) {
  const file = path.join(tmpdir(), `seats-bench-${name}`);
  writeFileSync(file, text);
  return file;
}

function firstDifference(a: string, b: string) {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return at;
}

/**
 * The bytes must be equal to the app's, side by side; for a side in `sameJson`, the same
 * JSON value with the same keys in the same order is enough (the naive peer serializes with
 * JSON.stringify, and the app passes jsonb's own text for seat_metadata, with a space after
 * each `,` and `:` inside it). Reports the first difference and keeps both bodies for a diff.
 */
async function sameBody(id: string, servers: Servers, sides: readonly Side[], target: (server: Server, side: Side) => Target, sameJson: readonly Side[] = []) {
  const bodies = new Map<Side, { status: number; text: string }>();
  await Promise.all(
    sides.map(async (side) => {
      const t = target(servers[side]!, side);
      bodies.set(side, await get(`${t.url}${t.path}`, t.headers));
    }),
  );
  const app = bodies.get("app")!;
  const notes: string[] = [];
  for (const [side, body] of bodies) {
    if (body.status !== 200) {
      throw new BenchBroken(`${id}: expected 200 from every side, got ${[...bodies].map(([s, b]) => `${s} ${b.status}`).join(", ")}; ${side}: ${body.text.slice(0, 300)}`);
    }
    if (side === "app" || body.text === app.text) continue;
    const canonical = (text: string) => JSON.stringify(JSON.parse(text));
    if (sameJson.includes(side) && canonical(body.text) === canonical(app.text)) {
      notes.push(`${side}: the same JSON value, keys in the same order, ${Buffer.byteLength(body.text)} bytes (differs only in whitespace)`);
      continue;
    }
    const at = firstDifference(app.text, body.text);
    const appFile = saveForInspection(`${id}-app.json`, app.text);
    const sideFile = saveForInspection(`${id}-${side}.json`, body.text);
    throw new BenchBroken(
      `${id}: the ${side}'s body differs from the app's at byte ${at}:\n  app:   …${app.text.slice(Math.max(0, at - 80), at + 80)}…\n  ${side}: …${body.text.slice(Math.max(0, at - 80), at + 80)}…\n  (bodies saved to ${appFile} and ${sideFile})`,
    );
  }
  const same = sides.filter((side) => side !== "app" && bodies.get(side)!.text === app.text);
  return [`${Buffer.byteLength(app.text)} bytes from the app, the same bytes from ${same.join(", ") || "no other side"}`, ...notes].join("; ");
}

function listCase(id: CaseId, label: string, seats: number, subscriptionId: string, seeded: Seeded, database: "postgres" | "pglite"): BenchCase {
  // The peer runs on PostgreSQL only: on the embedded database the list keeps its two sides.
  const sides: readonly Side[] = database === "postgres" ? SIDES : ["floor", "app"];
  const target = (server: Server, side: Side): Target => ({
    url: server.url,
    path: pathOf(side, `${SEATS}?subscription_id=${subscriptionId}`),
    headers: { authorization: `Bearer ${seeded.ownerToken}` },
    connections: CONNECTIONS,
  });
  return {
    id,
    label,
    database,
    seats,
    describe: `GET ${SEATS}?subscription_id=… (${seats.toLocaleString("en-US")} seats); floor: the customer session and the app's listing statement through pg, sent as PostgreSQL wrote it${
      database === "postgres" ? "; naive: findUnique of the session, findFirst of the subscription, findMany (select of the wire fields, the holder's email and the seat's member) and count in parallel, JSON in JavaScript; framework: the floor's statements through Prisma's $queryRaw in a route handler" : ""
    }`,
    sides,
    target,
    verify: (servers) => sameBody(id, servers, sides, target, ["naive"]),
  };
}

function subscriptionsCase(seeded: Seeded): BenchCase {
  const target = (server: Server): Target => ({
    url: server.url,
    path: `${SEATS}/subscriptions?page=1&limit=10`,
    headers: { authorization: `Bearer ${seeded.holderToken}` },
    connections: CONNECTIONS,
  });
  return {
    id: "subscriptions",
    label: "claimed subscriptions (10)",
    database: "postgres",
    describe: `GET ${SEATS}/subscriptions?page=1&limit=10 for a holder of 10 claimed seats; floor: session, page + count in parallel, prices, JSON.stringify`,
    sides: ["floor", "app"],
    target,
    verify: (servers) => sameBody("subscriptions", servers, ["floor", "app"], target),
  };
}

const SEAT_ID = /data-seat-id="([^"]+)"/g;

function pageCase(seeded: Seeded): BenchCase {
  const subscriptionId = seeded.lists[1000]!;
  const sides: readonly Side[] = ["floor", "app", "naive"];
  const target = (server: Server): Target => ({
    url: server.url,
    path: `/${seeded.orgSlug}/portal/subscriptions/${subscriptionId}`,
    headers: { cookie: `authjs.session-token=${seeded.sessionCookie}` },
    connections: CONNECTIONS,
  });
  // React separates adjacent text of JSX with <!-- --> in server-rendered HTML ("100<!-- --> of
  // <!-- -->1000…"): read the line without them (before, the app's and the floor's both failed
  // to match and compared equal as undefined). The app writes 1,000 (ICU number formatting),
  // the others 1000: the numbers are compared.
  const availability = (html: string) => /([\d,]+) of ([\d,]+) seats available/.exec(html.replaceAll("<!-- -->", ""))?.[0].replaceAll(",", "");
  return {
    id: "page",
    label: "seats page (HTML, 1,000 seats)",
    database: "postgres",
    describe:
      "GET /{org}/portal/subscriptions/{id} signed in (first 100 rows of the 1,000-seat subscription); floor: the same 6 reads, then react-dom/server renderToString of a bare document with the heading, the availability line and SeatTable with SeatRowActions per row (no portal chrome, usage bar, invite form, pagination, RSC payload or scripts); naive: a server component (session by the hashed cookie, organization, customer, subscription, then count and findMany of 100 in parallel) rendering a plain table with a form per row action (resend, revoke) on server actions, no styling",
    sides,
    target,
    // Pages are not compared byte for byte: each side draws its own HTML (the app its portal,
    // the floor a bare document around the app's SeatTable, the peer a plain table).
    async verify(servers) {
      const pages = await Promise.all(
        sides.map(async (side) => {
          const t = target(servers[side]!);
          return { side, ...(await get(`${t.url}${t.path}`, t.headers)) };
        }),
      );
      const app = pages.find((p) => p.side === "app")!;
      const appIds = [...app.text.matchAll(SEAT_ID)].map((m) => m[1]);
      if (app.status !== 200 || appIds.length !== 100 || !availability(app.text)) throw new BenchBroken(`page: the app answered ${app.status} with ${appIds.length} seat rows and availability "${availability(app.text)}": ${app.text.slice(0, 300)}`);
      for (const page of pages) {
        if (page.status !== 200) throw new BenchBroken(`page: expected 200 from every side (signed in), got ${pages.map((p) => `${p.side} ${p.status}`).join(", ")}`);
        const ids = [...page.text.matchAll(SEAT_ID)].map((m) => m[1]);
        if (ids.join() !== appIds.join()) throw new BenchBroken(`page: the app shows ${appIds.length} seat rows and the ${page.side} ${ids.length}, or not the same seats in the same order`);
        if (availability(page.text) !== availability(app.text)) {
          throw new BenchBroken(`page: availability differs: app "${availability(app.text)}", ${page.side} "${availability(page.text)}"`);
        }
      }
      return `same 100 seat rows in the same order and the same availability ("${availability(app.text)}") on every side; HTML: ${pages.map((p) => `${p.side} ${Buffer.byteLength(p.text)} bytes`).join(", ")}`;
    },
  };
}

// The shape of a JSON value: its keys, in order, at every level (values may differ: the
// app and the floor assign different people, and either may reuse a revoked row).
function shape(value: unknown): unknown {
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) return value.map(shape);
  return Object.entries(value as object).map(([k, v]) => [k, shape(v)]);
}

let emailCounter = 0;
const runTag = Date.now().toString(36);
const nextEmail = (side: Side) => `${side}-${runTag}-${emailCounter++}@bench.example`;

function writesCase(seeded: Seeded): BenchCase {
  const subscriptionId = seeded.writeSubscriptionId!;
  const headers = { authorization: `Bearer ${seeded.ownerToken}`, "content-type": "application/json" };
  const target = (server: Server, side: Side): Target => {
    const requests: Request[] = [
      {
        method: "POST",
        path: pathOf(side, SEATS),
        headers,
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ subscription_id: subscriptionId, email: nextEmail(side) }) }),
        onResponse: (status, body, context) => {
          context.seatId = status === 200 ? (JSON.parse(body) as { id: string }).id : null;
        },
      },
      {
        method: "DELETE",
        headers: { authorization: headers.authorization },
        // A failed assign leaves no seat: the revoke of a seat that does not exist is a 404, an error.
        setupRequest: (request, context) => ({ ...request, path: pathOf(side, `${SEATS}/${(context.seatId as string | null) ?? "00000000-0000-4000-8000-000000000000"}`) }),
      },
    ];
    return { url: server.url, path: pathOf(side, SEATS), headers: {}, connections: WRITE_CONNECTIONS, requests };
  };
  const assignAndRevoke = async (server: Server, side: Side) => {
    const assigned = await fetch(`${server.url}${pathOf(side, SEATS)}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ subscription_id: subscriptionId, email: nextEmail(side) }),
    });
    const seat = (await assigned.json()) as { id: string; status: string };
    if (assigned.status !== 200 || seat.status !== "pending") throw new BenchBroken(`writes: the ${side}'s assign answered ${assigned.status} ${JSON.stringify(seat)}`);
    const revoked = await fetch(`${server.url}${pathOf(side, `${SEATS}/${seat.id}`)}`, { method: "DELETE", headers: { authorization: headers.authorization } });
    const after = (await revoked.json()) as { status: string };
    if (revoked.status !== 200 || after.status !== "revoked") throw new BenchBroken(`writes: the ${side}'s revoke answered ${revoked.status} ${JSON.stringify(after)}`);
    return { seat, after };
  };
  return {
    id: "writes",
    label: "assign + revoke (10,000 seats, 9,000 taken)",
    database: "postgres",
    describe: `POST ${SEATS} then DELETE ${SEATS}/{id} per iteration, each counted as a request, ${WRITE_CONNECTIONS} connections; floor: the rate-limit upsert, the assign transaction (lock the container, find or create the customer and their member of the billing customer's team, check the holder, count, reuse a revoked row or insert the seat, the event, the sealed outbox row, read the seat back, queue its webhook) and the revoke transaction (lock the seat, update, the event, end its sessions, read back, queue its webhook) in raw pg; framework: the same statements through Prisma's $queryRaw in interactive transactions; naive: session and body (zod), then a $transaction of one $queryRaw FOR UPDATE on the subscription, findFirst or create of the customer and of the member, count of the live seats, create of the seat (no event, outbox row or webhook); the revoke a findFirst in scope and an update`,
    sides: SIDES,
    target,
    async verify(servers) {
      const app = await assignAndRevoke(servers.app!, "app");
      for (const side of SIDES.filter((s) => s !== "app")) {
        const other = await assignAndRevoke(servers[side]!, side);
        if (JSON.stringify(shape(app.seat)) !== JSON.stringify(shape(other.seat)) || JSON.stringify(shape(app.after)) !== JSON.stringify(shape(other.after))) {
          throw new BenchBroken(`writes: the ${side}'s seat differs in shape from the app's:\n  app:   ${JSON.stringify(app.seat)}\n  ${side}: ${JSON.stringify(other.seat)}`);
        }
      }
      return "assign (pending) and revoke (revoked) answer 200 on every side with seats of the same keys in the same order (values differ: each side assigns its own people)";
    },
    async afterRun(side, client) {
      if (side !== "app") {
        // The floors queue their invitations like the app but send none: mark them sent so
        // that the app's delivery (after each of its assigns) never works off their backlog.
        await client.query(`UPDATE email_outbox SET status = 'sent', sent_at = now(), payload = NULL, transport = 'bench-' || $1 WHERE status = 'pending' AND recipient LIKE $1 || '-%'`, [side]);
        return;
      }
      // The app delivers after each response; let it finish before the next run starts.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM email_outbox WHERE status = 'pending' AND recipient LIKE 'app-%'`);
        if (rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
}

export function postgresCases(seeded: Seeded): BenchCase[] {
  return [
    listCase("list_100", "seats list, 100 seats", 100, seeded.lists[100]!, seeded, "postgres"),
    listCase("list_1000", "seats list, 1,000 seats", 1000, seeded.lists[1000]!, seeded, "postgres"),
    listCase("list_10000", "seats list, 10,000 seats", 10000, seeded.lists[10000]!, seeded, "postgres"),
    subscriptionsCase(seeded),
    pageCase(seeded),
    writesCase(seeded),
  ];
}

export function embeddedCase(seeded: Seeded): BenchCase {
  return listCase("embedded_list_100", "seats list, 100 seats, embedded PGlite", 100, seeded.lists[100]!, seeded, "pglite");
}

// What the bench measures: each case is one request (or, for the writes, one assign
// followed by one revoke) sent by autocannon to the app and to its floor, and a check,
// before any load, that both answer the same thing.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import type { Request } from "autocannon";
import type { Target } from "./load";
import type { Server } from "./processes";
import type { Seeded } from "./seed";

export type CaseId = "list_100" | "list_1000" | "list_10000" | "subscriptions" | "page" | "writes" | "embedded_list_100";
export type Side = "floor" | "app";

export type BenchCase = {
  id: CaseId;
  label: string;
  database: "postgres" | "pglite";
  /** Seats in the list, for the cost per seat. */
  seats?: number;
  /** What one request of the case is, and what the floor does for it. */
  describe: string;
  target(server: Server, side: Side): Target;
  /** Run once before loading: throws when the floor and the app disagree. Returns what was checked. */
  verify(app: Server, floor: Server): Promise<string>;
  /** Run after each load run of a side (the writes tidy the outbox). */
  afterRun?(side: Side, client: pg.ClientBase): Promise<void>;
};

const SEATS = "/v1/customer-portal/seats";
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

/** The bytes must be equal: report the first difference and keep both bodies for a diff. */
async function sameBytes(id: string, app: Server, floor: Server, target: (server: Server) => Target) {
  const a = target(app);
  const f = target(floor);
  const [appBody, floorBody] = await Promise.all([get(`${a.url}${a.path}`, a.headers), get(`${f.url}${f.path}`, f.headers)]);
  if (appBody.status !== 200 || floorBody.status !== 200) {
    throw new BenchBroken(`${id}: expected 200 from both, got app ${appBody.status} (${appBody.text.slice(0, 300)}), floor ${floorBody.status} (${floorBody.text.slice(0, 300)})`);
  }
  if (appBody.text !== floorBody.text) {
    let at = 0;
    while (appBody.text[at] === floorBody.text[at]) at++;
    const appFile = saveForInspection(`${id}-app.json`, appBody.text);
    const floorFile = saveForInspection(`${id}-floor.json`, floorBody.text);
    throw new BenchBroken(
      `${id}: the floor's body differs from the app's at byte ${at}:\n  app:   …${appBody.text.slice(Math.max(0, at - 80), at + 80)}…\n  floor: …${floorBody.text.slice(Math.max(0, at - 80), at + 80)}…\n  (bodies saved to ${appFile} and ${floorFile})`,
    );
  }
  return `same ${Buffer.byteLength(appBody.text)} bytes from the app and the floor`;
}

function listCase(id: CaseId, label: string, seats: number, subscriptionId: string, seeded: Seeded, database: "postgres" | "pglite"): BenchCase {
  const target = (server: Server): Target => ({
    url: server.url,
    path: `${SEATS}?subscription_id=${subscriptionId}`,
    headers: { authorization: `Bearer ${seeded.ownerToken}` },
    connections: CONNECTIONS,
  });
  return {
    id,
    label,
    database,
    seats,
    describe: `GET ${SEATS}?subscription_id=… (${seats.toLocaleString("en-US")} seats); floor: customer session, container and seats queries through pg, JSON.stringify`,
    target,
    verify: (app, floor) => sameBytes(id, app, floor, target),
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
    target,
    verify: (app, floor) => sameBytes("subscriptions", app, floor, target),
  };
}

const SEAT_ID = /data-seat-id="([^"]+)"/g;

function pageCase(seeded: Seeded): BenchCase {
  const subscriptionId = seeded.lists[1000]!;
  const target = (server: Server): Target => ({
    url: server.url,
    path: `/${seeded.orgSlug}/portal/subscriptions/${subscriptionId}`,
    headers: { cookie: `authjs.session-token=${seeded.sessionCookie}` },
    connections: CONNECTIONS,
  });
  return {
    id: "page",
    label: "seats page (HTML, 1,000 seats)",
    database: "postgres",
    describe:
      "GET /{org}/portal/subscriptions/{id} signed in (first 100 rows of the 1,000-seat subscription); floor: the same 6 reads, then react-dom/server renderToString of a bare document with the heading, the availability line and SeatTable with SeatRowActions per row (no portal chrome, usage bar, invite form, pagination, RSC payload or scripts)",
    target,
    async verify(app, floor) {
      const a = target(app);
      const f = target(floor);
      const [appPage, floorPage] = await Promise.all([get(`${a.url}${a.path}`, a.headers), get(`${f.url}${f.path}`, f.headers)]);
      if (appPage.status !== 200 || floorPage.status !== 200) {
        throw new BenchBroken(`page: expected 200 from both (signed in), got app ${appPage.status}, floor ${floorPage.status}: ${appPage.text.slice(0, 300)}`);
      }
      const appIds = [...appPage.text.matchAll(SEAT_ID)].map((m) => m[1]);
      const floorIds = [...floorPage.text.matchAll(SEAT_ID)].map((m) => m[1]);
      if (appIds.length !== 100 || appIds.join() !== floorIds.join()) {
        throw new BenchBroken(`page: the app shows ${appIds.length} seat rows and the floor ${floorIds.length}, or not the same seats in the same order`);
      }
      const availability = /(\d+) of (\d+) seats available/;
      if (appPage.text.match(availability)?.[0] !== floorPage.text.match(availability)?.[0]) {
        throw new BenchBroken(`page: availability differs: app "${appPage.text.match(availability)?.[0]}", floor "${floorPage.text.match(availability)?.[0]}"`);
      }
      return `same 100 seat rows in the same order and the same availability; app ${Buffer.byteLength(appPage.text)} bytes of HTML, floor ${Buffer.byteLength(floorPage.text)}`;
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
        path: SEATS,
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
        setupRequest: (request, context) => ({ ...request, path: `${SEATS}/${(context.seatId as string | null) ?? "00000000-0000-4000-8000-000000000000"}` }),
      },
    ];
    return { url: server.url, path: SEATS, headers: {}, connections: WRITE_CONNECTIONS, requests };
  };
  const assignAndRevoke = async (server: Server, side: Side) => {
    const assigned = await fetch(`${server.url}${SEATS}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ subscription_id: subscriptionId, email: nextEmail(side) }),
    });
    const seat = (await assigned.json()) as { id: string; status: string };
    if (assigned.status !== 200 || seat.status !== "pending") throw new BenchBroken(`writes: the ${side}'s assign answered ${assigned.status} ${JSON.stringify(seat)}`);
    const revoked = await fetch(`${server.url}${SEATS}/${seat.id}`, { method: "DELETE", headers: { authorization: headers.authorization } });
    const after = (await revoked.json()) as { status: string };
    if (revoked.status !== 200 || after.status !== "revoked") throw new BenchBroken(`writes: the ${side}'s revoke answered ${revoked.status} ${JSON.stringify(after)}`);
    return { seat, after };
  };
  return {
    id: "writes",
    label: "assign + revoke (10,000 seats, 9,000 taken)",
    database: "postgres",
    describe: `POST ${SEATS} then DELETE ${SEATS}/{id} per iteration, each counted as a request, ${WRITE_CONNECTIONS} connections; floor: the rate-limit upsert, the assign transaction (lock the container, find or create the customer, check the holder, count, reuse a revoked row or insert the seat, the event, the sealed outbox row, read the seat back, queue its webhook) and the revoke transaction (lock the seat, update, the event, end its sessions, read back, queue its webhook) in raw pg`,
    target,
    async verify(app, floor) {
      const a = await assignAndRevoke(app, "app");
      const f = await assignAndRevoke(floor, "floor");
      if (JSON.stringify(shape(a.seat)) !== JSON.stringify(shape(f.seat)) || JSON.stringify(shape(a.after)) !== JSON.stringify(shape(f.after))) {
        throw new BenchBroken(`writes: the floor's seat differs in shape from the app's:\n  app:   ${JSON.stringify(a.seat)}\n  floor: ${JSON.stringify(f.seat)}`);
      }
      return "assign (pending) and revoke (revoked) answer 200 with seats of the same keys in the same order";
    },
    async afterRun(side, client) {
      if (side === "floor") {
        // The floor queues its invitations like the app but sends none: mark them sent so that
        // the app's delivery (after each of its assigns) never works off the floor's backlog.
        await client.query(`UPDATE email_outbox SET status = 'sent', sent_at = now(), payload = NULL, transport = 'bench-floor' WHERE status = 'pending' AND recipient LIKE 'floor-%'`);
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

// Races over HTTP against a production server (issue 4, property 1): waves of concurrent
// assigns and revokes across several subscriptions, many claims of one invitation at
// once, and revoke racing resend on one seat. The server runs with the abuse limits
// raised so that the race, not the rate limiter, decides every request.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { recordFigures } from "./fixtures/figures";
import { errorName, pool, request, tally, type JsonObject, type Reply } from "./fixtures/http";
import { seededRandom } from "./fixtures/random";
import { scaled } from "./fixtures/scale";
import { startStack, type Stack } from "./fixtures/stack";
import { createCustomer, createCustomerSessionToken, createOrganization, createProduct, createSubscription, unique } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const WAVE = 50;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const TIMEOUT = scaled(120_000, 600_000);

let stack: Stack;

beforeAll(async () => {
  // Killed at the end: the storm's invitations are still queued, and nobody reads them.
  stack = await startStack({
    kill: true,
    env: {
      RATE_LIMIT_ASSIGN_PER_MINUTE: "1000000",
      RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: "1000000",
      RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: "1000000",
      RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR: "1000000",
      // The races resend one seat several times at once; the cooldown's own race is a db test.
      RESEND_COOLDOWN_SECONDS: "0",
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** A seat-based organization and `count` billing customers, each signed in. */
async function billingCustomers(count: number) {
  const { prisma } = stack.db;
  const organization = await createOrganization(prisma);
  const product = await createProduct(prisma, organization.id);
  const owners = [];
  for (let i = 0; i < count; i++) {
    const customer = await createCustomer(prisma, organization.id);
    owners.push({ customer, token: await createCustomerSessionToken(prisma, customer.id, { expiresAt: new Date(Date.now() + 6 * 3600_000) }) });
  }
  return { organization, product, owners };
}

type Invariants = { overAllocated: string[]; duplicateHolders: string[]; unboundedRows: string[] };

/** What must hold at every instant, read from committed rows. */
async function invariants(subscriptionIds: string[]): Promise<Invariants> {
  const { pool: db } = stack.db;
  const over = await db.query<{ id: string; seats: number; live: number; rows: number }>(
    `SELECT s.id, s.seats,
            count(cs.id) FILTER (WHERE cs.status IN ('pending', 'claimed'))::int AS live,
            count(cs.id)::int AS rows
       FROM subscriptions s LEFT JOIN customer_seats cs ON cs.subscription_id = s.id
      WHERE s.id = ANY($1::uuid[])
      GROUP BY s.id, s.seats`,
    [subscriptionIds],
  );
  const duplicates = await db.query<{ subscription_id: string; customer_id: string; live: number }>(
    `SELECT subscription_id, customer_id, count(*)::int AS live FROM customer_seats
      WHERE status IN ('pending', 'claimed') AND subscription_id = ANY($1::uuid[])
      GROUP BY subscription_id, customer_id HAVING count(*) > 1`,
    [subscriptionIds],
  );
  return {
    overAllocated: over.rows.filter((r) => r.live > r.seats).map((r) => `${r.id}: ${r.live} live of ${r.seats}`),
    // A revoked row is reused before a new one is written, so a list never outgrows the seat count.
    unboundedRows: over.rows.filter((r) => r.rows > r.seats).map((r) => `${r.id}: ${r.rows} rows for ${r.seats} seats`),
    duplicateHolders: duplicates.rows.map((r) => `${r.subscription_id}: customer ${r.customer_id} holds ${r.live} live seats`),
  };
}

const caseVariant = (email: string, flip: number) => (flip < 0.33 ? email.toUpperCase() : flip < 0.66 ? email : email[0]!.toUpperCase() + email.slice(1));

/** A subscription of `seats` seats with a signed-in owner, and `count` pending seats on it with their mailed tokens. */
async function pendingSeats(count: number) {
  const { organization, product, owners } = await billingCustomers(1);
  const owner = owners[0]!;
  const subscription = await createSubscription(stack.db.prisma, { organizationId: organization.id, customerId: owner.customer.id, productId: product.id }, { seats: count });
  const emails = Array.from({ length: count }, (_, i) => `invitee${i}-${unique()}@example.com`);
  const seats = await pool(emails, 10, async (email) => {
    const reply = await request(stack.url, { method: "POST", path: SEATS, token: owner.token, body: { subscription_id: subscription.id, email } });
    expect(reply.status, reply.text).toBe(200);
    const message = await stack.mailbox!.waitForEmail(email, { timeoutMs: 30_000 });
    return { id: (reply.json as JsonObject).id as string, email, token: invitationTokenFrom(message) };
  });
  return { owner, subscription, seats };
}

describe("concurrent claims of one invitation", () => {
  it("exactly one claim wins; the others are 400 InvalidInvitationToken; one session, one event", async () => {
    const tokens = scaled(10, 50);
    const claimsPerToken = scaled(10, 20);
    const { subscription, seats } = await pendingSeats(tokens);
    const started = performance.now();
    const perSeat = await pool(seats, 5, async (seat) => {
      const claims = Array.from({ length: claimsPerToken }, () =>
        request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: seat.token } }),
      );
      // Mail scanners open the link while the person clicks: reads race the claims.
      const reads = Array.from({ length: 2 }, () => request(stack.url, { path: `/v1/customer-seats/claim/${seat.token}` }));
      return { seat, claims: await Promise.all(claims), reads: await Promise.all(reads) };
    });
    const seconds = (performance.now() - started) / 1000;

    const claimTally = tally(perSeat.flatMap((s) => s.claims), (r) => `${r.status} ${r.status === 200 ? "" : errorName(r)}`.trim());
    const readTally = tally(perSeat.flatMap((s) => s.reads), (r) => `${r.status} ${r.status === 200 ? "" : errorName(r)}`.trim());
    recordFigures("races: claims", { tokens, claimsPerToken, claims: tokens * claimsPerToken, claimStatuses: claimTally, readStatuses: readTally, seconds: Number(seconds.toFixed(1)) });

    for (const { seat, claims, reads } of perSeat) {
      const winners = claims.filter((r) => r.status === 200);
      expect(winners, `claims of ${seat.email}`).toHaveLength(1);
      expect(claims.filter((r) => r.status !== 200).map((r) => `${r.status} ${errorName(r)}`)).toEqual(Array(claimsPerToken - 1).fill("400 InvalidInvitationToken"));
      for (const read of reads) expect([200, 404], read.text).toContain(read.status);

      const row = await stack.db.prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } });
      expect(row.status).toBe("claimed");
      expect(await stack.db.prisma.seatEvent.count({ where: { seatId: seat.id, type: "claimed" } })).toBe(1);
      expect(await stack.db.prisma.memberSession.count({ where: { seatId: seat.id } })).toBe(1);
      const session = (winners[0]!.json as JsonObject).customer_session_token as string;
      const claimed = await request(stack.url, { path: "/v1/customer-portal/seats/subscriptions", token: session });
      expect(claimed.status).toBe(200);
      expect((claimed.json as JsonObject[]).map((s) => s.id)).toEqual([subscription.id]);
    }
  }, TIMEOUT);
});

describe("revoke racing resend on one seat", () => {
  it("ends revoked, with one revoke event, one email per accepted resend, and every mailed link dead", async () => {
    const count = scaled(10, 40);
    const { owner, subscription, seats } = await pendingSeats(count);
    // How long a resend takes here and now (it counts two rate limits before it locks the
    // seat): the offsets below are in those units, so that on a fast or a loaded machine
    // alike some seats see the revoke first and some the resend.
    const probe = await pendingSeats(1);
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const timing = await request(stack.url, { method: "POST", path: `${SEATS}/${probe.seats[0]!.id}/resend`, token: probe.owner.token });
      expect(timing.status).toBe(200);
      timings.push(timing.ms);
    }
    const unit = Math.max(30, ...timings);
    const started = performance.now();
    // One seat at a time: the race that matters is on the seat, between its five requests.
    const raced = await pool(seats, 1, async (seat, index) => {
      // From "revokes one unit first" to "resends four units first".
      const lead = Math.round(unit * (-1 + (5 * index) / Math.max(1, count - 1)));
      const kinds = ["revoke", "resend", "revoke", "resend", "resend"];
      const replies = await Promise.all(
        kinds.map(async (kind) => {
          const delay = kind === "revoke" ? Math.max(0, lead) : Math.max(0, -lead);
          await new Promise((resolve) => setTimeout(resolve, delay));
          const reply = await request(
            stack.url,
            kind === "revoke" ? { method: "DELETE", path: `${SEATS}/${seat.id}`, token: owner.token } : { method: "POST", path: `${SEATS}/${seat.id}/resend`, token: owner.token },
          );
          return { kind, reply };
        }),
      );
      return { seat, replies };
    });
    const seconds = (performance.now() - started) / 1000;
    const statuses = tally(raced.flatMap((r) => r.replies), (r) => `${r.kind} ${r.reply.status} ${r.reply.status === 200 ? (r.reply.json as JsonObject).status : errorName(r.reply)}`);
    recordFigures("races: revoke + resend", { seats: count, requestsPerSeat: 5, statuses, offsetUnitMs: Math.round(unit), seconds: Number(seconds.toFixed(1)) });
    // Both orders happened: some resends went through before the revoke, some came after it.
    expect(statuses["resend 200 pending"] ?? 0).toBeGreaterThan(0);
    expect(statuses["resend 400 SeatNotPending"] ?? 0).toBeGreaterThan(0);

    for (const { seat, replies } of raced) {
      for (const { kind, reply } of replies) {
        if (kind === "revoke") expect(`${reply.status} ${(reply.json as JsonObject).status}`, reply.text).toBe("200 revoked");
        else expect(["200 pending", "400 SeatNotPending"], reply.text).toContain(`${reply.status} ${reply.status === 200 ? (reply.json as JsonObject).status : errorName(reply)}`);
      }
      const resent = replies.filter((r) => r.kind === "resend" && r.reply.status === 200).length;
      const row = await stack.db.prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } });
      expect(row).toMatchObject({ status: "revoked", customerId: null });
      expect(row.revokedAt).not.toBeNull();
      const events = await stack.db.prisma.seatEvent.groupBy({ by: ["type"], where: { seatId: seat.id }, _count: true });
      const count = (type: string) => events.find((e) => e.type === type)?._count ?? 0;
      expect({ assigned: count("assigned"), resent: count("resent"), revoked: count("revoked") }).toEqual({ assigned: 1, resent, revoked: 1 });

      // One email per accepted resend, none for a refused one; no link outlives the revoke.
      const messages = await stack.mailbox!.waitForEmail(seat.email, { count: 1 + resent, timeoutMs: 30_000 }).then(() => stack.mailbox!.to(seat.email));
      expect(messages).toHaveLength(1 + resent);
      const tokens = messages.map(invitationTokenFrom);
      expect(tokens).toContain(seat.token);
      expect(tokens.map(sha256)).toContain(row.invitationTokenHash);
      for (const token of tokens) {
        expect((await request(stack.url, { path: `/v1/customer-seats/claim/${token}` })).status).toBe(404);
        const claim = await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token } });
        expect(`${claim.status} ${errorName(claim)}`).toBe("400 InvalidInvitationToken");
      }
    }
    const list = await request(stack.url, { path: `${SEATS}?subscription_id=${subscription.id}`, token: owner.token });
    expect(list.json).toMatchObject({ total_seats: count, available_seats: count });
  }, TIMEOUT);
});

// Last: the invitations it queues are still going out when the file ends, and nothing here waits for them.
describe("concurrent assigns and revokes across several subscriptions", () => {
  it("never exceed a subscription's seats, never give one person two live seats on one subscription, never answer 5xx", async () => {
    const random = seededRandom();
    const assigns = scaled(300, 1000);
    const subscriptionCount = scaled(6, 8);
    const [minSeats, maxSeats] = scaled([15, 30], [20, 40]);
    const revokesPerWave = 10;
    const { organization, product, owners } = await billingCustomers(Math.ceil(subscriptionCount / 2));

    type Sub = { id: string; seats: number; token: string; people: string[]; seatIds: string[]; won: number };
    const subs: Sub[] = [];
    for (let i = 0; i < subscriptionCount; i++) {
      const owner = owners[i % owners.length]!;
      const seats = random.int(minSeats, maxSeats);
      const row = await createSubscription(stack.db.prisma, { organizationId: organization.id, customerId: owner.customer.id, productId: product.id }, { seats });
      subs.push({ id: row.id, seats, token: owner.token, people: [], seatIds: [], won: 0 });
    }
    const ids = subs.map((s) => s.id);

    // Reads the invariants over and over while the waves run: "never" means at no instant.
    let sampling = true;
    let samples = 0;
    const seen: Invariants = { overAllocated: [], duplicateHolders: [], unboundedRows: [] };
    const sampler = (async () => {
      while (sampling) {
        const found = await invariants(ids);
        samples++;
        seen.overAllocated.push(...found.overAllocated);
        seen.duplicateHolders.push(...found.duplicateHolders);
        seen.unboundedRows.push(...found.unboundedRows);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    type Outcome = { kind: "assign" | "revoke"; sub: Sub; reply: Reply };
    const outcomes: Outcome[] = [];
    const startedAt = new Date();
    const started = performance.now();
    const waves = Math.ceil(assigns / WAVE);
    for (let wave = 0; wave < waves; wave++) {
      const jobs: (() => Promise<Outcome>)[] = [];
      for (let i = 0; i < Math.min(WAVE, assigns - wave * WAVE); i++) {
        const sub = random.pick(subs);
        // A quarter of the requests name someone the subscription already invited, in another spelling.
        const again = sub.people.length > 0 && random.next() < 0.25;
        const email = again ? caseVariant(random.pick(sub.people), random.next()) : `p${sub.people.length}-${unique()}@example.com`;
        if (!again) sub.people.push(email);
        jobs.push(async () => ({
          kind: "assign",
          sub,
          reply: await request(stack.url, { method: "POST", path: SEATS, token: sub.token, body: { subscription_id: sub.id, email } }),
        }));
      }
      for (let i = 0; i < revokesPerWave; i++) {
        const sub = random.pick(subs);
        if (sub.seatIds.length === 0) continue;
        const seatId = random.pick(sub.seatIds);
        jobs.push(async () => ({ kind: "revoke", sub, reply: await request(stack.url, { method: "DELETE", path: `${SEATS}/${seatId}`, token: sub.token }) }));
      }
      const results = await Promise.all(jobs.sort(() => random.next() - 0.5).map((job) => job()));
      for (const outcome of results) {
        outcomes.push(outcome);
        if (outcome.kind === "assign" && outcome.reply.status === 200) {
          outcome.sub.won++;
          outcome.sub.seatIds.push((outcome.reply.json as JsonObject).id as string);
        }
      }
      const after = await invariants(ids);
      seen.overAllocated.push(...after.overAllocated);
      seen.duplicateHolders.push(...after.duplicateHolders);
      seen.unboundedRows.push(...after.unboundedRows);
    }
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;

    const assignOutcomes = outcomes.filter((o) => o.kind === "assign");
    const revokeOutcomes = outcomes.filter((o) => o.kind === "revoke");
    const assignTally = tally(assignOutcomes, (o) => `${o.reply.status} ${o.reply.status === 200 ? "" : errorName(o.reply)}`.trim());
    const revokeTally = tally(revokeOutcomes, (o) => `${o.reply.status} ${o.reply.status === 200 ? (o.reply.json as JsonObject).status : errorName(o.reply)}`);
    recordFigures("races: assigns", {
      seed: random.seed,
      assigns: assignOutcomes.length,
      waves,
      concurrentPerWave: WAVE,
      revokesInterleaved: revokeOutcomes.length,
      subscriptions: subs.map((s) => s.seats),
      assignStatuses: assignTally,
      revokeStatuses: revokeTally,
      invariantSamples: samples + waves,
      overAllocations: seen.overAllocated.length,
      duplicateLiveSeats: seen.duplicateHolders.length,
      seconds: Number(seconds.toFixed(1)),
    });

    expect(seen.overAllocated, "a subscription held more live seats than it has").toEqual([]);
    expect(seen.duplicateHolders, "one person held two live seats on one subscription").toEqual([]);
    expect(seen.unboundedRows, "a subscription's list outgrew its seat count").toEqual([]);
    const unexpectedAssigns = assignOutcomes.filter(
      (o) => !(o.reply.status === 200 || (o.reply.status === 400 && ["SeatNotAvailable", "SeatAlreadyAssigned"].includes(errorName(o.reply)))),
    );
    expect(unexpectedAssigns.map((o) => `${o.reply.status} ${o.reply.text.slice(0, 200)}`)).toEqual([]);
    expect(revokeOutcomes.filter((o) => o.reply.status !== 200 || (o.reply.json as JsonObject).status !== "revoked").map((o) => o.reply.text)).toEqual([]);
    // The run contended: seats ran out and people were named twice.
    expect(assignTally["200"]).toBeGreaterThan(0);
    expect(assignTally["400 SeatNotAvailable"] ?? 0).toBeGreaterThan(0);
    expect(assignTally["400 SeatAlreadyAssigned"] ?? 0).toBeGreaterThan(0);

    // Every accepted assign left exactly one seat event and one queued invitation; the
    // seat counts the API reports agree with the rows.
    const { pool: db } = stack.db;
    for (const sub of subs) {
      const events = await db.query<{ type: string; n: number }>(
        `SELECT type, count(*)::int AS n FROM seat_events WHERE subscription_id = $1 GROUP BY type`,
        [sub.id],
      );
      const count = (type: string) => events.rows.find((r) => r.type === type)?.n ?? 0;
      expect(count("assigned"), `assigned events of ${sub.id}`).toBe(sub.won);
      const live = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM customer_seats WHERE subscription_id = $1 AND status IN ('pending', 'claimed')`,
        [sub.id],
      );
      expect(live.rows[0]!.n, `live seats of ${sub.id}`).toBe(count("assigned") - count("revoked"));
      const list = await request(stack.url, { path: `${SEATS}?subscription_id=${sub.id}`, token: sub.token });
      expect(list.status).toBe(200);
      const body = list.json as JsonObject;
      expect(body.total_seats).toBe(sub.seats);
      expect(body.available_seats).toBe(sub.seats - live.rows[0]!.n);
      expect((body.seats as JsonObject[]).length).toBeLessThanOrEqual(sub.seats);
    }
    const invitations = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM email_outbox WHERE kind = 'seat_invitation' AND created_at >= $1`,
      [startedAt],
    );
    expect(invitations.rows[0]!.n).toBe(assignTally["200"]);
  }, TIMEOUT);
});

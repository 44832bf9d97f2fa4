// Issue 10, item 5: two production instances (`npm start`) on one PostgreSQL database, the
// client alternating between them as a balancer would. Each instance runs its own outbox and
// webhook worker (OUTBOX_POLL_SECONDS=1) and tells its emails apart by its MAIL_FROM.
// - assigns racing over both never exceed any subscription's seats;
// - a claim raced on both wins once;
// - each invitation email and each webhook is delivered exactly once although both drain;
// - a rate limit tripped on one holds on the other;
// - one instance killed (SIGKILL) mid-load: the other carries on, nothing is lost.
// OPS_SCALE=full: 2000 assigns, and the killed instance's leases are waited out (120 s)
// instead of being expired by the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { testPool } from "../fixtures/sql";
import { createCustomerSessionToken, createOrganizationToken, createWorld, uniqueEmail } from "../fixtures/factories";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import {
  FULL_SCALE,
  inPool,
  isAlive,
  jsonOf,
  nextServerPid,
  outcome,
  request,
  serverEnv,
  sleep,
  startAppServer,
  startMailSink,
  stopServer,
  tally,
  waitFor,
  type AppServer,
  type MailSink,
  type Reply,
} from "./helpers";

const SEATS = "/v1/customer-portal/seats";
const SIZE = FULL_SCALE
  ? { assigns: 2000, subscriptions: 12, seats: 80, killAssigns: 600, killSeats: 400 }
  : { assigns: 500, subscriptions: 6, seats: 40, killAssigns: 120, killSeats: 80 };
const RESEND_LIMIT = 3;
const SENDERS = ["instance-a@ops.test", "instance-b@ops.test"];
const SEAT_EVENTS = ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"];

let database: TestDatabase;
let mail: MailSink;
const receiver = new WebhookReceiver();
let servers: AppServer[] = [];
/** Instance `i % 2`: the balancer alternates. */
const instance = (i: number) => servers[i % 2]!;

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  await receiver.start();
  servers = await Promise.all(
    SENDERS.map((sender, i) =>
      startAppServer(
        serverEnv(database.url, mail.smtpUrl, {
          MAIL_FROM: `Instance ${"AB"[i]} <${sender}>`,
          RATE_LIMIT_RESEND_PER_SEAT_PER_HOUR: String(RESEND_LIMIT),
          // The hourly limit across instances is what is counted here, not the minute between resends.
          RESEND_COOLDOWN_SECONDS: "0",
          DATABASE_POOL_SIZE: "10",
        }),
      ),
    ),
  );
});

afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) await stopServer(server);
  await receiver.stop();
  await closeDb();
  await mail?.stop();
  await database?.drop();
});

type Container = { token: string; subscriptionId: string };

/** Organizations with seat-based subscriptions, their owners signed in, and a webhook endpoint each. */
async function tenants(count: number, seats: number) {
  const containers: Container[] = [];
  const endpoints: string[] = [];
  for (let i = 0; i < count; i++) {
    const world = await createWorld({ seats });
    const { token: orgToken } = await createOrganizationToken(world.organization.id);
    const reply = await request(instance(i).url, { method: "POST", path: "/v1/webhooks/endpoints", token: orgToken, body: { url: receiver.url, format: "raw", events: SEAT_EVENTS } });
    expect(reply.status, reply.text).toBe(201);
    endpoints.push(jsonOf(reply).id as string);
    containers.push({ token: await createCustomerSessionToken(world.owner.id), subscriptionId: world.subscription.id });
    containers.push({ token: await createCustomerSessionToken(world.other.id), subscriptionId: world.otherSubscription.id });
  }
  return { containers, endpoints };
}

const assign = (server: AppServer, container: Container, email: string) =>
  request(server.url, { method: "POST", path: SEATS, token: container.token, body: { subscription_id: container.subscriptionId, email } });

async function liveSeats(subscriptionIds: string[]) {
  const { rows } = await testPool().query<{ subscription_id: string; n: string }>(
    `SELECT subscription_id, count(*) AS n FROM customer_seats WHERE subscription_id = ANY($1) AND status IN ('pending', 'claimed') GROUP BY 1`,
    [subscriptionIds],
  );
  return subscriptionIds.map((id) => Number(rows.find((r) => r.subscription_id === id)?.n ?? 0));
}

async function outboxOf(recipients: string[]) {
  const { rows } = await testPool().query<{ recipient: string; status: string; leased: boolean }>(
    `SELECT recipient, status, (locked_until IS NOT NULL AND locked_until > now()) AS leased FROM email_outbox WHERE recipient = ANY($1)`,
    [recipients],
  );
  return rows;
}

async function webhookEventsOf(endpoints: string[]) {
  const { rows } = await testPool().query<{ id: string; status: string; type: string; leased: boolean; seat: string }>(
    `SELECT id, status, type, (locked_until IS NOT NULL AND locked_until > now()) AS leased, payload::json -> 'data' ->> 'id' AS seat
       FROM webhook_events WHERE endpoint_id = ANY($1)`,
    [endpoints],
  );
  return rows;
}

/** Deliveries received per webhook-id, for the given event ids. */
function receivedPerEvent(eventIds: string[]) {
  const counts = new Map(eventIds.map((id) => [id, 0]));
  for (const { headers } of receiver.received) {
    const id = headers["webhook-id"]!;
    if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  return [...counts.values()];
}

/** Waits until every row is delivered, then a little longer, so that a second send would show. */
async function settle(what: string, done: () => Promise<boolean>, timeoutMs = 90_000) {
  await waitFor(what, done, timeoutMs, 250);
  await sleep(2500);
}

describe("two instances on one database", () => {
  const race = { won: [] as string[], lost: [] as string[], endpoints: [] as string[], subscriptions: [] as string[] };

  it(`${SIZE.assigns} assigns alternating over both instances never exceed any subscription's seats`, async () => {
    const { containers, endpoints } = await tenants(SIZE.subscriptions / 2, SIZE.seats);
    race.endpoints = endpoints;
    race.subscriptions = containers.map((c) => c.subscriptionId);
    const emails = Array.from({ length: SIZE.assigns }, (_, i) => uniqueEmail(`race${i}`));
    const started = Date.now();
    const replies = await inPool(40, emails.map((email, i) => () => assign(instance(i), containers[i % containers.length]!, email)));
    const seconds = (Date.now() - started) / 1000;
    replies.forEach((reply, i) => (reply.status === 200 ? race.won : race.lost).push(emails[i]!));

    const outcomes = tally(replies, outcome);
    const perInstance = [0, 1].map((k) => tally(replies.filter((_, i) => i % 2 === k), outcome));
    const live = await liveSeats(race.subscriptions);
    console.info(`race: ${SIZE.assigns} assigns in ${seconds.toFixed(1)} s on ${SIZE.subscriptions} subscriptions of ${SIZE.seats} seats: ${JSON.stringify(outcomes)}; per instance ${JSON.stringify(perInstance)}; live seats ${JSON.stringify(live)}`);

    const capacity = SIZE.subscriptions * SIZE.seats;
    expect(outcomes).toEqual({ "200": capacity, "400 SeatNotAvailable": SIZE.assigns - capacity });
    expect(live).toEqual(Array(SIZE.subscriptions).fill(SIZE.seats));
    expect(perInstance.every((t) => (t["200"] ?? 0) > 0)).toBe(true);
  });

  it("each invitation email is delivered exactly once, though both instances drain the outbox", async () => {
    expect(race.won.length).toBe(SIZE.subscriptions * SIZE.seats);
    await settle("every invitation sent", async () => (await outboxOf(race.won)).filter((r) => r.status === "sent").length === race.won.length);
    const rows = await outboxOf([...race.won, ...race.lost]);
    const perWinner = race.won.map((email) => mail.to(email).length);
    const toLosers = race.lost.reduce((sum, email) => sum + mail.to(email).length, 0);
    const bySender = tally(mail.messages.filter((m) => race.won.includes(m.to[0]!)), (m) => m.from);
    console.info(`race emails: ${rows.length} outbox rows, per winner ${JSON.stringify(tally(perWinner, String))}, by sender ${JSON.stringify(bySender)}`);

    expect(rows.length).toBe(race.won.length);
    expect(tally(perWinner, String)).toEqual({ "1": race.won.length });
    expect(toLosers).toBe(0);
    expect(SENDERS.every((sender) => (bySender[sender] ?? 0) > 0), JSON.stringify(bySender)).toBe(true);
  });

  it("each webhook is delivered exactly once (one delivery per webhook-id, one customer_seat.assigned per seat)", async () => {
    await settle("every webhook delivered", async () => (await webhookEventsOf(race.endpoints)).every((e) => e.status === "succeeded"));
    const events = await webhookEventsOf(race.endpoints);
    const perEvent = receivedPerEvent(events.map((e) => e.id));
    const { rows: deliveries } = await testPool().query<{ n: string }>(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ANY($1)`,
      [race.endpoints],
    );
    console.info(`race webhooks: ${events.length} events, deliveries per webhook-id ${JSON.stringify(tally(perEvent, String))}, ${deliveries[0]!.n} delivery rows`);

    expect(events.length).toBe(race.won.length);
    expect(tally(events, (e) => e.type)).toEqual({ "customer_seat.assigned": race.won.length });
    expect(new Set(events.map((e) => e.seat)).size).toBe(race.won.length);
    expect(tally(perEvent, String)).toEqual({ "1": events.length });
    expect(Number(deliveries[0]!.n)).toBe(events.length);
  });

  it("a claim raced on both instances wins once", async () => {
    const { containers, endpoints } = await tenants(1, 3);
    const email = uniqueEmail("claim-race");
    const seat = await assign(instance(0), containers[0]!, email);
    expect(seat.status, seat.text).toBe(200);
    const token = invitationTokenFrom((await mail.waitForEmails(email))[0]!);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => request(instance(i).url, { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token } })),
    );
    const seatId = jsonOf(seat).id as string;
    const { rows: seats } = await testPool().query<{ status: string }>(`SELECT status FROM customer_seats WHERE id = $1`, [seatId]);
    const { rows: sessions } = await testPool().query<{ n: string }>(`SELECT count(*) AS n FROM member_sessions WHERE seat_id = $1`, [seatId]);
    await settle("the claim webhooks", async () => (await webhookEventsOf(endpoints)).every((e) => e.status === "succeeded"));
    const claimedEvents = (await webhookEventsOf(endpoints)).filter((e) => e.type === "customer_seat.claimed");
    console.info(`claim race: ${JSON.stringify(tally(claims, outcome))}`);

    expect(tally(claims, outcome)).toEqual({ "200": 1, "400 InvalidInvitationToken": 9 });
    expect(seats[0]!.status).toBe("claimed");
    expect(Number(sessions[0]!.n)).toBe(1);
    expect(claimedEvents).toHaveLength(1);
    expect(receivedPerEvent(claimedEvents.map((e) => e.id))).toEqual([1]);
  });

  it(`a resend limit (${RESEND_LIMIT} per seat per hour) tripped on one instance holds on the other`, async () => {
    const { containers } = await tenants(1, 3);
    const email = uniqueEmail("resend-limit");
    const seat = await assign(instance(0), containers[0]!, email);
    expect(seat.status, seat.text).toBe(200);
    const seatId = jsonOf(seat).id as string;
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i++) replies.push(await request(instance(i).url, { method: "POST", path: `${SEATS}/${seatId}/resend`, token: containers[0]!.token }));
    console.info(`resend limit: ${replies.map((r, i) => `${"AB"[i % 2]} ${outcome(r)}`).join(", ")}`);

    expect(replies.map(outcome)).toEqual(["200", "200", "200", "429 TooManyRequests", "429 TooManyRequests", "429 TooManyRequests"]);
    for (const reply of replies.slice(3)) {
      expect(Number(reply.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(Number(reply.headers["retry-after"])).toBeLessThanOrEqual(3600);
    }
    // The invitation and the three resends, no more.
    await settle("the resent invitations", async () => (await outboxOf([email])).every((r) => r.status === "sent"));
    expect(mail.to(email)).toHaveLength(1 + RESEND_LIMIT);
  });

  // Exactly once cannot survive a SIGKILL between a mail server's acceptance and the row
  // being marked sent (no outbox can know the message left). What holds: nothing is lost,
  // only a message the killed instance was sending can go out twice, and then every copy
  // carries the same Message-ID (a webhook, the same webhook-id) so the receiver can drop it.
  it("one instance killed (SIGKILL) mid-load: the other carries on, nothing is lost, and a second copy can only be of a message the killed one held, with the same id", async () => {
    const { containers, endpoints } = await tenants(1, SIZE.killSeats);
    const [survivor, victim] = servers as [AppServer, AppServer];
    const victimPid = nextServerPid(victim);
    const emails = Array.from({ length: SIZE.killAssigns }, (_, i) => uniqueEmail(`kill${i}`));
    let completed = 0;
    let killedAt = 0;
    type Sent = { reply: Reply; to: "survivor" | "victim"; afterKill: boolean; retried: boolean };
    const sent = await inPool(
      20,
      emails.map((email, i) => async (): Promise<Sent> => {
        if (!killedAt && completed >= SIZE.killAssigns / 3) {
          killedAt = Date.now();
          process.kill(victimPid, "SIGKILL");
        }
        const afterKill = killedAt > 0;
        const target = !afterKill && i % 2 === 1 ? victim : survivor;
        const container = containers[i % containers.length]!;
        let reply = await assign(target, container, email);
        let retried = false;
        // A refused connection never reached the instance: a balancer sends it to the other.
        if (reply.error === "ECONNREFUSED" && target === victim) {
          reply = await assign(survivor, container, email);
          retried = true;
        }
        completed++;
        return { reply, to: retried || target === survivor ? "survivor" : "victim", afterKill, retried };
      }),
    );
    await waitFor("the killed instance's supervisor to exit", () => victim.process.exitCode !== null, 30_000);
    expect(isAlive(victimPid)).toBe(false);

    const bySurvivor = sent.filter((s) => s.to === "survivor");
    const byVictim = sent.filter((s) => s.to === "victim");
    const figures = {
      survivor: tally(bySurvivor, (s) => outcome(s.reply)),
      victim: tally(byVictim, (s) => outcome(s.reply)),
      retriedOnSurvivor: sent.filter((s) => s.retried).length,
      afterKill: tally(sent.filter((s) => s.afterKill), (s) => outcome(s.reply)),
    };

    // The survivor answered everything it was sent; after the kill everything went to it.
    expect(figures.survivor, JSON.stringify(figures)).toEqual({ "200": bySurvivor.length });
    expect(figures.afterKill, JSON.stringify(figures)).toEqual({ "200": sent.filter((s) => s.afterKill).length });
    expect((await request(survivor.url, { path: "/api/health/ready" })).status).toBe(200);

    // Every seat that exists (whether or not its answer was lost with the victim) has its
    // invitation queued once; a 200 always means a seat.
    const { rows: seats } = await testPool().query<{ email: string }>(
      `SELECT email FROM customer_seats WHERE subscription_id = ANY($1) AND status = 'pending'`,
      [containers.map((c) => c.subscriptionId)],
    );
    const seated = new Set(seats.map((s) => s.email));
    expect(sent.filter((s) => s.reply.status === 200).every((s) => seated.has(emails[sent.indexOf(s)]!.toLowerCase()))).toBe(true);
    const recipients = [...seated];
    expect((await outboxOf(recipients)).length).toBe(recipients.length);

    // Rows the victim held stay leased until their lease runs out (120 s for emails, 60 s for
    // webhooks). Once the survivor has sent everything else (the pending set stays the same
    // for 2 s while its worker runs every second), the test ends those leases as time would,
    // unless OPS_SCALE=full waits them out.
    const held = async () => ({
      emails: (await outboxOf(recipients)).filter((r) => r.status === "pending").map((r) => r.recipient).sort(),
      hooks: (await webhookEventsOf(endpoints)).filter((e) => e.status === "pending").map((e) => e.id).sort(),
    });
    await waitFor(
      "the survivor to send everything not leased",
      async () => (await outboxOf(recipients)).every((r) => r.status === "sent" || r.leased) && (await webhookEventsOf(endpoints)).every((e) => e.status === "succeeded" || e.leased),
      FULL_SCALE ? 300_000 : 90_000,
      250,
    );
    let previous = await held();
    for (let round = 0; ; round++) {
      await sleep(2000);
      const current = await held();
      if (JSON.stringify(current) === JSON.stringify(previous)) break;
      if (round > 30) throw new Error(`the outbox never settled: ${JSON.stringify(current)}`);
      previous = current;
    }
    const { emails: heldEmails, hooks: heldHooks } = previous;
    if (!FULL_SCALE) {
      await testPool().query(`UPDATE email_outbox SET locked_until = now() WHERE recipient = ANY($1) AND status = 'pending'`, [heldEmails]);
      await testPool().query(`UPDATE webhook_events SET locked_until = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [heldHooks]);
    }
    await settle("every email sent", async () => (await outboxOf(recipients)).every((r) => r.status === "sent"), FULL_SCALE ? 200_000 : 60_000);
    await settle("every webhook delivered", async () => (await webhookEventsOf(endpoints)).every((e) => e.status === "succeeded"), FULL_SCALE ? 200_000 : 60_000);

    const perRecipient = recipients.map((email) => mail.to(email).length);
    const twice = recipients
      .filter((email) => mail.to(email).length > 1)
      .map((email) => `${email}: ${mail.to(email).map((m) => `${m.from} at ${m.receivedAt}`).join(", ")}${heldEmails.includes(email) ? " (held by the killed instance)" : ""}`);
    if (twice.length) console.info(`sent more than once:\n${twice.join("\n")}\n(killed at ${new Date(killedAt).toISOString()})`);
    const events = await webhookEventsOf(endpoints);
    const perEvent = receivedPerEvent(events.map((e) => e.id));
    console.info(
      `kill: ${JSON.stringify(figures)}; ${recipients.length} seats; held by the killed instance: ${heldEmails.length} emails, ${heldHooks.length} webhooks; emails per seat ${JSON.stringify(tally(perRecipient, String))}; webhooks per id ${JSON.stringify(tally(perEvent, String))}`,
    );
    expect(perRecipient.every((copies) => copies >= 1)).toBe(true);
    for (const email of recipients.filter((address) => mail.to(address).length > 1)) {
      expect(heldEmails, `${email} was sent twice without the killed instance holding it`).toContain(email);
      expect(new Set(mail.to(email).map((m) => m.messageId)).size, `${email}: copies with different Message-IDs`).toBe(1);
      expect(mail.to(email)[0]!.messageId).toMatch(/^<[0-9a-f-]{36}@/);
    }
    expect(perRecipient.filter((copies) => copies > 1).length).toBeLessThanOrEqual(heldEmails.length);
    expect(events.length).toBe(recipients.length);
    expect(perEvent.every((copies) => copies >= 1)).toBe(true);
    expect(perEvent.filter((copies) => copies > 1).length).toBeLessThanOrEqual(heldHooks.length);
  }, FULL_SCALE ? 600_000 : 180_000);
});

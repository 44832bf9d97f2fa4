// This portal's extensions of Polar's seat API: bulk invitations, the seat activity log,
// and Idempotency-Key on writes.
import { describe, expect, it } from "vitest";
import { CustomerSeat$inboundSchema } from "@polar-sh/sdk/models/components/customerseat.js";
import { db } from "@/lib/db";
import { testPool } from "../fixtures/sql";
import { api } from "../fixtures/clients";
import { createCustomerSessionToken, createOrganizationToken, createWorld, uniqueEmail } from "../fixtures/factories";
import { lapseResendCooldown } from "./helpers";

async function owner(seats = 5) {
  const world = await createWorld({ seats });
  return { world, token: await createCustomerSessionToken(world.owner.id), otherToken: await createCustomerSessionToken(world.other.id) };
}

const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, { method: "POST", token, body: JSON.stringify(body), headers });

type BulkBody = { results: { email: string; outcome: string; seat: unknown; detail: string | null }[]; assigned: number };

/** Everything a seat write leaves behind for one world, as text: seats, events, people, mail, webhooks. */
async function state(world: Awaited<ReturnType<typeof createWorld>>) {
  const rows = async (sql: string) => (await testPool().query<{ row: string }>(sql, [world.organization.id])).rows.map((r) => r.row).sort();
  const containers = `(SELECT id FROM subscriptions WHERE organization_id = $1 UNION SELECT id FROM orders WHERE organization_id = $1)`;
  return {
    seats: await rows(`SELECT t::text AS row FROM customer_seats t WHERE coalesce(subscription_id, order_id) IN ${containers}`),
    events: await rows(`SELECT t::text AS row FROM seat_events t WHERE coalesce(subscription_id, order_id) IN ${containers}`),
    customers: await rows(`SELECT t::text AS row FROM customers t WHERE organization_id = $1`),
    outbox: await rows(`SELECT concat_ws(' ', id, kind, recipient) AS row FROM email_outbox WHERE recipient IN (SELECT email FROM customers WHERE organization_id = $1)`),
    webhooks: await rows(`SELECT t::text AS row FROM webhook_events t WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE organization_id = $1)`),
    sessions: await rows(`SELECT t::text AS row FROM customer_sessions t WHERE customer_id IN (SELECT id FROM customers WHERE organization_id = $1)`),
  };
}

describe("POST /v1/customer-portal/seats/bulk", () => {
  it("answers per row, and assigns the valid ones", async () => {
    const { world, token } = await owner(3);
    const a = uniqueEmail("a");
    const response = await post("/v1/customer-portal/seats/bulk", token, {
      subscription_id: world.subscription.id,
      seats: [{ email: a, metadata: { team: "x" } }, { email: "nope" }, { email: a }, { email: uniqueEmail("b") }, { email: uniqueEmail("c") }, { email: uniqueEmail("d") }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { email: string; outcome: string; seat: unknown; detail: string | null }[]; assigned: number };
    expect(body.results.map((r) => r.outcome)).toEqual(["assigned", "invalid", "duplicate", "assigned", "assigned", "no_capacity"]);
    expect(body.assigned).toBe(3);
    for (const row of body.results) {
      expect(Object.keys(row).sort()).toEqual(["detail", "email", "outcome", "seat"]);
      if (row.outcome === "assigned") expect(CustomerSeat$inboundSchema.safeParse(row.seat).success).toBe(true);
      else expect(row.seat).toBeNull();
    }
  });

  it("changes nothing on a dry run", async () => {
    const { world, token } = await owner();
    const response = await post("/v1/customer-portal/seats/bulk", token, { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail() }], dry_run: true });
    expect(((await response.json()) as { assigned: number }).assigned).toBe(1);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(0);
  });

  it("a dry run answers the rows it would assign with seat: null and says so, and changes nothing", async () => {
    const { world, token } = await owner(3);
    // A seat already held, and a revoked row an assignment would reuse (its id must not leak as a new seat's).
    const held = uniqueEmail("held");
    await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: held });
    const revoked = (await (await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail("gone") })).json()) as { id: string };
    await api(`/v1/customer-portal/seats/${revoked.id}`, { method: "DELETE", token });
    const fresh = [uniqueEmail("dry-a"), uniqueEmail("dry-b"), uniqueEmail("dry-c")];
    const rows = [{ email: fresh[0] }, { email: "nope" }, { email: fresh[0] }, { email: held }, { email: fresh[1], metadata: { team: "x" } }, { email: fresh[2] }];
    const before = await state(world);

    const response = await post("/v1/customer-portal/seats/bulk", token, { subscription_id: world.subscription.id, seats: rows, dry_run: true });
    expect(response.status).toBe(200);
    const body = (await response.json()) as BulkBody;
    expect(body.results.map((r) => [r.email, r.outcome])).toEqual([
      [fresh[0], "assigned"],
      ["nope", "invalid"],
      [fresh[0], "duplicate"],
      [held, "already_assigned"],
      [fresh[1], "assigned"],
      [fresh[2], "no_capacity"],
    ]);
    expect(body.assigned).toBe(2);
    for (const row of body.results) {
      expect(Object.keys(row).sort()).toEqual(["detail", "email", "outcome", "seat"]);
      expect(row.seat, row.email).toBeNull();
    }
    for (const row of body.results.filter((r) => r.outcome === "assigned")) {
      expect(row.detail).toBe("Would be assigned: this was a dry run, nothing was changed.");
    }
    expect(JSON.stringify(body)).not.toContain(revoked.id);
    expect(await state(world)).toEqual(before);

    // Confirming does what the dry run said, now with real seats (the first one reusing the revoked row).
    const real = (await (await post("/v1/customer-portal/seats/bulk", token, { subscription_id: world.subscription.id, seats: rows })).json()) as BulkBody;
    expect(real.results.map((r) => r.outcome)).toEqual(body.results.map((r) => r.outcome));
    const assigned = real.results.filter((r) => r.outcome === "assigned");
    for (const row of assigned) {
      expect(CustomerSeat$inboundSchema.safeParse(row.seat).success).toBe(true);
      expect(row.detail).toBeNull();
    }
    expect(assigned.map((r) => (r.seat as { id: string }).id)).toContain(revoked.id);
  });

  it.each([
    ["anonymous", undefined, 401, "Unauthorized"],
    ["another customer", "other", 404, "ResourceNotFound"],
  ])("refuses %s", async (_name, who, status, error) => {
    const { world, otherToken } = await owner();
    const response = await post("/v1/customer-portal/seats/bulk", who ? otherToken : "", { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail() }] });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });

  it.each([
    ["no rows", { seats: [] }, ["body", "seats"]],
    ["more than 1,000 rows", { seats: Array.from({ length: 1001 }, (_, i) => ({ email: `p${i}@example.com` })) }, ["body", "seats"]],
    ["a bad container id", { subscription_id: "nope", seats: [{ email: "a@b.co" }] }, ["body", "subscription_id"]],
  ])("refuses %s with a 422", async (_name, body, loc) => {
    const { world, token } = await owner();
    const response = await post("/v1/customer-portal/seats/bulk", token, { subscription_id: world.subscription.id, ...body });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc)).toContainEqual(loc);
  });
});

describe("GET /v1/customer-portal/seats/events", () => {
  it("pages the activity log, newest first, in its documented shape", async () => {
    const { world, token } = await owner();
    const first = uniqueEmail("first");
    const seat = (await (await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: first })).json()) as { id: string };
    await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail("second") });
    await api(`/v1/customer-portal/seats/${seat.id}`, { method: "DELETE", token });
    const response = await api(`/v1/customer-portal/seats/events?subscription_id=${world.subscription.id}&page=1&limit=2`, { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[]; pagination: { total_count: number; max_page: number } };
    expect(body.pagination).toEqual({ total_count: 3, max_page: 2 });
    expect(body.items[0]).toMatchObject({ type: "revoked", seat_id: seat.id, email: first, actor: world.owner.email });
    expect(Object.keys(body.items[0]!).sort()).toEqual(["actor", "created_at", "email", "id", "seat_id", "type"]);
    expect(body.items[0]!.created_at).toMatch(/Z$/);
  });

  it("hides another customer's container and needs one", async () => {
    const { world, otherToken, token } = await owner();
    expect((await api(`/v1/customer-portal/seats/events?subscription_id=${world.subscription.id}`, { token: otherToken })).status).toBe(404);
    expect((await api(`/v1/customer-portal/seats/events`, { token })).status).toBe(400);
    expect((await api(`/v1/customer-portal/seats/events?subscription_id=${world.subscription.id}`)).status).toBe(401);
  });
});

describe("Idempotency-Key", () => {
  it("answers a retry with the first answer, marked replayed, and assigns once", async () => {
    const { world, token } = await owner();
    const body = { subscription_id: world.subscription.id, email: uniqueEmail("once") };
    const first = await post("/v1/customer-portal/seats", token, body, { "idempotency-key": "assign-1" });
    const again = await post("/v1/customer-portal/seats", token, body, { "idempotency-key": "assign-1" });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
  });

  it("gives one seat to 20 parallel retries with one key", async () => {
    const { world, token } = await owner();
    const body = { subscription_id: world.subscription.id, email: uniqueEmail("parallel") };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post("/v1/customer-portal/seats", token, body, { "idempotency-key": "parallel-key" })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(19);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
  });

  it("refuses the same key with another request (422)", async () => {
    const { world, token } = await owner();
    await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail() }, { "idempotency-key": "k" });
    const other = await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail() }, { "idempotency-key": "k" });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { detail: { loc: unknown[] }[] }).detail[0]!.loc).toEqual(["header", "idempotency-key"]);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
  });

  it("replays a refusal too, and keeps keys apart per caller", async () => {
    const { world, token, otherToken } = await owner(1);
    await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail() });
    const body = { subscription_id: world.subscription.id, email: uniqueEmail() };
    const refused = await post("/v1/customer-portal/seats", token, body, { "idempotency-key": "full" });
    const replay = await post("/v1/customer-portal/seats", token, body, { "idempotency-key": "full" });
    expect([refused.status, replay.status]).toEqual([400, 400]);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const stranger = await post("/v1/customer-portal/seats", otherToken, body, { "idempotency-key": "full" });
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get("idempotent-replayed")).toBeNull();
  });

  it("works on revoke, resend and bulk", async () => {
    const { world, token } = await owner();
    const seat = (await (await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail() })).json()) as { id: string };
    const resend = () => api(`/v1/customer-portal/seats/${seat.id}/resend`, { method: "POST", token, headers: { "idempotency-key": "r1" } });
    await resend();
    expect((await resend()).headers.get("idempotent-replayed")).toBe("true");
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "resent" } })).toBe(1);
    const revoke = () => api(`/v1/customer-portal/seats/${seat.id}`, { method: "DELETE", token, headers: { "idempotency-key": "d1" } });
    await revoke();
    expect((await revoke()).headers.get("idempotent-replayed")).toBe("true");
    const bulkBody = { subscription_id: world.subscription.id, seats: [{ email: uniqueEmail("bulk") }] };
    await post("/v1/customer-portal/seats/bulk", token, bulkBody, { "idempotency-key": "b1" });
    expect((await post("/v1/customer-portal/seats/bulk", token, bulkBody, { "idempotency-key": "b1" })).headers.get("idempotent-replayed")).toBe("true");
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id, status: "pending" } })).toBe(1);
  });

  it("refuses a malformed key", async () => {
    const { world, token } = await owner();
    const response = await post("/v1/customer-portal/seats", token, { subscription_id: world.subscription.id, email: uniqueEmail() }, { "idempotency-key": "x".repeat(300) });
    expect(response.status).toBe(422);
  });
});

describe("Idempotency-Key on the merchant routes (organization tokens)", () => {
  async function merchant() {
    const world = await createWorld({ seats: 5 });
    const { token } = await createOrganizationToken(world.organization.id);
    return { world, token };
  }
  const key = () => `merchant-${crypto.randomUUID()}`;
  const events = (seatId: string, type: string) => db().prisma.seatEvent.count({ where: { seatId, type } });
  const mails = (email: string) => db().prisma.emailOutbox.count({ where: { recipient: email } });
  const assign = (token: string, body: unknown, idempotencyKey: string) => post("/v1/customer-seats", token, body, { "idempotency-key": idempotencyKey });
  const revoke = (token: string, seatId: string, idempotencyKey: string) => api(`/v1/customer-seats/${seatId}`, { method: "DELETE", token, headers: { "idempotency-key": idempotencyKey } });
  const resend = (token: string, seatId: string, idempotencyKey: string) => api(`/v1/customer-seats/${seatId}/resend`, { method: "POST", token, headers: { "idempotency-key": idempotencyKey } });
  const seatOf = async (token: string, world: Awaited<ReturnType<typeof createWorld>>, email = uniqueEmail("m")) => {
    const response = await post("/v1/customer-seats", token, { subscription_id: world.subscription.id, email });
    expect(response.status).toBe(200);
    return { ...((await response.json()) as { id: string }), email };
  };
  /** Makes a stored key look `hours` old, as the clock would: its answer was kept for 24 hours from then. */
  const age = async (idempotencyKey: string, hours: number) => {
    const { count } = await db().prisma.idempotencyKey.updateMany({
      where: { key: idempotencyKey },
      data: { createdAt: new Date(Date.now() - hours * 3600_000), expiresAt: new Date(Date.now() - (hours - 24) * 3600_000) },
    });
    expect(count).toBe(1);
  };

  it("POST /v1/customer-seats: a retry gets the first answer, marked replayed, and assigns once", async () => {
    const { world, token } = await merchant();
    const k = key();
    const body = { subscription_id: world.subscription.id, email: uniqueEmail("m-assign") };
    const first = await assign(token, body, k);
    const again = await assign(token, body, k);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const seat = (await first.json()) as { id: string };
    expect(await again.json()).toEqual(seat);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
    expect(await events(seat.id, "assigned")).toBe(1);
    expect(await mails(body.email)).toBe(1);
  });

  it("POST /v1/customer-seats: the same key with another body is a 422, and assigns nothing", async () => {
    const { world, token } = await merchant();
    const k = key();
    await assign(token, { subscription_id: world.subscription.id, email: uniqueEmail("m-first") }, k);
    const other = uniqueEmail("m-other");
    const response = await assign(token, { subscription_id: world.subscription.id, email: other }, k);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: { loc: unknown[] }[] }).detail[0]!.loc).toEqual(["header", "idempotency-key"]);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(1);
    expect(await mails(other)).toBe(0);
  });

  it("DELETE /v1/customer-seats/{id}: a retry is replayed and revokes once; the key on another seat is a 422", async () => {
    const { world, token } = await merchant();
    const [seat, bystander] = [await seatOf(token, world), await seatOf(token, world)];
    const k = key();
    const first = await revoke(token, seat.id, k);
    const again = await revoke(token, seat.id, k);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await events(seat.id, "revoked")).toBe(1);
    const elsewhere = await revoke(token, bystander.id, k);
    expect(elsewhere.status).toBe(422);
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: bystander.id } })).status).toBe("pending");
  });

  it("POST /v1/customer-seats/{id}/resend: a retry is replayed and sends one email; the key on another seat is a 422", async () => {
    const { world, token } = await merchant();
    const [seat, bystander] = [await seatOf(token, world), await seatOf(token, world)];
    const k = key();
    const first = await resend(token, seat.id, k);
    const again = await resend(token, seat.id, k);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await events(seat.id, "resent")).toBe(1);
    expect(await mails(seat.email)).toBe(2);
    expect((await resend(token, bystander.id, k)).status).toBe(422);
    expect(await events(bystander.id, "resent")).toBe(0);
  });

  it("keeps a key 24 hours: replayed at 23 hours, forgotten after 24 (the retry then runs for real)", async () => {
    const { world, token } = await merchant();
    const seat = await seatOf(token, world);
    const k = key();
    expect((await resend(token, seat.id, k)).status).toBe(200);
    const stored = await db().prisma.idempotencyKey.findFirstOrThrow({ where: { key: k } });
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(24 * 3600_000 - 5_000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThan(24 * 3600_000 + 5_000);

    await age(k, 23);
    const within = await resend(token, seat.id, k);
    expect(within.headers.get("idempotent-replayed")).toBe("true");
    expect(await events(seat.id, "resent")).toBe(1);

    await age(k, 25);
    await lapseResendCooldown(seat.id);
    const after = await resend(token, seat.id, k);
    expect(after.status).toBe(200);
    expect(after.headers.get("idempotent-replayed")).toBeNull();
    expect(await events(seat.id, "resent")).toBe(2);
    expect(await mails(seat.email)).toBe(3);
    // The retry's answer is the one kept now, for another 24 hours.
    expect((await resend(token, seat.id, k)).headers.get("idempotent-replayed")).toBe("true");
    expect(await events(seat.id, "resent")).toBe(2);
  });

  it("an expired key no longer binds its request: the same key with another body runs instead of a 422", async () => {
    const { world, token } = await merchant();
    const k = key();
    await assign(token, { subscription_id: world.subscription.id, email: uniqueEmail("m-old") }, k);
    await age(k, 25);
    const response = await assign(token, { subscription_id: world.subscription.id, email: uniqueEmail("m-new") }, k);
    expect(response.status).toBe(200);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: world.subscription.id } })).toBe(2);
  });
});

// This portal's extensions of Polar's seat API: bulk invitations, the seat activity log,
// and Idempotency-Key on writes.
import { describe, expect, it } from "vitest";
import { CustomerSeat$inboundSchema } from "@polar-sh/sdk/models/components/customerseat.js";
import { db } from "@/lib/db";
import { api } from "../fixtures/clients";
import { createCustomerSessionToken, createWorld, uniqueEmail } from "../fixtures/factories";

async function owner(seats = 5) {
  const world = await createWorld({ seats });
  return { world, token: await createCustomerSessionToken(world.owner.id), otherToken: await createCustomerSessionToken(world.other.id) };
}

const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, { method: "POST", token, body: JSON.stringify(body), headers });

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

// Concurrency over HTTP, through the SDKs: parallel assigns never exceed the seat count
// and never give one person two live seats (SPEC §2.3).
import { describe, expect, it } from "vitest";
import { SDKError } from "@polar-sh/sdk/models/errors/sdkerror.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { uniqueEmail } from "../fixtures/factories";
import { assignRaw, portalWorld, type JsonObject } from "./helpers";

const liveSeats = (where: { subscriptionId: string } | { orderId: string }) =>
  db().prisma.customerSeat.count({ where: { ...where, status: { in: ["pending", "claimed"] } } });

/** The wire body of a 0.49.0 failure, or of a 1.x one. */
function failureOf(reason: unknown): { status: number; error: string } {
  if (reason instanceof SDKError) return { status: reason.statusCode, error: (JSON.parse(reason.body) as JsonObject).error as string };
  const failure = reason as { statusCode?: number; error?: unknown; message?: string };
  const body = (typeof failure.error === "string" ? JSON.parse(failure.error) : failure.error) as JsonObject | undefined;
  return { status: failure.statusCode ?? 0, error: String(body?.error ?? failure.message) };
}

describe("parallel assigns", () => {
  it("20 parallel assigns (SDK 0.49.0) on a subscription with k=3 free seats → exactly 3 succeed, the rest 400 SeatNotAvailable", async () => {
    const world = await portalWorld({ seats: 5 });
    await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("pre") });
    await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("pre") });
    const polar = sdk049();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        polar.customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, email: uniqueEmail(`race${i}`) }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => failureOf(r.reason));
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(17);
    expect(lost.filter((f) => f.status >= 500), JSON.stringify(lost)).toEqual([]);
    expect(lost.every((f) => f.status === 400 && f.error === "SeatNotAvailable"), JSON.stringify(lost)).toBe(true);

    expect(await liveSeats({ subscriptionId: world.subscription.id })).toBe(5);
    const list = await polar.customerPortal.seats.listSeats({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id });
    expect(list).toMatchObject({ totalSeats: 5, availableSeats: 0 });
    expect(list.seats).toHaveLength(5);
  });

  it("20 parallel assigns (SDK 1.x) on a 3-seat order → exactly 3 succeed", async () => {
    const world = await portalWorld({ orderSeats: 3 });
    const client = sdk1(world.ownerToken, "2027-01");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => client.customerPortal.seats.assignSeat({ order_id: world.order.id, email: uniqueEmail(`order${i}`) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => failureOf(r.reason));
    expect(lost.every((f) => f.status === 400 && f.error === "SeatNotAvailable"), JSON.stringify(lost)).toBe(true);
    expect(await liveSeats({ orderId: world.order.id })).toBe(3);
  });

  it("10 parallel assigns of one email in mixed case (SDK 1.x) → exactly one succeeds, the rest 400 SeatAlreadyAssigned, one customer", async () => {
    const world = await portalWorld({ seats: 5 });
    const email = uniqueEmail("Same.Person");
    const spellings = [email, email.toUpperCase(), email.toLowerCase(), email.replace(/^s/i, "S")];
    const client = sdk1(world.ownerToken, "2026-10");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        client.customerPortal.seats.assignSeat({ subscription_id: world.subscription.id, email: spellings[i % spellings.length]! }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => failureOf(r.reason));
    expect(won, JSON.stringify(lost)).toHaveLength(1);
    expect(lost.filter((f) => f.status >= 500), JSON.stringify(lost)).toEqual([]);
    expect(lost.every((f) => f.status === 400 && f.error === "SeatAlreadyAssigned"), JSON.stringify(lost)).toBe(true);

    expect(await liveSeats({ subscriptionId: world.subscription.id })).toBe(1);
    expect(
      await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: email.toLowerCase(), deletedAt: null } }),
    ).toBe(1);
    const list = await client.customerPortal.seats.listSeats({ subscription_id: world.subscription.id });
    expect(list).toMatchObject({ total_seats: 5, available_seats: 4 });
  });

  it("10 parallel assigns of one new email through SDK 0.49.0 → one seat, one customer", async () => {
    const world = await portalWorld({ seats: 5 });
    const email = uniqueEmail("Twin");
    const polar = sdk049();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        polar.customerPortal.seats.assignSeat(
          { customerSession: world.ownerToken },
          { subscriptionId: world.subscription.id, email: i % 2 ? email.toUpperCase() : email },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => failureOf(r.reason));
    expect(new Set(lost.map((f) => `${f.status} ${f.error}`))).toEqual(new Set(["400 SeatAlreadyAssigned"]));
    expect(await db().prisma.customer.count({ where: { organizationId: world.organization.id, emailKey: email.toLowerCase() } })).toBe(1);
  });
});

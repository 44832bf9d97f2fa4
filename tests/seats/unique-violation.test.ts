import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { violatedUniqueIndex } from "@/lib/db-errors";
import { assignSeat } from "@/lib/seats";
import { isLiveSeatConflict } from "@/lib/seats/unique-violation";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";

// The partial unique indexes are the last word on "one live seat per person and container":
// their refusal must read as SeatAlreadyAssigned whichever way the write reached PostgreSQL.

async function refusal(write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error("the write went through");
}

async function heldSeat() {
  const world = await createWorld();
  const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail("held") });
  return { world, seat, subscriptionId: world.subscription.id, customerId: seat.customerId! };
}

describe("isLiveSeatConflict", () => {
  it("recognises the live-seat index refusing a model call", async () => {
    const { subscriptionId, customerId } = await heldSeat();
    const error = await refusal(() => db().prisma.customerSeat.create({ data: { subscriptionId, customerId, status: "pending" } }));
    expect(violatedUniqueIndex(error)).toBe("customer_seats_subscription_live_holder_key");
    expect(isLiveSeatConflict(error)).toBe(true);
  });

  it("recognises it inside an interactive transaction", async () => {
    const { subscriptionId, customerId } = await heldSeat();
    const error = await refusal(() => db().prisma.$transaction((tx) => tx.customerSeat.create({ data: { subscriptionId, customerId, status: "claimed" } })));
    expect(isLiveSeatConflict(error)).toBe(true);
  });

  it("recognises it from a raw statement", async () => {
    const { subscriptionId, customerId } = await heldSeat();
    const error = await refusal(
      () => db().prisma.$executeRaw`INSERT INTO customer_seats (id, subscription_id, customer_id, status) VALUES (gen_random_uuid(), ${subscriptionId}::uuid, ${customerId}::uuid, 'pending')`,
    );
    expect(isLiveSeatConflict(error)).toBe(true);
  });

  it("names another unique index without calling it a live-seat conflict", async () => {
    const { subscriptionId, seat } = await heldSeat();
    const { invitationTokenHash } = await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id }, select: { invitationTokenHash: true } });
    const error = await refusal(() => db().prisma.customerSeat.create({ data: { subscriptionId, status: "revoked", invitationTokenHash } }));
    expect(violatedUniqueIndex(error)).toBe("customer_seats_invitation_token_hash_key");
    expect(isLiveSeatConflict(error)).toBe(false);
  });

  it("is false for an error that is no unique violation", () => {
    expect(isLiveSeatConflict(new Error("boom"))).toBe(false);
    expect(violatedUniqueIndex(null)).toBeNull();
  });
});

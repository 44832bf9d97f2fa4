import { describe, expect, it } from "vitest";
import { createWorld, createCustomerSessionToken } from "../fixtures/factories";
import { sdk049, sdk1 } from "../fixtures/clients";

describe("smoke", () => {
  it("lists seats through both SDKs", async () => {
    const world = await createWorld();
    const token = await createCustomerSessionToken(world.owner.id);
    const old = await sdk049().customerPortal.seats.listSeats({ customerSession: token }, { subscriptionId: world.subscription.id });
    expect(old.totalSeats).toBe(5);
    const fresh = await sdk1(token).customerPortal.seats.listSeats({ subscription_id: world.subscription.id });
    expect(fresh.total_seats).toBe(5);
  });
});

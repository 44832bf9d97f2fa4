import { describe, expect, it } from "vitest";
import { actorFromAuthorization } from "@/lib/auth/bearer";
import { createCustomerSessionToken, createOrganizationToken, createWorld } from "../fixtures/factories";

describe("actorFromAuthorization", () => {
  it("is anonymous without a header or with an empty bearer", async () => {
    expect(await actorFromAuthorization(null)).toEqual({ kind: "anonymous" });
    expect(await actorFromAuthorization("Bearer ")).toEqual({ kind: "anonymous" });
  });

  it("resolves a customer session token to its customer, with the portal scopes", async () => {
    const world = await createWorld();
    const token = await createCustomerSessionToken(world.owner.id);
    const actor = await actorFromAuthorization(`Bearer ${token}`);
    expect(actor).toMatchObject({ kind: "customer", customerId: world.owner.id, organizationId: world.organization.id });
    if (actor.kind === "customer") expect([...actor.scopes].sort()).toEqual(["customer_portal:read", "customer_portal:write"]);
  });

  it("resolves an organization token to its organization and scopes", async () => {
    const world = await createWorld();
    const { token, id } = await createOrganizationToken(world.organization.id, { scopes: ["customer_seats:read"] });
    const actor = await actorFromAuthorization(`Bearer ${token}`);
    expect(actor).toMatchObject({ kind: "organization", organizationId: world.organization.id, tokenId: id });
    if (actor.kind === "organization") expect([...actor.scopes]).toEqual(["customer_seats:read"]);
  });

  it.each([
    ["an expired customer session", async (customerId: string) => `Bearer ${await createCustomerSessionToken(customerId, { expiresAt: new Date(Date.now() - 1) })}`],
    ["a revoked customer session", async (customerId: string) => `Bearer ${await createCustomerSessionToken(customerId, { revokedAt: new Date() })}`],
    ["an unknown customer session", async () => "Bearer polar_cst_unknownunknownunknownunknownunknownunknown1"],
    ["a token with an unknown prefix", async () => "Bearer polar_xyz_abc"],
    ["a scheme other than Bearer", async () => "Basic dXNlcjpwYXNz"],
    ["the SDK's `Bearer undefined`", async () => "Bearer undefined"],
  ])("refuses %s (Unauthorized)", async (_name, header) => {
    const world = await createWorld();
    await expect(actorFromAuthorization(await header(world.owner.id))).rejects.toMatchObject({ code: "Unauthorized", status: 401 });
  });

  it("refuses an expired or revoked organization token", async () => {
    const world = await createWorld();
    const expired = await createOrganizationToken(world.organization.id, { expiresAt: new Date(Date.now() - 1) });
    const revoked = await createOrganizationToken(world.organization.id, { revokedAt: new Date() });
    await expect(actorFromAuthorization(`Bearer ${expired.token}`)).rejects.toMatchObject({ code: "Unauthorized" });
    await expect(actorFromAuthorization(`Bearer ${revoked.token}`)).rejects.toMatchObject({ code: "Unauthorized" });
  });
});

import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createCustomerSession } from "@/lib/auth/customer-sessions";
import { hashToken } from "@/lib/auth/tokens";
import { createCustomer, createOrganization, createWorld, organizationActor } from "../fixtures/factories";

describe("createCustomerSession", () => {
  it("opens an hour-long session and links to the organization's portal", async () => {
    const world = await createWorld();
    const created = await createCustomerSession(organizationActor(world.organization.id), { customer_id: world.owner.id });
    expect(created.session.token).toMatch(/^polar_cst_/);
    const lifetime = created.session.expiresAt.getTime() - created.session.createdAt.getTime();
    expect(lifetime).toBe(3600_000);
    expect(created.customerPortalUrl).toBe(
      `http://portal.test/${world.organization.slug}/portal?customer_session_token=${created.session.token}`,
    );
    expect(created.customer.id).toBe(world.owner.id);
  });

  it("stores only the token's SHA-256", async () => {
    const world = await createWorld();
    const { session } = await createCustomerSession(organizationActor(world.organization.id), { customer_id: world.owner.id });
    const row = await db().prisma.customerSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.tokenHash).toBe(hashToken(session.token));
    expect(JSON.stringify(row)).not.toContain(session.token);
  });

  it("finds the customer by external id", async () => {
    const world = await createWorld();
    const customer = await createCustomer(world.organization.id, { externalId: "crm-7" });
    const created = await createCustomerSession(organizationActor(world.organization.id), { external_customer_id: "crm-7" });
    expect(created.customer.id).toBe(customer.id);
  });

  it("refuses a customer of another organization as if it did not exist (422 on the field)", async () => {
    const world = await createWorld();
    const elsewhere = await createOrganization();
    await expect(createCustomerSession(organizationActor(elsewhere.id), { customer_id: world.owner.id })).rejects.toMatchObject({
      code: "PolarRequestValidationError",
      status: 422,
      loc: ["body", "customer_id"],
    });
  });
});

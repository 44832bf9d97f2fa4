import "server-only";
import type { OrganizationActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { ResourceNotFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationUpdateInput } from "./schemas";

// What lib/wire/organization.ts writes; nothing else of the row leaves the service.
const ORGANIZATION_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  name: true,
  slug: true,
  avatarUrl: true,
  seatBasedPricingEnabled: true,
  customerPortalUpdateSeats: true,
} satisfies Prisma.OrganizationSelect;

type OrganizationSettingsRow = Prisma.OrganizationGetPayload<{ select: typeof ORGANIZATION_SELECT }>;

/**
 * An organization token reaches its own organization only. Any other id is answered as an
 * unknown one, so a token cannot tell which other organizations exist.
 */
function ownOrganization(actor: OrganizationActor, id: string) {
  if (id !== actor.organizationId) throw new ResourceNotFound("Organization not found.");
  return id;
}

export async function getOrganization(actor: OrganizationActor, id: string): Promise<OrganizationSettingsRow> {
  const organization = await db().prisma.organization.findUnique({ where: { id: ownOrganization(actor, id) }, select: ORGANIZATION_SELECT });
  if (!organization) throw new ResourceNotFound("Organization not found.");
  return organization;
}

/** Writes what the body names of what this portal stores (OrganizationUpdateBody says which). */
export async function updateOrganization(actor: OrganizationActor, id: string, input: OrganizationUpdateInput): Promise<OrganizationSettingsRow> {
  const where = { id: ownOrganization(actor, id) };
  const updateSeats = input.customer_portal_settings?.subscription?.update_seats;
  const data: Prisma.OrganizationUpdateInput = {
    ...(input.name != null ? { name: input.name } : {}),
    ...(updateSeats !== undefined ? { customerPortalUpdateSeats: updateSeats } : {}),
  };
  // A body of ignored keys only changes nothing, modified_at included.
  if (Object.keys(data).length === 0) return getOrganization(actor, id);
  // One statement: it changes the row or finds none (an organization deleted meanwhile).
  const organization = await db()
    .prisma.organization.update({ where, data: { ...data, modifiedAt: new Date() }, select: ORGANIZATION_SELECT })
    .catch((error: unknown) => {
      if ((error as { code?: unknown } | null)?.code === "P2025") throw new ResourceNotFound("Organization not found.");
      throw error;
    });
  return organization;
}

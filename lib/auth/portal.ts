import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { poolSql } from "@/lib/db";
import { Unauthorized } from "@/lib/errors";
import type { CustomerActor } from "./actor";
import { auth } from "./next-auth";
import { CUSTOMER_SESSION_SCOPES } from "./scopes";

export type PortalOrganization = { id: string; name: string; slug: string };

export type PortalViewer =
  | { signedIn: false; organization: PortalOrganization }
  | { signedIn: true; organization: PortalOrganization; email: string; actor: CustomerActor | null };

// Every portal page and action starts with these reads: plain SQL on the pool, not Prisma's engine.
export const findPortalOrganization = cache(async (slug: string): Promise<PortalOrganization | null> => {
  const rows = await poolSql().rows<PortalOrganization>(`SELECT id, name, slug FROM organizations WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
});

/**
 * Who is looking at an organization's portal, from the Auth.js cookie session. A person is
 * the customer of that organization with their email; a session opened for another
 * organization (a vendor link, a claim) does not count here. Cached per request.
 */
export const getPortalViewer = cache(async (orgSlug: string): Promise<PortalViewer | null> => {
  const organization = await findPortalOrganization(orgSlug);
  if (!organization) return null;
  const session = await auth();
  const email = session?.user?.email;
  if (!email || (session.organizationId && session.organizationId !== organization.id)) {
    return { signedIn: false, organization };
  }
  const [customer] = await poolSql().rows<{ id: string }>(
    `SELECT id FROM customers WHERE organization_id = $1::uuid AND email_key = $2 AND deleted_at IS NULL LIMIT 1`,
    [organization.id, email.toLowerCase()],
  );
  const actor: CustomerActor | null = customer
    ? { kind: "customer", customerId: customer.id, organizationId: organization.id, scopes: new Set(CUSTOMER_SESSION_SCOPES), sessionId: null }
    : null;
  return { signedIn: true, organization, email, actor };
});

/** For pages: the signed-in viewer, or a redirect to sign in (and a 404 for an unknown organization). */
export async function requirePortalViewer(orgSlug: string) {
  const viewer = await getPortalViewer(orgSlug);
  if (!viewer) notFound();
  if (!viewer.signedIn) redirect(`/${encodeURIComponent(orgSlug)}/portal/sign-in`);
  return viewer;
}

/** For server actions (reachable by a direct POST): the customer acting, or Unauthorized. */
export async function requirePortalCustomer(orgSlug: string): Promise<CustomerActor> {
  const viewer = await getPortalViewer(orgSlug);
  if (!viewer?.signedIn || !viewer.actor) throw new Unauthorized("Your session has ended. Sign in again.");
  return viewer.actor;
}

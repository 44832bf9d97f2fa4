import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db";
import { NotPermitted, Unauthorized } from "@/lib/errors";
import { hasUnsafeText } from "@/lib/unsafe-text";
import type { CustomerActor, MemberActor, MemberRole } from "./actor";
import { auth } from "./next-auth";
import { portalSignInPath } from "./return-path";
import { CUSTOMER_SESSION_SCOPES } from "./scopes";

export type PortalOrganization = { id: string; name: string; slug: string; defaultLocale: string };

export type PortalViewer =
  | { signedIn: false; organization: PortalOrganization }
  | {
      signedIn: true;
      organization: PortalOrganization;
      email: string;
      /** The customer with the signed-in address, for a session that proved it (an email link, a vendor's link). */
      actor: CustomerActor | null;
      /** The member a claim made of this person, for the session that claim opened. */
      member: MemberActor | null;
    };

// Every portal page and action starts with these reads (cached per request).
export const findPortalOrganization = cache(async (slug: string): Promise<PortalOrganization | null> => {
  // A slug PostgreSQL cannot even compare (a NUL, a lone surrogate: /constructor%00/portal
  // was a 500) or longer than any slug names no organization.
  if (slug.length > 255 || hasUnsafeText(slug)) return null;
  return db().prisma.organization.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, defaultLocale: true } });
});

/**
 * Who is looking at an organization's portal, from the Auth.js cookie session. A session
 * from an email sign-in or a vendor's link is the customer of that organization with its
 * address. A session a claim opened is the member's, and nothing more: a link that reached
 * someone proves nothing about the address's own account. A session opened for another
 * organization does not count here. Cached per request.
 */
export const getPortalViewer = cache(async (orgSlug: string): Promise<PortalViewer | null> => {
  const organization = await findPortalOrganization(orgSlug);
  if (!organization) return null;
  const session = await auth();
  const email = session?.user?.email;
  if (!email || (session.organizationId && session.organizationId !== organization.id)) {
    return { signedIn: false, organization };
  }
  if (session.memberId) {
    const member = await findBrowserMember(session.memberId, session.seatId, organization.id);
    return member ? { signedIn: true, organization, email, actor: null, member } : { signedIn: false, organization };
  }
  // A vendor's link opened the session for one customer, whatever its address becomes; an
  // email sign-in proved an address, which names the customer that has it.
  const customer = await db().prisma.customer.findFirst({
    where: { organizationId: organization.id, deletedAt: null, ...(session.customerId ? { id: session.customerId } : { emailKey: email.toLowerCase() }) },
    select: { id: true },
  });
  if (session.customerId && !customer) return { signedIn: false, organization };
  const actor: CustomerActor | null = customer
    ? { kind: "customer", customerId: customer.id, organizationId: organization.id, scopes: new Set(CUSTOMER_SESSION_SCOPES), sessionId: null }
    : null;
  return { signedIn: true, organization, email, actor, member: null };
});

async function findBrowserMember(memberId: string, seatId: string | null, organizationId: string): Promise<MemberActor | null> {
  const member = await db().prisma.member.findFirst({
    // The session a claim opened lives only while that seat is claimed by this member (a
    // revoke racing the claim could commit before the session row was written).
    where: { id: memberId, deletedAt: null, customer: { organizationId, deletedAt: null }, ...(seatId ? { seats: { some: { id: seatId, status: "claimed" } } } : {}) },
    select: { id: true, customerId: true, role: true },
  });
  if (!member) return null;
  return {
    kind: "member",
    memberId: member.id,
    customerId: member.customerId,
    organizationId,
    role: member.role as MemberRole,
    scopes: new Set(CUSTOMER_SESSION_SCOPES),
    sessionId: null,
    seatId,
  };
}

/**
 * For pages: the signed-in viewer, or a redirect to sign in that comes back to `returnTo`
 * (the page's own path) afterwards; a 404 for an unknown organization.
 */
export async function requirePortalViewer(orgSlug: string, returnTo?: string) {
  const viewer = await getPortalViewer(orgSlug);
  if (!viewer) notFound();
  if (!viewer.signedIn) redirect(portalSignInPath(orgSlug, returnTo));
  return viewer;
}

/** For server actions (reachable by a direct POST): the customer acting, or Unauthorized. */
export async function requirePortalCustomer(orgSlug: string): Promise<CustomerActor> {
  const viewer = await getPortalViewer(orgSlug);
  if (viewer?.signedIn && viewer.member) throw new NotPermitted("Your seat lets you use the subscription, not manage its seats.");
  if (!viewer?.signedIn || !viewer.actor) throw new Unauthorized("Your session has ended. Sign in again.");
  return viewer.actor;
}

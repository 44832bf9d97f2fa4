import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NotPermitted, Unauthorized } from "@/lib/errors";
import { hasUnsafeText } from "@/lib/unsafe-text";
import { actingForTeam, memberManagesTeam, type CustomerActor, type MemberActor, type MemberRole } from "./actor";
import { auth } from "./next-auth";
import { portalSignInPath } from "./return-path";
import { CUSTOMER_SESSION_SCOPES } from "./scopes";

export type PortalOrganization = { id: string; name: string; slug: string; defaultLocale: string };

/** A team (a billing customer who bought seats) as the portal names it, and who of it is signed in. */
export type PortalTeam = {
  customerId: string;
  /** The billing customer's name, else its address. */
  name: string;
  /** The role signed in: the billing customer itself acts as the owner. */
  role: MemberRole;
  /** The member acting; null when the billing customer acts itself. */
  memberId: string | null;
};

export type PortalViewer =
  | { signedIn: false; organization: PortalOrganization }
  | {
      signedIn: true;
      organization: PortalOrganization;
      email: string;
      /**
       * Who manages seats here: the team chosen among `teams` (an admin member acting for it,
       * or the billing customer itself), else the customer with the signed-in address.
       */
      actor: CustomerActor | null;
      /** The customer with the signed-in address (for a session that proved it): whose held seats it sees. */
      self: CustomerActor | null;
      /** The member a member session names: a claim's, or a vendor's member session link. */
      member: MemberActor | null;
      /** Whose team the header names, as which role; `admin` when it may be managed from here. */
      team: (PortalTeam & { admin: boolean }) | null;
      /** The teams this person may act for (owner or billing manager): more than one, and they choose. */
      teams: PortalTeam[];
    };

/** The cookie holding the team a person chose to act for (a customer id), scoped to the organization's portal. */
export const TEAM_COOKIE = "portal_team";

const ADMIN_ROLES: readonly MemberRole[] = ["owner", "billing_manager"];
// Enough for any person; a bound keeps one address's page load bounded whatever the data.
const MAX_MEMBERSHIPS = 50;

// Polar's CustomerType.team is a customer who bought a seat-based product; its owner member is
// written with that purchase (lib/billing, and the teams migration for the customers before
// it), so the owner stands for it here. The viewer is read before any page streams: asking
// the subscriptions and orders instead would hold every page's first byte behind them.
const OWNER = { where: { role: "owner", deletedAt: null }, select: { id: true, emailKey: true }, take: 1 } satisfies Prisma.Customer$membersArgs;

const customerActor = (customerId: string, organizationId: string, memberId: string | null): CustomerActor => ({
  kind: "customer",
  customerId,
  organizationId,
  scopes: new Set(CUSTOMER_SESSION_SCOPES),
  sessionId: null,
  ...(memberId ? { memberId } : {}),
});

// Every portal page and action starts with these reads (cached per request).
export const findPortalOrganization = cache(async (slug: string): Promise<PortalOrganization | null> => {
  // A slug PostgreSQL cannot even compare (a NUL, a lone surrogate: /constructor%00/portal
  // was a 500) or longer than any slug names no organization.
  if (slug.length > 255 || hasUnsafeText(slug)) return null;
  return db().prisma.organization.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, defaultLocale: true } });
});

/**
 * Who is looking at an organization's portal, from the Auth.js cookie session. A session
 * from an email sign-in proved an address: it is the customer of that organization with
 * the address, and the admin (owner or billing manager) of every team that has the address
 * as a live member; the person picks which team they act for. A vendor's customer link is
 * that customer, and nothing else (it proved no address). A member session is that member:
 * a vendor's member link of an admin acts for its team; a claim's, or a plain member's,
 * holds seats and manages nothing (a link that reached someone proves no authority over
 * anything else). A session opened for another organization does not count here. Cached
 * per request.
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
    const found = await findBrowserMember(session.memberId, session.seatId, organization.id);
    if (!found) return { signedIn: false, organization };
    const { member, team } = found;
    const manages = memberManagesTeam(member);
    // A claim's session holds a seat, whatever the member's role: it is shown as what it may do.
    const shown: PortalTeam = { customerId: member.customerId, name: team.name ?? team.email, role: manages ? member.role : "member", memberId: member.memberId };
    return {
      signedIn: true,
      organization,
      email,
      actor: manages ? actingForTeam(member) : null,
      self: null,
      member,
      team: { ...shown, admin: manages },
      teams: manages ? [shown] : [],
    };
  }
  const { prisma } = db();
  // A vendor's link opened the session for one customer, whatever its address becomes; an
  // email sign-in proved an address, which names the customer that has it and the teams
  // where it is a member. Both reads at once: every page waits for them.
  const [customer, memberships] = await Promise.all([
    prisma.customer.findFirst({
      where: { organizationId: organization.id, deletedAt: null, ...(session.customerId ? { id: session.customerId } : { emailKey: email.toLowerCase() }) },
      select: { id: true, name: true, email: true, members: OWNER },
    }),
    session.customerId
      ? Promise.resolve([])
      : prisma.member.findMany({
          // Only a team has members.
          where: { emailKey: email.toLowerCase(), deletedAt: null, customer: { organizationId: organization.id, deletedAt: null } },
          select: { id: true, role: true, customerId: true, customer: { select: { name: true, email: true } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: MAX_MEMBERSHIPS,
        }),
  ]);
  if (session.customerId && !customer) return { signedIn: false, organization };

  const teams: PortalTeam[] = [];
  let heldIn: PortalTeam | null = null;
  let removed = false;
  if (customer && customer.members.length > 0) {
    // The billing customer acts as the owner; one who handed the ownership over is the
    // member it kept, as the team's list says (a billing manager, or a member if demoted since).
    const kept = memberships.find((membership) => membership.customerId === customer.id && membership.role !== "owner");
    // No longer the owner, and no member of the team by its address: removed from its own team
    // after handing it over. (A vendor's link reads no memberships: there it is the customer
    // itself, below.)
    removed = !kept && customer.members[0]!.emailKey !== customer.email.toLowerCase();
    const own: PortalTeam = { customerId: customer.id, name: customer.name ?? customer.email, role: (kept?.role as MemberRole | undefined) ?? "owner", memberId: kept?.id ?? null };
    if (!removed) {
      if (ADMIN_ROLES.includes(own.role)) teams.push(own);
      else heldIn = own;
    }
  }
  const others: PortalTeam[] = [];
  for (const membership of memberships) {
    if (membership.customerId === customer?.id) continue;
    const team: PortalTeam = { customerId: membership.customerId, name: membership.customer.name ?? membership.customer.email, role: membership.role as MemberRole, memberId: membership.id };
    if (ADMIN_ROLES.includes(team.role)) others.push(team);
    else heldIn ??= team;
  }
  teams.push(...others.sort((a, b) => a.name.localeCompare(b.name)));

  // The team chosen in the switcher, if it is still one of theirs; else their own, else the first.
  const chosenId = teams.length > 1 ? (await cookies()).get(TEAM_COOKIE)?.value : undefined;
  const chosen = teams.find((team) => team.customerId === chosenId) ?? teams[0] ?? null;
  const self = customer ? customerActor(customer.id, organization.id, null) : null;
  // A person who signed in by email acts as their address's role on the team: a billing
  // customer now a plain member of its own team, or removed from it, manages nothing of it
  // (removed must not give back what demoted took away). A vendor's link is the customer
  // itself, which manages what it pays for as Polar's customer sessions do (the API's
  // polar_cst_ too), whatever became of its member.
  const demoted = heldIn !== null && heldIn.customerId === customer?.id;
  const leftOwnTeam = demoted || (removed && !session.customerId);
  return {
    signedIn: true,
    organization,
    email,
    actor: chosen ? customerActor(chosen.customerId, organization.id, chosen.memberId) : leftOwnTeam ? null : self,
    self,
    member: null,
    team: chosen ? { ...chosen, admin: true } : heldIn ? { ...heldIn, admin: false } : null,
    teams,
  };
});

async function findBrowserMember(memberId: string, seatId: string | null, organizationId: string): Promise<{ member: MemberActor; team: { name: string | null; email: string } } | null> {
  const member = await db().prisma.member.findFirst({
    // The session a claim opened lives only while that seat is claimed by this member (a
    // revoke racing the claim could commit before the session row was written).
    where: { id: memberId, deletedAt: null, customer: { organizationId, deletedAt: null }, ...(seatId ? { seats: { some: { id: seatId, status: "claimed" } } } : {}) },
    select: { id: true, customerId: true, role: true, customer: { select: { name: true, email: true } } },
  });
  if (!member) return null;
  return {
    member: {
      kind: "member",
      memberId: member.id,
      customerId: member.customerId,
      organizationId,
      role: member.role as MemberRole,
      scopes: new Set(CUSTOMER_SESSION_SCOPES),
      sessionId: null,
      seatId,
    },
    team: member.customer,
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

/**
 * For server actions (reachable by a direct POST): the customer acting (the billing
 * customer, or an admin of its team acting for it), or the refusal.
 */
export async function requirePortalCustomer(orgSlug: string): Promise<CustomerActor> {
  const viewer = await getPortalViewer(orgSlug);
  if (viewer?.signedIn && !viewer.actor && (viewer.member || viewer.team)) {
    throw new NotPermitted(viewer.member?.seatId ? "Your seat lets you use the subscription, not manage its seats." : "Your role on this team does not allow this.");
  }
  if (!viewer?.signedIn || !viewer.actor) throw new Unauthorized("Your session has ended. Sign in again.");
  return viewer.actor;
}

/** For the Team page's actions: an owner or billing manager acting for the team, or the refusal. */
export async function requirePortalTeamAdmin(orgSlug: string): Promise<CustomerActor> {
  const actor = await requirePortalCustomer(orgSlug);
  const viewer = await getPortalViewer(orgSlug);
  if (!viewer?.signedIn || !viewer.team?.admin) throw new NotPermitted("Your role on this team does not allow this.");
  return actor;
}

import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { ResourceNotFound, Unauthorized } from "@/lib/errors";
import type { Page } from "@/lib/paging";
import type { MemberRole, MemberRow } from "@/lib/rows/member";
import { addOrFindTeamMember as addOrFind, listTeamMembers } from "./team";
import { client, findMember, findOwner } from "./queries";
import type { PortalMemberCreate } from "./schemas";

// The portal's Team page over the team service (./team.ts): what it reads to draw the page,
// and which buttons it offers on each row, so that the page holds no rule of its own.

/** What the portal offers an admin on a member's row. The service decides again on the press. */
export type MemberOffers = { changeRole: boolean; remove: boolean; handOver: boolean };

/**
 * The refusals of updateTeamMember and removeTeamMember (./team.ts, ./changes.ts), seen
 * before the press: nobody changes their own role or removes themselves; the owner is
 * neither demoted nor removed (the ownership is handed over instead), and only the owner
 * hands it over.
 */
export function offersOn(self: { id: string; role: MemberRole }, member: { id: string; role: MemberRole }): MemberOffers {
  const other = self.id !== member.id && member.role !== "owner";
  return { changeRole: other, remove: other, handOver: other && self.role === "owner" };
}

export type TeamPageMember = MemberRow & { you: boolean; offers: MemberOffers };

/**
 * One page of the team's members for its admins (those matching a search, by address), each
 * with what may be done to it. The
 * caller is the member signed in, or (the billing customer acting itself) the owner, as the
 * team service counts them. A page past the end shows the last one.
 */
export async function getTeamPage(caller: CustomerActor, query: { page: number; limit: number; search?: string }): Promise<{ members: Page<TeamPageMember>; pageCount: number; self: MemberRow }> {
  // By address: a list of a hundred people is read by looking a person up (Polar's own order,
  // by creation, put a bulk invitation's members in the order of their random ids).
  const ask = { ...query, order: "email" as const };
  // First: it makes the owner on first sight of the team, which the lookup of self needs.
  let page = await listTeamMembers(caller, ask);
  const pageCount = Math.max(1, Math.ceil(page.totalCount / page.limit));
  if (query.page > pageCount) page = await listTeamMembers(caller, { ...ask, page: pageCount });
  const self = caller.memberId ? await findMember(client(), { id: caller.memberId, customerId: caller.customerId }) : await findOwner(client(), caller.customerId);
  // Removed since the page began: the session ends with the member.
  if (!self) throw new Unauthorized("Your session has ended. Sign in again.");
  return {
    members: { ...page, items: page.items.map((member) => ({ ...member, you: member.id === self.id, offers: offersOn(self, member) })) },
    pageCount,
    self,
  };
}

/**
 * Adds a member, or finds the live member who already has the address (the service answers
 * both with the member, as Polar): `existed` tells which, so the page can say so.
 */
export function addOrFindTeamMember(caller: CustomerActor, input: PortalMemberCreate): Promise<{ member: MemberRow; existed: boolean }> {
  return addOrFind(caller, input);
}

/** A live member of the caller's team (to name them in an answer), or ResourceNotFound. */
export async function findTeamMember(caller: CustomerActor, memberId: string): Promise<MemberRow> {
  const member = await findMember(client(), { id: memberId, customerId: caller.customerId });
  if (!member) throw new ResourceNotFound("Member not found");
  return member;
}

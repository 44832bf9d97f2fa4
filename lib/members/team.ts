import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { NotPermitted, RequestValidationFailure, ResourceNotFound, Unauthorized } from "@/lib/errors";
import { pageWindow, type Page } from "@/lib/paging";
import { containing } from "@/lib/text-filter";
import type { MemberRow } from "@/lib/rows/member";
import { findTeamEvents, type TeamEventActor, type TeamEventRow } from "@/lib/seats/team-events";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { addMember, changeMember, findMemberOfTeam, MEMBER_REFUSALS, removeMember, type MemberChange } from "./changes";
import { ensureOwner } from "./owner";
import { client, findMember, findMemberByEmail, findOwner, findTeam, listMembers, lockTeam, memberTransaction, type MemberOrder, type Team, type Tx } from "./queries";
import { MEMBER_ROLE_REFUSAL, type PortalMemberCreate, type PortalMemberUpdate } from "./schemas";

// The portal's side of a team (Polar's customer-portal members endpoints): what its owner and
// billing managers do. The door lets in only them (lib/api/route.ts: a plain member is 403,
// the session a claim opened sees no team at all); a customer session is the billing
// customer itself, who acts as the team's owner.

export const NOT_A_TEAM = "Member management is only available for team customers. Purchase a seat-based product to enable team features.";

type Acting = { team: Team; self: MemberRow; actor: TeamEventActor; webhooks: number };

async function acting(tx: Tx, caller: CustomerActor, lock: boolean): Promise<Acting>;
async function acting(tx: Tx, caller: CustomerActor, lock: boolean, options: { makeOwner: false }): Promise<Acting | null>;
/** The team and who acts in it; without `makeOwner`, null when the team has no owner yet (a read that would have to write). */
async function acting(tx: Tx, caller: CustomerActor, lock: boolean, options: { makeOwner: boolean } = { makeOwner: true }): Promise<Acting | null> {
  const team = lock ? await lockTeam(tx, caller.customerId, caller.organizationId) : await findTeam(tx, { organizationId: caller.organizationId, id: caller.customerId });
  if (!team) throw new Unauthorized("The access token is invalid, expired or revoked.");
  if (!team.isTeam) throw new NotPermitted(NOT_A_TEAM).because(MEMBER_REFUSALS.notATeam);
  const existing = options.makeOwner ? null : await findOwner(tx, team.id);
  if (!options.makeOwner && !existing) return null;
  const { owner, webhooks } = existing ? { owner: existing, webhooks: 0 } : await ensureOwner(tx, team);
  if (!caller.memberId) {
    // The billing customer itself is the member with its own address: the owner, until it hands
    // the ownership over; then only what its role is now (or nothing, once removed). It never
    // acts as whoever owns the team after it.
    const self = owner.email.toLowerCase() === team.email.toLowerCase() ? owner : await findMemberByEmail(tx, team.id, team.email);
    if (!self || self.role === "member") throw new NotPermitted(MEMBER_ROLE_REFUSAL);
    return { team, self, actor: { type: "customer", id: team.id, label: team.email }, webhooks };
  }
  const self = await findMember(tx, { id: caller.memberId, customerId: team.id });
  // The member signed in was removed since: its session ends with it.
  if (!self) throw new Unauthorized("The access token is invalid, expired or revoked.");
  // The door read its role before the lock; a demotion committed since binds here.
  if (self.role === "member") throw new NotPermitted(MEMBER_ROLE_REFUSAL);
  const actor: TeamEventActor = { type: "member", id: self.id, label: self.email };
  return { team, self, actor, webhooks };
}

/** Runs a change to the team under its lock, and sends its webhooks once committed. */
async function change<T>(caller: CustomerActor, work: (tx: Tx, context: Acting) => Promise<{ result: T; webhooks: number }>): Promise<T> {
  const { result, webhooks } = await memberTransaction(async (tx) => {
    const context = await acting(tx, caller, true);
    const done = await work(tx, context);
    return { result: done.result, webhooks: done.webhooks + context.webhooks };
  });
  if (webhooks) void scheduleWebhookDelivery();
  return result;
}

/**
 * The team's members, oldest first as Polar lists them; the portal's Team page asks for them
 * by address instead, and may look for part of an address or a name.
 */
export async function listTeamMembers(caller: CustomerActor, query: { page?: number; limit?: number; search?: string; order?: MemberOrder }): Promise<Page<MemberRow>> {
  const window = pageWindow(query);
  const read = await acting(client(), caller, false, { makeOwner: false });
  // The owner is made on first sight of the team, which writes: then under the lock, as a change.
  const team = read ? read.team : (await change(caller, async (_tx, context) => ({ result: context.team, webhooks: 0 })));
  const search = query.search
    ? { OR: [{ email: containing(query.search) }, { name: containing(query.search) }] }
    : {};
  const { rows, total } = await listMembers(client(), { customerId: team.id, ...search }, window, query.order ?? "oldest");
  return { items: rows, totalCount: total, page: window.page, limit: window.limit };
}

export async function addTeamMember(caller: CustomerActor, input: PortalMemberCreate): Promise<MemberRow> {
  return (await addOrFindTeamMember(caller, input)).member;
}

/** The same, saying whether the address was on the team already (Polar answers both with the member). */
export async function addOrFindTeamMember(caller: CustomerActor, input: PortalMemberCreate): Promise<{ member: MemberRow; existed: boolean }> {
  if (input.role === "owner") {
    throw new RequestValidationFailure(["body", "role"], "Cannot add a member as owner. There must be exactly one owner.", input.role).because(MEMBER_REFUSALS.ownerNotAddable);
  }
  const role = input.role;
  return change(caller, async (tx, { team, actor }) => {
    const { member, existed, webhooks } = await addMember(tx, team, { email: input.email, name: input.name ?? null, externalId: null, role }, actor);
    return { result: { member, existed }, webhooks };
  });
}

export function updateTeamMember(caller: CustomerActor, memberId: string, input: PortalMemberUpdate): Promise<MemberRow> {
  return change(caller, async (tx, { team, self, actor }) => {
    const member = await findMemberOfTeam(tx, team, memberId);
    if (!member) throw new ResourceNotFound("Member not found");
    // No one changes their own role (Polar: it keeps an admin from demoting themselves by mistake).
    if (input.role != null && input.role !== member.role && member.id === self.id) {
      throw new RequestValidationFailure(["path", "id"], "You cannot modify your own role.", memberId).because(MEMBER_REFUSALS.ownRole);
    }
    const requested: MemberChange = { name: input.name, role: input.role };
    const { member: updated, webhooks } = await changeMember(tx, team, member, requested, { callerIsOwner: self.role === "owner", allowOwnershipTransfer: false }, actor);
    return { result: updated, webhooks };
  });
}

export function removeTeamMember(caller: CustomerActor, memberId: string): Promise<void> {
  return change(caller, async (tx, { team, self, actor }) => {
    const member = await findMemberOfTeam(tx, team, memberId);
    if (!member) throw new ResourceNotFound("Member not found");
    if (member.id === self.id) throw new RequestValidationFailure(["path", "id"], "You cannot remove yourself from the team.", memberId).because(MEMBER_REFUSALS.notYourself);
    return { result: undefined, webhooks: await removeMember(tx, team, member, actor) };
  });
}

/** The team's activity, newest first, for its admins. */
export async function listTeamActivity(caller: CustomerActor, query: { page?: number; limit?: number }): Promise<Page<TeamEventRow>> {
  const window = pageWindow(query);
  const team = await findTeam(client(), { organizationId: caller.organizationId, id: caller.customerId });
  if (!team) throw new Unauthorized();
  // An admin member signed in: still on the team, still an admin (the billing customer itself always is).
  if (caller.memberId) {
    const self = await findMember(client(), { id: caller.memberId, customerId: team.id });
    if (!self) throw new Unauthorized("The access token is invalid, expired or revoked.");
    if (self.role === "member") throw new NotPermitted("Insufficient role for this operation");
  }
  const { events, total } = await findTeamEvents(client(), team.id, window);
  return { items: events, totalCount: total, page: window.page, limit: window.limit };
}

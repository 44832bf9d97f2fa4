import "server-only";
import { RequestValidationFailure } from "@/lib/errors";
import type { MemberRole, MemberRow } from "@/lib/rows/member";
import { revokeSeatsOfMember } from "@/lib/seats/end-member";
import { recordTeamEvent, type TeamEventActor } from "@/lib/seats/team-events";
import { queueMemberWebhook } from "@/lib/webhooks/queue";
import { insertMemberIfAbsent } from "./insert-member";
import { endSessionsOfMember, findMember, findMemberByEmail, findOwner, markMemberDeleted, updateMember, updateSeatEmailsOfMember, type Team, type Tx } from "./queries";

// The rules of a team's members (Polar's member service), shared by the portal's admins and
// the vendor's API; each runs in the caller's transaction, under the team's lock
// (lib/members/queries.ts lockTeam), and returns how many webhooks it queued.

const invalid = (loc: (string | number)[], message: string, input: unknown = null) => new RequestValidationFailure(loc, message, input);

// Which rule refused (DomainError.reason), for the portal to say it in the reader's language.
export const MEMBER_REFUSALS = {
  externalIdTaken: "externalIdTaken",
  onlyOwnerHandsOver: "onlyOwnerHandsOver",
  oneOwner: "oneOwner",
  emailTaken: "emailTaken",
  ownerNotRemovable: "ownerNotRemovable",
  ownerNotAddable: "ownerNotAddable",
  ownRole: "ownRole",
  notYourself: "notYourself",
  notATeam: "notATeam",
} as const;

/**
 * Adds a member, or returns the live member who already has the address (Polar answers
 * both with the member). The team's owner is never added this way.
 */
export async function addMember(
  tx: Tx,
  team: Team,
  input: { email: string; name: string | null; externalId: string | null; role: Exclude<MemberRole, "owner"> },
  actor: TeamEventActor,
): Promise<{ member: MemberRow; existed: boolean; webhooks: number }> {
  const existing = await findMemberByEmail(tx, team.id, input.email);
  if (existing) return { member: existing, existed: true, webhooks: 0 };
  const now = new Date();
  const member = await insertMemberIfAbsent(tx, { customerId: team.id, ...input, createdAt: now });
  if (!member) {
    // Not the address (read above, under the team's lock): the external id is another member's.
    throw invalid(["body", "external_id"], "A member with this external ID already exists for this customer.", input.externalId).because(MEMBER_REFUSALS.externalIdTaken);
  }
  await recordTeamEvent(tx, { customerId: team.id, type: "member_added", memberId: member.id, email: member.email, detail: { role: member.role }, actor, now });
  return { member, existed: false, webhooks: await queueMemberWebhook(tx, team.organizationId, "member.created", member) };
}

export type MemberChange = { name?: string | null; email?: string | null; role?: MemberRole | null };

/**
 * Changes a member's name, address or role. The team keeps exactly one owner: the owner
 * is not demoted, and making someone owner hands the ownership over (the former owner
 * becomes a billing manager), which only the owner may do in the portal.
 */
export async function changeMember(
  tx: Tx,
  team: Team,
  member: MemberRow,
  change: MemberChange,
  options: { callerIsOwner: boolean; allowOwnershipTransfer: boolean },
  actor: TeamEventActor,
): Promise<{ member: MemberRow; webhooks: number }> {
  const now = new Date();
  let webhooks = 0;
  const role = change.role ?? undefined;
  const roleChanges = role !== undefined && role !== member.role;
  if (roleChanges && role === "owner") {
    if (!options.callerIsOwner && !options.allowOwnershipTransfer) throw invalid(["body", "role"], "Only the owner can transfer ownership.", role).because(MEMBER_REFUSALS.onlyOwnerHandsOver);
    const owner = await findOwner(tx, team.id);
    if (owner) {
      // The former owner first: the database holds one live owner per customer.
      const former = await updateMember(tx, owner.id, { role: "billing_manager" }, now);
      webhooks += await queueMemberWebhook(tx, team.organizationId, "member.updated", former);
      await recordTeamEvent(tx, { customerId: team.id, type: "member_role_changed", memberId: former.id, email: former.email, detail: { from: "owner", to: "billing_manager" }, actor, now });
    }
  } else if (roleChanges && member.role === "owner") {
    throw invalid(["body", "role"], "Cannot change role. Customer must have exactly one owner.", role).because(MEMBER_REFUSALS.oneOwner);
  }
  const email = change.email?.trim();
  const emailChanges = email !== undefined && email !== member.email;
  if (emailChanges) {
    const taken = await findMemberByEmail(tx, team.id, email);
    if (taken && taken.id !== member.id) throw invalid(["body", "email"], "A member with this email already exists for this customer.", email).because(MEMBER_REFUSALS.emailTaken);
  }
  const nameChanges = change.name !== undefined && change.name !== null && change.name !== member.name;
  if (!roleChanges && !emailChanges && !nameChanges) return { member, webhooks };
  const updated = await updateMember(
    tx,
    member.id,
    { ...(nameChanges ? { name: change.name } : {}), ...(emailChanges ? { email } : {}), ...(roleChanges ? { role } : {}) },
    now,
  );
  if (emailChanges) await updateSeatEmailsOfMember(tx, member.id, email, now);
  if (roleChanges) {
    await recordTeamEvent(tx, { customerId: team.id, type: "member_role_changed", memberId: updated.id, email: updated.email, detail: { from: member.role, to: updated.role }, actor, now });
  }
  webhooks += await queueMemberWebhook(tx, team.organizationId, "member.updated", updated);
  return { member: updated, webhooks };
}

/**
 * Removes a member (soft delete, as Polar): the seats given to them are revoked, each with
 * its event and webhook, and they are signed out everywhere. The owner is never removed
 * (hand the ownership over first).
 */
export async function removeMember(tx: Tx, team: Team, member: MemberRow, actor: TeamEventActor): Promise<number> {
  if (member.role === "owner") throw invalid(["body"], "Cannot delete the only owner. Transfer ownership first.", member.id).because(MEMBER_REFUSALS.ownerNotRemovable);
  const now = new Date();
  let webhooks = await revokeSeatsOfMember(tx, member.id, team.organizationId, { type: actor.type, id: actor.id }, now);
  await endSessionsOfMember(tx, member.id, now);
  const deleted = await markMemberDeleted(tx, member.id, now);
  await recordTeamEvent(tx, { customerId: team.id, type: "member_removed", memberId: member.id, email: member.email, detail: { role: member.role }, actor, now });
  webhooks += await queueMemberWebhook(tx, team.organizationId, "member.deleted", deleted);
  return webhooks;
}

/** A member of this team by id, or null (another team's member is as good as none). */
export function findMemberOfTeam(tx: Tx, team: Team, memberId: string) {
  return findMember(tx, { id: memberId, customerId: team.id });
}

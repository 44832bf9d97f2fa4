import "server-only";
import { queueMemberWebhook } from "@/lib/webhooks/queue";
import type { MemberRow } from "@/lib/rows/member";
import { findMemberByEmail, findOwner, findTeam, updateMember, type Team, type Tx } from "./queries";
import { insertMemberIfAbsent } from "./insert-member";

/**
 * The team's owner, made when the team has none (Polar's create_owner_member): the billing
 * customer's own address, name and external id. A member who already has that address (a
 * billing customer who claimed one of their own seats) becomes the owner. The unique index
 * of one live owner per customer is the last word when two requests make it at once.
 * Returns the owner and how many webhooks were queued.
 */
export async function ensureOwner(tx: Tx, team: Team): Promise<{ owner: MemberRow; webhooks: number }> {
  const existing = await findOwner(tx, team.id);
  if (existing) return { owner: existing, webhooks: 0 };
  const now = new Date();
  const byEmail = await findMemberByEmail(tx, team.id, team.email);
  if (byEmail) {
    const owner = await updateMember(tx, byEmail.id, { role: "owner" }, now);
    return { owner, webhooks: await queueMemberWebhook(tx, team.organizationId, "member.updated", owner) };
  }
  const inserted =
    (await insertMemberIfAbsent(tx, { customerId: team.id, email: team.email, name: team.name, externalId: team.externalId, role: "owner", createdAt: team.createdAt })) ??
    // The customer's external id is another member's already: the owner goes without it.
    (await insertMemberIfAbsent(tx, { customerId: team.id, email: team.email, name: team.name, externalId: null, role: "owner", createdAt: team.createdAt }));
  const owner = inserted ?? (await findOwner(tx, team.id));
  if (!owner) throw new Error(`The owner of customer ${team.id} could not be made.`);
  return { owner, webhooks: inserted ? await queueMemberWebhook(tx, team.organizationId, "member.created", inserted) : 0 };
}

/** The owner of a customer who just became a team (a seat-based subscription or order was recorded for it). */
export async function ensureOwnerOf(tx: Tx, customerId: string, organizationId: string) {
  const team = await findTeam(tx, { organizationId, id: customerId });
  return team ? (await ensureOwner(tx, team)).webhooks : 0;
}

/**
 * A billing customer's new address, given by the vendor, is its own member's too (Polar syncs
 * the owner's for individual customers; here the member with the old address is the billing
 * customer's own in any team, owner or not), unless another member of the team has it already.
 * Returns how many webhooks were queued.
 */
export async function followCustomerEmail(tx: Tx, customerId: string, organizationId: string, oldEmail: string, newEmail: string) {
  if (oldEmail.toLowerCase() === newEmail.toLowerCase()) return 0;
  const own = await findMemberByEmail(tx, customerId, oldEmail);
  if (!own || (await findMemberByEmail(tx, customerId, newEmail))) return 0;
  const moved = await updateMember(tx, own.id, { email: newEmail }, new Date());
  return queueMemberWebhook(tx, organizationId, "member.updated", moved);
}

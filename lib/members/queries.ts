import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { MEMBER_SELECT, toMemberRow, type MemberRole, type MemberRow } from "@/lib/rows/member";

// The member service's reads and writes, each on the `tx` the caller holds. Typed model
// calls, except the team's row lock.

export type { Tx };

/** The members' one kind of transaction, as the seat rules' (lib/seats/queries.ts). */
export function memberTransaction<T>(work: (tx: Tx) => Promise<T>) {
  return db().prisma.$transaction(work);
}

export const client = (): Tx => db().prisma;

export type Team = { id: string; organizationId: string; email: string; name: string | null; externalId: string | null; createdAt: Date; isTeam: boolean };

const TEAM_SELECT = {
  id: true,
  organizationId: true,
  email: true,
  name: true,
  externalId: true,
  createdAt: true,
  subscriptions: { select: { id: true }, take: 1 },
  orders: { select: { id: true }, take: 1 },
} satisfies Prisma.CustomerSelect;

function toTeam(row: Prisma.CustomerGetPayload<{ select: typeof TEAM_SELECT }>): Team {
  const { subscriptions, orders, ...customer } = row;
  // Polar's CustomerType.team: a customer who bought a seat-based product (every product here is).
  return { ...customer, isTeam: subscriptions.length > 0 || orders.length > 0 };
}

/**
 * Locks a live customer's row, the team's: every change to its members takes this lock
 * first, so two admins changing roles at once (or an ownership transfer and a removal)
 * take turns, and the one-owner rule is checked on what the other committed.
 */
export async function lockTeam(tx: Tx, customerId: string, organizationId: string): Promise<Team | null> {
  // Raw for the row lock: FOR UPDATE on the customer serializes the team's member changes.
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM customers WHERE id = ${customerId}::uuid AND organization_id = ${organizationId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  if (!locked) return null;
  return findTeam(tx, { organizationId, id: customerId });
}

export async function findTeam(tx: Tx, where: { organizationId: string } & ({ id: string } | { externalId: string })): Promise<Team | null> {
  const row = await tx.customer.findFirst({ where: { ...where, deletedAt: null }, select: TEAM_SELECT });
  return row ? toTeam(row) : null;
}

const live = { deletedAt: null };

export async function findMember(tx: Tx, where: Prisma.MemberWhereInput): Promise<MemberRow | null> {
  // The caller's own customer filter (its organization) stays: only a live customer is added to it.
  const customer: Prisma.CustomerWhereInput = { ...(where.customer as Prisma.CustomerWhereInput | undefined), deletedAt: null };
  const member = await tx.member.findFirst({ where: { ...where, ...live, customer }, select: MEMBER_SELECT });
  return member ? toMemberRow(member) : null;
}

export async function findOwner(tx: Tx, customerId: string) {
  return findMember(tx, { customerId, role: "owner" });
}

export async function findMemberByEmail(tx: Tx, customerId: string, email: string) {
  return findMember(tx, { customerId, emailKey: email.toLowerCase() });
}

/** Polar's orders (by creation), or the portal's: by address, as people look a person up. */
export type MemberOrder = "newest" | "oldest" | "email";

const MEMBER_ORDER: Record<MemberOrder, Prisma.MemberOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { id: "asc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  email: [{ emailKey: "asc" }, { id: "asc" }],
};

export async function listMembers(tx: Tx, where: Prisma.MemberWhereInput, window: { skip: number; take: number }, order: MemberOrder) {
  const filter: Prisma.MemberWhereInput = { ...where, ...live, customer: { ...(where.customer as Prisma.CustomerWhereInput | undefined), deletedAt: null } };
  const [rows, total] = await Promise.all([
    tx.member.findMany({ where: filter, select: MEMBER_SELECT, orderBy: MEMBER_ORDER[order], skip: window.skip, take: window.take }),
    tx.member.count({ where: filter }),
  ]);
  return { rows: rows.map(toMemberRow), total };
}

export async function createMember(
  tx: Tx,
  data: { customerId: string; email: string; name: string | null; externalId: string | null; role: MemberRole; createdAt?: Date },
): Promise<MemberRow> {
  const member = await tx.member.create({
    data: { customerId: data.customerId, email: data.email, emailKey: data.email.toLowerCase(), name: data.name, externalId: data.externalId, role: data.role, createdAt: data.createdAt ?? new Date() },
    select: MEMBER_SELECT,
  });
  return toMemberRow(member);
}

export async function updateMember(tx: Tx, memberId: string, data: { name?: string | null; email?: string; role?: MemberRole; externalId?: string | null }, now: Date): Promise<MemberRow> {
  const member = await tx.member.update({
    where: { id: memberId },
    data: { ...data, ...(data.email !== undefined ? { emailKey: data.email.toLowerCase() } : {}), modifiedAt: now },
    select: MEMBER_SELECT,
  });
  return toMemberRow(member);
}

/**
 * A member's new address follows to the seats they hold (Polar's update_email_by_member_id).
 * Not to a pending seat, unlike Polar's: its link went to the old address, and a link proves
 * only the address it was mailed to, so the one who claims it is the old address's person.
 */
export async function updateSeatEmailsOfMember(tx: Tx, memberId: string, email: string, now: Date) {
  await tx.customerSeat.updateMany({ where: { memberId, status: "claimed" }, data: { email, modifiedAt: now } });
}

/** Soft delete, as Polar: the row stays for the seats' and the events' past, its address and external id become free. */
export async function markMemberDeleted(tx: Tx, memberId: string, now: Date): Promise<MemberRow> {
  const member = await tx.member.update({ where: { id: memberId }, data: { deletedAt: now, modifiedAt: now }, select: MEMBER_SELECT });
  return toMemberRow(member);
}

/** A member who leaves stops being signed in anywhere: API member sessions and browser sessions. */
export async function endSessionsOfMember(tx: Tx, memberId: string, now: Date) {
  await tx.memberSession.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: now, modifiedAt: now } });
  await tx.session.deleteMany({ where: { memberId } });
}

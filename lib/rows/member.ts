import type { Prisma } from "@/lib/generated/prisma/client";

// A member of a team customer (Polar's Member), as the member service hands it to the
// serializers and as a seat carries it (`seat.member`).

export type MemberRole = "owner" | "billing_manager" | "member";

export const MEMBER_ROLES: readonly MemberRole[] = ["owner", "billing_manager", "member"];

export type MemberRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  customerId: string;
  email: string;
  name: string | null;
  externalId: string | null;
  role: MemberRole;
};

export const MEMBER_SELECT = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  customerId: true,
  email: true,
  name: true,
  externalId: true,
  role: true,
} satisfies Prisma.MemberSelect;

/** The row Prisma read, with its role as the closed set the database's CHECK keeps. */
export function toMemberRow(member: Prisma.MemberGetPayload<{ select: typeof MEMBER_SELECT }>): MemberRow {
  return { ...member, role: member.role as MemberRole };
}

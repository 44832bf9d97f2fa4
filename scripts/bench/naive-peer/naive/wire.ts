import type { Prisma } from "@/lib/generated/prisma/client";

export const LIVE = ["pending", "claimed"];

export const seatSelect = {
  id: true,
  createdAt: true,
  modifiedAt: true,
  subscriptionId: true,
  orderId: true,
  status: true,
  customerId: true,
  memberId: true,
  member: { select: { id: true, createdAt: true, modifiedAt: true, customerId: true, email: true, name: true, externalId: true, role: true } },
  email: true,
  invitationTokenExpiresAt: true,
  claimedAt: true,
  revokedAt: true,
  seatMetadata: true,
  customer: { select: { email: true } },
} satisfies Prisma.CustomerSeatSelect;

type Seat = Prisma.CustomerSeatGetPayload<{ select: typeof seatSelect }>;

// Polar's CustomerSeat, in its key order.
export function toCustomerSeat(seat: Seat) {
  return {
    id: seat.id,
    created_at: seat.createdAt.toISOString(),
    modified_at: seat.modifiedAt?.toISOString() ?? null,
    subscription_id: seat.subscriptionId,
    order_id: seat.orderId,
    status: seat.status,
    customer_id: seat.customerId,
    member_id: seat.memberId,
    member: seat.member && {
      id: seat.member.id,
      created_at: seat.member.createdAt.toISOString(),
      modified_at: seat.member.modifiedAt?.toISOString() ?? null,
      customer_id: seat.member.customerId,
      email: seat.member.email,
      name: seat.member.name,
      external_id: seat.member.externalId,
      role: seat.member.role,
    },
    email: seat.email,
    customer_email: seat.customer?.email ?? null,
    invitation_token_expires_at: seat.invitationTokenExpiresAt?.toISOString() ?? null,
    claimed_at: seat.claimedAt?.toISOString() ?? null,
    revoked_at: seat.revokedAt?.toISOString() ?? null,
    seat_metadata: seat.seatMetadata,
  };
}

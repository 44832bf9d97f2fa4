import "server-only";
import { client, type Tx } from "./queries";

// The query behind "this link was replaced": the table is written by a trigger on
// customer_seats (prisma/migrations/20261202043712_replaced_invitation_tokens), so it has
// no writer here. Kept apart from queries.ts, which holds the seat rules' own reads and writes.

export type ReplacedInvitation = {
  /** The seat's status when the newer link replaced this one. */
  seatStatus: string;
  seatBasedPricingEnabled: boolean;
  productName: string;
  organizationName: string;
};

const CONTAINER = { select: { product: { select: { name: true } }, organization: { select: { name: true, seatBasedPricingEnabled: true } } } } as const;

export async function findReplacedInvitation(tx: Tx, tokenHash: string): Promise<ReplacedInvitation | null> {
  const row = await tx.replacedInvitationToken.findUnique({
    where: { tokenHash },
    select: { seatStatus: true, seat: { select: { subscription: CONTAINER, order: CONTAINER } } },
  });
  const container = row && (row.seat.subscription ?? row.seat.order);
  return row && container
    ? { seatStatus: row.seatStatus, seatBasedPricingEnabled: container.organization.seatBasedPricingEnabled, productName: container.product.name, organizationName: container.organization.name }
    : null;
}

/**
 * How long a replaced link goes on saying "replaced" instead of "not valid". Links last a
 * week, so a person who clicks an old one does it within days; after this the row only
 * costs space (every claim and every new link writes one).
 */
export const REPLACED_INVITATION_MEMORY_DAYS = 90;

/** Forgets the links replaced more than REPLACED_INVITATION_MEMORY_DAYS ago; returns how many. */
export async function forgetOldReplacedInvitations(now = new Date(), tx: Tx = client()): Promise<number> {
  const before = new Date(now.getTime() - REPLACED_INVITATION_MEMORY_DAYS * 86_400_000);
  const { count } = await tx.replacedInvitationToken.deleteMany({ where: { replacedAt: { lt: before } } });
  return count;
}

import { violatedUniqueIndex } from "@/lib/db-errors";

const LIVE_SEAT_INDEXES = new Set(["customer_seats_subscription_live_holder_key", "customer_seats_order_live_holder_key"]);

/** True when PostgreSQL refused a second live seat for one person on one container. */
export function isLiveSeatConflict(error: unknown): boolean {
  const index = violatedUniqueIndex(error);
  return index !== null && LIVE_SEAT_INDEXES.has(index);
}

/**
 * True when PostgreSQL refused a second live member with one external id on one team: two
 * assigns by one new `external_member_id` with different addresses, at once (each holds the
 * team's row only FOR SHARE, and each links the id to its own member).
 */
export function isMemberExternalIdConflict(error: unknown): boolean {
  return violatedUniqueIndex(error) === "members_customer_id_external_id_live_key";
}

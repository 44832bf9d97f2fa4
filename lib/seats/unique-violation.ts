import { violatedUniqueIndex } from "@/lib/db-errors";

const LIVE_SEAT_INDEXES = new Set(["customer_seats_subscription_live_holder_key", "customer_seats_order_live_holder_key"]);

/** True when PostgreSQL refused a second live seat for one person on one container. */
export function isLiveSeatConflict(error: unknown): boolean {
  const index = violatedUniqueIndex(error);
  return index !== null && LIVE_SEAT_INDEXES.has(index);
}

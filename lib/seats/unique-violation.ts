const LIVE_SEAT_INDEXES = ["customer_seats_subscription_live_holder_key", "customer_seats_order_live_holder_key"];

/** True when an error is PostgreSQL refusing a second live seat for one person (23505 on the live-holder index). */
export function isLiveSeatConflict(error: unknown): boolean {
  const text = JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})) ?? "";
  return (text.includes("23505") || text.includes("P2002")) && LIVE_SEAT_INDEXES.some((name) => text.includes(name) || text.includes("customer_id"));
}

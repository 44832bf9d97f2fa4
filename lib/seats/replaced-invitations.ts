import "server-only";
import { poolSql, type Sql } from "./queries";

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

type ReplacedInvitationSqlRow = { seat_status: string; seat_based_pricing_enabled: boolean; product_name: string; organization_name: string };

export async function findReplacedInvitation(sql: Sql, tokenHash: string): Promise<ReplacedInvitation | null> {
  const rows = await sql.rows<ReplacedInvitationSqlRow>(
    `
    SELECT r.seat_status, org.seat_based_pricing_enabled, p.name AS product_name, org.name AS organization_name
      FROM replaced_invitation_tokens r
      JOIN customer_seats cs ON cs.id = r.seat_id
      LEFT JOIN subscriptions s ON s.id = cs.subscription_id
      LEFT JOIN orders o ON o.id = cs.order_id
      JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
      JOIN products p ON p.id = COALESCE(s.product_id, o.product_id)
     WHERE r.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  return row
    ? { seatStatus: row.seat_status, seatBasedPricingEnabled: row.seat_based_pricing_enabled, productName: row.product_name, organizationName: row.organization_name }
    : null;
}

/**
 * How long a replaced link goes on saying "replaced" instead of "not valid". Links last a
 * week, so a person who clicks an old one does it within days; after this the row only
 * costs space (every claim and every new link writes one).
 */
export const REPLACED_INVITATION_MEMORY_DAYS = 90;

/** Forgets the links replaced more than REPLACED_INVITATION_MEMORY_DAYS ago; returns how many. */
export async function forgetOldReplacedInvitations(now = new Date(), sql: Sql = poolSql()): Promise<number> {
  const rows = await sql.rows<{ n: number }>(
    `WITH gone AS (DELETE FROM replaced_invitation_tokens WHERE replaced_at < $1::timestamptz - make_interval(days => $2) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [now.toISOString(), REPLACED_INVITATION_MEMORY_DAYS],
  );
  return rows[0]?.n ?? 0;
}

// Polar's CustomerSeat from a snake_case row, as scripts/bench/floor-wire.ts writes it.
type Row = Record<string, unknown>;

const isoOrNull = (value: unknown) => (value ? (value as Date).toISOString() : null);

// The seat's member, from its m_* columns (a LEFT JOIN or the upsert's RETURNING).
function member(row: Row) {
  if (row.m_id == null) return null;
  return {
    id: row.m_id,
    created_at: (row.m_created_at as Date).toISOString(),
    modified_at: isoOrNull(row.m_modified_at),
    customer_id: row.m_customer_id,
    email: row.m_email,
    name: row.m_name ?? null,
    external_id: row.m_external_id ?? null,
    role: row.m_role,
  };
}

export function customerSeat(row: Row) {
  return {
    id: row.id,
    created_at: (row.created_at as Date).toISOString(),
    modified_at: isoOrNull(row.modified_at),
    subscription_id: row.subscription_id ?? null,
    order_id: row.order_id ?? null,
    status: row.status,
    customer_id: row.customer_id ?? null,
    member_id: row.member_id ?? null,
    member: member(row),
    email: row.email ?? null,
    customer_email: row.customer_email ?? null,
    invitation_token_expires_at: isoOrNull(row.invitation_token_expires_at),
    claimed_at: isoOrNull(row.claimed_at),
    revoked_at: isoOrNull(row.revoked_at),
    seat_metadata: row.seat_metadata ?? null,
  };
}

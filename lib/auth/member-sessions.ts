import "server-only";
import type { Sql } from "@/lib/db";
import { env } from "@/lib/env";
import { MEMBER_SESSION_PREFIX, newToken } from "./tokens";

/**
 * Opens a member session (polar_mst_), the token a claim hands out: it authenticates the
 * member, never the billing customer. The token is returned here once and stored only
 * hashed; bound to a seat, it ends when that seat is revoked.
 */
export async function createMemberSession(sql: Sql, args: { memberId: string; seatId: string | null; now: Date }) {
  const { token, hash } = newToken(MEMBER_SESSION_PREFIX);
  const expiresAt = new Date(args.now.getTime() + env().CUSTOMER_SESSION_TTL_MINUTES * 60_000);
  await sql.rows(
    `INSERT INTO member_sessions (id, member_id, token_hash, created_at, expires_at, seat_id)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3::timestamptz, $4::timestamptz, $5::uuid) RETURNING id`,
    [args.memberId, hash, args.now, expiresAt, args.seatId],
  );
  return { token, expiresAt };
}

import "server-only";
import type { AdapterSession, AdapterUser } from "next-auth/adapters";
import { poolSql } from "@/lib/db";
import type { ScopedAdapterSession } from "./hashed-session-adapter";

type Row = {
  id: string;
  session_token: string;
  user_id: string;
  expires: Date;
  organization_id: string | null;
  member_id: string | null;
  seat_id: string | null;
  user_created_at: Date;
  name: string | null;
  email: string | null;
  email_verified: Date | null;
  image: string | null;
};

/**
 * Auth.js's getSessionAndUser in one round trip (its Prisma adapter reads the session, then
 * its user): every portal page and action starts with it.
 */
export async function findSessionAndUser(sessionToken: string): Promise<{ session: AdapterSession; user: AdapterUser } | null> {
  const rows = await poolSql().rows<Row>(
    `SELECT s.id, s.session_token, s.user_id, s.expires, s.organization_id, s.member_id, s.seat_id,
            u.created_at AS user_created_at, u.name, u.email, u.email_verified, u.image
       FROM auth_sessions s JOIN auth_users u ON u.id = s.user_id
      WHERE s.session_token = $1`,
    [sessionToken],
  );
  const row = rows[0];
  if (!row) return null;
  const session: ScopedAdapterSession = {
    sessionToken: row.session_token,
    userId: row.user_id,
    expires: row.expires,
    organizationId: row.organization_id,
    memberId: row.member_id,
    seatId: row.seat_id,
  };
  const user = { id: row.user_id, createdAt: row.user_created_at, name: row.name, email: row.email ?? "", emailVerified: row.email_verified, image: row.image };
  return { session: { ...session, id: row.id } as AdapterSession, user };
}

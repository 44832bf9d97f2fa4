import "server-only";
import type { AdapterSession, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";
import type { ScopedAdapterSession } from "./hashed-session-adapter";

/**
 * Auth.js's getSessionAndUser in one round trip (its Prisma adapter reads the session, then
 * its user): every portal page and action starts with it.
 */
export async function findSessionAndUser(sessionToken: string): Promise<{ session: AdapterSession; user: AdapterUser } | null> {
  const row = await db().prisma.session.findUnique({
    where: { sessionToken },
    select: {
      id: true,
      sessionToken: true,
      userId: true,
      expires: true,
      organizationId: true,
      memberId: true,
      seatId: true,
      customerId: true,
      user: { select: { createdAt: true, name: true, email: true, emailVerified: true, image: true } },
    },
  });
  if (!row) return null;
  const session: ScopedAdapterSession = {
    sessionToken: row.sessionToken,
    userId: row.userId,
    expires: row.expires,
    organizationId: row.organizationId,
    memberId: row.memberId,
    seatId: row.seatId,
    customerId: row.customerId,
  };
  const { user } = row;
  return {
    session: { ...session, id: row.id } as AdapterSession,
    user: { id: row.userId, createdAt: user.createdAt, name: user.name, email: user.email ?? "", emailVerified: user.emailVerified, image: user.image } as AdapterUser,
  };
}

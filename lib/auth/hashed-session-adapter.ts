import "server-only";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { hashToken } from "./tokens";

export type ScopedAdapterSession = AdapterSession & { organizationId?: string | null; memberId?: string | null; seatId?: string | null; customerId?: string | null };

/**
 * Auth.js's Prisma adapter stores the session cookie's value as it is. This wrapper keeps
 * only its SHA-256 in the table, like every other token here: a copy of the database
 * opens no browser session.
 */
export function withHashedSessions(adapter: Adapter): Adapter {
  const { createSession, getSessionAndUser, updateSession, deleteSession } = adapter;
  if (!createSession || !getSessionAndUser || !updateSession || !deleteSession) {
    throw new Error("the Auth.js adapter must support database sessions");
  }
  const unhash = <T extends { sessionToken: string } | null | undefined>(session: T, sessionToken: string): T =>
    session ? { ...session, sessionToken } : session;
  return {
    ...adapter,
    async createSession(session) {
      return unhash(await createSession({ ...session, sessionToken: hashToken(session.sessionToken) }), session.sessionToken);
    },
    async getSessionAndUser(sessionToken) {
      const found = await getSessionAndUser(hashToken(sessionToken));
      return found ? { ...found, session: unhash(found.session, sessionToken) } : null;
    },
    async updateSession(session) {
      const current = await getSessionAndUser(hashToken(session.sessionToken));
      // A session opened by a vendor's link or a claim lives as long as it was given, no longer.
      if ((current?.session as ScopedAdapterSession | undefined)?.organizationId) return current!.session;
      return unhash(await updateSession({ ...session, sessionToken: hashToken(session.sessionToken) }), session.sessionToken);
    },
    async deleteSession(sessionToken) {
      try {
        await deleteSession(hashToken(sessionToken));
      } catch {
        // Already gone (signed out twice, or expired and cleaned up).
      }
    },
  };
}

import "server-only";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { MEMBER_SESSION_PREFIX, newToken } from "./tokens";

/**
 * Opens a member session (polar_mst_), the token a claim hands out: it authenticates the
 * member, never the billing customer. The token is returned here once and stored only
 * hashed; bound to a seat, it ends when that seat is revoked.
 */
export async function createMemberSession(tx: Tx, args: { memberId: string; seatId: string | null; now: Date; returnUrl?: string | null }) {
  const { token, hash } = newToken(MEMBER_SESSION_PREFIX);
  const expiresAt = new Date(args.now.getTime() + env().CUSTOMER_SESSION_TTL_MINUTES * 60_000);
  const session = await tx.memberSession.create({
    data: { memberId: args.memberId, tokenHash: hash, createdAt: args.now, expiresAt, seatId: args.seatId, returnUrl: args.returnUrl ?? null },
    select: { id: true, createdAt: true, modifiedAt: true, returnUrl: true },
  });
  return { ...session, token, expiresAt };
}

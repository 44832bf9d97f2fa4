import "server-only";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { newToken } from "./tokens";
import { SESSION_MAX_AGE_SECONDS } from "./next-auth";

// Auth.js's cookie names (it adds the __Secure- prefix on https).
export function sessionCookieName(secure: boolean) {
  return `${secure ? "__Secure-" : ""}authjs.session-token`;
}

/**
 * Opens an Auth.js database session for a person, without an email link: after they
 * claimed a seat (then it is the member's session, bound to that seat), or arrived with a
 * vendor's customer session link. It opens only this organization's portal and ends when
 * `expires` says.
 */
export async function openPortalSession(args: {
  email: string;
  organizationId: string;
  /** A member's session: a claim's (bound to its seat) or a vendor's member session link (seatId null). */
  member?: { memberId: string; seatId: string | null };
  /** A vendor's link: the session is this customer's, whatever its address becomes. */
  customerId?: string;
  expires?: Date;
  secure: boolean;
}) {
  const { prisma } = db();
  const email = args.email.trim().toLowerCase();
  const user = await prisma.user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
  const { token, hash } = newToken();
  const expires = args.expires ?? new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await prisma.session.create({
    data: {
      sessionToken: hash,
      userId: user.id,
      expires,
      organizationId: args.organizationId,
      memberId: args.member?.memberId ?? null,
      seatId: args.member?.seatId ?? null,
      customerId: args.customerId ?? null,
    },
  });
  (await cookies()).set(sessionCookieName(args.secure), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: args.secure,
    expires,
  });
}

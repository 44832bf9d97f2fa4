import "server-only";
import NextAuth from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { portalAddress } from "@/lib/public-address";
import { queueSignInLink } from "./sign-in-email";
import { withHashedSessions, type ScopedAdapterSession } from "./hashed-session-adapter";
import { findSessionAndUser } from "./session-and-user";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 15 * 60;

// The configuration is read per request (lazily) so that `next build` needs neither a
// database nor secrets.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  // Auth.js builds its links (the sign-in email's) from AUTH_URL; the portal's public
  // address is PUBLIC_URL, so one setting serves both.
  if (!process.env.AUTH_URL && process.env.PUBLIC_URL) process.env.AUTH_URL = `${env().PUBLIC_URL}/api/auth`;
  return {
  adapter: withHashedSessions({
    ...PrismaAdapter(db().prisma as unknown as Parameters<typeof PrismaAdapter>[0]),
    getSessionAndUser: findSessionAndUser,
  }),
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 3600 },
  providers: [
    Nodemailer({
      // Mail leaves through the outbox (queued, retried, sealed), never straight from here.
      server: env().SMTP_URL ?? "smtp://127.0.0.1:25",
      from: env().MAIL_FROM,
      maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
      sendVerificationRequest: ({ identifier, url, expires }) => queueSignInLink({ to: identifier, url, expiresAt: expires }),
    }),
  ],
  pages: { signIn: "/auth/sign-in", verifyRequest: "/auth/check-email", error: "/auth/error" },
  // Auth.js's own log lines, as ours: one JSON line with the request id, no stack trace (a
  // stale sign-in link is routine, not an incident), nothing of the request.
  logger: {
    error(error: Error) {
      log("warn", "sign-in refused", { reason: (error as Error & { type?: string }).type ?? error.name });
    },
    warn(code: string) {
      log("warn", "auth warning", { code });
    },
    debug() {},
  },
  callbacks: {
    // Where the browser goes after the email link and after signing out. Auth.js's default
    // builds it on the request's address (localhost:<PORT> behind our server, or a Host
    // header a client wrote); here it is the portal's public address, and a path of this
    // portal is the only destination (another site would make an open redirect).
    redirect({ url }) {
      return portalAddress(url) ?? env().PUBLIC_URL;
    },
    session({ session }) {
      const scoped = session as typeof session & ScopedAdapterSession;
      return { user: { email: session.user.email, name: session.user.name ?? null }, expires: session.expires, organizationId: scoped.organizationId ?? null, memberId: scoped.memberId ?? null, seatId: scoped.seatId ?? null, customerId: scoped.customerId ?? null };
    },
  },
  };
});

import "server-only";
import { db } from "@/lib/db";
import { consumeRateLimit } from "@/lib/rate-limit";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { signInLinkEmail } from "@/lib/email/sign-in-link";

/** The organization whose portal a sign-in link leads back to, read from its callback URL. */
async function portalNameOf(url: string) {
  const callback = new URL(url).searchParams.get("callbackUrl");
  const slug = callback ? new URL(callback, url).pathname.split("/")[1] : undefined;
  const organization = slug ? await db().prisma.organization.findUnique({ where: { slug }, select: { name: true } }) : null;
  return organization ? `${organization.name} customer portal` : "customer portal";
}

export async function queueSignInLink(args: { to: string; url: string; expiresAt: Date }) {
  // Counted here, where every sign-in email is made (the portal's form and Auth.js's own
  // endpoint alike), so nobody can flood an inbox.
  await consumeRateLimit("signInPerEmail", args.to.toLowerCase());
  const message = signInLinkEmail({ ...args, portalName: await portalNameOf(args.url) });
  await enqueueEmail(db().prisma, message);
  void scheduleDelivery();
}

/** Auth.js keeps unused sign-in links until they are used; lapsed ones are dropped here. */
export async function forgetExpiredSignInLinks() {
  await db().prisma.verificationToken.deleteMany({ where: { expires: { lt: new Date() } } });
}

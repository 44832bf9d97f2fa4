import "server-only";
import { db } from "@/lib/db";
import { consumeRateLimit } from "@/lib/rate-limit";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { signInLinkEmail } from "@/lib/email/sign-in-link";
import { chooseLocale, LOCALE_COOKIE } from "@/i18n/locales";
import { cookies, headers } from "next/headers";

/** The organization whose portal a sign-in link leads back to, read from its callback URL. */
async function portalOf(url: string) {
  const callback = new URL(url).searchParams.get("callbackUrl");
  const slug = callback ? new URL(callback, url).pathname.split("/")[1] : undefined;
  return slug ? db().prisma.organization.findUnique({ where: { slug }, select: { name: true, defaultLocale: true } }) : null;
}

/** The language of the person asking for the link (the request's), else the portal's default. */
async function requesterLocale(organizationDefault: string | null) {
  try {
    const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
    return chooseLocale({ chosen: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: requestHeaders.get("accept-language"), organizationDefault });
  } catch {
    // Outside a request (a script): the portal's language.
    return chooseLocale({ organizationDefault });
  }
}

export async function queueSignInLink(args: { to: string; url: string; expiresAt: Date }) {
  // Counted here, where every sign-in email is made (the portal's form and Auth.js's own
  // endpoint alike), so nobody can flood an inbox.
  await consumeRateLimit("signInPerEmail", args.to.toLowerCase());
  const portal = await portalOf(args.url);
  const message = signInLinkEmail({ ...args, organization: portal?.name ?? null, locale: await requesterLocale(portal?.defaultLocale ?? null) });
  await enqueueEmail(db().prisma, message);
  void scheduleDelivery();
}

/** Auth.js keeps unused sign-in links until they are used; lapsed ones are dropped here. */
export async function forgetExpiredSignInLinks() {
  await db().prisma.verificationToken.deleteMany({ where: { expires: { lt: new Date() } } });
}

import "server-only";
import { cookies, headers } from "next/headers";
import { findPortalOrganization } from "@/lib/auth/portal";
import { decodedSegment } from "@/lib/url-segment";
import { chooseLocale, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./locales";

/** The organization whose portal a page belongs to, as proxy.ts read it from the path. */
export const PORTAL_SLUG_HEADER = "x-portal-slug";

/**
 * The language of this request: the one the person chose (a cookie), else the first of
 * their browser's that the portal speaks, else the organization's default, else English.
 */
export async function readerLocale(): Promise<Locale> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const chosen = jar.get(LOCALE_COOKIE)?.value;
  const acceptLanguage = requestHeaders.get("accept-language");
  // The organization is read only when the person and their browser say nothing we speak.
  if (isLocale(chosen) || localeFromAcceptLanguage(acceptLanguage)) return chooseLocale({ chosen, acceptLanguage });
  const segment = requestHeaders.get(PORTAL_SLUG_HEADER);
  const slug = segment ? decodedSegment(segment) : null;
  const organization = slug ? await findPortalOrganization(slug) : null;
  return chooseLocale({ organizationDefault: organization?.defaultLocale });
}

import "server-only";
import { cookies, headers } from "next/headers";
import { findPortalOrganization } from "@/lib/auth/portal";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./locales";

/** The organization whose portal a page belongs to, as proxy.ts read it from the path. */
export const PORTAL_SLUG_HEADER = "x-portal-slug";

/**
 * The language of this request: the one the person chose (a cookie), else the first of
 * their browser's that the portal speaks, else the organization's default, else English.
 */
export async function readerLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  const requestHeaders = await headers();
  const browser = localeFromAcceptLanguage(requestHeaders.get("accept-language"));
  if (browser) return browser;
  const slug = requestHeaders.get(PORTAL_SLUG_HEADER);
  const organization = slug ? await findPortalOrganization(slug) : null;
  return isLocale(organization?.defaultLocale) ? organization.defaultLocale : DEFAULT_LOCALE;
}

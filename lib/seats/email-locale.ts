import "server-only";
import { findOrganizationLocale, type Tx } from "./queries";
import type { Locale } from "@/i18n/locales";
import { emailLocale } from "@/lib/email/translator";

// An organization's language changes rarely and every invitation email needs it: read once
// a minute per organization rather than once per email, inside the writes' transactions.
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const known = new Map<string, { locale: Locale; until: number }>();

/** The language of an organization's emails to people whose own is not known (its portal's default). */
export async function organizationLocale(tx: Tx, organizationSlug: string): Promise<Locale> {
  const hit = known.get(organizationSlug);
  if (hit && hit.until > Date.now()) return hit.locale;
  const locale = emailLocale(await findOrganizationLocale(tx, organizationSlug));
  if (known.size >= MAX_ENTRIES) known.clear();
  known.set(organizationSlug, { locale, until: Date.now() + TTL_MS });
  return locale;
}

import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/i18n/locales";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";

// Emails are written outside any page, by the worker as well as by requests: their words
// come from the same messages as the portal's, through next-intl's plain translator.
const MESSAGES = { en, de, fr } satisfies Record<Locale, typeof en>;

/** The email language for a locale a caller names (an organization's default, a reader's choice); English when it names none of ours. */
export function emailLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

export function emailTranslator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "Emails" });
}

const dateTimes = new Map<Locale, Intl.DateTimeFormat>();

/** "December 9, 2026 at 4:00 AM UTC" (or "9. Dezember 2026 um 04:00 UTC"): emails name the time zone, since readers are anywhere. */
export function formatEmailDate(date: Date, locale: Locale = DEFAULT_LOCALE) {
  let format = dateTimes.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "en" ? "en-US" : locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
    dateTimes.set(locale, format);
  }
  return `${format.format(date)} UTC`;
}

// The languages the portal speaks, and how a reader's is chosen (i18n/reader-locale.ts).

export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that keeps the language a person chose (next-intl's own name for it). */
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Each language by its own name, as a language menu lists them. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", fr: "Français" };

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

// A browser sends a handful of languages; a longer header is read only this far.
const MAX_ACCEPT_LANGUAGE = 512;

/**
 * The language of ours a browser prefers, from its Accept-Language header ("de-CH,de;q=0.9,
 * en;q=0.8"): the highest weight wins, a region falls back to its language, and a language
 * we do not speak is skipped. Plain string operations on a bounded header, no pattern.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; weight: number } | null = null;
  for (const [index, part] of header.slice(0, MAX_ACCEPT_LANGUAGE).split(",").entries()) {
    const [tag = "", ...params] = part.trim().split(";");
    const language = tag.trim().toLowerCase().split("-")[0];
    if (!isLocale(language)) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight) || weight <= 0) continue;
    // Equal weights keep the header's order (the earlier one wins).
    const ranked = weight - index * 1e-6;
    if (!best || ranked > best.weight) best = { locale: language, weight: ranked };
  }
  return best?.locale ?? null;
}

/** The reader's language: the one they chose, else their browser's first of ours, else the organization's default, else English. */
export function chooseLocale(args: { chosen?: string | null; acceptLanguage?: string | null; organizationDefault?: string | null }): Locale {
  if (isLocale(args.chosen)) return args.chosen;
  return localeFromAcceptLanguage(args.acceptLanguage) ?? (isLocale(args.organizationDefault) ? args.organizationDefault : DEFAULT_LOCALE);
}

import { getRequestConfig } from "next-intl/server";
import type { Locale } from "./locales";
import { readerLocale } from "./reader-locale";

const MESSAGES = {
  en: () => import("../messages/en.json"),
  de: () => import("../messages/de.json"),
  fr: () => import("../messages/fr.json"),
} satisfies Record<Locale, () => Promise<unknown>>;

// next-intl's request configuration: the reader's language and its messages, per request.
export default getRequestConfig(async () => {
  const locale = await readerLocale();
  return { locale, messages: (await MESSAGES[locale]()).default };
});

import { getLocale, getTranslations } from "next-intl/server";
import { buttonStyles, selectStyles } from "@/components/ui/styles";
import { LOCALE_NAMES, LOCALES } from "@/i18n/locales";

/** The portal's languages, chosen with a plain form (no JavaScript needed); the choice is kept. */
export async function LanguageMenu({ action }: { action: (formData: FormData) => Promise<void> }) {
  const [t, locale] = await Promise.all([getTranslations("Portal"), getLocale()]);
  return (
    <form action={action} className="flex items-center gap-2 text-sm">
      <label htmlFor="portal-language" className="text-zinc-600 dark:text-zinc-400">
        {t("language")}
      </label>
      <select id="portal-language" name="locale" defaultValue={locale} className={`${selectStyles} py-1.5`}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <button type="submit" className={`${buttonStyles.secondary} px-2.5 py-1.5`}>
        {t("changeLanguage")}
      </button>
    </form>
  );
}

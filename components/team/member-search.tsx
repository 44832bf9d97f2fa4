import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";

/** Looks for a member by part of an address or a name: a plain GET form, so the address holds it. */
export function MemberSearch({ action, value, keepActivity }: { action: string; value?: string; keepActivity: number }) {
  const t = useTranslations("TeamPage");
  return (
    <form action={action} method="get" role="search" aria-label={t("searchLabel")} className="flex flex-wrap items-end gap-3 px-4 pb-4">
      {keepActivity > 1 ? <input type="hidden" name="activity" value={keepActivity} /> : null}
      <div className="min-w-48 flex-1">
        <label htmlFor="member-search" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {t("search")}
        </label>
        <input id="member-search" name="q" type="search" maxLength={254} defaultValue={value ?? ""} className={inputStyles} />
      </div>
      <button type="submit" className={buttonStyles.secondary}>
        {t("find")}
      </button>
      {value ? (
        <Link href={action} className={`${linkStyles} py-2 text-sm`}>
          {t("clearSearch")}
        </Link>
      ) : null}
    </form>
  );
}

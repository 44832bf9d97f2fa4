import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";

/** Search, status filter and sort of the seats table: a plain GET form, so the URL holds them. */
export function SeatFilters({
  action,
  values,
  exportHref,
}: {
  action: string;
  values: { q?: string; status?: string; sort?: string };
  exportHref: string;
}) {
  const t = useTranslations("Filters");
  const ts = useTranslations("Status");
  const filtered = Boolean(values.q || values.status || (values.sort && values.sort !== "oldest"));
  return (
    <form action={action} method="get" role="search" aria-label={t("label")} className="flex flex-wrap items-end gap-3 px-4 pb-4">
      <div className="min-w-48 flex-1">
        <label htmlFor="seat-search" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {t("search")}
        </label>
        <input id="seat-search" name="q" type="search" defaultValue={values.q ?? ""} placeholder={t("searchPlaceholder")} className={inputStyles} />
      </div>
      <div>
        <label htmlFor="seat-status" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {t("status")}
        </label>
        <select id="seat-status" name="status" defaultValue={values.status ?? ""} className={inputStyles}>
          <option value="">{t("all")}</option>
          <option value="pending">{ts("pending")}</option>
          <option value="expired">{ts("expired")}</option>
          <option value="claimed">{ts("claimed")}</option>
          <option value="revoked">{ts("revoked")}</option>
        </select>
      </div>
      <div>
        <label htmlFor="seat-sort" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {t("sort")}
        </label>
        <select id="seat-sort" name="sort" defaultValue={values.sort ?? "oldest"} className={inputStyles}>
          <option value="oldest">{t("oldest")}</option>
          <option value="newest">{t("newest")}</option>
          <option value="email">{t("email")}</option>
        </select>
      </div>
      <button type="submit" className={buttonStyles.secondary}>
        {t("apply")}
      </button>
      {filtered ? (
        <Link href={action} className={`${linkStyles} py-2 text-sm`}>
          {t("clear")}
        </Link>
      ) : null}
      <a href={exportHref} className={`${linkStyles} ml-auto py-2 text-sm`} download>
        {t("export")}
      </a>
    </form>
  );
}

import Link from "next/link";
import { useTranslations } from "next-intl";
import { LinkPending } from "@/components/ui/link-pending";
import { buttonStyles } from "@/components/ui/styles";

/** Previous/next links for a server-paged list; the page lives in the URL (?page=N). */
export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  const t = useTranslations("Pagination");
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={t("label")} className="flex items-center justify-between gap-4 border-t border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
      {page > 1 ? (
        <Link href={href(page - 1)} className={buttonStyles.secondary} rel="prev">
          {t("previous")}
          <LinkPending />
        </Link>
      ) : (
        <span className={`${buttonStyles.secondary} pointer-events-none opacity-50`} aria-disabled="true">
          {t("previous")}
        </span>
      )}
      <span className="text-zinc-600 dark:text-zinc-400" aria-current="page">
        {t("page", { page, count: pageCount })}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={buttonStyles.secondary} rel="next">
          {t("next")}
          <LinkPending />
        </Link>
      ) : (
        <span className={`${buttonStyles.secondary} pointer-events-none opacity-50`} aria-disabled="true">
          {t("next")}
        </span>
      )}
    </nav>
  );
}

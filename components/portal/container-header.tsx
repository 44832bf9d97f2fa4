import Link from "next/link";
import { useTranslations } from "next-intl";
import { LinkPending } from "@/components/ui/link-pending";
import { focusRing, linkStyles } from "@/components/ui/styles";

const TABS = [
  { key: "seats", suffix: "" },
  { key: "bulk", suffix: "/bulk" },
  { key: "activity", suffix: "/activity" },
] as const;

/** The title of a subscription's or order's pages, with their tabs. */
export function ContainerHeader({
  overviewHref,
  basePath,
  productName,
  subtitle,
  current,
}: {
  overviewHref: string;
  basePath: string;
  productName: string;
  subtitle: React.ReactNode;
  current: (typeof TABS)[number]["key"];
}) {
  const t = useTranslations("Container");
  return (
    <div>
      <Link href={overviewHref} className={`${linkStyles} text-sm`}>
        {t("back")}
        <LinkPending />
      </Link>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{productName}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</p>
      <nav aria-label={t("tabsLabel")} className="mt-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {TABS.map((tab) => (
          <Link
            key={tab.key}
            href={`${basePath}${tab.suffix}`}
            aria-current={tab.key === current ? "page" : undefined}
            className={`-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm ${focusRing} ${
              tab.key === current
                ? "border-indigo-600 font-medium text-zinc-900 dark:border-indigo-400 dark:text-zinc-100"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {t(`tabs.${tab.key}`)}
            <LinkPending />
          </Link>
        ))}
      </nav>
    </div>
  );
}

import { useTranslations } from "next-intl";
import type { SeatUsageView } from "./view-types";

/**
 * Claimed, pending and free seats, apart, as a bar and in words. The bar is SVG so that
 * its widths are attributes, not inline styles (the CSP allows no inline style).
 */
export function UsageBar({ counts }: { counts: SeatUsageView }) {
  const { total, claimed, pending, free } = counts;
  const share = (n: number) => (total > 0 ? (n / total) * 100 : 0);
  const t = useTranslations("Usage");
  const summary = t("summary", { claimed, pending, free, total });
  return (
    <div>
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" className="h-2.5 w-full overflow-hidden rounded-full" role="img" aria-label={summary}>
        <rect x="0" y="0" width="100" height="10" className="fill-zinc-200 dark:fill-zinc-800" />
        <rect x="0" y="0" width={share(claimed)} height="10" className="fill-indigo-600 dark:fill-indigo-500" />
        <rect x={share(claimed)} y="0" width={share(pending)} height="10" className="fill-amber-400 dark:fill-amber-500" />
      </svg>
      <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <div className="flex items-center gap-1.5">
          <span className="size-2 rounded-full bg-indigo-600 dark:bg-indigo-500" aria-hidden />
          <dt>{t("claimed")}</dt>
          <dd className="font-medium text-zinc-900 dark:text-zinc-100">{claimed}</dd>
        </div>
        <div className="flex items-center gap-1.5">
          <span className="size-2 rounded-full bg-amber-400 dark:bg-amber-500" aria-hidden />
          <dt>{t("pending")}</dt>
          <dd className="font-medium text-zinc-900 dark:text-zinc-100">{pending}</dd>
        </div>
        <div className="flex items-center gap-1.5">
          <span className="size-2 rounded-full bg-zinc-300 dark:bg-zinc-700" aria-hidden />
          <dt>{t("free")}</dt>
          <dd className="font-medium text-zinc-900 dark:text-zinc-100">{free}</dd>
        </div>
        <div className="flex items-center gap-1.5">
          <dt>{t("total")}</dt>
          <dd className="font-medium text-zinc-900 dark:text-zinc-100">{total}</dd>
        </div>
      </dl>
    </div>
  );
}

import Link from "next/link";
import { LinkPending } from "@/components/ui/link-pending";
import { buttonStyles } from "@/components/ui/styles";

/** Previous/next links for a server-paged list; the page lives in the URL (?page=N). */
export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 border-t border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
      {page > 1 ? (
        <Link href={href(page - 1)} className={buttonStyles.secondary} rel="prev">
          Previous
          <LinkPending />
        </Link>
      ) : (
        <span className={`${buttonStyles.secondary} pointer-events-none opacity-50`} aria-disabled="true">
          Previous
        </span>
      )}
      <span className="text-zinc-600 dark:text-zinc-400" aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={buttonStyles.secondary} rel="next">
          Next
          <LinkPending />
        </Link>
      ) : (
        <span className={`${buttonStyles.secondary} pointer-events-none opacity-50`} aria-disabled="true">
          Next
        </span>
      )}
    </nav>
  );
}

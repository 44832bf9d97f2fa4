import Link from "next/link";
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
  const filtered = Boolean(values.q || values.status || (values.sort && values.sort !== "oldest"));
  return (
    <form action={action} method="get" role="search" aria-label="Find seats" className="flex flex-wrap items-end gap-3 px-4 pb-4">
      <div className="min-w-48 flex-1">
        <label htmlFor="seat-search" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Email or metadata contains
        </label>
        <input id="seat-search" name="q" type="search" defaultValue={values.q ?? ""} placeholder="name@company or team" className={inputStyles} />
      </div>
      <div>
        <label htmlFor="seat-status" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Status
        </label>
        <select id="seat-status" name="status" defaultValue={values.status ?? ""} className={inputStyles}>
          <option value="">All</option>
          <option value="pending">Invited</option>
          <option value="expired">Link expired</option>
          <option value="claimed">Claimed</option>
          <option value="revoked">Revoked</option>
        </select>
      </div>
      <div>
        <label htmlFor="seat-sort" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Sort
        </label>
        <select id="seat-sort" name="sort" defaultValue={values.sort ?? "oldest"} className={inputStyles}>
          <option value="oldest">Oldest first</option>
          <option value="newest">Newest first</option>
          <option value="email">Email A–Z</option>
        </select>
      </div>
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      {filtered ? (
        <Link href={action} className={`${linkStyles} py-2 text-sm`}>
          Clear
        </Link>
      ) : null}
      <a href={exportHref} className={`${linkStyles} ml-auto py-2 text-sm`} download>
        Export CSV
      </a>
    </form>
  );
}

import Link from "next/link";
import { focusRing } from "@/components/ui/styles";

export function PortalHeader({
  organization,
  email,
  signOut,
}: {
  organization: { name: string; slug: string };
  email: string | null;
  signOut: React.ReactNode;
}) {
  const base = `/${organization.slug}/portal`;
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href={base} className={`flex items-center gap-2 rounded font-semibold ${focusRing}`}>
          <span className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-xs font-bold text-white" aria-hidden>
            {organization.name.slice(0, 1).toUpperCase()}
          </span>
          {organization.name}
        </Link>
        {email ? (
          <nav aria-label="Portal" className="flex gap-1 text-sm">
            <Link href={base} className={`rounded-md px-2.5 py-1.5 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800 ${focusRing}`}>
              Your subscriptions
            </Link>
            <Link href={`${base}/claimed`} className={`rounded-md px-2.5 py-1.5 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800 ${focusRing}`}>
              Seats you hold
            </Link>
          </nav>
        ) : null}
        {email ? (
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden text-zinc-600 sm:inline dark:text-zinc-400" data-testid="signed-in-as">
              {email}
            </span>
            {signOut}
          </div>
        ) : null}
      </div>
    </header>
  );
}

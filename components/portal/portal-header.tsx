import Link from "next/link";
import { focusRing } from "@/components/ui/styles";
import { NavLink } from "./nav-link";

export function PortalHeader({
  organization,
  email,
  labels,
  signOut,
  team = false,
  context,
}: {
  organization: { name: string; slug: string };
  email: string | null;
  labels: { nav: string; subscriptions: string; held: string; team: string };
  signOut: React.ReactNode;
  /** Whether the Team page is in the navigation (owners and billing managers). */
  team?: boolean;
  /** The line under the header that says which team, as which role (TeamContext). */
  context?: React.ReactNode;
}) {
  const base = `/${organization.slug}/portal`;
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      {/* On a phone: the organization and who is signed in on the first line, the pages on
          the second; from sm, one line. */}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        {/* The organization keeps its name (up to half the line); the address beside it gives way first (found in French at 390 px: "A.."). */}
        <Link href={base} className={`flex min-w-0 max-w-[50%] shrink-0 items-center gap-2 rounded font-semibold sm:max-w-none ${focusRing}`}>
          <span className="grid size-7 shrink-0 place-items-center rounded-lg bg-indigo-600 text-xs font-bold text-white" aria-hidden>
            {organization.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="truncate">{organization.name}</span>
        </Link>
        {email ? (
          <nav aria-label={labels.nav} className="order-3 -mx-2.5 flex w-full gap-1 text-sm sm:order-none sm:mx-0 sm:w-auto">
            <NavLink href={base} section={[`${base}/subscriptions/`, `${base}/orders/`]}>
              {labels.subscriptions}
            </NavLink>
            <NavLink href={`${base}/claimed`}>{labels.held}</NavLink>
            {team ? <NavLink href={`${base}/team`}>{labels.team}</NavLink> : null}
          </nav>
        ) : null}
        {email ? (
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
            <span className="max-w-[8rem] truncate text-zinc-600 sm:max-w-xs dark:text-zinc-400" title={email} data-testid="signed-in-as">
              {email}
            </span>
            {signOut}
          </div>
        ) : null}
      </div>
      {email ? context : null}
    </header>
  );
}

import Link from "next/link";
import { Suspense } from "react";
import { z } from "zod";
import { EmptyState } from "@/components/portal/empty-state";
import { CardGridSkeleton } from "@/components/portal/skeletons";
import { dateView } from "@/components/seats/format";
import { LocalTime } from "@/components/ui/local-time";
import { readerClock } from "../reader-clock";
import { Pagination } from "@/components/seats/pagination";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { getClaimedSubscriptionsPage, type HolderActor } from "@/lib/seats";

export const metadata = { title: "Seats you hold" };

// A page number from the address bar: anything else (missing, 0, text) is the first page.
const ClaimedQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  claimed: z.string().optional().catch(undefined),
});

export default async function ClaimedPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const query = ClaimedQuery.parse(await searchParams);
  // Settled before anything streams: a signed-out visitor gets a real redirect.
  const viewer = await requirePortalViewer(org, `/${encodeURIComponent(org)}/portal/claimed`);
  // A claim's session is the member's: it sees the seats claimed as that member.
  const holder = viewer.member ?? viewer.actor;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Seats you hold</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Subscriptions at {viewer.organization.name} where someone gave you a seat.</p>
      </div>
      {query.claimed ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-200">
          Your seat is claimed. Welcome aboard.
        </p>
      ) : null}
      {viewer.member ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="member-session-note">
          You are signed in with the seat you claimed, which shows the seats you hold and nothing else. To manage subscriptions you pay
          for,{" "}
          <Link href={`/${encodeURIComponent(org)}/portal/sign-in`} className={linkStyles}>
            sign in with your email
          </Link>
          .
        </p>
      ) : null}
      {/* Keyed by the page, so that paging shows the placeholder rather than the old page. */}
      <Suspense key={query.page} fallback={<CardGridSkeleton label="Loading the subscriptions you hold a seat on…" />}>
        {holder ? (
          <ClaimedSubscriptions org={org} actor={holder} page={query.page} />
        ) : (
          <NoSeats />
        )}
      </Suspense>
    </div>
  );
}

function NoSeats() {
  return <EmptyState title="No seats yet">When someone invites you to a seat, accept the invitation from the email and it shows up here.</EmptyState>;
}

async function ClaimedSubscriptions({ org, actor, page }: { org: string; actor: HolderActor; page: number }) {
  const reader = await readerClock();
  const view = await getClaimedSubscriptionsPage(actor, page);
  if (view.totalCount === 0) return <NoSeats />;
  const href = (n: number) => `/${encodeURIComponent(org)}/portal/claimed${n > 1 ? `?page=${n}` : ""}`;
  const first = (view.page - 1) * view.pageSize + 1;
  const last = first + view.items.length - 1;

  return (
    <section aria-labelledby="claimed-count" className="space-y-4">
      <p id="claimed-count" className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="claimed-count">
        {view.pageCount > 1 ? `${first}–${last} of ${view.totalCount} subscriptions` : `${view.totalCount} subscription${view.totalCount === 1 ? "" : "s"}`}
      </p>
      <ul className="grid gap-4 md:grid-cols-2" aria-label="Subscriptions you hold a seat on">
        {view.items.map((subscription) => (
          <li key={subscription.id} className={`${cardStyles} p-5`} data-subscription-id={subscription.id}>
            <h2 className="font-semibold">{subscription.product.name}</h2>
            {subscription.product.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subscription.product.description}</p> : null}
            <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">Status</dt>
              <dd className="capitalize">{subscription.status.replace(/_/g, " ")}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Renews</dt>
              <dd>
                {subscription.cancelAtPeriodEnd ? "Ends" : ""} <LocalTime value={dateView(subscription.currentPeriodEnd, reader)} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <Pagination page={view.page} pageCount={view.pageCount} href={href} />
    </section>
  );
}

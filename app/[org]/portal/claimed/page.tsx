import { EmptyState } from "@/components/portal/empty-state";
import { formatDate } from "@/components/seats/format";
import { cardStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { listClaimedSubscriptions } from "@/lib/seats";

export const metadata = { title: "Seats you hold" };

export default async function ClaimedPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ claimed?: string }> }) {
  const { org } = await params;
  const { claimed } = await searchParams;
  const viewer = await requirePortalViewer(org);
  const page = viewer.actor ? await listClaimedSubscriptions(viewer.actor, { page: 1, limit: 100 }) : null;
  const subscriptions = page?.items ?? [];

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Seats you hold</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Subscriptions at {viewer.organization.name} where someone gave you a seat.</p>
      </div>
      {claimed ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-200">
          Your seat is claimed. Welcome aboard.
        </p>
      ) : null}
      {subscriptions.length === 0 ? (
        <EmptyState title="No seats yet">When someone invites you to a seat, accept the invitation from the email and it shows up here.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Subscriptions you hold a seat on">
          {subscriptions.map((subscription) => (
            <li key={subscription.id} className={`${cardStyles} p-5`} data-subscription-id={subscription.id}>
              <h2 className="font-semibold">{subscription.product.name}</h2>
              {subscription.product.description ? (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subscription.product.description}</p>
              ) : null}
              <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
                <dt className="text-zinc-500 dark:text-zinc-400">Status</dt>
                <dd className="capitalize">{subscription.status.replace(/_/g, " ")}</dd>
                <dt className="text-zinc-500 dark:text-zinc-400">Renews</dt>
                <dd>{subscription.cancelAtPeriodEnd ? "Ends" : ""} {formatDate(subscription.currentPeriodEnd)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

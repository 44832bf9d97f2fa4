import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { statusName } from "../status-name";
import { EmptyState } from "@/components/portal/empty-state";
import { CardGridSkeleton } from "@/components/portal/skeletons";
import { dateView } from "@/components/seats/format";
import { LocalTime } from "@/components/ui/local-time";
import { readerClock } from "../reader-clock";
import { Pagination } from "@/components/seats/pagination";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { getClaimedSubscriptionsPage, type HolderActor } from "@/lib/seats";
import { Streamed } from "../streamed";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("claimed") };
}

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
  // A member session is the member's: it sees the seats claimed as that member. Anyone else
  // sees their own, never those of the team they act for.
  const holder = viewer.member ?? viewer.self;
  const t = await getTranslations("Claimed");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro", { organization: viewer.organization.name })}</p>
      </div>
      {query.claimed ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-200">
          {t("welcome")}
        </p>
      ) : null}
      {viewer.member && !viewer.actor ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="member-session-note">
          {t.rich("memberNote", {
            link: (chunks) => (
              <Link href={`/${encodeURIComponent(org)}/portal/sign-in`} className={linkStyles}>
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : null}
      {/* Keyed by the page, so that paging shows the placeholder rather than the old page. */}
      <Streamed key={query.page} fallback={<CardGridSkeleton label={t("loading")} />}>
        {holder ? (
          <ClaimedSubscriptions org={org} actor={holder} page={query.page} />
        ) : (
          <NoSeats />
        )}
      </Streamed>
    </div>
  );
}

async function NoSeats() {
  const t = await getTranslations("Claimed");
  return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
}

async function ClaimedSubscriptions({ org, actor, page }: { org: string; actor: HolderActor; page: number }) {
  const [reader, view, t, ts] = await Promise.all([readerClock(), getClaimedSubscriptionsPage(actor, page), getTranslations("Claimed"), getTranslations("SubscriptionStatus")]);
  if (view.totalCount === 0) return <NoSeats />;
  const href = (n: number) => `/${encodeURIComponent(org)}/portal/claimed${n > 1 ? `?page=${n}` : ""}`;
  const first = (view.page - 1) * view.pageSize + 1;
  const last = first + view.items.length - 1;

  return (
    <section aria-labelledby="claimed-count" className="space-y-4">
      <p id="claimed-count" className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="claimed-count">
        {view.pageCount > 1 ? t("range", { first, last, total: view.totalCount }) : t("count", { total: view.totalCount })}
      </p>
      <ul className="grid gap-4 md:grid-cols-2" aria-label={t("listLabel")}>
        {view.items.map((subscription) => (
          <li key={subscription.id} className={`${cardStyles} p-5`} data-subscription-id={subscription.id}>
            <h2 className="font-semibold">{subscription.product.name}</h2>
            {subscription.product.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subscription.product.description}</p> : null}
            <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">{t("status")}</dt>
              <dd>{statusName(ts, subscription.status)}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">{subscription.cancelAtPeriodEnd ? t("ends") : t("renews")}</dt>
              <dd>
                <LocalTime value={dateView(subscription.currentPeriodEnd, reader)} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <Pagination page={view.page} pageCount={view.pageCount} href={href} />
    </section>
  );
}

import Link from "next/link";
import { redirect } from "next/navigation";
import { EmptyState } from "@/components/portal/empty-state";
import { CardGridSkeleton } from "@/components/portal/skeletons";
import { UsageBar } from "@/components/seats/usage-bar";
import { dateView, type DateView } from "@/components/seats/format";
import { LocalTime } from "@/components/ui/local-time";
import { readerClock } from "./reader-clock";
import { LinkPending } from "@/components/ui/link-pending";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer, type PortalViewer } from "@/lib/auth/portal";
import { listOwnedContainers, portalLanding } from "@/lib/seats";
import { getTranslations } from "next-intl/server";
import { statusName } from "./status-name";
import { Streamed } from "./streamed";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("overview") };
}

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ customer_session_token?: string | string[] }>;
}) {
  const { org } = await params;
  const { customer_session_token: token } = await searchParams;
  // A vendor's portal link: trade the token for a cookie, and take it out of the address bar.
  if (typeof token === "string" && token) {
    redirect(`/${encodeURIComponent(org)}/portal/session?customer_session_token=${encodeURIComponent(token)}`);
  }
  // Who is looking is settled before anything streams, so a signed-out visitor gets a real
  // redirect; only the list below waits behind a placeholder.
  const viewer = await requirePortalViewer(org);
  // A claim's session (or a plain member's) manages nothing: what it has is the seats it holds.
  if (viewer.member && !viewer.actor) redirect(`/${encodeURIComponent(org)}/portal/claimed`);
  const t = await getTranslations("Overview");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {/* An admin acting for someone else's team reads whose seats these are. */}
          {viewer.team?.admin && viewer.team.memberId ? t("introTeam", { team: viewer.team.name, organization: viewer.organization.name }) : t("intro", { organization: viewer.organization.name })}
        </p>
      </div>
      <Streamed fallback={<CardGridSkeleton label={t("loading")} withBar />}>
        <OwnedContainers org={org} viewer={viewer} />
      </Streamed>
    </div>
  );
}

async function OwnedContainers({ org, viewer }: { org: string; viewer: Extract<PortalViewer, { signedIn: true }> }) {
  const containers = viewer.actor ? await listOwnedContainers(viewer.actor) : [];
  // Someone who pays for nothing here and holds a seat someone gave them starts there. Asked
  // only when the list is empty, behind the placeholder: the page's heading is not held up.
  if (containers.length === 0 && (await portalLanding(viewer.self)) === "held") redirect(`/${encodeURIComponent(org)}/portal/claimed`);
  const [reader, t, tc, ts] = await Promise.all([readerClock(), getTranslations("Overview"), getTranslations("Container"), getTranslations("SubscriptionStatus")]);
  const base = `/${encodeURIComponent(org)}/portal`;
  // "since <date>", the date a <time> with UTC in its title.
  const since = (date: DateView | null) => t.rich("since", { date: date?.text ?? "—", time: () => <LocalTime value={date} /> });
  return (
    <>
      {containers.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>
          <p>
            {t.rich("emptyBody", {
              email: viewer.email,
              organization: viewer.organization.name,
              link: (chunks) => (
                <Link href={`${base}/claimed`} className={linkStyles}>
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label={t("listLabel")}>
          {containers.map((container) => (
            <li key={container.id} className={`${cardStyles} flex flex-col gap-4 p-5`} data-container-id={container.id}>
              <div className="flex items-start justify-between gap-3">
                <div>
                  <h2 className="font-semibold">{container.productName}</h2>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {container.kind === "subscription" ? tc("subscription") : tc("order")} ·{" "}
                    {since(dateView(container.createdAt, reader))}
                  </p>
                </div>
                <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {statusName(ts, container.status)}
                </span>
              </div>
              <UsageBar counts={container.counts} />
              <div className="mt-auto">
                <Link href={`${base}/${container.kind === "subscription" ? "subscriptions" : "orders"}/${container.id}`} className={linkStyles}>
                  {t.rich("manage", { product: container.productName, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                  <LinkPending />
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

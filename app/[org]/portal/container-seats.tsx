import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AssignSeatForm } from "@/components/seats/assign-seat-form";
import { ChangeSeatsForm } from "@/components/seats/change-seats-form";
import { Pagination } from "@/components/seats/pagination";
import { SeatFilters } from "@/components/seats/seat-filters";
import { SeatTable } from "@/components/seats/seat-table";
import { UsageBar } from "@/components/seats/usage-bar";
import { ContainerHeader } from "@/components/portal/container-header";
import { ClientMessages } from "@/components/portal/client-messages";
import { EmptyState } from "@/components/portal/empty-state";
import { cardStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { getSeatsPage } from "@/lib/seats";
import { seatCountTerms } from "@/lib/seats/change-seat-count";
import { SeatTableFilter } from "@/lib/seats/schemas";
import { assignSeatAction, changeSeatCountAction, resendInvitationAction, revokeSeatAction, shareLinkAction } from "./actions";
import { formatMoney } from "./money";
import { containerFromPath, containerPath } from "./container-path";
import { readerClock } from "./reader-clock";
import { toSeatView } from "./seat-view";

const SeatQuery = SeatTableFilter.extend({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  // The seat whose revoke is being confirmed, as a step of the page (no JavaScript).
  confirm: z.uuid().optional().catch(undefined),
});

/**
 * The seats page of one subscription or order of the signed-in customer. No Suspense
 * boundary sits above it, so another customer's container is a real 404 status.
 */
export async function ContainerSeats({ org, kind, id, search }: { org: string; kind: string; id: string; search: Record<string, string | undefined> }) {
  const viewer = await requirePortalViewer(org, `/${encodeURIComponent(org)}/portal/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
  const ref = containerFromPath(kind, id);
  if (!ref || !viewer.actor) notFound();
  const query = SeatQuery.parse(search);
  const [reader, t, tc, ts, locale] = await Promise.all([readerClock(), getTranslations("Seats"), getTranslations("Container"), getTranslations("SeatCount"), getLocale()]);
  let view;
  let countTerms;
  try {
    view = await getSeatsPage(viewer.actor, ref, { page: query.page, search: query.q || undefined, status: query.status, sort: query.sort });
    // The Change seats form's bounds, read only where the count may change (off by default).
    countTerms = view.container.seatCountOpen ? await seatCountTerms(viewer.actor, ref.id) : null;
  } catch (error) {
    // Another customer's container is not found, exactly like one that does not exist.
    if (error instanceof ResourceNotFound) notFound();
    throw error;
  }
  const base = `/${encodeURIComponent(org)}/portal`;
  const path = containerPath(org, ref);
  const { counts } = view;
  const keep = new URLSearchParams(Object.entries({ q: query.q, status: query.status, sort: query.sort }).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const pageHref = (page: number) => `${path}?${new URLSearchParams({ ...Object.fromEntries(keep), page: String(page) })}`;
  const filtered = Boolean(query.q || query.status);
  // This page's own address, the same whether it shows a confirmation step or not: the
  // table's forms answer here.
  const here = Object.fromEntries(query.page > 1 ? [...keep, ["page", String(query.page)]] : keep);

  return (
    <ClientMessages namespaces={["AssignForm", "SeatTable", "Status", "SeatCount"]}>
    <div className="space-y-6">
      <ContainerHeader
        overviewHref={base}
        basePath={path}
        productName={view.container.productName}
        current="seats"
        subtitle={
          <>
            {ref.kind === "subscription" ? tc("subscription") : tc("order")} ·{" "}
            <span data-testid="seat-availability">{tc("available", { free: counts.free, total: counts.total })}</span>
          </>
        }
      />

      <section className={`${cardStyles} space-y-5 p-5`} aria-labelledby="usage-title">
        <h2 id="usage-title" className="sr-only">
          {t("usageTitle")}
        </h2>
        <UsageBar counts={counts} />
        <div className="border-t border-zinc-100 pt-5 dark:border-zinc-800">
          <h2 className="mb-3 text-sm font-semibold">{t("inviteTitle")}</h2>
          <AssignSeatForm
            action={assignSeatAction.bind(null, org, ref)}
            disabled={
              !view.container.takesAssignments
                ? ref.kind === "subscription"
                  ? t("closedSubscription", { status: view.container.status.replace(/_/g, " ") })
                  : t("unpaidOrder")
                : counts.free === 0
                  ? t("full")
                  : null
            }
          />
        </div>
      </section>

      {countTerms?.allowed ? (
        <section id="change-seats" className={`${cardStyles} p-5`} aria-labelledby="change-seats-title">
          <h2 id="change-seats-title" className="mb-3 text-sm font-semibold">
            {ts("title")}
          </h2>
          <ChangeSeatsForm
            action={changeSeatCountAction.bind(null, org, ref.id)}
            permalink={`${path}${Object.keys(here).length ? `?${new URLSearchParams(here)}` : ""}#change-seats`}
            current={{ seats: countTerms.seats, amount: formatMoney(countTerms.amount, countTerms.currency, locale) }}
            minimum={countTerms.minimum}
            maximum={countTerms.maximum}
          />
        </section>
      ) : null}

      <section id="seats" className={cardStyles} aria-labelledby="seats-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pb-3 pt-4">
          <h2 id="seats-title" className="text-sm font-semibold">
            {filtered ? t("matching", { count: view.matching }) : t("listTitle")}
          </h2>
          {counts.expired > 0 ? (
            <p className="text-xs text-orange-700 dark:text-orange-300">
              {t("expiredNotice", { count: counts.expired })}
            </p>
          ) : null}
        </div>
        {counts.rows > 0 ? <SeatFilters action={path} values={query} exportHref={`${path}/seats.csv${keep.size ? `?${keep}` : ""}`} /> : null}
        {view.seats.length === 0 ? (
          <div className="p-4">
            {filtered ? (
              <EmptyState title={t("noMatchTitle")}>{t("noMatchBody")}</EmptyState>
            ) : (
              <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
            )}
          </div>
        ) : (
          <SeatTable
            org={org}
            seats={view.seats.map((seat) => toSeatView(seat, reader))}
            actions={{ resend: resendInvitationAction, revoke: revokeSeatAction, share: shareLinkAction }}
            path={path}
            query={here}
            confirm={query.confirm}
          />
        )}
        <Pagination page={view.page} pageCount={view.pageCount} href={pageHref} />
      </section>
    </div>
    </ClientMessages>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ContainerHeader } from "@/components/portal/container-header";
import { EmptyState } from "@/components/portal/empty-state";
import { ListSkeleton } from "@/components/portal/skeletons";
import { Pagination } from "@/components/seats/pagination";
import { dateView } from "@/components/seats/format";
import { LocalTime } from "@/components/ui/local-time";
import { readerClock } from "../../../reader-clock";
import { buttonStyles, cardStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { getSeatsPage, listSeatEvents } from "@/lib/seats";
import { SEAT_EVENT_TYPES, SearchText } from "@/lib/seats/schemas";
import { containerFromPath, containerPath } from "../../../container-path";
import { Streamed } from "../../../streamed";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("activity") };
}

const isEventType = (type: string): type is (typeof SEAT_EVENT_TYPES)[number] => (SEAT_EVENT_TYPES as readonly string[]).includes(type);

const Query = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  type: z.enum(SEAT_EVENT_TYPES).optional().catch(undefined),
  person: SearchText.optional().catch(undefined),
});

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ org: string; kind: string; id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { org, kind, id } = await params;
  const viewer = await requirePortalViewer(org, `/${encodeURIComponent(org)}/portal/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/activity`);
  const ref = containerFromPath(kind, id);
  if (!ref || !viewer.actor) notFound();
  const query = Query.parse(await searchParams);
  // Both reads start now; the events may stream in behind a placeholder, but whose
  // container this is must be settled first: another customer's is a real 404 status,
  // which a page can only give before anything streams.
  const events = listSeatEvents(viewer.actor, ref, { page: query.page, limit: 50, type: query.type, email: query.person || undefined });
  // Its failure (the same not-found) is the view's to report; this only stops it going unhandled.
  events.catch(() => {});
  let view;
  try {
    view = await getSeatsPage(viewer.actor, ref, { page: 1 });
  } catch (error) {
    if (error instanceof ResourceNotFound) notFound();
    throw error;
  }
  const path = containerPath(org, ref);
  const filter = new URLSearchParams(Object.entries({ type: query.type, person: query.person }).filter((entry): entry is [string, string] => Boolean(entry[1])));
  // The filter's names for the events are the seats list's words ("Invited", not "assigned").
  const t = await getTranslations("Activity");

  return (
    <div className="space-y-6">
      <ContainerHeader
        overviewHref={`/${encodeURIComponent(org)}/portal`}
        basePath={path}
        productName={view.container.productName}
        current="activity"
        subtitle={t("subtitle")}
      />
      <section className={cardStyles} aria-labelledby="activity-title">
        <h2 id="activity-title" className="sr-only">
          {t("heading")}
        </h2>
        <form action={`${path}/activity`} method="get" role="search" aria-label={t("filterLabel")} className="flex flex-wrap items-end gap-3 p-4">
          <div>
            <label htmlFor="activity-type" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
              {t("what")}
            </label>
            <select id="activity-type" name="type" defaultValue={query.type ?? ""} className={inputStyles}>
              <option value="">{t("everything")}</option>
              {SEAT_EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-48 flex-1">
            <label htmlFor="activity-person" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
              {t("person")}
            </label>
            <input id="activity-person" name="person" type="search" defaultValue={query.person ?? ""} className={inputStyles} />
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            {t("apply")}
          </button>
          <a href={`${path}/activity.csv${filter.size ? `?${filter}` : ""}`} className={`${linkStyles} ml-auto py-2 text-sm`} download>
            {t("export")}
          </a>
        </form>
        <Streamed key={`${filter}&${query.page}`} fallback={<ListSkeleton label={t("loading")} />}>
          <ActivityEvents events={events} path={path} filter={filter} page={query.page} />
        </Streamed>
      </section>
      <p className="text-sm">
        <Link href={path} className={linkStyles}>
          {t("back")}
        </Link>
      </p>
    </div>
  );
}

async function ActivityEvents({ events: pending, path, filter, page }: { events: ReturnType<typeof listSeatEvents>; path: string; filter: URLSearchParams; page: number }) {
  const [reader, events, t] = await Promise.all([readerClock(), pending, getTranslations("Activity")]);
  const who = (chunks: React.ReactNode) => <span className="font-medium">{chunks}</span>;
  const pageCount = Math.max(1, Math.ceil(events.totalCount / events.limit));
  return (
    <>
      {events.items.length === 0 ? (
        <div className="p-4 pt-0">
          <EmptyState title={t("emptyTitle")}>{filter.size ? t("noMatch") : t("empty")}</EmptyState>
        </div>
      ) : (
        <ol className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800" aria-label={t("listLabel")}>
          {events.items.map((event) => (
            <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm" data-event-type={event.type}>
              {/* A claim is the person's own doing: it names them once ("dana claimed their seat"). */}
              <span>
                {isEventType(event.type)
                  ? t.rich(`event.${event.type}`, {
                      actor: event.actor === "system" ? t("portal") : event.actor === "organization" ? t("vendor") : event.actor,
                      email: event.email ?? (event.type === "claimed" ? event.actor : t("someone")),
                      who,
                    })
                  : event.type}
              </span>
              <LocalTime value={dateView(event.createdAt, reader, true)} className="text-xs text-zinc-500 dark:text-zinc-400" />
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} href={(n) => `${path}/activity?${new URLSearchParams({ ...Object.fromEntries(filter), page: String(n) })}`} />
    </>
  );
}

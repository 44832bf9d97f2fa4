import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
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
import { SEAT_EVENT_TYPES } from "@/lib/seats/schemas";
import { containerFromPath, containerPath } from "../../../container-path";

export const metadata = { title: "Seat activity" };

const EVENT_WORDS: Record<(typeof SEAT_EVENT_TYPES)[number], string> = {
  assigned: "invited",
  resent: "sent a new link to",
  reminded: "reminded",
  link_shared: "made a link to share for",
  claimed: "claimed their seat",
  revoked: "revoked the seat of",
  expired: "saw the link lapse for",
};

// The filter's names for the events, in the words the seats list uses ("Invited", not "assigned").
const EVENT_FILTER_LABELS: Record<(typeof SEAT_EVENT_TYPES)[number], string> = {
  assigned: "Invited",
  resent: "New link sent",
  reminded: "Reminded",
  link_shared: "Link shared",
  claimed: "Claimed",
  revoked: "Revoked",
  expired: "Link lapsed",
};

const Query = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  type: z.enum(SEAT_EVENT_TYPES).optional().catch(undefined),
  person: z.string().trim().max(254).optional().catch(undefined),
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

  return (
    <div className="space-y-6">
      <ContainerHeader
        overviewHref={`/${encodeURIComponent(org)}/portal`}
        basePath={path}
        productName={view.container.productName}
        current="activity"
        subtitle="Who invited, reminded, claimed and revoked whom, and when."
      />
      <section className={cardStyles} aria-labelledby="activity-title">
        <h2 id="activity-title" className="sr-only">
          Activity
        </h2>
        <form action={`${path}/activity`} method="get" role="search" aria-label="Filter the activity" className="flex flex-wrap items-end gap-3 p-4">
          <div>
            <label htmlFor="activity-type" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
              What
            </label>
            <select id="activity-type" name="type" defaultValue={query.type ?? ""} className={inputStyles}>
              <option value="">Everything</option>
              {SEAT_EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {EVENT_FILTER_LABELS[type]}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-48 flex-1">
            <label htmlFor="activity-person" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
              Person (email contains)
            </label>
            <input id="activity-person" name="person" type="search" defaultValue={query.person ?? ""} className={inputStyles} />
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            Apply
          </button>
          <a href={`${path}/activity.csv${filter.size ? `?${filter}` : ""}`} className={`${linkStyles} ml-auto py-2 text-sm`} download>
            Export CSV
          </a>
        </form>
        <Suspense key={`${filter}&${query.page}`} fallback={<ListSkeleton label="Loading the activity…" />}>
          <ActivityEvents events={events} path={path} filter={filter} page={query.page} />
        </Suspense>
      </section>
      <p className="text-sm">
        <Link href={path} className={linkStyles}>
          Back to the seats
        </Link>
      </p>
    </div>
  );
}

async function ActivityEvents({ events: pending, path, filter, page }: { events: ReturnType<typeof listSeatEvents>; path: string; filter: URLSearchParams; page: number }) {
  const reader = await readerClock();
  const events = await pending;
  const pageCount = Math.max(1, Math.ceil(events.totalCount / events.limit));
  return (
    <>
      {events.items.length === 0 ? (
        <div className="p-4 pt-0">
          <EmptyState title="Nothing yet">{filter.size ? "No event matches this filter." : "Invitations, claims and revocations will show up here."}</EmptyState>
        </div>
      ) : (
        <ol className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Events, newest first">
          {events.items.map((event) => (
            <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm" data-event-type={event.type}>
              {event.type === "claimed" ? (
                // The person claimed for themselves: named once ("dana claimed their seat").
                <span>
                  <span className="font-medium">{event.email ?? event.actor}</span> {EVENT_WORDS.claimed}
                </span>
              ) : (
                <span>
                  <span className="font-medium">{event.actor === "system" ? "The portal" : event.actor === "organization" ? "The vendor" : event.actor}</span>{" "}
                  {EVENT_WORDS[event.type as keyof typeof EVENT_WORDS] ?? event.type}{" "}
                  <span className="font-medium">{event.email ?? "someone"}</span>
                </span>
              )}
              <LocalTime value={dateView(event.createdAt, reader, true)} className="text-xs text-zinc-500 dark:text-zinc-400" />
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} href={(n) => `${path}/activity?${new URLSearchParams({ ...Object.fromEntries(filter), page: String(n) })}`} />
    </>
  );
}

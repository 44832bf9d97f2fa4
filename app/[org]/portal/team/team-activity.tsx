import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/portal/empty-state";
import { Pagination } from "@/components/seats/pagination";
import { dateView } from "@/components/seats/format";
import { LocalTime } from "@/components/ui/local-time";
import type { listTeamActivity } from "@/lib/members";
import { readerClock } from "../reader-clock";

type Events = Awaited<ReturnType<typeof listTeamActivity>>;
type Event = Events["items"][number];

const text = (value: unknown) => (typeof value === "string" ? value : "");
const count = (value: unknown) => (typeof value === "number" ? value : 0);

/** The team's activity, newest first: who added, changed, removed whom, and seat counts. */
export async function TeamActivity({ events: pending, href }: { events: Promise<Events>; href: (page: number) => string }) {
  const [reader, events, t, roles] = await Promise.all([readerClock(), pending, getTranslations("TeamPage"), getTranslations("Roles")]);
  const who = (chunks: React.ReactNode) => <span className="font-medium">{chunks}</span>;
  const role = (value: unknown) => (roles.has(text(value) as "owner") ? roles(text(value) as "owner") : text(value));
  const pageCount = Math.max(1, Math.ceil(events.totalCount / events.limit));
  const sentence = (event: Event) => {
    const actor = event.actor === "organization" ? t("vendor") : event.actor === "system" ? t("portal") : event.actor;
    const email = event.email ?? t("someone");
    switch (event.type) {
      case "member_added":
        return t.rich("event.member_added", { actor, email, role: role(event.detail.role), who });
      case "member_role_changed":
        return t.rich("event.member_role_changed", { actor, email, from: role(event.detail.from), to: role(event.detail.to), who });
      case "member_removed":
        return t.rich("event.member_removed", { actor, email, who });
      case "seats_changed":
        return t.rich("event.seats_changed", { actor, product: text(event.detail.product), from: count(event.detail.from), to: count(event.detail.to), who });
      default:
        return event.type;
    }
  };
  if (events.totalCount === 0) {
    return (
      <div className="p-4 pt-0">
        <EmptyState title={t("activityEmptyTitle")}>{t("activityEmpty")}</EmptyState>
      </div>
    );
  }
  return (
    <>
      <ol className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800" aria-label={t("activityLabel")}>
        {events.items.map((event) => (
          <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm" data-event-type={event.type}>
            <span className="min-w-0 break-words">{sentence(event)}</span>
            <LocalTime value={dateView(event.createdAt, reader, true)} className="text-xs text-zinc-500 dark:text-zinc-400" />
          </li>
        ))}
      </ol>
      <Pagination page={events.page} pageCount={pageCount} href={href} />
    </>
  );
}

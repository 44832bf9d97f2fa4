import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ClientMessages } from "@/components/portal/client-messages";
import { ListSkeleton } from "@/components/portal/skeletons";
import { Pagination } from "@/components/seats/pagination";
import { AddMemberForm } from "@/components/team/add-member-form";
import { MemberList } from "@/components/team/member-list";
import { MemberSearch } from "@/components/team/member-search";
import { cardStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { DomainError } from "@/lib/errors";
import { getTeamPage, listTeamActivity } from "@/lib/members";
import { PageNumber } from "@/lib/paging";
import { SearchText } from "@/lib/seats/schemas";
import { addTeamMemberAction, changeMemberRoleAction, handOverOwnershipAction, removeMemberAction } from "./actions";
import { TeamActivity } from "./team-activity";
import { Streamed } from "../streamed";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("team") };
}

const MEMBERS_PAGE_SIZE = 50;
const ACTIVITY_PAGE_SIZE = 20;

const TeamQuery = z.object({
  page: PageNumber.catch(1),
  q: SearchText.optional().catch(undefined),
  activity: PageNumber.catch(1),
  // The member whose removal, or whose taking over of the ownership, is being confirmed, as a step of the page (no JavaScript).
  remove: z.uuid().optional().catch(undefined),
  owner: z.uuid().optional().catch(undefined),
});

/**
 * The team of the customer the person acts for, for its owner and billing managers. To
 * anyone else (a plain member, a claim's session, a customer who is no team) the page does
 * not exist, as another customer's seats page: a 404, settled before anything streams.
 */
export default async function TeamPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const base = `/${encodeURIComponent(org)}/portal`;
  const viewer = await requirePortalViewer(org, `${base}/team`);
  if (!viewer.actor || !viewer.team?.admin) notFound();
  const query = TeamQuery.parse(await searchParams);
  const activity = listTeamActivity(viewer.actor, { page: query.activity, limit: ACTIVITY_PAGE_SIZE });
  // Its failure is the list's to report; this only keeps it from going unhandled meanwhile.
  activity.catch(() => {});
  let view;
  try {
    view = await getTeamPage(viewer.actor, { page: query.page, limit: MEMBERS_PAGE_SIZE, search: query.q || undefined });
  } catch (error) {
    // The team is gone, or the member signed in left it since the header was read.
    if (error instanceof DomainError) notFound();
    throw error;
  }
  const t = await getTranslations("TeamPage");
  const path = `${base}/team`;
  const membersPage = view.members.page;
  // The address of this page with its search and page numbers (a first page is no number).
  const keep = (extra: Record<string, number>) => {
    const entries = Object.entries({ page: membersPage, activity: query.activity, ...extra }).filter(([, value]) => value > 1);
    return Object.fromEntries([...(query.q ? [["q", query.q]] : []), ...entries.map(([name, value]) => [name, String(value)])]);
  };
  const hrefOf = (values: Record<string, string>, fragment: string) => `${path}${Object.keys(values).length ? `?${new URLSearchParams(values)}` : ""}#${fragment}`;

  return (
    <ClientMessages namespaces={["TeamPage", "Roles"]}>
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro", { team: viewer.team.name, organization: viewer.organization.name })}</p>
        </div>

        <section id="add-member" className={`${cardStyles} p-5`} aria-labelledby="add-member-title">
          <h2 id="add-member-title" className="mb-3 text-sm font-semibold">
            {t("addTitle")}
          </h2>
          <AddMemberForm action={addTeamMemberAction.bind(null, org)} />
        </section>

        <section id="members" className={cardStyles} aria-labelledby="members-title">
          <h2 id="members-title" className="px-4 pb-3 pt-4 text-sm font-semibold">
            {query.q ? t("membersMatching", { count: view.members.totalCount }) : t("membersTitle", { count: view.members.totalCount })}
          </h2>
          <MemberSearch action={`${path}#members`} value={query.q} keepActivity={query.activity} />
          <MemberList
            members={view.members.items.map((member) => ({ id: member.id, email: member.email, name: member.name, role: member.role, you: member.you, offers: member.offers }))}
            actions={{ changeRole: changeMemberRoleAction.bind(null, org), remove: removeMemberAction.bind(null, org), handOver: handOverOwnershipAction.bind(null, org) }}
            path={path}
            query={keep({})}
            confirm={{ remove: query.remove, owner: query.owner }}
          />
          {query.q && view.members.totalCount === 0 ? <p className="px-4 pb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("noMatch")}</p> : null}
          <Pagination page={membersPage} pageCount={view.pageCount} href={(page) => hrefOf(keep({ page }), "members")} />
        </section>

        <section id="activity" className={cardStyles} aria-labelledby="team-activity-title">
          <div className="px-4 pb-3 pt-4">
            <h2 id="team-activity-title" className="text-sm font-semibold">
              {t("activityTitle")}
            </h2>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{t("activityIntro")}</p>
          </div>
          {/* Keyed by the page, so that paging shows the placeholder rather than the old page. */}
          <Streamed key={query.activity} fallback={<ListSkeleton label={t("activityLoading")} rows={4} />}>
            <TeamActivity events={activity} href={(page) => hrefOf(keep({ activity: page }), "activity")} />
          </Streamed>
        </section>
      </div>
    </ClientMessages>
  );
}

import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/portal/client-messages";
import { LanguageMenu } from "@/components/portal/language-menu";
import { PortalHeader } from "@/components/portal/portal-header";
import { TeamContext } from "@/components/portal/team-context";
import { buttonStyles } from "@/components/ui/styles";
import { TimeZoneSync } from "@/components/ui/time-zone-sync";
import { getPortalViewer } from "@/lib/auth/portal";
import { signOutAction } from "./actions";
import { chooseLanguageAction } from "./language-actions";
import { chooseTeamAction } from "./team-choice-action";
import { readerClock } from "./reader-clock";

// The chrome only: who may see what is checked by each page and action, not here.
export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const viewer = await getPortalViewer(org);
  if (!viewer) notFound();
  const email = viewer.signedIn ? viewer.email : null;
  const team = viewer.signedIn ? viewer.team : null;
  const teams = viewer.signedIn ? viewer.teams : [];
  const [t, reader] = await Promise.all([getTranslations("Portal"), readerClock()]);
  return (
    // The error boundary (a client component) speaks Errors; each page hands its own client
    // components their messages.
    <ClientMessages namespaces={["Errors"]}>
      <div className="flex min-h-dvh flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
          {t("skipToContent")}
        </a>
        <PortalHeader
          organization={viewer.organization}
          email={email}
          labels={{ nav: t("navLabel"), subscriptions: t("yourSubscriptions"), held: t("seatsYouHold"), team: t("team") }}
          team={Boolean(team?.admin)}
          context={
            team ? (
              <TeamContext
                team={{ id: team.customerId, name: team.name, role: team.role }}
                teams={teams.map((option) => ({ id: option.customerId, name: option.name, role: option.role }))}
                choose={chooseTeamAction.bind(null, org)}
              />
            ) : null
          }
          signOut={
            <form action={signOutAction.bind(null, org)}>
              <button type="submit" className={`${buttonStyles.ghost} px-2.5 py-1.5`}>
                {t("signOut")}
              </button>
            </form>
          }
        />
        <TimeZoneSync known={reader.timeZone} />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <footer className="mx-auto flex w-full max-w-5xl justify-end px-4 pb-8 sm:px-6">
          <LanguageMenu action={chooseLanguageAction.bind(null, org)} />
        </footer>
      </div>
    </ClientMessages>
  );
}

import { notFound } from "next/navigation";
import { PortalHeader } from "@/components/portal/portal-header";
import { buttonStyles } from "@/components/ui/styles";
import { getPortalViewer } from "@/lib/auth/portal";
import { TimeZoneSync } from "@/components/ui/time-zone-sync";
import { signOutAction } from "./actions";
import { readerClock } from "./reader-clock";

// The chrome only: who may see what is checked by each page and action, not here.
export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const viewer = await getPortalViewer(org);
  if (!viewer) notFound();
  const email = viewer.signedIn ? viewer.email : null;
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <PortalHeader
        organization={viewer.organization}
        email={email}
        signOut={
          <form action={signOutAction.bind(null, org)}>
            <button type="submit" className={`${buttonStyles.ghost} px-2.5 py-1.5`}>
              Sign out
            </button>
          </form>
        }
      />
      <TimeZoneSync known={(await readerClock()).timeZone} />
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getPortalViewer, TEAM_COOKIE } from "@/lib/auth/portal";
import { env } from "@/lib/env";

const TeamChoiceForm = z.object({ team: z.uuid() });

/**
 * The team a person acts for, when they administer several: kept in a cookie of this
 * organization's portal. Only a team the session may act for is kept (the viewer checks it
 * again on every request); then to the overview, since the page the form was on may be the
 * other team's.
 */
export async function chooseTeamAction(orgSlug: string, formData: FormData) {
  const portal = `/${encodeURIComponent(orgSlug)}/portal`;
  const parsed = TeamChoiceForm.safeParse({ team: formData.get("team") });
  const viewer = await getPortalViewer(orgSlug);
  if (parsed.success && viewer?.signedIn && viewer.teams.some((team) => team.customerId === parsed.data.team)) {
    (await cookies()).set(TEAM_COOKIE, parsed.data.team, {
      path: portal,
      httpOnly: true,
      sameSite: "lax",
      secure: env().PUBLIC_URL.startsWith("https:"),
      maxAge: 365 * 24 * 3600,
    });
  }
  redirect(portal);
}

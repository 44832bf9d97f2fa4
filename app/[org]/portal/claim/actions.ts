"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { headers } from "next/headers";
import type { ActionState } from "@/components/ui/action-state";
import { auth, signIn } from "@/lib/auth/next-auth";
import { openPortalSession } from "@/lib/auth/portal-session";
import { pendingBackgroundWork } from "@/lib/background";
import { clientAddress } from "@/lib/client-address";
import { DomainError } from "@/lib/errors";
import { getTranslations } from "next-intl/server";
import { refusalMessage } from "../refusals";
import { admitSignIn } from "@/lib/rate-limit";
import { claimSeat, describeInvitation } from "@/lib/seats";
import { ClaimForm } from "@/lib/seats/schemas";

const claimPath = (orgSlug: string, token: string) => `/${encodeURIComponent(orgSlug)}/portal/claim?token=${encodeURIComponent(token)}`;

/**
 * The address the browser's session proved and where: an email sign-in proves it everywhere
 * (organizationId null), a vendor's link in its organization; a claim's session proves none.
 */
async function signedInPerson(): Promise<{ email: string; organizationId: string | null } | null> {
  const session = await auth();
  if (!session?.user?.email || session.memberId) return null;
  return { email: session.user.email, organizationId: session.organizationId ?? null };
}

export async function claimSeatAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ClaimForm.safeParse({ token: formData.get("token") });
  if (!parsed.success) return { status: "error", message: (await getTranslations("Forms"))("invalidInvitation") };
  after(pendingBackgroundWork);
  const signedIn = await signedInPerson();
  let claimed: Awaited<ReturnType<typeof claimSeat>>;
  try {
    claimed = await claimSeat(parsed.data.token, { via: "portal", signedIn });
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await refusalMessage(error) };
    throw error;
  }
  // Someone already signed in as the invited address keeps their session, which sees the seat.
  // Anyone else gets the member's session the claim opened: it shows the seats this person
  // holds on the team and nothing of any billing account, and it ends with the seat.
  const keepsSession =
    signedIn !== null &&
    signedIn.email.toLowerCase() === claimed.holderEmail.toLowerCase() &&
    (signedIn.organizationId === null || signedIn.organizationId === claimed.organizationId);
  if (!keepsSession) {
    const secure = (await headers()).get("x-forwarded-proto") === "https";
    await openPortalSession({
      email: claimed.holderEmail,
      organizationId: claimed.organizationId,
      member: { memberId: claimed.memberId, seatId: claimed.seat.id },
      secure,
    });
  }
  redirect(`/${encodeURIComponent(claimed.organizationSlug)}/portal/claimed?claimed=1`);
}

/**
 * A shared link opened by someone not signed in as the invited address: the address proves
 * itself the usual way, by an email sign-in link sent to it (never to an address the form
 * names), which brings its owner back to this claim page signed in.
 */
export async function proveAddressAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ClaimForm.safeParse({ token: formData.get("token") });
  const t = await getTranslations("Forms");
  if (!parsed.success) return { status: "error", message: t("invalidInvitation") };
  const invitation = await describeInvitation(parsed.data.token);
  if (invitation.state !== "valid") return { status: "error", message: t("invitationGone") };
  const { customerEmail: email, organizationSlug: org } = invitation.info;
  // The same limits as the sign-in form: per client address and per email address.
  const admitted = await admitSignIn(clientAddress(await headers()), email);
  if (!admitted.ok) {
    const minutes = Math.ceil(admitted.retryAfterSeconds / 60);
    return { status: "error", message: t("tooManyLinks", { minutes }) };
  }
  after(pendingBackgroundWork);
  const next = await signIn("nodemailer", { email, redirectTo: claimPath(org, parsed.data.token), redirect: false });
  if (typeof next === "string" && next.includes("error=")) return { status: "error", message: t("notSent") };
  return { status: "success", message: t("proofSent", { email }) };
}

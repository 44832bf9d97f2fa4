"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import type { ActionState } from "@/components/ui/action-state";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { openPortalSession } from "@/lib/auth/portal-session";
import { findPortalOrganization, requirePortalCustomer } from "@/lib/auth/portal";
import { DomainError, TooManyRequests } from "@/lib/errors";
import { assertUnderRateLimit } from "@/lib/rate-limit";
import { assignSeat, claimSeat, resendInvitation, revokeSeat } from "@/lib/seats";
import { AssignSeatForm, ClaimForm, ContainerForm, SeatIdForm, SignInForm } from "@/lib/seats/schemas";

// Every action checks the session itself: actions are reachable by a direct POST, whatever
// the page showed. Expected refusals come back as messages written for people; anything
// else goes to the error boundary.

function fieldErrorsOf(error: z.ZodError) {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}

async function run(work: () => Promise<string>): Promise<ActionState> {
  try {
    return { status: "success", message: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: error.message };
    throw error;
  }
}

const portalPath = (orgSlug: string) => `/${encodeURIComponent(orgSlug)}/portal`;

export async function assignSeatAction(orgSlug: string, container: unknown, _state: ActionState, formData: FormData): Promise<ActionState> {
  const values = { email: String(formData.get("email") ?? ""), metadata: String(formData.get("metadata") ?? "") };
  const ref = ContainerForm.safeParse(container);
  if (!ref.success) return { status: "error", message: "This subscription or order could not be found.", values };
  const parsed = AssignSeatForm.safeParse(values);
  if (!parsed.success) return { status: "error", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), values };
  const result = await run(async () => {
    const actor = await requirePortalCustomer(orgSlug);
    const key = ref.data.kind === "subscription" ? "subscription_id" : "order_id";
    const seat = await assignSeat(actor, { [key]: ref.data.id, email: parsed.data.email, metadata: parsed.data.metadata });
    return `Invitation sent to ${seat.email}.`;
  });
  revalidatePath(portalPath(orgSlug), "layout");
  return result.status === "error" ? { ...result, values } : result;
}

export async function resendInvitationAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SeatIdForm.safeParse({ seat_id: formData.get("seat_id") });
  if (!parsed.success) return { status: "error", message: "This seat could not be found." };
  const result = await run(async () => {
    const seat = await resendInvitation(await requirePortalCustomer(orgSlug), parsed.data.seat_id);
    return `A new link was sent to ${seat.email}.`;
  });
  revalidatePath(portalPath(orgSlug), "layout");
  return result;
}

export async function revokeSeatAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SeatIdForm.safeParse({ seat_id: formData.get("seat_id") });
  if (!parsed.success) return { status: "error", message: "This seat could not be found." };
  const result = await run(async () => {
    await revokeSeat(await requirePortalCustomer(orgSlug), parsed.data.seat_id);
    return "Seat revoked.";
  });
  revalidatePath(portalPath(orgSlug), "layout");
  return result;
}

export async function signInAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = SignInForm.safeParse(values);
  if (!parsed.success) return { status: "error", message: "Check the highlighted field.", fieldErrors: fieldErrorsOf(parsed.error), values };
  if (!(await findPortalOrganization(orgSlug))) return { status: "error", message: "This portal does not exist.", values };
  try {
    await assertUnderRateLimit("signInPerEmail", parsed.data.email.toLowerCase());
  } catch (error) {
    if (error instanceof TooManyRequests) {
      const minutes = Math.ceil(error.retryAfterSeconds / 60);
      return { status: "error", message: `Too many sign-in links were sent to this address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, values };
    }
    throw error;
  }
  const next = await signIn("nodemailer", { email: parsed.data.email, redirectTo: portalPath(orgSlug), redirect: false });
  if (typeof next === "string" && next.includes("error=")) {
    return { status: "error", message: "We could not send the sign-in link. Try again in a moment.", values };
  }
  redirect(`${portalPath(orgSlug)}/sign-in?sent=${encodeURIComponent(parsed.data.email)}`);
}

export async function signOutAction(orgSlug: string) {
  await signOut({ redirectTo: `${portalPath(orgSlug)}/sign-in` });
}

export async function claimSeatAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ClaimForm.safeParse({ token: formData.get("token") });
  if (!parsed.success) return { status: "error", message: "This invitation link is not valid." };
  let claimed: Awaited<ReturnType<typeof claimSeat>>;
  try {
    claimed = await claimSeat(parsed.data.token);
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: error.message };
    throw error;
  }
  // The link reached this inbox: sign its owner in to the seat's organization's portal
  // (the token names the organization, whatever the address said).
  const secure = (await headers()).get("x-forwarded-proto") === "https";
  await openPortalSession({ email: claimed.seat.email!, organizationId: claimed.organizationId, secure });
  redirect(`${portalPath(claimed.organizationSlug)}/claimed?claimed=1`);
}

"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/ui/action-state";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { findPortalOrganization, requirePortalCustomer } from "@/lib/auth/portal";
import { DomainError, TooManyRequests } from "@/lib/errors";
import { assertUnderRateLimit } from "@/lib/rate-limit";
import { parseInviteList, type InviteRow } from "@/lib/csv";
import { hasUnsafeText } from "@/lib/unsafe-text";
import { pendingBackgroundWork } from "@/lib/background";
import { assignSeat, bulkAssignSeats, resendInvitation, revokeSeat, shareInvitationLink, type BulkOutcome } from "@/lib/seats";
import { AssignSeatForm, BulkRowsField, ContainerForm, SeatIdForm, SignInForm } from "@/lib/seats/schemas";

// Every action checks the session itself: actions are reachable by a direct POST, whatever
// the page showed. Expected refusals come back as messages written for people; anything
// else goes to the error boundary.

function fieldErrorsOf(error: z.ZodError) {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}

// The emails and webhooks a change queued are sent right after the answer; on a serverless
// host after() keeps the function alive until they are.
const sendAfterAnswering = () => after(pendingBackgroundWork);

async function run(work: () => Promise<string>): Promise<ActionState> {
  sendAfterAnswering();
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

// The three actions of every seat row take the organization from the form, not bound to
// the function: a bound action repeats its arguments in each of the page's forms (and in
// the page's RSC payload), which at 100 rows was a sixth of the page. The session decides
// what the person may do either way. Their result names the seat it is about: the page has
// one form per action for all its rows, so the answer says which row it belongs to.
export async function resendInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SeatIdForm.safeParse({ org: formData.get("org"), seat_id: formData.get("seat_id") });
  if (!parsed.success) return { status: "error", message: "This seat could not be found." };
  const orgSlug = parsed.data.org;
  const result = await run(async () => {
    const seat = await resendInvitation(await requirePortalCustomer(orgSlug), parsed.data.seat_id);
    return `A new link was sent to ${seat.email}.`;
  });
  revalidatePath(portalPath(orgSlug), "layout");
  return { ...result, values: { seat_id: parsed.data.seat_id } };
}

export async function revokeSeatAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SeatIdForm.safeParse({ org: formData.get("org"), seat_id: formData.get("seat_id") });
  if (!parsed.success) return { status: "error", message: "This seat could not be found." };
  const orgSlug = parsed.data.org;
  const result = await run(async () => {
    await revokeSeat(await requirePortalCustomer(orgSlug), parsed.data.seat_id);
    return "Seat revoked.";
  });
  revalidatePath(portalPath(orgSlug), "layout");
  return { ...result, values: { seat_id: parsed.data.seat_id } };
}

export async function shareLinkAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = SeatIdForm.safeParse({ org: formData.get("org"), seat_id: formData.get("seat_id") });
  if (!parsed.success) return { status: "error", message: "This seat could not be found." };
  const orgSlug = parsed.data.org;
  const values = { seat_id: parsed.data.seat_id };
  try {
    const { seat, claimUrl } = await shareInvitationLink(await requirePortalCustomer(orgSlug), parsed.data.seat_id);
    revalidatePath(portalPath(orgSlug), "layout");
    // The link travels back to this form only (in the answer's body, never in a URL); it is
    // stored nowhere.
    return { status: "success", message: `A new link for ${seat.email} is ready.`, values: { ...values, email: seat.email ?? "", link: claimUrl } };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: error.message, values };
    throw error;
  }
}

export type BulkInviteState = ActionState & {
  preview?: { email: string; outcome: BulkOutcome; detail: string | null }[];
  assigned?: number;
  rows?: string;
  confirmed?: boolean;
};

const OUTCOME_WORDS: Record<BulkOutcome, string> = {
  assigned: "will invite",
  already_assigned: "already has a seat",
  invalid: "invalid email",
  duplicate: "duplicate in the list",
  no_capacity: "over capacity",
};

/**
 * Bulk invitation in two steps: "check" runs it as a dry run and shows what each row would
 * do; "confirm" sends the same rows for real (capacity is counted again under the lock).
 */
export async function bulkInviteAction(orgSlug: string, container: unknown, _state: BulkInviteState, formData: FormData): Promise<BulkInviteState> {
  const ref = ContainerForm.safeParse(container);
  if (!ref.success) return { status: "error", message: "This subscription or order could not be found." };
  const confirm = formData.get("intent") === "confirm";
  let rows: InviteRow[];
  if (confirm) {
    const stored = BulkRowsField.safeParse(formData.get("rows"));
    if (!stored.success) return { status: "error", message: "Check the list again before confirming." };
    rows = stored.data;
  } else {
    const file = formData.get("file");
    const text = file instanceof File && file.size > 0 ? await file.text() : String(formData.get("list") ?? "");
    if (text.length > 2_000_000) return { status: "error", message: "The list is too long: at most 1,000 rows." };
    try {
      rows = parseInviteList(text);
    } catch {
      return { status: "error", message: "This CSV could not be read. Check its quotes and columns." };
    }
  }
  if (rows.length === 0) return { status: "error", message: "Paste addresses or choose a CSV file with an email column." };
  if (rows.some((row) => hasUnsafeText(JSON.stringify(row)))) return { status: "error", message: "The list holds characters that cannot be stored (NUL or broken Unicode)." };
  if (rows.length > 1000) return { status: "error", message: `The list has ${rows.length} rows; at most 1,000 at once.` };
  if (confirm) sendAfterAnswering();
  try {
    const actor = await requirePortalCustomer(orgSlug);
    const key = ref.data.kind === "subscription" ? "subscription_id" : "order_id";
    const result = await bulkAssignSeats(actor, { [key]: ref.data.id, seats: rows, dry_run: !confirm });
    if (confirm) revalidatePath(portalPath(orgSlug), "layout");
    const counts = new Map<BulkOutcome, number>();
    for (const row of result.results) counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + 1);
    const summary = [...counts].map(([outcome, n]) => `${n} ${confirm && outcome === "assigned" ? "invited" : OUTCOME_WORDS[outcome]}`).join(", ");
    return {
      status: "success",
      message: confirm ? `Done: ${summary}.` : `Checked ${rows.length} rows: ${summary}.`,
      preview: result.results.map((row) => ({ email: row.email, outcome: row.outcome, detail: row.detail })),
      assigned: result.assigned,
      rows: JSON.stringify(rows),
      confirmed: confirm,
    };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: error.message };
    throw error;
  }
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
  sendAfterAnswering();
  const next = await signIn("nodemailer", { email: parsed.data.email, redirectTo: portalPath(orgSlug), redirect: false });
  if (typeof next === "string" && next.includes("error=")) {
    return { status: "error", message: "We could not send the sign-in link. Try again in a moment.", values };
  }
  redirect(`${portalPath(orgSlug)}/sign-in?sent=${encodeURIComponent(parsed.data.email)}`);
}

export async function signOutAction(orgSlug: string) {
  await signOut({ redirectTo: `${portalPath(orgSlug)}/sign-in` });
}

"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import type { ActionState } from "@/components/ui/action-state";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { findPortalOrganization, requirePortalCustomer } from "@/lib/auth/portal";
import { portalReturnPath } from "@/lib/auth/return-path";
import type { CustomerActor } from "@/lib/auth/actor";
import { clientAddress } from "@/lib/client-address";
import { DomainError } from "@/lib/errors";
import { refusalMessage } from "./refusals";
import { admitSignIn } from "@/lib/rate-limit";
import { parseInviteList, type InviteRow } from "@/lib/csv";
import { BULK_ROWS_MAX_BYTES } from "@/lib/form-limits.mjs";
import { hasUnsafeText } from "@/lib/unsafe-text";
import { env } from "@/lib/env";
import { hasValidSignature, signValue } from "@/lib/seal";
import { pendingBackgroundWork } from "@/lib/background";
import { assignSeat, bulkAssignSeats, resendInvitation, revokeSeat, shareInvitationLink, type BulkOutcome } from "@/lib/seats";
import { AssignSeatForm, BulkListForm, BulkRowsField, ContainerForm, CustomerSubscriptionUpdateSeatsBody, SeatIdForm, SignInForm, SubscriptionIdParams } from "@/lib/seats/schemas";
import { previewSeatCount } from "@/lib/seats/change-seat-count";
import { changeOwnedSubscriptionSeats } from "@/lib/seats/owned-subscription";
import { formatMoney } from "./money";
import { teamRefusalMessage } from "./team-refusals";

// Every action checks the session itself: actions are reachable by a direct POST, whatever
// the page showed. It does so first, before it parses any of its input: an action's id and
// bound arguments are in every page that shows its form, so anyone can post to it, and what
// it reads for a stranger is work done for nobody (a hostile bulk list once stalled the
// server before the session was checked). Expected refusals come back as messages written
// for people; anything else goes to the error boundary.

function fieldErrorsOf(error: z.ZodError) {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}

/**
 * The assign form's field errors for the reader. The schemas speak English (the API's 422s
 * too), each message particular; other readers get their language's message for the field.
 */
async function inReadersWords(errors: Record<string, string[] | undefined>): Promise<Record<string, string[] | undefined>> {
  if ((await getLocale()) === "en") return errors;
  const t = await getTranslations("Forms");
  return {
    ...(errors.email ? { email: [t("invalidEmail")] } : {}),
    ...(errors.metadata ? { metadata: [t("invalidMetadata")] } : {}),
  };
}

// The emails and webhooks a change queued are sent right after the answer; on a serverless
// host after() keeps the function alive until they are.
const sendAfterAnswering = () => after(pendingBackgroundWork);

async function run(work: () => Promise<string>): Promise<ActionState> {
  sendAfterAnswering();
  try {
    return { status: "success", message: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await refusalMessage(error), code: error.code };
    throw error;
  }
}

const portalPath = (orgSlug: string) => `/${encodeURIComponent(orgSlug)}/portal`;

type Caller = { actor: CustomerActor; refusal?: never } | { actor?: never; refusal: ActionState };

/** The signed-in customer of the organization, or the refusal to show when there is none. */
async function callerOf(orgSlug: string): Promise<Caller> {
  try {
    return { actor: await requirePortalCustomer(orgSlug) };
  } catch (error) {
    if (error instanceof DomainError) return { refusal: { status: "error", message: await refusalMessage(error) } };
    throw error;
  }
}

export async function assignSeatAction(orgSlug: string, container: unknown, _state: ActionState, formData: FormData): Promise<ActionState> {
  const caller = await callerOf(orgSlug);
  if (caller.refusal) return caller.refusal;
  const values = { email: String(formData.get("email") ?? ""), metadata: String(formData.get("metadata") ?? "") };
  const t = await getTranslations("Results");
  const ref = ContainerForm.safeParse(container);
  if (!ref.success) return { status: "error", message: t("containerNotFound"), values };
  const parsed = AssignSeatForm.safeParse(values);
  // A field's own message says what is wrong, once, beside the field (the form moves focus there).
  if (!parsed.success) return { status: "error", fieldErrors: await inReadersWords(fieldErrorsOf(parsed.error)), values };
  const result = await run(async () => {
    const key = ref.data.kind === "subscription" ? "subscription_id" : "order_id";
    const seat = await assignSeat(caller.actor, { [key]: ref.data.id, email: parsed.data.email, metadata: parsed.data.metadata });
    return t("invited", { email: seat.email ?? "" });
  });
  revalidatePath(portalPath(orgSlug), "layout");
  if (result.status === "error" && result.code === "SeatAlreadyAssigned") {
    return { status: "error", fieldErrors: { email: [t("alreadyHolds", { email: parsed.data.email })] }, values };
  }
  return result.status === "error" ? { ...result, values } : result;
}

// The three actions of every seat row take the organization from the form, not bound to
// the function: a bound action repeats its arguments in each of the page's forms (and in
// the page's RSC payload), which at 100 rows was a sixth of the page. The session decides
// what the person may do either way. The organization's field (at most 100 characters) is
// the one input read before the session: it says whose session to look for. Their result
// names the seat it is about: the page has one form per action for all its rows, so the
// answer says which row it belongs to.
type SeatRowCaller = { orgSlug: string; actor: CustomerActor; seatId: string; refusal?: never } | { refusal: ActionState };

async function seatRowCaller(formData: FormData): Promise<SeatRowCaller> {
  const SEAT_NOT_FOUND: ActionState = { status: "error", message: (await getTranslations("Results"))("seatNotFound") };
  const org = SeatIdForm.shape.org.safeParse(formData.get("org"));
  if (!org.success) return { refusal: SEAT_NOT_FOUND };
  const caller = await callerOf(org.data);
  if (caller.refusal) return { refusal: caller.refusal };
  const seatId = SeatIdForm.shape.seat_id.safeParse(formData.get("seat_id"));
  if (!seatId.success) return { refusal: SEAT_NOT_FOUND };
  return { orgSlug: org.data, actor: caller.actor, seatId: seatId.data };
}

export async function resendInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const caller = await seatRowCaller(formData);
  if (caller.refusal) return caller.refusal;
  const result = await run(async () => {
    const seat = await resendInvitation(caller.actor, caller.seatId);
    return (await getTranslations("Results"))("resent", { email: seat.email ?? "" });
  });
  revalidatePath(portalPath(caller.orgSlug), "layout");
  return { ...result, values: { seat_id: caller.seatId } };
}

export async function revokeSeatAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const caller = await seatRowCaller(formData);
  if (caller.refusal) return caller.refusal;
  const result = await run(async () => {
    await revokeSeat(caller.actor, caller.seatId);
    return (await getTranslations("Results"))("revoked");
  });
  revalidatePath(portalPath(caller.orgSlug), "layout");
  return { ...result, values: { seat_id: caller.seatId } };
}

export async function shareLinkAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const caller = await seatRowCaller(formData);
  if (caller.refusal) return caller.refusal;
  const values = { seat_id: caller.seatId };
  try {
    const { seat, claimUrl } = await shareInvitationLink(caller.actor, caller.seatId);
    revalidatePath(portalPath(caller.orgSlug), "layout");
    // The link travels back to this form only (in the answer's body, never in a URL); it is
    // stored nowhere.
    return { status: "success", message: (await getTranslations("Results"))("linkReady", { email: seat.email ?? "" }), values: { ...values, email: seat.email ?? "", link: claimUrl } };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await refusalMessage(error), values };
    throw error;
  }
}

export type BulkInviteState = ActionState & {
  preview?: { email: string; outcome: BulkOutcome; detail: string | null }[];
  assigned?: number;
  rows?: string;
  /** The checked rows' signature: a confirmation posts them back, and only they are sent. */
  signature?: string;
  confirmed?: boolean;
};

/**
 * Bulk invitation in two steps: "check" runs it as a dry run and shows what each row would
 * do; "confirm" sends the same rows for real (capacity is counted again under the lock).
 * The list is the largest input any page takes: it is read only for a signed-in customer,
 * and only within its bounds (lib/form-limits.mjs, lib/csv.ts).
 */
export async function bulkInviteAction(orgSlug: string, container: unknown, _state: BulkInviteState, formData: FormData): Promise<BulkInviteState> {
  const caller = await callerOf(orgSlug);
  if (caller.refusal) return caller.refusal;
  const ref = ContainerForm.safeParse(container);
  const [t, tr] = await Promise.all([getTranslations("Forms"), getTranslations("Results")]);
  if (!ref.success) return { status: "error", message: tr("containerNotFound") };
  const confirm = formData.get("intent") === "confirm";
  // What a confirmation may send: the rows a dry run of this customer on this container
  // answered with, exactly. A list edited after it was checked, or rows made up in the page,
  // are refused, so that the people invited are the people the preview showed.
  const checkedFor = `bulk-invite\n${caller.actor.customerId}\n${ref.data.kind}:${ref.data.id}`;
  let rows: InviteRow[];
  if (confirm) {
    const posted = formData.get("rows");
    const signature = formData.get("signature");
    if (typeof posted !== "string" || typeof signature !== "string" || !hasValidSignature(posted, checkedFor, signature, env().AUTH_SECRET)) {
      return { status: "error", message: t("listChanged") };
    }
    const stored = BulkRowsField.safeParse(posted);
    if (!stored.success) return { status: "error", message: t("checkAgain") };
    rows = stored.data;
  } else {
    const upload = BulkListForm.safeParse({ list: formData.get("list"), file: formData.get("file") });
    if (!upload.success) return { status: "error", message: upload.error.issues[0]?.message ?? t("emptyList") };
    const { list, file } = upload.data;
    const parsed = parseInviteList(file && file.size > 0 ? await file.text() : (list ?? ""));
    if (!parsed.ok) return { status: "error", message: parsed.problem };
    rows = parsed.rows;
  }
  if (rows.length === 0) return { status: "error", message: t("emptyList") };
  if (rows.some((row) => hasUnsafeText(JSON.stringify(row)))) return { status: "error", message: t("unsafeList") };
  // The checked rows come back with the confirm form, which must fit the body limit.
  const rowsJson = JSON.stringify(rows);
  if (Buffer.byteLength(rowsJson) > BULK_ROWS_MAX_BYTES) return { status: "error", message: t("listTooLarge") };
  if (confirm) sendAfterAnswering();
  try {
    const key = ref.data.kind === "subscription" ? "subscription_id" : "order_id";
    const result = await bulkAssignSeats(caller.actor, { [key]: ref.data.id, seats: rows, dry_run: !confirm });
    if (confirm) revalidatePath(portalPath(orgSlug), "layout");
    const counts = new Map<BulkOutcome, number>();
    for (const row of result.results) counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + 1);
    const summary = new Intl.ListFormat(await getLocale(), { style: "short", type: "unit" }).format(
      [...counts].map(([outcome, count]) => t(`outcome.${confirm && outcome === "assigned" ? "invited" : outcome}`, { count })),
    );
    return {
      // A list with rows that will not be invited is not all good news: it says so in amber.
      status: result.assigned === rows.length ? "success" : "warning",
      message: confirm ? t("done", { summary }) : t("checked", { rows: rows.length, summary }),
      preview: result.results.map((row) => ({ email: row.email, outcome: row.outcome, detail: row.detail })),
      assigned: result.assigned,
      rows: rowsJson,
      signature: signValue(rowsJson, checkedFor, env().AUTH_SECRET),
      confirmed: confirm,
    };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await refusalMessage(error) };
    throw error;
  }
}

export type SeatCountState = ActionState & {
  /** The preview step: the new count and amount beside the current ones, formatted for the reader. */
  preview?: { seats: number; currentSeats: number; amount: string; currentAmount: string };
  confirmed?: boolean;
};

// The count as a form posts it (text), checked as the API checks its body.
const SeatCountField = z.coerce.number().pipe(CustomerSubscriptionUpdateSeatsBody.shape.seats);
const SeatCountIntent = z.enum(["preview", "confirm", "edit"]).catch("preview");

/**
 * Change seats in three steps, every one a post of the same form (no JavaScript needed):
 * "preview" shows what the new count would cost (refused exactly as the change would be),
 * "confirm" makes the change, "edit" goes back to the number. The rules (the organization's
 * setting, the tiers, the seats in use) are the seat service's.
 */
export async function changeSeatCountAction(orgSlug: string, subscription: unknown, _state: SeatCountState, formData: FormData): Promise<SeatCountState> {
  const caller = await callerOf(orgSlug);
  if (caller.refusal) return caller.refusal;
  const t = await getTranslations("SeatCount");
  const id = SubscriptionIdParams.safeParse({ id: subscription });
  if (!id.success) return { status: "error", message: (await getTranslations("Results"))("containerNotFound") };
  const values = { seats: String(formData.get("seats") ?? "").slice(0, 20) };
  const intent = SeatCountIntent.parse(formData.get("intent"));
  if (intent === "edit") return { status: "idle", values };
  const seats = SeatCountField.safeParse(values.seats);
  if (!seats.success) return { status: "error", fieldErrors: { seats: [t("invalidCount")] }, values };
  try {
    if (intent === "preview") {
      const preview = await previewSeatCount(caller.actor, id.data.id, seats.data);
      if (preview.seats === preview.currentSeats) return { status: "error", fieldErrors: { seats: [t("sameCount", { seats: preview.seats })] }, values };
      const locale = await getLocale();
      return {
        status: "idle",
        values,
        preview: {
          seats: preview.seats,
          currentSeats: preview.currentSeats,
          amount: formatMoney(preview.amount, preview.currency, locale),
          currentAmount: formatMoney(preview.currentAmount, preview.currency, locale),
        },
      };
    }
    sendAfterAnswering();
    const changed = await changeOwnedSubscriptionSeats(caller.actor, id.data.id, seats.data);
    revalidatePath(portalPath(orgSlug), "layout");
    return { status: "success", message: t("changed", { seats: changed.seats ?? seats.data }), confirmed: true };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await teamRefusalMessage(error, "subscription"), code: error.code, values };
    throw error;
  }
}

// Nobody is known here: asking for a link is how one becomes known. What a stranger can do
// is bounded by the limits of admitSignIn (lib/rate-limit.ts), per client address and per
// email address, so that nobody can lock an address's owner out by asking for its links.
export async function signInAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = SignInForm.safeParse(values);
  const t = await getTranslations("Forms");
  if (!parsed.success) return { status: "error", message: t("checkField"), fieldErrors: { email: [t("invalidEmail")] }, values };
  if (!(await findPortalOrganization(orgSlug))) return { status: "error", message: t("noPortal"), values };
  const admitted = await admitSignIn(clientAddress(await headers()), parsed.data.email);
  if (!admitted.ok) {
    const minutes = Math.ceil(admitted.retryAfterSeconds / 60);
    return { status: "error", message: t(admitted.limitedBy === "address" ? "tooManyForAddress" : "tooManyForNetwork", { minutes }), values };
  }
  sendAfterAnswering();
  // Where the visitor was going before they were asked to sign in (only a path of this portal).
  const returnTo = portalReturnPath(orgSlug, formData.get("next"));
  const next = await signIn("nodemailer", { email: parsed.data.email, redirectTo: returnTo ?? portalPath(orgSlug), redirect: false });
  if (typeof next === "string" && next.includes("error=")) {
    return { status: "error", message: t("notSent"), values };
  }
  const sent = new URLSearchParams({ sent: parsed.data.email, ...(returnTo ? { next: returnTo } : {}), ...(formData.get("again") ? { again: "1" } : {}) });
  redirect(`${portalPath(orgSlug)}/sign-in?${sent}`);
}

export async function signOutAction(orgSlug: string) {
  await signOut({ redirectTo: `${portalPath(orgSlug)}/sign-in` });
}

"use client";

import type { ActionState } from "@/components/ui/action-state";
import { buttonStyles, PENDING } from "@/components/ui/styles";
import { RowLabel, type RowLabels } from "./row-labels";
import type { SeatView } from "./view-types";

export type SeatAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** The ids of the page's forms that the rows' buttons submit (the `form` attribute). */
export const SEAT_FORMS = { resend: "seat-resend", share: "seat-share", revokeStep: "seat-revoke-step" } as const;

/** What a row's buttons show while their action runs, and the row's latest result. */
export type RowActivity = { resending: boolean; sharing: boolean; revoking: boolean; result: ActionState | undefined };

/**
 * One seat row's actions: a new link by email (resend), a link to share yourself (shown
 * once), and revoke (confirmed first). The row holds buttons only: each names the page's
 * one form for its action (`form=`) and carries the seat's id as its own name and value,
 * so 100 rows cost 100 rows of buttons, not 300 forms each repeating its action's
 * no-JavaScript fields. Revoke is a GET of the confirmation step without JavaScript, and
 * opens the confirmation dialog with it.
 */
/** The id of a row's result message (focus goes there after a revoke takes the row's buttons away). */
export const rowResultId = (seatId: string) => `seat-result-${seatId}`;

export function SeatRowActions({ seat, activity, labels, onRevoke }: { seat: SeatView; activity: RowActivity; labels: RowLabels; onRevoke: (seat: SeatView) => void }) {
  const email = seat.email ?? "";
  const pending = seat.status === "pending" || seat.status === "expired";
  const message = activity.revoking ? { status: "idle" as const, message: labels.revoking } : activity.result;
  const small = "px-2.5 py-1.5 text-xs";

  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <div className="flex flex-wrap gap-2 sm:justify-end">
        {pending ? (
          <RowSubmit form={SEAT_FORMS.resend} seatId={seat.id} busy={activity.resending} busyLabel={labels.sending} className={`${buttonStyles[seat.status === "expired" ? "primary" : "secondary"]} ${small}`}>
            <RowLabel label={seat.status === "expired" ? labels.sendNewLink : labels.resend} email={email} />
          </RowSubmit>
        ) : null}
        {pending ? (
          <RowSubmit form={SEAT_FORMS.share} seatId={seat.id} busy={activity.sharing} busyLabel={labels.making} className={`${buttonStyles.ghost} ${small}`}>
            <RowLabel label={labels.share} email={email} />
          </RowSubmit>
        ) : null}
        {seat.status !== "revoked" ? (
          <button
            type="submit"
            form={SEAT_FORMS.revokeStep}
            name="confirm"
            value={seat.id}
            className={`${buttonStyles.ghostDanger} ${small}`}
            onClick={(event) => {
              // With JavaScript the step is the dialog, not a page.
              event.preventDefault();
              onRevoke(seat);
            }}
          >
            <RowLabel label={labels.revoke} email={email} />
          </button>
        ) : null}
      </div>
      {/* Rendered for revoked rows too, so the result of the revoke stays on screen. */}
      <p id={rowResultId(seat.id)} tabIndex={-1} aria-live="polite" className={`rounded text-xs outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${message?.status === "error" ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {message?.message ?? ""}
      </p>
    </div>
  );
}

function RowSubmit({ form, seatId, busy, busyLabel, className, children }: { form: string; seatId: string; busy: boolean; busyLabel: string; className: string; children: React.ReactNode }) {
  return (
    // Not disabled while busy: the focus stays on the button (see SubmitButton).
    <button
      type="submit"
      form={form}
      name="seat_id"
      value={seatId}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) event.preventDefault();
      }}
      className={busy ? `${className} ${PENDING}` : className}
    >
      {busy ? (
        <>
          <span className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
          {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}

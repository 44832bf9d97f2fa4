"use client";

import { useActionState, useRef } from "react";
import type { ActionState } from "@/components/ui/action-state";
import { IDLE } from "@/components/ui/action-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonStyles } from "@/components/ui/styles";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Resend (pending seats) and revoke (with a confirmation step) for one seat row. */
export function SeatRowActions({
  seatId,
  email,
  canResend,
  canRevoke,
  resendAction,
  revokeAction,
}: {
  seatId: string;
  email: string;
  canResend: boolean;
  canRevoke: boolean;
  resendAction: Action;
  revokeAction: Action;
}) {
  const [resendState, resend] = useActionState(resendAction, IDLE);
  const [revokeState, revoke] = useActionState(revokeAction, IDLE);
  const dialog = useRef<HTMLDialogElement>(null);
  const message = revokeState.message ?? resendState.message;
  const failed = revokeState.status === "error" || resendState.status === "error";

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-2">
        {canResend ? (
          <form action={resend}>
            <input type="hidden" name="seat_id" value={seatId} />
            <SubmitButton variant="secondary" pendingLabel="Sending…" className="px-2.5 py-1.5 text-xs">
              Resend<span className="sr-only"> invitation to {email}</span>
            </SubmitButton>
          </form>
        ) : null}
        {canRevoke ? (
          <button type="button" className={`${buttonStyles.ghost} px-2.5 py-1.5 text-xs text-red-700 dark:text-red-400`} onClick={() => dialog.current?.showModal()}>
            Revoke<span className="sr-only"> the seat of {email}</span>
          </button>
        ) : null}
      </div>
      <p aria-live="polite" className={`text-xs ${failed ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {message ?? ""}
      </p>
      {canRevoke ? (
        <dialog
          ref={dialog}
          aria-labelledby={`revoke-title-${seatId}`}
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <h2 id={`revoke-title-${seatId}`} className="text-base font-semibold">
            Revoke this seat?
          </h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span> loses access at once, and their invitation link stops working. The seat becomes free for someone else.
          </p>
          <form action={revoke} onSubmit={() => dialog.current?.close()} className="mt-6 flex justify-end gap-2">
            <input type="hidden" name="seat_id" value={seatId} />
            <button type="button" className={buttonStyles.secondary} onClick={() => dialog.current?.close()} autoFocus>
              Cancel
            </button>
            <SubmitButton variant="danger" pendingLabel="Revoking…">
              Revoke seat
            </SubmitButton>
          </form>
        </dialog>
      ) : null}
    </div>
  );
}

"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionState } from "@/components/ui/action-state";
import { IDLE } from "@/components/ui/action-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonStyles, inputStyles } from "@/components/ui/styles";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const dialogStyles =
  "m-auto w-[min(30rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/**
 * One seat row's actions: a new link by email (resend), a link to share yourself (shown
 * once, in a dialog), and revoke (with a confirmation step).
 */
export function SeatRowActions({
  org,
  seatId,
  email,
  pending,
  expired,
  canRevoke,
  resendAction,
  revokeAction,
  shareAction,
}: {
  org: string;
  seatId: string;
  email: string;
  pending: boolean;
  expired: boolean;
  canRevoke: boolean;
  resendAction: Action;
  revokeAction: Action;
  shareAction: Action;
}) {
  const [resendState, resend] = useActionState(resendAction, IDLE);
  const [revokeState, revoke] = useActionState(revokeAction, IDLE);
  const [shareState, share] = useActionState(shareAction, IDLE);
  const revokeDialog = useRef<HTMLDialogElement>(null);
  const shareDialog = useRef<HTMLDialogElement>(null);
  const sharedLink = shareState.status === "success" ? shareState.values?.link : undefined;
  const [copiedLink, setCopiedLink] = useState<string | null>(null);
  const latest = [revokeState, resendState, shareState.status === "error" ? shareState : IDLE].find((s) => s.message);
  const failed = latest?.status === "error";

  useEffect(() => {
    if (sharedLink) shareDialog.current?.showModal();
  }, [sharedLink]);

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        {pending ? (
          <form action={resend}>
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="seat_id" value={seatId} />
            <SubmitButton variant={expired ? "primary" : "secondary"} pendingLabel="Sending…" className="px-2.5 py-1.5 text-xs">
              {expired ? "Send a new link" : "Resend"}
              <span className="sr-only"> to {email}</span>
            </SubmitButton>
          </form>
        ) : null}
        {pending ? (
          <form action={share}>
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="seat_id" value={seatId} />
            <SubmitButton variant="ghost" pendingLabel="Making a link…" className="px-2.5 py-1.5 text-xs">
              Get a link to share<span className="sr-only"> with {email}</span>
            </SubmitButton>
          </form>
        ) : null}
        {canRevoke ? (
          <button type="button" className={`${buttonStyles.ghost} px-2.5 py-1.5 text-xs text-red-700 dark:text-red-400`} onClick={() => revokeDialog.current?.showModal()}>
            Revoke<span className="sr-only"> the seat of {email}</span>
          </button>
        ) : null}
      </div>
      <p aria-live="polite" className={`text-xs ${failed ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {latest?.message ?? ""}
      </p>
      {canRevoke ? (
        <dialog ref={revokeDialog} aria-labelledby={`revoke-title-${seatId}`} className={dialogStyles}>
          <h2 id={`revoke-title-${seatId}`} className="text-base font-semibold">
            Revoke this seat?
          </h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span> loses access at once, and their invitation link stops working. The seat becomes free for someone else.
          </p>
          <form action={revoke} onSubmit={() => revokeDialog.current?.close()} className="mt-6 flex justify-end gap-2">
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="seat_id" value={seatId} />
            <button type="button" className={buttonStyles.secondary} onClick={() => revokeDialog.current?.close()} autoFocus>
              Cancel
            </button>
            <SubmitButton variant="danger" pendingLabel="Revoking…">
              Revoke seat
            </SubmitButton>
          </form>
        </dialog>
      ) : null}
      {pending ? (
        <dialog ref={shareDialog} aria-labelledby={`share-title-${seatId}`} className={dialogStyles}>
          <h2 id={`share-title-${seatId}`} className="text-base font-semibold">
            A link for {email}
          </h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Send it to them your own way. It is shown only now, works once, and replaces every earlier link of this invitation.
          </p>
          <label htmlFor={`share-link-${seatId}`} className="sr-only">
            Invitation link
          </label>
          <input id={`share-link-${seatId}`} readOnly value={sharedLink ?? ""} onFocus={(event) => event.currentTarget.select()} className={`${inputStyles} mt-4 font-mono text-xs`} data-testid="shared-link" />
          <div className="mt-6 flex justify-end gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={async () => {
                if (sharedLink) await navigator.clipboard?.writeText(sharedLink).then(() => setCopiedLink(sharedLink), () => setCopiedLink(null));
              }}
            >
              {copiedLink === sharedLink ? "Copied" : "Copy link"}
            </button>
            <button type="button" className={buttonStyles.primary} onClick={() => shareDialog.current?.close()} autoFocus>
              Done
            </button>
          </div>
        </dialog>
      ) : null}
    </div>
  );
}

"use client";

import { useActionState, useEffect } from "react";
import type { ActionState } from "@/components/ui/action-state";
import { IDLE } from "@/components/ui/action-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonStyles } from "@/components/ui/styles";
import type { SeatView } from "./seat-view";

export type SeatAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** A row asking the table's dialog to confirm its revoke; the dialog submits with the row's own action. */
export type RevokeRequest = { seatId: string; email: string; revoke: (formData: FormData) => void };

export type SharedLink = { email: string; link: string };

/**
 * One seat row's actions: a new link by email (resend), a link to share yourself (shown
 * once, in the table's dialog), and revoke (confirmed in the table's dialog). Each keeps
 * its own result, shown in the row.
 *
 * The actions are wrapped in plain functions: a server action handed to useActionState as
 * it is would be rendered into every row's forms as a no-JavaScript fallback (its bound
 * state encoded per form), which at 100 rows cost the page more than the table itself.
 * These buttons need JavaScript; the invite form above the table does not.
 */
export function SeatRowActions({
  org,
  seat,
  actions,
  onRevoke,
  onShared,
}: {
  org: string;
  seat: SeatView;
  actions: { resend: SeatAction; revoke: SeatAction; share: SeatAction };
  onRevoke: (request: RevokeRequest) => void;
  onShared: (shared: SharedLink) => void;
}) {
  const [resendState, resend] = useActionState((state: ActionState, data: FormData) => actions.resend(state, data), IDLE);
  const [revokeState, revoke, revoking] = useActionState((state: ActionState, data: FormData) => actions.revoke(state, data), IDLE);
  const [shareState, share] = useActionState((state: ActionState, data: FormData) => actions.share(state, data), IDLE);
  const email = seat.email ?? "";
  const pending = seat.status === "pending" || seat.status === "expired";
  const sharedLink = shareState.status === "success" ? shareState.values?.link : undefined;
  const latest = revoking ? { status: "idle" as const, message: "Revoking…" } : [revokeState, resendState, shareState.status === "error" ? shareState : IDLE].find((s) => s.message);

  useEffect(() => {
    if (sharedLink) onShared({ email, link: sharedLink });
  }, [sharedLink, email, onShared]);

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        {pending ? (
          <form action={resend}>
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="seat_id" value={seat.id} />
            <SubmitButton variant={seat.status === "expired" ? "primary" : "secondary"} pendingLabel="Sending…" className="px-2.5 py-1.5 text-xs">
              {seat.status === "expired" ? "Send a new link" : "Resend"}
              <span className="sr-only"> to {email}</span>
            </SubmitButton>
          </form>
        ) : null}
        {pending ? (
          <form action={share}>
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="seat_id" value={seat.id} />
            <SubmitButton variant="ghost" pendingLabel="Making a link…" className="px-2.5 py-1.5 text-xs">
              Get a link to share<span className="sr-only"> with {email}</span>
            </SubmitButton>
          </form>
        ) : null}
        {seat.status !== "revoked" ? (
          <button
            type="button"
            className={`${buttonStyles.ghostDanger} px-2.5 py-1.5 text-xs`}
            onClick={() => onRevoke({ seatId: seat.id, email, revoke })}
          >
            Revoke<span className="sr-only"> the seat of {email}</span>
          </button>
        ) : null}
      </div>
      {/* Rendered for revoked rows too, so the result of the revoke stays on screen. */}
      <p aria-live="polite" className={`text-xs ${latest?.status === "error" ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {latest?.message ?? ""}
      </p>
    </div>
  );
}

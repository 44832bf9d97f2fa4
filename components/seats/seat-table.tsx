"use client";

import { useEffect, useRef, useState } from "react";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { SeatRowActions, type RevokeRequest, type SeatAction, type SharedLink } from "./seat-row-actions";
import { SeatStatusBadge } from "./seat-status-badge";
import type { SeatView } from "./seat-view";

export type SeatActions = { resend: SeatAction; revoke: SeatAction; share: SeatAction };

const dialogStyles =
  "m-auto w-[min(30rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/**
 * The seats of one subscription or order, with each row's actions. One client component
 * for the whole table: the page hands it plain rows (strings, already formatted), so what
 * travels to the browser is the rows' data, not a tree of elements per row; and the revoke
 * confirmation and the shared link use one dialog each for the table, not two per row.
 */
export function SeatTable({ org, seats, actions }: { org: string; seats: SeatView[]; actions: SeatActions }) {
  const [revoking, setRevoking] = useState<RevokeRequest | null>(null);
  const [shared, setShared] = useState<SharedLink | null>(null);
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Seats</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">Person</th>
            <th scope="col" className="px-4 py-3 font-medium">Status</th>
            <th scope="col" className="px-4 py-3 font-medium">Invited</th>
            <th scope="col" className="px-4 py-3 font-medium">Claimed</th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {seats.map((seat) => (
            <tr key={seat.id} data-seat-id={seat.id} data-email={seat.email ?? ""}>
              <td className="px-4 py-3">
                <span className={seat.email ? "font-medium text-zinc-900 dark:text-zinc-100" : "italic text-zinc-500"}>{seat.email ?? "Free (revoked)"}</span>
                {seat.linkNote ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{seat.linkNote}</span> : null}
              </td>
              <td className="px-4 py-3">
                <SeatStatusBadge status={seat.status} />
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-zinc-600 dark:text-zinc-400">{seat.invited}</td>
              <td className="whitespace-nowrap px-4 py-3 text-zinc-600 dark:text-zinc-400">{seat.claimed}</td>
              <td className="px-4 py-3 text-right">
                <SeatRowActions org={org} seat={seat} actions={actions} onRevoke={setRevoking} onShared={setShared} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RevokeDialog org={org} request={revoking} onClose={() => setRevoking(null)} />
      <ShareDialog shared={shared} onClose={() => setShared(null)} />
    </div>
  );
}

function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}

/** The confirmation step before a seat is taken back; the result shows in the seat's row. */
function RevokeDialog({ org, request, onClose }: { org: string; request: RevokeRequest | null; onClose: () => void }) {
  const dialog = useModal(request !== null);
  return (
    <dialog ref={dialog} aria-labelledby="revoke-title" className={dialogStyles} onClose={onClose}>
      <h2 id="revoke-title" className="text-base font-semibold">
        Revoke this seat?
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{request?.email}</span> loses access at once, and their invitation link stops working. The seat becomes free for someone else.
      </p>
      {request ? (
        <form action={request.revoke} onSubmit={onClose} className="mt-6 flex justify-end gap-2">
          <input type="hidden" name="org" value={org} />
          <input type="hidden" name="seat_id" value={request.seatId} />
          <button type="button" className={buttonStyles.secondary} onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="submit" className={buttonStyles.danger}>
            Revoke seat
          </button>
        </form>
      ) : null}
    </dialog>
  );
}

/** A link made to be passed on by hand: shown once, never stored. */
function ShareDialog({ shared, onClose }: { shared: SharedLink | null; onClose: () => void }) {
  const dialog = useModal(shared !== null);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <dialog ref={dialog} aria-labelledby="share-title" className={dialogStyles} onClose={onClose}>
      <h2 id="share-title" className="text-base font-semibold">
        A link for {shared?.email}
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Send it to them your own way. It is shown only now, works once, and replaces every earlier link of this invitation.
      </p>
      <label htmlFor="share-link" className="sr-only">
        Invitation link
      </label>
      <input id="share-link" readOnly value={shared?.link ?? ""} onFocus={(event) => event.currentTarget.select()} className={`${inputStyles} mt-4 font-mono text-xs`} data-testid="shared-link" />
      <div className="mt-6 flex justify-end gap-2">
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={async () => {
            const link = shared?.link;
            if (link) await navigator.clipboard?.writeText(link).then(() => setCopied(link), () => setCopied(null));
          }}
        >
          {copied !== null && copied === shared?.link ? "Copied" : "Copy link"}
        </button>
        <button type="button" className={buttonStyles.primary} onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </dialog>
  );
}

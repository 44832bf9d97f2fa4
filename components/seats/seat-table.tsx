import type { ReactNode } from "react";
import type { SeatRow } from "@/lib/seats/types";
import { formatDate, formatDateTime } from "./format";
import { SeatStatusBadge, displayStatus } from "./seat-status-badge";

/**
 * The seats of one subscription or order. Pure: the page passes the rows and, per row,
 * the actions the viewer may take.
 */
export function SeatTable({ seats, now, actions }: { seats: SeatRow[]; now: Date; actions?: (seat: SeatRow) => ReactNode }) {
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
          {seats.map((seat) => {
            const status = displayStatus(seat, now);
            return (
              <tr key={seat.id} data-seat-id={seat.id} data-email={seat.email ?? ""}>
                <td className="px-4 py-3">
                  <span className={seat.email ? "font-medium text-zinc-900 dark:text-zinc-100" : "italic text-zinc-500"}>
                    {seat.email ?? "Free (revoked)"}
                  </span>
                  {status === "pending" || status === "expired" ? (
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                      {status === "expired" ? "Link expired " : "Link valid until "}
                      {formatDateTime(seat.invitationTokenExpiresAt)}
                    </span>
                  ) : null}
                </td>
                <td className="px-4 py-3">
                  <SeatStatusBadge status={status} />
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-zinc-600 dark:text-zinc-400">{formatDate(seat.assignedAt)}</td>
                <td className="whitespace-nowrap px-4 py-3 text-zinc-600 dark:text-zinc-400">{formatDate(seat.claimedAt)}</td>
                <td className="px-4 py-3 text-right">{actions?.(seat)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

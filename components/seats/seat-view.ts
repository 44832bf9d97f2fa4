import type { SeatDisplayStatus, SeatRow } from "@/lib/seats/types";
import { formatDate, formatDateTime } from "./format";

/** A row of the seat table as the browser gets it: plain strings, formatted on the server (one time zone, no hydration mismatch). */
export type SeatView = {
  id: string;
  email: string | null;
  status: SeatDisplayStatus;
  /** When the invitation's link lapses (or lapsed), for pending seats. */
  linkNote: string | null;
  invited: string;
  claimed: string;
};

export function toSeatView(seat: Pick<SeatRow, "id" | "email" | "invitationTokenExpiresAt" | "assignedAt" | "claimedAt"> & { shownAs: SeatDisplayStatus }): SeatView {
  const pending = seat.shownAs === "pending" || seat.shownAs === "expired";
  return {
    id: seat.id,
    email: seat.email,
    status: seat.shownAs,
    linkNote: pending ? `${seat.shownAs === "expired" ? "Link expired " : "Link valid until "}${formatDateTime(seat.invitationTokenExpiresAt)}` : null,
    invited: formatDate(seat.assignedAt),
    claimed: formatDate(seat.claimedAt),
  };
}

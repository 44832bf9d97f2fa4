import { formatDate, formatDateTime } from "@/components/seats/format";
import type { SeatView } from "@/components/seats/view-types";
import type { SeatDisplayStatus, SeatRow } from "@/lib/seats/types";

/** A seat row as the seat table draws it. */
export function toSeatView(seat: Pick<SeatRow, "id" | "email" | "invitationTokenExpiresAt" | "assignedAt" | "claimedAt"> & { shownAs: SeatDisplayStatus; formerEmail?: string | null }): SeatView {
  const pending = seat.shownAs === "pending" || seat.shownAs === "expired";
  return {
    id: seat.id,
    email: seat.email,
    formerEmail: seat.formerEmail ?? null,
    status: seat.shownAs,
    linkNote: pending ? `${seat.shownAs === "expired" ? "Link expired " : "Link valid until "}${formatDateTime(seat.invitationTokenExpiresAt)}` : null,
    invited: formatDate(seat.assignedAt),
    claimed: formatDate(seat.claimedAt),
  };
}

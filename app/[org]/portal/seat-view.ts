import { dateView, type ReaderClock } from "@/components/seats/format";
import type { SeatView } from "@/components/seats/view-types";
import type { SeatDisplayStatus, SeatRow } from "@/lib/seats/types";

type ViewedSeat = Pick<SeatRow, "id" | "email" | "invitationTokenExpiresAt" | "assignedAt" | "claimedAt" | "seatMetadata"> & { shownAs: SeatDisplayStatus; formerEmail?: string | null };

/** A seat row as the seat table draws it, with its dates on the reader's clock. */
export function toSeatView(seat: ViewedSeat, reader: ReaderClock): SeatView {
  const pending = seat.shownAs === "pending" || seat.shownAs === "expired";
  return {
    id: seat.id,
    email: seat.email,
    formerEmail: seat.formerEmail ?? null,
    status: seat.shownAs,
    link: pending ? { lapsed: seat.shownAs === "expired", at: dateView(seat.invitationTokenExpiresAt, reader, true) } : null,
    invited: dateView(seat.assignedAt, reader),
    claimed: dateView(seat.claimedAt, reader),
    details: Object.entries(seat.seatMetadata ?? {}).map(([key, value]) => ({ key, value: String(value) })),
  };
}

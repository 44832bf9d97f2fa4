import type { SeatDisplayStatus, SeatRow } from "./types";

/**
 * What a seat shows as: a pending seat whose link has lapsed is *expired* (it needs a new
 * link), everything else its stored status.
 */
export function displayStatusOf(seat: Pick<SeatRow, "status" | "invitationTokenExpiresAt">, now: Date): SeatDisplayStatus {
  if (seat.status === "pending" && seat.invitationTokenExpiresAt && seat.invitationTokenExpiresAt <= now) return "expired";
  return seat.status as SeatDisplayStatus;
}

/** A seat with what it shows as. */
export type ShownSeat = SeatRow & { shownAs: SeatDisplayStatus };

export function withDisplayStatus<S extends SeatRow>(seats: S[], now: Date): (S & { shownAs: SeatDisplayStatus })[] {
  return seats.map((seat) => ({ ...seat, shownAs: displayStatusOf(seat, now) }));
}

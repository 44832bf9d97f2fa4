import type { SeatClaimInfo, SeatEventRow, SeatRow, SeatsOverview } from "@/lib/seats/types";
import { iso, isoOrNull } from "./dates";

// Polar's CustomerSeat. Members do not exist here yet, so member_id and member are null;
// the invitation token is never part of it.
export function toCustomerSeat(seat: SeatRow) {
  return {
    id: seat.id,
    created_at: iso(seat.createdAt),
    modified_at: isoOrNull(seat.modifiedAt),
    subscription_id: seat.subscriptionId,
    order_id: seat.orderId,
    status: seat.status,
    customer_id: seat.customerId,
    member_id: null,
    member: null,
    email: seat.email,
    customer_email: seat.customerEmail,
    invitation_token_expires_at: isoOrNull(seat.invitationTokenExpiresAt),
    claimed_at: isoOrNull(seat.claimedAt),
    revoked_at: isoOrNull(seat.revokedAt),
    seat_metadata: seat.seatMetadata,
  };
}

export type CustomerSeatWire = ReturnType<typeof toCustomerSeat>;

export function toSeatsList(overview: SeatsOverview) {
  return {
    seats: overview.seats.map(toCustomerSeat),
    available_seats: overview.availableSeats,
    total_seats: overview.totalSeats,
  };
}

export function toSeatClaimInfo(info: SeatClaimInfo) {
  return {
    product_name: info.productName,
    product_id: info.productId,
    organization_name: info.organizationName,
    organization_slug: info.organizationSlug,
    customer_email: info.customerEmail,
    can_claim: info.canClaim,
  };
}

export function toCustomerSeatClaimResponse(claimed: { seat: SeatRow; customerSessionToken: string }) {
  return { seat: toCustomerSeat(claimed.seat), customer_session_token: claimed.customerSessionToken };
}

export function toBulkSeatResult(result: { results: { email: string; outcome: string; seat: SeatRow | null; detail: string | null }[]; assigned: number }) {
  return {
    results: result.results.map((row) => ({ email: row.email, outcome: row.outcome, seat: row.seat ? toCustomerSeat(row.seat) : null, detail: row.detail })),
    assigned: result.assigned,
  };
}

export function toSeatEvent(event: SeatEventRow) {
  return { id: event.id, type: event.type, seat_id: event.seatId, email: event.email, actor: event.actor, created_at: iso(event.createdAt) };
}

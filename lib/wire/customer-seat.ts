import type { SeatClaimInfo, SeatEventRow, SeatListEntry, SeatRow, SeatsOverview } from "@/lib/seats/types";
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

// The list is written as text, field by field in toCustomerSeat's order: at 10,000 seats
// building an object per seat for JSON.stringify cost more than the query. Ids and
// timestamps (UUIDs and ISO-8601 from the database) never need escaping; anything a person
// typed goes through JSON.stringify. tests/seats/list-seats.test.ts holds it to
// toCustomerSeat.
const plain = (value: string | null) => (value === null ? "null" : `"${value}"`);
const quoted = (value: string | null) => (value === null ? "null" : JSON.stringify(value));
const metadataJson = (value: string | null) => (value === null ? "null" : value === "{}" ? value : JSON.stringify(JSON.parse(value)));

function customerSeatJson(seat: SeatListEntry) {
  return (
    `{"id":${plain(seat.id)},"created_at":${plain(seat.createdAt)},"modified_at":${plain(seat.modifiedAt)}` +
    `,"subscription_id":${plain(seat.subscriptionId)},"order_id":${plain(seat.orderId)},"status":${quoted(seat.status)}` +
    `,"customer_id":${plain(seat.customerId)},"member_id":null,"member":null,"email":${quoted(seat.email)}` +
    `,"customer_email":${quoted(seat.customerEmail)},"invitation_token_expires_at":${plain(seat.invitationTokenExpiresAt)}` +
    `,"claimed_at":${plain(seat.claimedAt)},"revoked_at":${plain(seat.revokedAt)},"seat_metadata":${metadataJson(seat.seatMetadata)}}`
  );
}

/** Polar's SeatsList, as JSON text. */
export function seatsListJson(overview: SeatsOverview) {
  const seats = overview.seats.map(customerSeatJson).join(",");
  return `{"seats":[${seats}],"available_seats":${overview.availableSeats},"total_seats":${overview.totalSeats}}`;
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

import type { SeatClaimInfo, SeatEventRow, SeatRow, SeatsListSql } from "@/lib/seats/types";
import { Prisma } from "@/lib/generated/prisma/client";
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

// The full list (thousands of seats) is written as JSON by PostgreSQL: one text value per
// request instead of a row, an object and a string per seat in Node (at 10,000 seats that
// was most of the request's CPU and garbage). The expression below is toCustomerSeat in
// SQL, for the seat `cs` and its holder `h`; tests/seats/list-seats.test.ts holds the two
// to each other. Ids and ISO timestamps never need escaping; what a person typed goes
// through to_json. Metadata is jsonb's own text (", " and ": " inside it). Every piece is
// fixed code (Prisma.raw of the column names chosen here), never input.
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const quotedSql = (text: string) => `COALESCE('"' || ${text} || '"', 'null')`;

export function customerSeatJsonSql(seat: "cs", holder: "h"): Prisma.Sql {
  return Prisma.raw(`concat('{"id":"', ${seat}.id, '","created_at":"', ${isoSql(`${seat}.created_at`)},
    '","modified_at":', ${quotedSql(isoSql(`${seat}.modified_at`))},
    ',"subscription_id":', ${quotedSql(`${seat}.subscription_id`)}, ',"order_id":', ${quotedSql(`${seat}.order_id`)},
    ',"status":', to_json(${seat}.status)::text, ',"customer_id":', ${quotedSql(`${seat}.customer_id`)},
    ',"member_id":null,"member":null,"email":', COALESCE(to_json(${seat}.email)::text, 'null'),
    ',"customer_email":', COALESCE(to_json(${holder}.email)::text, 'null'),
    ',"invitation_token_expires_at":', ${quotedSql(isoSql(`${seat}.invitation_token_expires_at`))},
    ',"claimed_at":', ${quotedSql(isoSql(`${seat}.claimed_at`))}, ',"revoked_at":', ${quotedSql(isoSql(`${seat}.revoked_at`))},
    ',"seat_metadata":', COALESCE(${seat}.seat_metadata::text, 'null'), '}')`);
}

/** Polar's SeatsList, written by PostgreSQL (see customerSeatJsonSql), for `listSeats`. */
export const SEATS_LIST_SQL: SeatsListSql = {
  seat: customerSeatJsonSql("cs", "h"),
  list: (seats, availableSeats, totalSeats) =>
    Prisma.sql`'{"seats":[' || ${seats} || '],"available_seats":' || ${availableSeats} || ',"total_seats":' || ${totalSeats} || '}'`,
};

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

// Polar's key stays `customer_session_token` whichever session it carries; a claim's is a
// member session (polar_mst_), as Polar's member model answers.
export function toCustomerSeatClaimResponse(claimed: { seat: SeatRow; memberSessionToken: string }) {
  return { seat: toCustomerSeat(claimed.seat), customer_session_token: claimed.memberSessionToken };
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

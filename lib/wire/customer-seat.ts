import type { SeatClaimInfo, SeatEventRow, SeatRow } from "@/lib/rows/seat";
import { Prisma } from "@/lib/generated/prisma/client";
import { iso, isoOrNull } from "./dates";
import { MEMBER_JSON_SQL_TEXT, toMember } from "./member";

// Polar's CustomerSeat, defined once: each key in Polar's order, with how JavaScript reads it
// off a SeatRow and how PostgreSQL writes it for the seat `cs` and its holder `h` (the seat
// list, thousands of seats, is written as JSON by PostgreSQL: one text value per request
// instead of a row, an object and a string per seat in Node; at 10,000 seats that was most of
// the request's CPU and garbage). Both serializers below are made from this one table, so a
// key cannot be added, renamed or reordered in one and not the other;
// tests/seats/list-seats.test.ts holds their output to each other field for field. The
// seat's member is `m` (its Member object, lib/wire/member.ts); the invitation token is
// never part of it.
type Field =
  | { key: string; kind: "id" | "time"; column: string; read: (seat: SeatRow) => string | Date }
  | { key: string; kind: "idOrNull" | "timeOrNull" | "textOrNull" | "json"; column: string; read: (seat: SeatRow) => unknown }
  | { key: string; kind: "text"; column: string; read: (seat: SeatRow) => string }
  | { key: string; kind: "member" };

const FIELDS: readonly Field[] = [
  { key: "id", kind: "id", column: "cs.id", read: (seat) => seat.id },
  { key: "created_at", kind: "time", column: "cs.created_at", read: (seat) => seat.createdAt },
  { key: "modified_at", kind: "timeOrNull", column: "cs.modified_at", read: (seat) => seat.modifiedAt },
  { key: "subscription_id", kind: "idOrNull", column: "cs.subscription_id", read: (seat) => seat.subscriptionId },
  { key: "order_id", kind: "idOrNull", column: "cs.order_id", read: (seat) => seat.orderId },
  { key: "status", kind: "text", column: "cs.status", read: (seat) => seat.status },
  { key: "customer_id", kind: "idOrNull", column: "cs.customer_id", read: (seat) => seat.customerId },
  { key: "member_id", kind: "idOrNull", column: "cs.member_id", read: (seat) => seat.memberId },
  { key: "member", kind: "member" },
  { key: "email", kind: "textOrNull", column: "cs.email", read: (seat) => seat.email },
  { key: "customer_email", kind: "textOrNull", column: "h.email", read: (seat) => seat.customerEmail },
  { key: "invitation_token_expires_at", kind: "timeOrNull", column: "cs.invitation_token_expires_at", read: (seat) => seat.invitationTokenExpiresAt },
  { key: "claimed_at", kind: "timeOrNull", column: "cs.claimed_at", read: (seat) => seat.claimedAt },
  { key: "revoked_at", kind: "timeOrNull", column: "cs.revoked_at", read: (seat) => seat.revokedAt },
  { key: "seat_metadata", kind: "json", column: "cs.seat_metadata", read: (seat) => seat.seatMetadata },
];

function valueOf(field: Field, seat: SeatRow): unknown {
  if (field.kind === "member") return seat.member ? toMember(seat.member) : null;
  const value = field.read(seat);
  if (field.kind === "time") return iso(value as Date);
  if (field.kind === "timeOrNull") return isoOrNull(value as Date | null);
  return value ?? null;
}

export type CustomerSeatWire = {
  id: string;
  created_at: string;
  modified_at: string | null;
  subscription_id: string | null;
  order_id: string | null;
  status: string;
  customer_id: string | null;
  member_id: string | null;
  member: ReturnType<typeof toMember> | null;
  email: string | null;
  customer_email: string | null;
  invitation_token_expires_at: string | null;
  claimed_at: string | null;
  revoked_at: string | null;
  seat_metadata: Record<string, unknown> | null;
};

export function toCustomerSeat(seat: SeatRow): CustomerSeatWire {
  const wire: Record<string, unknown> = {};
  for (const field of FIELDS) wire[field.key] = valueOf(field, seat);
  return wire as CustomerSeatWire;
}

// The same fields in SQL. Ids and ISO timestamps never need escaping; what a person typed goes
// through to_json; metadata is jsonb's own text (", " and ": " inside it). Every piece is fixed
// code (the column names of the table above, through Prisma.raw), never input.
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const quotedSql = (text: string) => `COALESCE('"' || ${text} || '"', 'null')`;

function valueSql(field: Field): string {
  switch (field.kind) {
    case "member":
      return MEMBER_JSON_SQL_TEXT;
    case "id":
      return `'"' || ${field.column} || '"'`;
    case "time":
      return `'"' || ${isoSql(field.column)} || '"'`;
    case "idOrNull":
      return quotedSql(field.column);
    case "timeOrNull":
      return quotedSql(isoSql(field.column));
    case "text":
      return `to_json(${field.column})::text`;
    case "textOrNull":
      return `COALESCE(to_json(${field.column})::text, 'null')`;
    case "json":
      return `COALESCE(${field.column}::text, 'null')`;
  }
}

const CUSTOMER_SEAT_JSON_SQL = `concat('{', ${FIELDS.map((field, i) => `'${i ? "," : ""}"${field.key}":', ${valueSql(field)}`).join(", ")}, '}')`;

/** toCustomerSeat in SQL, for the seat `cs`, its holder `h` and its member `m`. */
export function customerSeatJsonSql(): Prisma.Sql {
  return Prisma.raw(CUSTOMER_SEAT_JSON_SQL);
}

/**
 * Polar's SeatsList, written by PostgreSQL (see customerSeatJsonSql), for `listSeats`. Its
 * type (SeatsListSql) is the seat service's, and serializers do not import lib/seats: the
 * compiler holds this object to it where a door passes it.
 */
export const SEATS_LIST_SQL = {
  seat: customerSeatJsonSql(),
  list: (seats: Prisma.Sql, availableSeats: Prisma.Sql, totalSeats: Prisma.Sql) =>
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

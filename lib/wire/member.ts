import type { MemberRow } from "@/lib/rows/member";
import { iso, isoOrNull } from "./dates";

/** Polar's Member (merchant API, webhooks, `seat.member`). */
export function toMember(member: MemberRow) {
  return {
    id: member.id,
    created_at: iso(member.createdAt),
    modified_at: isoOrNull(member.modifiedAt),
    customer_id: member.customerId,
    email: member.email,
    name: member.name,
    external_id: member.externalId,
    role: member.role,
  };
}

/** Polar's CustomerPortalMember: what a team's admins see of each other (no external id). */
export function toCustomerPortalMember(member: MemberRow) {
  return {
    created_at: iso(member.createdAt),
    modified_at: isoOrNull(member.modifiedAt),
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
  };
}

// toMember in SQL for the member `m` of a seat (the seat list is written by PostgreSQL, see
// lib/wire/customer-seat.ts), compact like the seat's own fields: json_build_object's text
// puts spaces around every ":" and after every "," (a tenth of the member's bytes, on up to
// 10,000 seats a list). tests/seats/list-seats.test.ts holds it to toMember above.
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const orNull = (text: string) => `COALESCE('"' || ${text} || '"', 'null')`;
const textOrNull = (column: string) => `COALESCE(to_json(${column})::text, 'null')`;
const MEMBER_JSON_SQL = `CASE WHEN m.id IS NULL THEN 'null' ELSE concat('{"id":"', m.id, '","created_at":"', ${isoSql("m.created_at")}, '","modified_at":', ${orNull(isoSql("m.modified_at"))}, ',"customer_id":"', m.customer_id, '","email":', to_json(m.email)::text, ',"name":', ${textOrNull("m.name")}, ',"external_id":', ${textOrNull("m.external_id")}, ',"role":', to_json(m.role)::text, '}') END`;

/** The seat's `member` as JSON text, for the member `m` joined to the seat `cs` (fixed code, never input). */
export const MEMBER_JSON_SQL_TEXT = MEMBER_JSON_SQL;

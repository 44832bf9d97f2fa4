// The app's statements (a copy of scripts/bench/floor-sql.ts, which mirrors lib/seats and
// lib/auth) as Prisma.sql tagged templates: parameters bound, uuid casts written out since
// Prisma's driver adapter sends strings as text.
import { Prisma } from "@/lib/generated/prisma/client";

export const sessionByTokenHash = (hash: string) => Prisma.sql`
  SELECT s.id, c.id AS customer_id, c.organization_id
    FROM customer_sessions s JOIN customers c ON c.id = s.customer_id
   WHERE s.token_hash = ${hash} AND s.revoked_at IS NULL AND s.expires_at > now() AND c.deleted_at IS NULL`;

// SEATS_LIST_SQL of lib/wire/customer-seat.ts, written out: the whole SeatsList as JSON.
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const quoted = (text: string) => `COALESCE('"' || ${text} || '"', 'null')`;
// MEMBER_JSON_SQL_TEXT of lib/wire/member.ts: the member `m` joined to the seat.
const MEMBER_JSON = `CASE WHEN m.id IS NULL THEN 'null' ELSE concat('{"id":"', m.id, '","created_at":"', ${iso("m.created_at")},
    '","modified_at":', ${quoted(iso("m.modified_at"))}, ',"customer_id":"', m.customer_id, '","email":', to_json(m.email)::text,
    ',"name":', COALESCE(to_json(m.name)::text, 'null'), ',"external_id":', COALESCE(to_json(m.external_id)::text, 'null'),
    ',"role":', to_json(m.role)::text, '}') END`;
const SEAT_JSON = `concat('{"id":"', cs.id, '","created_at":"', ${iso("cs.created_at")},
    '","modified_at":', ${quoted(iso("cs.modified_at"))},
    ',"subscription_id":', ${quoted("cs.subscription_id")}, ',"order_id":', ${quoted("cs.order_id")},
    ',"status":', to_json(cs.status)::text, ',"customer_id":', ${quoted("cs.customer_id")},
    ',"member_id":', ${quoted("cs.member_id")}, ',"member":', ${MEMBER_JSON},
    ',"email":', COALESCE(to_json(cs.email)::text, 'null'),
    ',"customer_email":', COALESCE(to_json(h.email)::text, 'null'),
    ',"invitation_token_expires_at":', ${quoted(iso("cs.invitation_token_expires_at"))},
    ',"claimed_at":', ${quoted(iso("cs.claimed_at"))}, ',"revoked_at":', ${quoted(iso("cs.revoked_at"))},
    ',"seat_metadata":', COALESCE(cs.seat_metadata::text, 'null'), '}')`;
const SEATS_LIST_JSON = Prisma.raw(`'{"seats":[' || COALESCE(string_agg(${SEAT_JSON}, ',' ORDER BY cs.created_at, cs.id) FILTER (WHERE cs.id IS NOT NULL), '')
  || '],"available_seats":' || GREATEST(0, COALESCE(c.seats, 0) - count(cs.id) FILTER (WHERE cs.status IN ('pending', 'claimed')))
  || ',"total_seats":' || COALESCE(c.seats, 0) || '}'`);

export const listingOfSubscription = (subscriptionId: string, customerId: string) => Prisma.sql`
  SELECT o.seat_based_pricing_enabled AS enabled, ${SEATS_LIST_JSON} AS json
    FROM subscriptions c
    JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN customer_seats cs ON cs.subscription_id = c.id
    LEFT JOIN customers h ON h.id = cs.customer_id
    LEFT JOIN members m ON m.id = cs.member_id
   WHERE c.id = ${subscriptionId}::uuid AND c.customer_id = ${customerId}::uuid
   GROUP BY c.id, o.id`;

export const rateLimitUpsert = (key: string, points: number, expire: number, now: number) => Prisma.sql`
  INSERT INTO rate_limit_buckets VALUES (${key}, ${points}, ${expire})
    ON CONFLICT(key) DO UPDATE SET
      points = CASE WHEN (rate_limit_buckets.expire <= ${now} OR 1=0) THEN ${points} ELSE rate_limit_buckets.points + (${points}) END,
      expire = CASE WHEN rate_limit_buckets.expire <= ${now} THEN ${expire} ELSE rate_limit_buckets.expire END
  RETURNING points`;

export const lockContainer = (subscriptionId: string, customerId: string) => Prisma.sql`
  SELECT c.id, c.organization_id, c.customer_id, c.seats, c.status, c.product_id,
         p.name AS product_name, o.seat_based_pricing_enabled,
         o.name AS organization_name, o.slug AS organization_slug,
         COALESCE(bc.name, bc.email) AS billing_customer_label, c.cancel_at_period_end
    FROM subscriptions c
    JOIN products p ON p.id = c.product_id
    JOIN organizations o ON o.id = c.organization_id
    JOIN customers bc ON bc.id = c.customer_id
   WHERE c.id = ${subscriptionId}::uuid AND c.customer_id = ${customerId}::uuid
     FOR UPDATE OF c FOR SHARE OF bc`;

export const upsertCustomer = (organizationId: string, email: string, key: string) => Prisma.sql`
  INSERT INTO customers (id, organization_id, email, email_key, metadata)
  VALUES (gen_random_uuid(), ${organizationId}::uuid, ${email}, ${key}, '{}')
  ON CONFLICT (organization_id, email_key) WHERE deleted_at IS NULL DO NOTHING
  RETURNING id, email`;

export const customerByEmail = (organizationId: string, key: string) => Prisma.sql`
  SELECT id, email FROM customers WHERE organization_id = ${organizationId}::uuid AND email_key = ${key} AND deleted_at IS NULL LIMIT 1`;

// The member's columns as m_*, from the upsert: framework/wire.ts reads them.
export const upsertMember = (billingCustomerId: string, email: string, at: Date) => Prisma.sql`
  INSERT INTO members (id, customer_id, email, email_key, role, created_at)
  VALUES (gen_random_uuid(), ${billingCustomerId}::uuid, ${email}, lower(${email}), 'member', ${at}::timestamptz)
  ON CONFLICT (customer_id, email_key) WHERE deleted_at IS NULL DO UPDATE SET email_key = EXCLUDED.email_key
  RETURNING id AS m_id, created_at AS m_created_at, modified_at AS m_modified_at, customer_id AS m_customer_id,
            email AS m_email, name AS m_name, external_id AS m_external_id, role AS m_role`;

export const countLiveSeatsAndHolder = (subscriptionId: string, holderId: string) => Prisma.sql`
  SELECT count(*)::int AS live, COALESCE(bool_or(customer_id = ${holderId}::uuid), false) AS held,
         (SELECT id FROM customer_seats WHERE subscription_id = ${subscriptionId}::uuid AND status = 'revoked' ORDER BY revoked_at, id LIMIT 1) AS revoked_seat_id
    FROM customer_seats WHERE subscription_id = ${subscriptionId}::uuid AND status IN ('pending', 'claimed')`;

const SEAT_RETURNING = Prisma.raw(`id, created_at, modified_at, subscription_id, order_id, status, customer_id, member_id, email,
  invitation_token_expires_at, assigned_at, claimed_at, revoked_at, seat_metadata`);

type Invitation = { email: string; memberId: string; tokenHash: string; expiresAt: Date; at: Date };

export const reuseSeat = (seatId: string, holderId: string, i: Invitation) => Prisma.sql`
  UPDATE customer_seats
     SET status = 'pending', customer_id = ${holderId}::uuid, member_id = ${i.memberId}::uuid, email = ${i.email}, invitation_token_hash = ${i.tokenHash},
         invitation_token_expires_at = ${i.expiresAt}, claimed_at = NULL, seat_metadata = '{}', assigned_at = ${i.at},
         revoked_at = NULL, reminded_at = NULL, modified_at = ${i.at}
   WHERE id = ${seatId}::uuid RETURNING ${SEAT_RETURNING}`;

export const insertSeat = (subscriptionId: string, holderId: string, i: Invitation) => Prisma.sql`
  INSERT INTO customer_seats (id, created_at, subscription_id, status, customer_id, member_id, email, invitation_token_hash,
                              invitation_token_expires_at, claimed_at, seat_metadata, assigned_at, revoked_at, reminded_at)
  VALUES (gen_random_uuid(), ${i.at}, ${subscriptionId}::uuid, 'pending', ${holderId}::uuid, ${i.memberId}::uuid, ${i.email}, ${i.tokenHash},
          ${i.expiresAt}, NULL, '{}', ${i.at}, NULL, NULL) RETURNING ${SEAT_RETURNING}`;

export const insertSeatEvent = (seatId: string, subscriptionId: string, type: string, email: string | null, customerId: string | null, actorId: string) => Prisma.sql`
  INSERT INTO seat_events (id, seat_id, subscription_id, type, email, customer_id, actor_type, actor_id)
  VALUES (gen_random_uuid(), ${seatId}::uuid, ${subscriptionId}::uuid, ${type}, ${email}, ${customerId}::uuid, 'customer', ${actorId}) RETURNING id`;

export const insertOutbox = (kind: string, recipient: string, subject: string, payload: string) => Prisma.sql`
  INSERT INTO email_outbox (id, created_at, kind, recipient, subject, payload)
  VALUES (gen_random_uuid(), now(), ${kind}, ${recipient}, ${subject}, ${payload})`;

export const queueWebhook = (type: string, payload: string, at: Date, organizationId: string) => Prisma.sql`
  INSERT INTO webhook_events (id, endpoint_id, type, payload, created_at, next_attempt_at)
  SELECT gen_random_uuid(), e.id, ${type}, ${payload}, ${at}, ${at}
    FROM webhook_endpoints e
   WHERE e.organization_id = ${organizationId}::uuid AND e.enabled AND ${type} = ANY(e.events)`;

export const lockSeatInScope = (seatId: string, customerId: string) => Prisma.sql`
  SELECT cs.id, cs.status, cs.subscription_id, cs.order_id, cs.customer_id, cs.email,
         cs.invitation_token_expires_at,
         COALESCE(s.organization_id, o.organization_id) AS organization_id,
         COALESCE(s.customer_id, o.customer_id) AS billing_customer_id,
         org.seat_based_pricing_enabled, p.id AS product_id, p.name AS product_name,
         org.name AS organization_name, org.slug AS organization_slug,
         COALESCE(bc.name, bc.email) AS billing_customer_label, bc.email AS billing_customer_email
    FROM customer_seats cs
    LEFT JOIN subscriptions s ON s.id = cs.subscription_id
    LEFT JOIN orders o ON o.id = cs.order_id
    JOIN organizations org ON org.id = COALESCE(s.organization_id, o.organization_id)
    JOIN products p ON p.id = COALESCE(s.product_id, o.product_id)
    JOIN customers bc ON bc.id = COALESCE(s.customer_id, o.customer_id)
   WHERE cs.id = ${seatId}::uuid AND COALESCE(s.customer_id, o.customer_id) = ${customerId}::uuid
   FOR UPDATE OF cs`;

export const markSeatRevoked = (seatId: string, at: Date) => Prisma.sql`
  UPDATE customer_seats SET status = 'revoked', revoked_at = ${at}, modified_at = ${at}, customer_id = NULL, email = NULL, member_id = NULL
   WHERE id = ${seatId}::uuid RETURNING id`;

export const revokeSessionsOfSeat = (seatId: string, at: Date) => Prisma.sql`
  UPDATE customer_sessions SET revoked_at = ${at}, modified_at = ${at} WHERE seat_id = ${seatId}::uuid AND revoked_at IS NULL`;

export const seatById = (seatId: string) => Prisma.sql`
  SELECT cs.id, cs.created_at, cs.modified_at, cs.subscription_id, cs.order_id, cs.status, cs.customer_id, cs.member_id,
         cs.email, cs.invitation_token_expires_at, cs.assigned_at, cs.claimed_at, cs.revoked_at,
         cs.seat_metadata, cu.email AS customer_email,
         m.id AS m_id, m.created_at AS m_created_at, m.modified_at AS m_modified_at, m.customer_id AS m_customer_id,
         m.email AS m_email, m.name AS m_name, m.external_id AS m_external_id, m.role AS m_role
    FROM customer_seats cs LEFT JOIN customers cu ON cu.id = cs.customer_id LEFT JOIN members m ON m.id = cs.member_id
   WHERE cs.id = ${seatId}::uuid`;

// The SQL of the floors: the statements the app runs (lib/seats/queries.ts, lib/auth, the
// rate limiter), written as plain text for `pg`. Kept beside the floor so that a reader
// can check, statement by statement, that the floor does the same database work.

import { Prisma } from "@/lib/generated/prisma/client";
import { SEATS_LIST_SQL } from "@/lib/wire/customer-seat";

export const LIVE = `('pending', 'claimed')`;

// customerSessionActor() in lib/auth/bearer.ts.
export const SESSION_BY_TOKEN_HASH = `
  SELECT s.id, c.id AS customer_id, c.organization_id
    FROM customer_sessions s JOIN customers c ON c.id = s.customer_id
   WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND c.deleted_at IS NULL`;

// findSeatListing() in lib/seats/queries.ts, for a subscription and a customer scope: the
// whole SeatsList as JSON, written by PostgreSQL with the app's own expressions
// (SEATS_LIST_SQL of lib/wire/customer-seat.ts), in one statement.
const seats = `COALESCE(string_agg(${SEATS_LIST_SQL.seat.sql}, ',' ORDER BY cs.created_at, cs.id) FILTER (WHERE cs.id IS NOT NULL), '')`;
const free = `GREATEST(0, COALESCE(c.seats, 0) - count(cs.id) FILTER (WHERE cs.status IN ('pending', 'claimed')))`;
export const LISTING_OF_SUBSCRIPTION = `
  SELECT o.seat_based_pricing_enabled AS enabled, ${SEATS_LIST_SQL.list(Prisma.raw(seats), Prisma.raw(free), Prisma.raw("COALESCE(c.seats, 0)")).sql} AS json
    FROM subscriptions c
    JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN customer_seats cs ON cs.subscription_id = c.id
    LEFT JOIN customers h ON h.id = cs.customer_id
    LEFT JOIN members m ON m.id = cs.member_id
   WHERE c.id = $1 AND c.customer_id = $2
   GROUP BY c.id, o.id`;

// selectContainer() in lib/seats/queries.ts, for a subscription and a customer scope.
const CONTAINER = `
  SELECT c.id, c.organization_id, c.customer_id, c.seats, c.status, c.product_id,
         p.name AS product_name, o.seat_based_pricing_enabled,
         o.name AS organization_name, o.slug AS organization_slug,
         COALESCE(bc.name, bc.email) AS billing_customer_label, c.cancel_at_period_end
    FROM subscriptions c
    JOIN products p ON p.id = c.product_id
    JOIN organizations o ON o.id = c.organization_id
    JOIN customers bc ON bc.id = c.customer_id
   WHERE c.id = $1::uuid AND c.customer_id = $2::uuid`;

export const FIND_CONTAINER = CONTAINER;
export const LOCK_CONTAINER = `${CONTAINER} FOR UPDATE OF c FOR SHARE OF bc`;

// The seat's member (SEAT_OWN_SELECT's `member`), as m_* columns: floor-wire.ts reads them.
const MEMBER_COLUMNS = `m.id AS m_id, m.created_at AS m_created_at, m.modified_at AS m_modified_at, m.customer_id AS m_customer_id,
  m.email AS m_email, m.name AS m_name, m.external_id AS m_external_id, m.role AS m_role`;

const SEAT_COLUMNS = `
  cs.id, cs.created_at, cs.modified_at, cs.subscription_id, cs.order_id, cs.status, cs.customer_id, cs.member_id,
  cs.email, cs.invitation_token_expires_at, cs.assigned_at, cs.claimed_at, cs.revoked_at,
  cs.seat_metadata, cu.email AS customer_email, ${MEMBER_COLUMNS}`;

const SEATS_FROM = `customer_seats cs LEFT JOIN customers cu ON cu.id = cs.customer_id LEFT JOIN members m ON m.id = cs.member_id`;

// findSeatsOfContainer(): every seat, oldest first, with the holder's email and the member.
export const SEATS_OF_SUBSCRIPTION = `
  SELECT ${SEAT_COLUMNS}
    FROM ${SEATS_FROM}
   WHERE cs.subscription_id = $1::uuid
   ORDER BY cs.created_at ASC, cs.id ASC`;

export const SEATS_PAGE_OF_SUBSCRIPTION = `${SEATS_OF_SUBSCRIPTION} LIMIT $2 OFFSET $3`;

export const SEAT_BY_ID = `
  SELECT ${SEAT_COLUMNS}
    FROM ${SEATS_FROM}
   WHERE cs.id = $1::uuid`;

// countSeatsByState()
export const COUNT_SEATS_BY_STATE = `
  SELECT count(*) FILTER (WHERE cs.status = 'claimed')::int AS claimed,
         count(*) FILTER (WHERE cs.status = 'pending')::int AS pending,
         count(*) FILTER (WHERE cs.status = 'pending' AND cs.invitation_token_expires_at <= now())::int AS expired,
         count(cs.id)::int AS rows
    FROM customer_seats cs WHERE cs.subscription_id = $1::uuid`;

// The claimed subscriptions of a holder (findClaimedSubscriptions + countClaimedSubscriptions).
const CLAIMED_BY = `EXISTS (SELECT 1 FROM customer_seats cs
                            WHERE cs.subscription_id = s.id AND cs.customer_id = $1::uuid AND cs.status = 'claimed')`;

export const CLAIMED_SUBSCRIPTIONS = `
  SELECT s.id, s.created_at, s.modified_at, s.customer_id, s.product_id, s.status, s.amount, s.currency,
         s.recurring_interval, s.recurring_interval_count, s.current_period_start, s.current_period_end,
         s.cancel_at_period_end, s.canceled_at, s.started_at, s.ends_at, s.ended_at, s.trial_start, s.trial_end,
         NULL::text AS customer_cancellation_reason, NULL::text AS customer_cancellation_comment, s.seats,
         p.created_at AS p_created_at, p.modified_at AS p_modified_at, p.organization_id AS p_organization_id,
         p.name AS p_name, p.description AS p_description, p.recurring_interval AS p_recurring_interval,
         p.recurring_interval_count AS p_recurring_interval_count, p.is_archived AS p_is_archived,
         p.visibility AS p_visibility,
         o.id AS o_id, o.created_at AS o_created_at, o.modified_at AS o_modified_at, o.name AS o_name,
         o.slug AS o_slug, o.avatar_url AS o_avatar_url, o.customer_portal_update_seats AS o_update_seats
    FROM subscriptions s
    JOIN products p ON p.id = s.product_id
    JOIN organizations o ON o.id = p.organization_id
   WHERE ${CLAIMED_BY}
   ORDER BY s.created_at DESC, s.id DESC
   LIMIT $2 OFFSET $3`;

export const COUNT_CLAIMED_SUBSCRIPTIONS = `SELECT count(*)::int AS n FROM subscriptions s WHERE ${CLAIMED_BY}`;

export const PRICES_OF_PRODUCTS = `
  SELECT id, created_at, modified_at, product_id, amount_type, price_currency, seat_tier_type, seat_tiers, is_archived
    FROM product_prices WHERE product_id = ANY($1::uuid[])
   ORDER BY created_at ASC`;

// The browser session (Auth.js's getSessionAndUser over the hashed cookie), the portal's
// organization and the viewer's customer: what getPortalViewer() reads.
export const BROWSER_SESSION = `
  SELECT s.expires, s.organization_id, u.email
    FROM auth_sessions s JOIN auth_users u ON u.id = s.user_id
   WHERE s.session_token = $1`;
export const ORGANIZATION_BY_SLUG = `SELECT id, name, slug FROM organizations WHERE slug = $1`;
export const CUSTOMER_BY_EMAIL = `
  SELECT id FROM customers WHERE organization_id = $1::uuid AND email_key = $2 AND deleted_at IS NULL LIMIT 1`;

// The rate limiter's upsert (lib/rate-limit.ts, the statement of rate-limiter-flexible's RateLimiterPostgres it replaced), one point per assign.
export const RATE_LIMIT_UPSERT = `
  INSERT INTO rate_limit_buckets VALUES ($1, $2, $3)
    ON CONFLICT(key) DO UPDATE SET
      points = CASE WHEN (rate_limit_buckets.expire <= $4 OR 1=0) THEN $2 ELSE rate_limit_buckets.points + ($2) END,
      expire = CASE WHEN rate_limit_buckets.expire <= $4 THEN $3 ELSE rate_limit_buckets.expire END
  RETURNING points, expire`;

// The assign transaction (lib/seats/assign-seat.ts), after LOCK_CONTAINER.
export const UPSERT_CUSTOMER = `
  INSERT INTO customers (id, organization_id, email, email_key, metadata)
  VALUES (gen_random_uuid(), $1::uuid, $2, $3, '{}')
  ON CONFLICT (organization_id, email_key) WHERE deleted_at IS NULL DO NOTHING
  RETURNING id, email`;
// findOrCreateMember(): the person's member of the billing customer's team. The app returns
// id, role and email, then reads the member back with the seat; the floor takes its columns
// here, where the row already is.
export const UPSERT_MEMBER = `
  INSERT INTO members (id, customer_id, email, email_key, role, created_at)
  VALUES (gen_random_uuid(), $1::uuid, $2, lower($2), 'member', $3::timestamptz)
  ON CONFLICT (customer_id, email_key) WHERE deleted_at IS NULL DO UPDATE SET email_key = EXCLUDED.email_key
  RETURNING id AS m_id, created_at AS m_created_at, modified_at AS m_modified_at, customer_id AS m_customer_id,
            email AS m_email, name AS m_name, external_id AS m_external_id, role AS m_role`;
// countLiveSeatsAndHolder(): the live seats, whether the holder has one, and the revoked row to reuse.
export const COUNT_LIVE_SEATS_AND_HOLDER = `
  SELECT count(*)::int AS live, COALESCE(bool_or(customer_id = $2::uuid), false) AS held,
         (SELECT id FROM customer_seats WHERE subscription_id = $1::uuid AND status = 'revoked' ORDER BY revoked_at, id LIMIT 1) AS revoked_seat_id
    FROM customer_seats WHERE subscription_id = $1::uuid AND status IN ${LIVE}`;
// writeAssignment(): the seat written and read back in one statement.
const SEAT_RETURNING = `id, created_at, modified_at, subscription_id, order_id, status, customer_id, member_id, email,
  invitation_token_expires_at, assigned_at, claimed_at, revoked_at, seat_metadata`;
export const REUSE_SEAT = `
  UPDATE customer_seats
     SET status = 'pending', customer_id = $2::uuid, member_id = $7::uuid, email = $3, invitation_token_hash = $4,
         invitation_token_expires_at = $5, claimed_at = NULL, seat_metadata = '{}', assigned_at = $6,
         revoked_at = NULL, reminded_at = NULL, modified_at = $6
   WHERE id = $1::uuid RETURNING ${SEAT_RETURNING}`;
export const INSERT_SEAT = `
  INSERT INTO customer_seats (id, created_at, subscription_id, status, customer_id, member_id, email, invitation_token_hash,
                              invitation_token_expires_at, claimed_at, seat_metadata, assigned_at, revoked_at, reminded_at)
  VALUES (gen_random_uuid(), $6, $1::uuid, 'pending', $2::uuid, $7::uuid, $3, $4, $5, NULL, '{}', $6, NULL, NULL) RETURNING ${SEAT_RETURNING}`;
export const INSERT_SEAT_EVENT = `
  INSERT INTO seat_events (id, seat_id, subscription_id, type, email, customer_id, actor_type, actor_id)
  VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5::uuid, 'customer', $6) RETURNING id`;
export const INSERT_OUTBOX = `
  INSERT INTO email_outbox (id, created_at, kind, recipient, subject, payload)
  VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4, $5, $6)`;

// The revoke transaction (lib/seats/revoke-seat.ts): lockSeatInScope, then the writes.
export const LOCK_SEAT_IN_SCOPE = `
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
   WHERE cs.id = $1::uuid AND COALESCE(s.customer_id, o.customer_id) = $2::uuid
   FOR UPDATE OF cs`;
export const MARK_SEAT_REVOKED = `
  UPDATE customer_seats SET status = 'revoked', revoked_at = $2, modified_at = $2, customer_id = NULL, email = NULL, member_id = NULL
   WHERE id = $1::uuid RETURNING id`;
export const REVOKE_SESSIONS_OF_SEAT = `
  UPDATE customer_sessions SET revoked_at = $2, modified_at = $2 WHERE seat_id = $1::uuid AND revoked_at IS NULL`;

// queueSeatWebhook() (lib/webhooks/queue.ts): one row per enabled endpoint of the
// organization subscribed to the event, in the transaction of the change.
export const QUEUE_WEBHOOK = `
  INSERT INTO webhook_events (id, endpoint_id, type, payload, created_at, next_attempt_at)
  SELECT gen_random_uuid(), e.id, $1, $2, $3, $3
    FROM webhook_endpoints e
   WHERE e.organization_id = $4::uuid AND e.enabled AND $1 = ANY(e.events)`;

// The bench's data, written in bulk SQL (INSERT … SELECT generate_series): one
// organization, one seat-based product, a billing customer who owns subscriptions of
// 100, 1,000 and 10,000 seats (a mix of claimed, pending, expired and revoked rows), a
// holder with claimed seats on 10 subscriptions, and a subscription of 10,000 seats with
// 9,000 taken for the writes. The billing customer's team has its owner (the customer's own
// address) and a member for each person on a live seat, whom the seat names (member_id), as
// the app's assign and claim leave them. Tokens and the browser session are inserted hashed,
// as the app stores them.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";

export const ORG_SLUG = "bench";
export const OWNER_EMAIL = "owner@bench.example";
export const HOLDER_EMAIL = "holder@bench.example";

export type SeedPlan = { lists: number[]; holder: boolean; writes: boolean };

export type Seeded = {
  organizationId: string;
  orgSlug: string;
  ownerId: string;
  /** Bearer token (polar_cst_…) of the billing customer. */
  ownerToken: string;
  /** Bearer token of the holder of 10 claimed seats (when seeded). */
  holderToken: string | null;
  /** The value of the `authjs.session-token` cookie of the billing customer. */
  sessionCookie: string;
  /** Subscription id by seat count. */
  lists: Record<number, string>;
  /** The writes' subscription: 10,000 seats, 9,000 taken. */
  writeSubscriptionId: string | null;
};

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const token = (prefix = "") => prefix + randomBytes(32).toString("base64url");

async function one<T>(client: pg.ClientBase, text: string, values: unknown[] = []): Promise<T> {
  const { rows } = await client.query(text, values);
  return rows[0] as T;
}

async function subscription(client: pg.ClientBase, org: string, owner: string, product: string, seats: number, ageDays: number) {
  const row = await one<{ id: string }>(
    client,
    `INSERT INTO subscriptions (id, created_at, organization_id, customer_id, product_id, status, amount,
                                current_period_start, current_period_end, started_at, seats)
     VALUES (gen_random_uuid(), now() - make_interval(days => $5), $1, $2, $3, 'active', $4 * 1000,
             date_trunc('day', now()), date_trunc('day', now()) + interval '30 days', now() - make_interval(days => $5), $4)
     RETURNING id`,
    [org, owner, product, seats, ageDays],
  );
  return row.id;
}

/**
 * `count` seat rows on a subscription, oldest first, a customer per live row and a member of
 * the billing customer's team (`owner`) named by it. Row n is revoked when n % 10 = 0 (for
 * lists; never for the writes' subscription), pending when n % 10 is 1–3 (its link expired
 * when n % 20 = 1), claimed otherwise.
 */
async function seats(client: pg.ClientBase, org: string, owner: string, subscriptionId: string, tag: string, count: number, withRevoked: boolean) {
  const emailOf = (n: string) => `'${tag}-' || ${n} || '@bench.example'`;
  const revoked = withRevoked ? `n % 10 = 0` : `false`;
  await client.query(
    `INSERT INTO customers (id, created_at, organization_id, email, email_key, name)
     SELECT gen_random_uuid(), now() - interval '60 days' + n * interval '1 second', $1, ${emailOf("n")}, ${emailOf("n")},
            CASE WHEN n % 4 = 0 THEN 'Member ' || n END
       FROM generate_series(1, $2::int) n WHERE NOT (${revoked})`,
    [org, count],
  );
  // The assign makes the member when it gives the seat (created then, no name or external id);
  // some are given a name, an external id or a later change, so that the comparison of the
  // sides' bytes sees each of the Member's fields both null and set.
  await client.query(
    `INSERT INTO members (id, created_at, modified_at, customer_id, email, email_key, name, external_id, role)
     SELECT gen_random_uuid(), now() - interval '50 days' + n * interval '1 second',
            CASE WHEN n % 7 = 0 THEN now() - interval '40 days' + n * interval '1 second' END,
            $1, ${emailOf("n")}, ${emailOf("n")}, CASE WHEN n % 4 = 0 THEN 'Member ' || n END,
            CASE WHEN n % 5 = 2 THEN 'ext-${tag}-' || n END, 'member'
       FROM generate_series(1, $2::int) n WHERE NOT (${revoked})`,
    [owner, count],
  );
  await client.query(
    `INSERT INTO customer_seats (id, created_at, modified_at, subscription_id, status, customer_id, member_id, email,
                                 invitation_token_hash, invitation_token_expires_at, assigned_at, claimed_at,
                                 revoked_at, seat_metadata)
     SELECT gen_random_uuid(), t.created, CASE t.status WHEN 'pending' THEN NULL ELSE t.created + interval '1 day' END,
            $2, t.status, c.id, m.id, c.email,
            CASE WHEN t.status <> 'revoked' THEN encode(sha256(convert_to('${tag}-' || n || '-' || $3, 'UTF8')), 'hex') END,
            CASE WHEN t.status <> 'revoked' THEN t.created + CASE WHEN n % 20 = 1 THEN interval '7 days' ELSE interval '400 days' END END,
            CASE WHEN t.status <> 'revoked' THEN t.created END,
            CASE WHEN t.status = 'claimed' THEN t.created + interval '1 day' END,
            CASE WHEN t.status = 'revoked' THEN t.created + interval '1 day' END,
            CASE n % 3 WHEN 0 THEN '{"team": "engineering", "level": 2}'::jsonb WHEN 1 THEN '{}'::jsonb END
       FROM (SELECT n, now() - interval '50 days' + n * interval '1 second' AS created,
                    CASE WHEN ${revoked} THEN 'revoked' WHEN n % 10 BETWEEN 1 AND 3 THEN 'pending' ELSE 'claimed' END AS status
               FROM generate_series(1, $4::int) n) t
       LEFT JOIN customers c ON t.status <> 'revoked' AND c.organization_id = $1 AND c.email_key = ${emailOf("t.n")}
       LEFT JOIN members m ON t.status <> 'revoked' AND m.customer_id = $5 AND m.email_key = ${emailOf("t.n")} AND m.deleted_at IS NULL`,
    [org, subscriptionId, randomBytes(8).toString("hex"), count, owner],
  );
}

export async function seed(client: pg.ClientBase, plan: SeedPlan): Promise<Seeded> {
  await client.query("BEGIN");
  try {
    const org = (await one<{ id: string }>(client, `INSERT INTO organizations (id, name, slug) VALUES (gen_random_uuid(), 'Bench Inc.', $1) RETURNING id`, [ORG_SLUG])).id;
    const product = (
      await one<{ id: string }>(
        client,
        `INSERT INTO products (id, organization_id, name, description, recurring_interval, recurring_interval_count)
         VALUES (gen_random_uuid(), $1, 'Team plan', 'Seats for the whole team', 'month', 1) RETURNING id`,
        [org],
      )
    ).id;
    await client.query(
      `INSERT INTO product_prices (id, product_id, seat_tiers)
       VALUES (gen_random_uuid(), $1, '[{"min_seats": 1, "max_seats": 50, "price_per_seat": 1200}, {"min_seats": 51, "max_seats": null, "price_per_seat": 1000}]')`,
      [product],
    );
    const customer = (email: string, name: string | null) =>
      one<{ id: string }>(client, `INSERT INTO customers (id, organization_id, email, email_key, name) VALUES (gen_random_uuid(), $1, $2, lower($2), $3) RETURNING id`, [org, email, name]);
    const owner = (await customer(OWNER_EMAIL, "Olivia Owner")).id;
    // Every billing customer's team has its owner, with the customer's own address (as the teams migration gives one).
    await client.query(
      `INSERT INTO members (id, created_at, customer_id, email, email_key, name, external_id, role)
       SELECT gen_random_uuid(), created_at, id, email, email_key, name, external_id, 'owner' FROM customers WHERE id = $1`,
      [owner],
    );

    const lists: Record<number, string> = {};
    for (const size of plan.lists) {
      lists[size] = await subscription(client, org, owner, product, size, 40);
      await seats(client, org, owner, lists[size], `m${size}`, size, true);
    }

    let writeSubscriptionId: string | null = null;
    if (plan.writes) {
      writeSubscriptionId = await subscription(client, org, owner, product, 10_000, 40);
      await seats(client, org, owner, writeSubscriptionId, "w", 9_000, false);
    }

    const sessionToken = async (customerId: string) => {
      const value = token("polar_cst_");
      await client.query(
        `INSERT INTO customer_sessions (id, customer_id, token_hash, expires_at) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')`,
        [customerId, sha256(value)],
      );
      return value;
    };

    let holderToken: string | null = null;
    if (plan.holder) {
      const holder = (await customer(HOLDER_EMAIL, "Hugo Holder")).id;
      // One member of the owner's team for the holder's 10 seats: a team has one live member per address.
      const member = (
        await one<{ id: string }>(
          client,
          `INSERT INTO members (id, created_at, customer_id, email, email_key, role)
           VALUES (gen_random_uuid(), now() - interval '20 days', $1, $2, lower($2), 'member') RETURNING id`,
          [owner, HOLDER_EMAIL],
        )
      ).id;
      for (let i = 0; i < 10; i++) {
        const id = await subscription(client, org, owner, product, 5, 30 - i);
        await client.query(
          `INSERT INTO customer_seats (id, created_at, modified_at, subscription_id, status, customer_id, member_id, email,
                                       invitation_token_hash, invitation_token_expires_at, assigned_at, claimed_at, seat_metadata)
           VALUES (gen_random_uuid(), now() - interval '20 days', now() - interval '19 days', $1, 'claimed', $2, $5, $3,
                   $4, now() + interval '1 day', now() - interval '20 days', now() - interval '19 days', '{}')`,
          [id, holder, HOLDER_EMAIL, sha256(token()), member],
        );
      }
      holderToken = await sessionToken(holder);
    }
    const ownerToken = await sessionToken(owner);

    // An Auth.js database session for the owner's email (an email sign-in: no organization
    // on it), stored as the SHA-256 of the cookie (lib/auth/hashed-session-adapter.ts).
    const sessionCookie = token();
    const user = (await one<{ id: string }>(client, `INSERT INTO auth_users (id, email, email_verified) VALUES (gen_random_uuid(), $1, now()) RETURNING id`, [OWNER_EMAIL])).id;
    await client.query(
      `INSERT INTO auth_sessions (id, session_token, user_id, expires) VALUES (gen_random_uuid(), $1, $2, now() + interval '7 days')`,
      [sha256(sessionCookie), user],
    );
    await client.query("COMMIT");
    return { organizationId: org, orgSlug: ORG_SLUG, ownerId: owner, ownerToken, holderToken, sessionCookie, lists, writeSubscriptionId };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "customer_portal_update_seats" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "team_events" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "customer_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "member_id" UUID,
    "email" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,

    CONSTRAINT "team_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "team_events_customer_id_created_at_idx" ON "team_events"("customer_id", "created_at");

-- AddForeignKey
ALTER TABLE "team_events" ADD CONSTRAINT "team_events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "team_events" ADD CONSTRAINT "team_events_type_check" CHECK (type IN ('member_added', 'member_role_changed', 'member_removed', 'seats_changed'));

-- Teams (issue 24): every billing customer gets its owner, the customer's own address. A
-- customer who claimed one of their own seats is already a member with that address: that
-- member becomes the owner; the others get a new one.
UPDATE "members" m SET role = 'owner', modified_at = now()
  FROM "customers" c
 WHERE m.customer_id = c.id AND m.email_key = c.email_key AND m.deleted_at IS NULL AND c.deleted_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM "members" o WHERE o.customer_id = c.id AND o.role = 'owner' AND o.deleted_at IS NULL);

INSERT INTO "members" (id, customer_id, email, email_key, name, external_id, role, created_at)
SELECT gen_random_uuid(), c.id, c.email, c.email_key, c.name, c.external_id, 'owner', c.created_at
  FROM "customers" c
 WHERE c.deleted_at IS NULL
   AND (EXISTS (SELECT 1 FROM "subscriptions" s WHERE s.customer_id = c.id) OR EXISTS (SELECT 1 FROM "orders" o WHERE o.customer_id = c.id))
   AND NOT EXISTS (SELECT 1 FROM "members" m WHERE m.customer_id = c.id AND m.role = 'owner' AND m.deleted_at IS NULL);

-- Every pending or claimed seat's person becomes a member of the billing customer's team,
-- and the seat names that member (as Polar fills seat.member_id when it assigns).
INSERT INTO "members" (id, customer_id, email, email_key, role, created_at)
SELECT DISTINCT ON (b.customer_id, lower(cs.email)) gen_random_uuid(), b.customer_id, cs.email, lower(cs.email), 'member', cs.created_at
  FROM "customer_seats" cs
  JOIN LATERAL (
    SELECT customer_id FROM "subscriptions" WHERE id = cs.subscription_id
    UNION ALL
    SELECT customer_id FROM "orders" WHERE id = cs.order_id
  ) b ON true
 WHERE cs.status IN ('pending', 'claimed') AND cs.member_id IS NULL AND cs.email IS NOT NULL
 ORDER BY b.customer_id, lower(cs.email), cs.created_at
ON CONFLICT (customer_id, email_key) WHERE deleted_at IS NULL DO NOTHING;

UPDATE "customer_seats" cs SET member_id = m.id
  FROM "members" m
 WHERE cs.status IN ('pending', 'claimed') AND cs.member_id IS NULL AND cs.email IS NOT NULL
   AND m.deleted_at IS NULL AND m.email_key = lower(cs.email)
   AND m.customer_id = COALESCE(
     (SELECT customer_id FROM "subscriptions" WHERE id = cs.subscription_id),
     (SELECT customer_id FROM "orders" WHERE id = cs.order_id));

-- A customer deleted before teams kept the members its claims made; its team goes with it
-- now (as deleting a customer does from here on).
UPDATE "members" m SET deleted_at = c.deleted_at, modified_at = now()
  FROM "customers" c
 WHERE m.customer_id = c.id AND c.deleted_at IS NOT NULL AND m.deleted_at IS NULL;

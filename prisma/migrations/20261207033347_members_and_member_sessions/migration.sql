-- AlterTable
ALTER TABLE "auth_sessions" ADD COLUMN     "customer_id" UUID,
ADD COLUMN     "member_id" UUID,
ADD COLUMN     "seat_id" UUID;

-- AlterTable
ALTER TABLE "customer_seats" ADD COLUMN     "invitation_delivery" TEXT NOT NULL DEFAULT 'email',
ADD COLUMN     "member_id" UUID;

-- CreateTable
CREATE TABLE "members" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3),
    "customer_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "name" TEXT,
    "external_id" TEXT,
    "role" TEXT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_sessions" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3),
    "member_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "return_url" TEXT,
    "seat_id" UUID,

    CONSTRAINT "member_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "members_customer_id_email_key_live_key" ON "members"("customer_id", "email_key") WHERE (deleted_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "members_customer_id_external_id_live_key" ON "members"("customer_id", "external_id") WHERE (deleted_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "members_one_owner_per_customer_key" ON "members"("customer_id") WHERE (role = 'owner'::text AND deleted_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "member_sessions_token_hash_key" ON "member_sessions"("token_hash");

-- CreateIndex
CREATE INDEX "member_sessions_member_id_idx" ON "member_sessions"("member_id");

-- CreateIndex
CREATE INDEX "member_sessions_seat_id_idx" ON "member_sessions"("seat_id");

-- CreateIndex
CREATE INDEX "auth_sessions_seat_id_idx" ON "auth_sessions"("seat_id");

-- CreateIndex
CREATE INDEX "customer_seats_member_id_status_idx" ON "customer_seats"("member_id", "status");

-- AddForeignKey
ALTER TABLE "customer_seats" ADD CONSTRAINT "customer_seats_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_sessions" ADD CONSTRAINT "member_sessions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Roles and deliveries are closed sets (Prisma has no CHECK constraints; the drift test ignores them).
ALTER TABLE "members" ADD CONSTRAINT "members_role_check" CHECK (role IN ('owner', 'billing_manager', 'member'));
ALTER TABLE "customer_seats" ADD CONSTRAINT "customer_seats_invitation_delivery_check" CHECK (invitation_delivery IN ('email', 'shared'));

-- Security review (issue 21): before this migration a claim opened a customer session and a
-- browser session as the customer with the seat's email, even from a shared link. End them:
-- the customer sessions claims minted, and every browser session opened without an email
-- sign-in (claims and vendor links; a vendor link's lasted an hour at most).
UPDATE "customer_sessions" SET revoked_at = now(), modified_at = now() WHERE seat_id IS NOT NULL AND revoked_at IS NULL;
DELETE FROM "auth_sessions" WHERE organization_id IS NOT NULL;

-- CreateTable
CREATE TABLE "replaced_invitation_tokens" (
    "token_hash" TEXT NOT NULL,
    "seat_id" UUID NOT NULL,
    "seat_status" TEXT NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replaced_invitation_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "replaced_invitation_tokens_seat_id_idx" ON "replaced_invitation_tokens"("seat_id");

-- AddForeignKey
ALTER TABLE "replaced_invitation_tokens" ADD CONSTRAINT "replaced_invitation_tokens_seat_id_fkey" FOREIGN KEY ("seat_id") REFERENCES "customer_seats"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Remember a link when a newer one replaces it. A trigger rather than code in each path
-- that rotates links (resend, reminder, link to share, reuse of a revoked row), so that a
-- path added later cannot forget it. Prisma's schema does not describe triggers: this one
-- lives here only.
CREATE FUNCTION remember_replaced_invitation_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO replaced_invitation_tokens (token_hash, seat_id, seat_status)
  VALUES (OLD.invitation_token_hash, OLD.id, OLD.status)
  ON CONFLICT (token_hash) DO NOTHING;
  RETURN NEW;
END;
$$;

CREATE TRIGGER customer_seats_remember_replaced_invitation_token
  AFTER UPDATE OF invitation_token_hash ON customer_seats
  FOR EACH ROW
  WHEN (OLD.invitation_token_hash IS NOT NULL AND OLD.invitation_token_hash IS DISTINCT FROM NEW.invitation_token_hash)
  EXECUTE FUNCTION remember_replaced_invitation_token();

-- CreateIndex
CREATE INDEX "members_email_key_live_idx" ON "members"("email_key") WHERE (deleted_at IS NULL);

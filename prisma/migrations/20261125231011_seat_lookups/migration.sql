-- CreateIndex
CREATE INDEX "customer_seats_subscription_id_status_revoked_at_idx" ON "customer_seats"("subscription_id", "status", "revoked_at");

-- CreateIndex
CREATE INDEX "customer_seats_order_id_status_revoked_at_idx" ON "customer_seats"("order_id", "status", "revoked_at");

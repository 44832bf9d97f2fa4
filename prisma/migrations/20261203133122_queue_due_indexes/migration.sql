-- DropIndex
DROP INDEX "email_outbox_status_next_attempt_at_idx";

-- DropIndex
DROP INDEX "webhook_events_status_next_attempt_at_idx";

-- CreateIndex
CREATE INDEX "email_outbox_due_idx" ON "email_outbox"("next_attempt_at", "created_at") WHERE (status = 'pending');

-- CreateIndex
CREATE INDEX "webhook_events_due_idx" ON "webhook_events"("next_attempt_at", "created_at") WHERE (status = 'pending');

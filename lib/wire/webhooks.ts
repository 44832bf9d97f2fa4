import type { WebhookDeliveryRow, WebhookEndpointRow, WebhookEventRow } from "@/lib/rows/webhooks";
import { iso, isoOrNull } from "./dates";

/**
 * Polar's WebhookEndpoint. Its schema requires `secret`: the full secret is written only in
 * the answer that created the endpoint; afterwards a hint of its last characters stands in.
 */
export function toWebhookEndpoint(endpoint: WebhookEndpointRow, secret?: string) {
  return {
    created_at: iso(endpoint.createdAt),
    modified_at: isoOrNull(endpoint.modifiedAt),
    id: endpoint.id,
    url: endpoint.url,
    name: endpoint.name,
    format: endpoint.format,
    secret: secret ?? endpoint.secretHint,
    organization_id: endpoint.organizationId,
    events: endpoint.events,
    enabled: endpoint.enabled,
  };
}

export function toWebhookEvent(event: WebhookEventRow) {
  return {
    created_at: iso(event.createdAt),
    modified_at: isoOrNull(event.modifiedAt),
    id: event.id,
    last_http_code: event.lastHttpCode,
    succeeded: event.status === "succeeded" ? true : event.status === "failed" ? false : null,
    skipped: event.skipped,
    payload: event.payload,
    type: event.type,
    is_archived: event.isArchived,
  };
}

export function toWebhookDelivery(delivery: WebhookDeliveryRow) {
  return {
    created_at: iso(delivery.createdAt),
    modified_at: isoOrNull(delivery.modifiedAt),
    id: delivery.id,
    succeeded: delivery.succeeded,
    http_code: delivery.httpCode,
    response: delivery.response,
    webhook_event: toWebhookEvent(delivery.webhookEvent),
  };
}

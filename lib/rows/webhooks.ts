// The webhooks' rows as lib/webhooks reads them and lib/wire writes them (below both, so that
// the serializers need not import the webhook service, which imports them).

export type WebhookEndpointRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  organizationId: string;
  url: string;
  name: string | null;
  format: string;
  secretHint: string;
  events: string[];
  enabled: boolean;
};

export type WebhookEventRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  type: string;
  payload: string;
  status: string;
  lastHttpCode: number | null;
  skipped: boolean;
  isArchived: boolean;
};

export type WebhookDeliveryRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  succeeded: boolean;
  httpCode: number | null;
  response: string | null;
  webhookEvent: WebhookEventRow;
};

import { z } from "zod";
import { Paging } from "@/lib/paging";
import { queryBoolean, repeated } from "@/lib/query-params";
import { WEBHOOK_EVENT_TYPES } from "./event-types";

const Id = z.uuid({ error: "Expected a UUID." });
const EventType = z.enum(WEBHOOK_EVENT_TYPES, { error: "Not a webhook event type." });
const Url = z.url({ protocol: /^https?$/, error: "Expected an http(s) URL." }).max(2048);
// Discord and Slack payloads are Polar's chat formats; this portal sends raw JSON only.
const Format = z.literal("raw", { error: "Only the raw format is supported." });

export const WebhookEndpointCreateBody = z.object({
  url: Url,
  name: z.string().max(256).nullish(),
  format: Format,
  events: z.array(EventType).max(WEBHOOK_EVENT_TYPES.length),
  // An organization token already names its organization: Polar refuses the field then.
  organization_id: z.null({ error: "Setting organization_id is disallowed when using an organization token." }).optional(),
});
export type WebhookEndpointCreateInput = z.infer<typeof WebhookEndpointCreateBody>;

export const WebhookEndpointUpdateBody = z.object({
  url: Url.nullish(),
  name: z.string().max(256).nullish(),
  format: Format.nullish(),
  events: z.array(EventType).max(WEBHOOK_EVENT_TYPES.length).nullish(),
  enabled: z.boolean().nullish(),
});
export type WebhookEndpointUpdateInput = z.infer<typeof WebhookEndpointUpdateBody>;

export const WebhookEndpointListQuery = z.object({ ...Paging, organization_id: repeated(Id) });

export const WebhookDeliveryListQuery = z.object({
  ...Paging,
  endpoint_id: repeated(Id),
  succeeded: queryBoolean,
  event_type: repeated(EventType),
  start_timestamp: z.iso.datetime({ offset: true }).optional(),
  end_timestamp: z.iso.datetime({ offset: true }).optional(),
  query: z.string().max(256).optional(),
  http_code_class: z.enum(["2xx", "3xx", "4xx", "5xx"]).optional(),
});
export type WebhookDeliveryListInput = z.infer<typeof WebhookDeliveryListQuery>;

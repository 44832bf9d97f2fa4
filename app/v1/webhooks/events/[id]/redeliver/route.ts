import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { IdParams } from "@/lib/billing/schemas";
import { writeScopes } from "@/lib/auth/scopes";
import { redeliverWebhookEvent } from "@/lib/webhooks/endpoints";

// 202: the event is queued again and sent after this answer.
export const POST = apiRoute({ auth: "organization", scopes: writeScopes("webhooks"), params: IdParams, status: 202 }, async ({ actor, params }) => {
  await redeliverWebhookEvent(actor, params.id);
  return {};
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

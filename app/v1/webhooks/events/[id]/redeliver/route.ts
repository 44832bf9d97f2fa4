import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { IdParams } from "@/lib/billing/schemas";
import { writeScopes } from "@/lib/auth/scopes";
import { redeliverWebhookEvent } from "@/lib/webhooks/endpoints";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // 202: the event is queued again and sent after this answer.
  POST: apiRoute({ auth: "organization", scopes: writeScopes("webhooks"), params: IdParams, status: 202 }, async ({ actor, params }) => {
    await redeliverWebhookEvent(actor, params.id);
    return {};
  }),
});

export const dynamic = "force-dynamic";

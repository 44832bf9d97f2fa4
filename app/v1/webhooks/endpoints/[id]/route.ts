import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { IdParams } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { WebhookEndpointUpdateBody } from "@/lib/webhooks/schemas";
import { toWebhookEndpoint } from "@/lib/wire/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("webhooks"), params: IdParams }, async ({ actor, params }) =>
    toWebhookEndpoint(await getWebhookEndpoint(actor, params.id)),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("webhooks"), params: IdParams, body: WebhookEndpointUpdateBody },
    async ({ actor, params, body }) => toWebhookEndpoint(await updateWebhookEndpoint(actor, params.id, body)),
  ),
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("webhooks"), params: IdParams, status: 204 }, async ({ actor, params }) => {
    await deleteWebhookEndpoint(actor, params.id);
    return null;
  }),
});

export const dynamic = "force-dynamic";

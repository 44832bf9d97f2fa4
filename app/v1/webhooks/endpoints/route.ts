import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { WebhookEndpointCreateBody, WebhookEndpointListQuery } from "@/lib/webhooks/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toWebhookEndpoint } from "@/lib/wire/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("webhooks"), query: WebhookEndpointListQuery }, async ({ actor, query }) =>
    toListResource(await listWebhookEndpoints(actor, query), (endpoint) => toWebhookEndpoint(endpoint)),
  ),
  // The signing secret is in this answer, and in no later one.
  POST: apiRoute({ auth: "organization", scopes: writeScopes("webhooks"), body: WebhookEndpointCreateBody, status: 201 }, async ({ actor, body }) => {
    const { endpoint, secret } = await createWebhookEndpoint(actor, body);
    return toWebhookEndpoint(endpoint, secret);
  }),
});

export const dynamic = "force-dynamic";

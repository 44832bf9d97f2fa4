import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes } from "@/lib/auth/scopes";
import { listWebhookDeliveries } from "@/lib/webhooks/endpoints";
import { WebhookDeliveryListQuery } from "@/lib/webhooks/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toWebhookDelivery } from "@/lib/wire/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("webhooks"), query: WebhookDeliveryListQuery }, async ({ actor, query }) =>
    toListResource(await listWebhookDeliveries(actor, query), toWebhookDelivery),
  ),
});

export const dynamic = "force-dynamic";

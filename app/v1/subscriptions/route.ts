import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { createSubscription, listSubscriptions } from "@/lib/billing/subscriptions";
import { SubscriptionCreateBody, SubscriptionListQuery } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toListResource } from "@/lib/wire/list-resource";
import { toSubscription } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("subscriptions"), query: SubscriptionListQuery }, async ({ actor, query }) =>
    toListResource(await listSubscriptions(actor, query), toSubscription),
  ),
  POST: apiRoute(
    { auth: "organization", scopes: writeScopes("subscriptions"), body: SubscriptionCreateBody, status: 201 },
    async ({ actor, body }) => toSubscription(await createSubscription(actor, body)),
  ),
});

export const dynamic = "force-dynamic";

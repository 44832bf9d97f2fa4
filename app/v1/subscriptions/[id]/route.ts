import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { endSubscription, getSubscription, updateSubscription } from "@/lib/billing/subscriptions";
import { IdParams, SubscriptionUpdateBody } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toSubscription } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("subscriptions"), params: IdParams }, async ({ actor, params }) =>
    toSubscription(await getSubscription(actor, params.id)),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("subscriptions"), params: IdParams, body: SubscriptionUpdateBody },
    async ({ actor, params, body }) => toSubscription(await updateSubscription(actor, params.id, body)),
  ),
  // Polar's revoke: ends the subscription at once (200 with it).
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("subscriptions"), params: IdParams }, async ({ actor, params }) =>
    toSubscription(await endSubscription(actor, params.id)),
  ),
});

export const dynamic = "force-dynamic";

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { changeOwnedSubscriptionSeats, getOwnedSubscription } from "@/lib/seats/owned-subscription";
import { CustomerSubscriptionUpdateSeatsBody, SubscriptionIdParams } from "@/lib/seats/schemas";
import { toCustomerSubscription } from "@/lib/wire/customer-subscription";

// A subscription the team pays for: any member reads it (Polar's CustomerPortalUnionRead); only its owner and
// billing managers change it (Polar's billing roles).
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "customer", members: "all", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], params: SubscriptionIdParams }, async ({ actor, params }) =>
    toCustomerSubscription(await getOwnedSubscription(actor, params.id)),
  ),
  PATCH: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], params: SubscriptionIdParams, body: CustomerSubscriptionUpdateSeatsBody, idempotent: true },
    async ({ actor, params, body }) => toCustomerSubscription(await changeOwnedSubscriptionSeats(actor, params.id, body.seats)),
  ),
});

export const dynamic = "force-dynamic";

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { listAllClaimedSubscriptions, listClaimedSubscriptions } from "@/lib/seats";
import { PaginationQuery } from "@/lib/seats/schemas";
import { toCustomerSubscription, toListResource } from "@/lib/wire/customer-subscription";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // The SDKs always page (page=1&limit=10) and get Polar's list resource; a client that
  // sends neither gets the bare array the older seed documents.
  GET: apiRoute(
    { auth: "holder", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], query: PaginationQuery },
    async ({ actor, query }) =>
      query.page === undefined && query.limit === undefined
        ? (await listAllClaimedSubscriptions(actor)).map(toCustomerSubscription)
        : toListResource(await listClaimedSubscriptions(actor, query), toCustomerSubscription),
  ),
});

export const dynamic = "force-dynamic";

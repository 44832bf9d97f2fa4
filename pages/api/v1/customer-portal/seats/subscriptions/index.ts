import { apiEndpoint, type ApiRouteConfig } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { listAllClaimedSubscriptions, listClaimedSubscriptions } from "@/lib/seats";
import { PaginationQuery } from "@/lib/seats/schemas";
import { PagingQuery } from "@/lib/paging";
import { toCustomerSubscription, toListResource } from "@/lib/wire/customer-subscription";

// page and limit bounded as on every list (lib/paging.ts): the service's schema leaves them
// open, and an offset past PostgreSQL's integer was a 500.
export default apiEndpoint({
  // The SDKs always page (page=1&limit=10) and get Polar's list resource; a client that
  // sends neither gets the bare array the older seed documents.
  GET: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], query: PaginationQuery.extend(PagingQuery) },
    async ({ actor, query }) =>
      query.page === undefined && query.limit === undefined
        ? (await listAllClaimedSubscriptions(actor)).map(toCustomerSubscription)
        : toListResource(await listClaimedSubscriptions(actor, query), toCustomerSubscription),
  ),
});

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

import { apiEndpoint, type ApiRouteConfig } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { listSeatEvents } from "@/lib/seats";
import { containerRefOf } from "@/lib/seats/container";
import { SeatEventsQuery } from "@/lib/seats/schemas";
import { PagingQuery } from "@/lib/paging";
import { toSeatEvent } from "@/lib/wire/customer-seat";
import { toListResource } from "@/lib/wire/list-resource";

// page and limit bounded as on every list (lib/paging.ts): the service's schema leaves them
// open, and an offset past PostgreSQL's integer was a 500.
export default apiEndpoint({
  // This portal's extension: the seat activity log of a subscription or order, newest first.
  GET: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], query: SeatEventsQuery.extend(PagingQuery) },
    async ({ actor, query }) => toListResource(await listSeatEvents(actor, containerRefOf(query), query), toSeatEvent),
  ),
});

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

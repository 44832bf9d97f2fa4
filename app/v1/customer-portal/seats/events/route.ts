import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { listSeatEvents } from "@/lib/seats";
import { containerRefOf } from "@/lib/seats/container";
import { SeatEventsQuery } from "@/lib/seats/schemas";
import { toSeatEvent } from "@/lib/wire/customer-seat";
import { toListResource } from "@/lib/wire/list-resource";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // This portal's extension: the seat activity log of a subscription or order, newest first.
  GET: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], query: SeatEventsQuery },
    async ({ actor, query }) => toListResource(await listSeatEvents(actor, containerRefOf(query), query), toSeatEvent),
  ),
});

export const dynamic = "force-dynamic";

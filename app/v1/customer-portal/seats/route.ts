import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { assignSeat, listSeats } from "@/lib/seats";
import { ListSeatsQuery, SeatAssignBody } from "@/lib/seats/schemas";
import { SEATS_LIST_SQL, toCustomerSeat } from "@/lib/wire/customer-seat";
import { JsonText } from "@/lib/api/responses";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute(
    { auth: "customer", members: "all", scopes: [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE], query: ListSeatsQuery },
    async ({ actor, query }) => new JsonText(await listSeats(actor, query, SEATS_LIST_SQL)),
  ),
  // 200, not 201: Polar's assign answers 200 and SDK 0.49.0 accepts nothing else.
  POST: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], body: SeatAssignBody, idempotent: true },
    async ({ actor, body }) => toCustomerSeat(await assignSeat(actor, body)),
  ),
});

export const dynamic = "force-dynamic";

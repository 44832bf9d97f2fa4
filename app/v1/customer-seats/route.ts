import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { assignSeat, listSeats } from "@/lib/seats";
import { ListSeatsQuery, SeatAssignBody } from "@/lib/seats/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { SEATS_LIST_SQL, toCustomerSeat } from "@/lib/wire/customer-seat";
import { JsonText } from "@/lib/api/responses";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // The merchant side of seats (organization tokens): the same rules as the portal's, over
  // every subscription and order of the organization.
  GET: apiRoute({ auth: "organization", scopes: readScopes("customer_seats"), query: ListSeatsQuery }, async ({ actor, query }) =>
    new JsonText(await listSeats(actor, query, SEATS_LIST_SQL)),
  ),
  // immediate_claim: true claims the seat at once and sends no email (for vendors who run
  // their own onboarding).
  POST: apiRoute({ auth: "organization", scopes: writeScopes("customer_seats"), body: SeatAssignBody, idempotent: true }, async ({ actor, body }) =>
    toCustomerSeat(await assignSeat(actor, body, { immediateClaim: body.immediate_claim === true })),
  ),
});

export const dynamic = "force-dynamic";

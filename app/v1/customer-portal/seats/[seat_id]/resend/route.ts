import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { resendInvitation } from "@/lib/seats";
import { SeatIdParams } from "@/lib/seats/schemas";
import { toCustomerSeat } from "@/lib/wire/customer-seat";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  POST: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], params: SeatIdParams, idempotent: true },
    async ({ actor, params }) => toCustomerSeat(await resendInvitation(actor, params.seat_id)),
  ),
});

export const dynamic = "force-dynamic";

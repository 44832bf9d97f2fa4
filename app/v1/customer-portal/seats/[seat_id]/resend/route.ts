import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { resendInvitation } from "@/lib/seats";
import { SeatIdParams } from "@/lib/seats/schemas";
import { toCustomerSeat } from "@/lib/wire/customer-seat";

export const POST = apiRoute(
  { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], params: SeatIdParams, idempotent: true },
  async ({ actor, params }) => toCustomerSeat(await resendInvitation(actor, params.seat_id)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

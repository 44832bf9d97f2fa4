import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { revokeSeat } from "@/lib/seats";
import { SeatIdParams } from "@/lib/seats/schemas";
import { toCustomerSeat } from "@/lib/wire/customer-seat";

// 200 with the seat, not 204: the SDKs read the revoked seat from the body.
export const DELETE = apiRoute(
  { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], params: SeatIdParams, idempotent: true },
  async ({ actor, params }) => toCustomerSeat(await revokeSeat(actor, params.seat_id)),
);

export const { GET, POST, PUT, PATCH } = otherMethods("DELETE");

import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { resendInvitation } from "@/lib/seats";
import { SeatIdParams } from "@/lib/seats/schemas";
import { writeScopes } from "@/lib/auth/scopes";
import { toCustomerSeat } from "@/lib/wire/customer-seat";

export const POST = apiRoute({ auth: "organization", scopes: writeScopes("customer_seats"), params: SeatIdParams, idempotent: true }, async ({ actor, params }) =>
  toCustomerSeat(await resendInvitation(actor, params.seat_id)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { claimSeat } from "@/lib/seats";
import { SeatClaimBody } from "@/lib/seats/schemas";
import { toCustomerSeatClaimResponse } from "@/lib/wire/customer-seat";

// Public: the token is the credential.
export const POST = apiRoute({ auth: "public", body: SeatClaimBody }, async ({ body }) =>
  toCustomerSeatClaimResponse(await claimSeat(body.invitation_token)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");

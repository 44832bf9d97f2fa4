import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { claimSeat } from "@/lib/seats";
import { SeatClaimBody } from "@/lib/seats/schemas";
import { toCustomerSeatClaimResponse } from "@/lib/wire/customer-seat";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // Public: the token is the credential.
  POST: apiRoute({ auth: "public", body: SeatClaimBody }, async ({ body }) =>
    toCustomerSeatClaimResponse(await claimSeat(body.invitation_token)),
  ),
});

export const dynamic = "force-dynamic";

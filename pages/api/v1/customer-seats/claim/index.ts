import { apiEndpoint, type ApiRouteConfig } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { claimSeat } from "@/lib/seats";
import { SeatClaimBody } from "@/lib/seats/schemas";
import { toCustomerSeatClaimResponse } from "@/lib/wire/customer-seat";

export default apiEndpoint({
  // Public: the token is the credential.
  POST: apiRoute({ auth: "public", body: SeatClaimBody }, async ({ body }) =>
    toCustomerSeatClaimResponse(await claimSeat(body.invitation_token)),
  ),
});

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

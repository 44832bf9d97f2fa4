import { apiEndpoint, type ApiRouteConfig } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getClaimInfo } from "@/lib/seats";
import { ClaimTokenParams } from "@/lib/seats/schemas";
import { toSeatClaimInfo } from "@/lib/wire/customer-seat";

export default apiEndpoint({
  // Public: the token is the credential. Reading claims nothing.
  GET: apiRoute({ auth: "public", params: ClaimTokenParams }, async ({ params }) =>
    toSeatClaimInfo(await getClaimInfo(params.invitation_token)),
  ),
});

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getClaimInfo } from "@/lib/seats";
import { ClaimTokenParams } from "@/lib/seats/schemas";
import { toSeatClaimInfo } from "@/lib/wire/customer-seat";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // Public: the token is the credential. Reading claims nothing.
  GET: apiRoute({ auth: "public", params: ClaimTokenParams }, async ({ params }) =>
    toSeatClaimInfo(await getClaimInfo(params.invitation_token)),
  ),
});

export const dynamic = "force-dynamic";

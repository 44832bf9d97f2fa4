import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { getClaimInfo } from "@/lib/seats";
import { ClaimTokenParams } from "@/lib/seats/schemas";
import { toSeatClaimInfo } from "@/lib/wire/customer-seat";

// Public: the token is the credential. Reading claims nothing.
export const GET = apiRoute({ auth: "public", params: ClaimTokenParams }, async ({ params }) =>
  toSeatClaimInfo(await getClaimInfo(params.invitation_token)),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

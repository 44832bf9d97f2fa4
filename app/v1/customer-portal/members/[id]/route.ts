import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { removeTeamMember, updateTeamMember } from "@/lib/members";
import { MEMBER_ROLE_REFUSAL, MemberIdParams, PortalMemberUpdateBody } from "@/lib/members/schemas";
import { toCustomerPortalMember } from "@/lib/wire/member";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  PATCH: apiRoute({ auth: "customer", roleRefusal: MEMBER_ROLE_REFUSAL, scopes: [CUSTOMER_PORTAL_WRITE], params: MemberIdParams, body: PortalMemberUpdateBody }, async ({ actor, params, body }) =>
    toCustomerPortalMember(await updateTeamMember(actor, params.id, body)),
  ),
  // 204, as Polar; removing a member revokes the seats given to them.
  DELETE: apiRoute({ auth: "customer", roleRefusal: MEMBER_ROLE_REFUSAL, scopes: [CUSTOMER_PORTAL_WRITE], params: MemberIdParams, status: 204, idempotent: true }, async ({ actor, params }) => {
    await removeTeamMember(actor, params.id);
    return null;
  }),
});

export const dynamic = "force-dynamic";

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { addTeamMember, listTeamMembers } from "@/lib/members";
import { MEMBER_ROLE_REFUSAL, PortalMemberCreateBody, PortalMembersQuery } from "@/lib/members/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toCustomerPortalMember } from "@/lib/wire/member";

// Polar's customer-portal members: the team's owner and billing managers only (a plain member is 403).
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "customer", roleRefusal: MEMBER_ROLE_REFUSAL, scopes: [CUSTOMER_PORTAL_WRITE], query: PortalMembersQuery }, async ({ actor, query }) =>
    toListResource(await listTeamMembers(actor, query), toCustomerPortalMember),
  ),
  // 201 whether the member is new or the address was already on the team, as Polar.
  POST: apiRoute({ auth: "customer", roleRefusal: MEMBER_ROLE_REFUSAL, scopes: [CUSTOMER_PORTAL_WRITE], body: PortalMemberCreateBody, status: 201, idempotent: true }, async ({ actor, body }) =>
    toCustomerPortalMember(await addTeamMember(actor, body)),
  ),
});

export const dynamic = "force-dynamic";

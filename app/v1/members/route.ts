import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { createOrganizationMember, listOrganizationMembers } from "@/lib/members";
import { MemberCreateBody, MembersListQuery } from "@/lib/members/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toMember } from "@/lib/wire/member";

// Polar's /v1/members: the list, and the create it keeps (deprecated) beside /v1/customers/{id}/members.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), query: MembersListQuery }, async ({ actor, query }) =>
    toListResource(await listOrganizationMembers(actor, query), toMember),
  ),
  POST: apiRoute({ auth: "organization", scopes: writeScopes("members"), body: MemberCreateBody, status: 201 }, async ({ actor, body }) =>
    toMember(await createOrganizationMember(actor, { id: body.customer_id }, body)),
  ),
});

export const dynamic = "force-dynamic";

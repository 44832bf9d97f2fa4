import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { createOrganizationMember, listOrganizationMembers } from "@/lib/members";
import { CustomerIdParams, MemberCreateFromCustomerBody, MembersListQuery } from "@/lib/members/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toMember } from "@/lib/wire/member";

// Polar's customer-scoped members (SDK 1.x customers.members.*).
const ListQuery = MembersListQuery.pick({ page: true, limit: true, sorting: true, role: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), params: CustomerIdParams, query: ListQuery }, async ({ actor, params, query }) =>
    toListResource(await listOrganizationMembers(actor, query, { id: params.id }), toMember),
  ),
  POST: apiRoute(
    { auth: "organization", scopes: writeScopes("members"), params: CustomerIdParams, body: MemberCreateFromCustomerBody, status: 201 },
    async ({ actor, params, body }) => toMember(await createOrganizationMember(actor, { id: params.id }, body)),
  ),
});

export const dynamic = "force-dynamic";

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { createOrganizationMember, listOrganizationMembers } from "@/lib/members";
import { ExternalCustomerParams, MemberCreateFromCustomerBody, MembersListQuery } from "@/lib/members/schemas";
import { toListResource } from "@/lib/wire/list-resource";
import { toMember } from "@/lib/wire/member";

const ListQuery = MembersListQuery.pick({ page: true, limit: true, sorting: true, role: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), params: ExternalCustomerParams, query: ListQuery }, async ({ actor, params, query }) =>
    toListResource(await listOrganizationMembers(actor, query, { externalId: params.external_id }), toMember),
  ),
  POST: apiRoute(
    { auth: "organization", scopes: writeScopes("members"), params: ExternalCustomerParams, body: MemberCreateFromCustomerBody, status: 201 },
    async ({ actor, params, body }) => toMember(await createOrganizationMember(actor, { externalId: params.external_id }, body)),
  ),
});

export const dynamic = "force-dynamic";

import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { deleteOrganizationMember, getOrganizationMember, memberCustomerRef, updateOrganizationMember, type MemberRef } from "@/lib/members";
import { ExternalMemberParams, MemberCustomerQuery, MemberUpdateBody } from "@/lib/members/schemas";
import { toMember } from "@/lib/wire/member";

// A member's external id is unique within its customer only: the customer is named in the query.
const Query = MemberCustomerQuery;

const memberRef = (externalId: string, query: { customer_id?: string; external_customer_id?: string }): MemberRef => ({
  externalId,
  customer: memberCustomerRef(query),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), params: ExternalMemberParams, query: Query }, async ({ actor, params, query }) =>
    toMember(await getOrganizationMember(actor, memberRef(params.external_id, query))),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("members"), params: ExternalMemberParams, query: Query, body: MemberUpdateBody },
    async ({ actor, params, query, body }) => toMember(await updateOrganizationMember(actor, memberRef(params.external_id, query), body)),
  ),
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("members"), params: ExternalMemberParams, query: Query, status: 204 }, async ({ actor, params, query }) => {
    await deleteOrganizationMember(actor, memberRef(params.external_id, query));
    return null;
  }),
});

export const dynamic = "force-dynamic";

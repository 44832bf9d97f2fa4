import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { deleteOrganizationMember, getOrganizationMember, updateOrganizationMember } from "@/lib/members";
import { CustomerMemberParams, MemberUpdateBody } from "@/lib/members/schemas";
import { toMember } from "@/lib/wire/member";

const ref = (params: { id: string; member_id: string }) => ({ id: params.member_id, customer: { id: params.id } });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), params: CustomerMemberParams }, async ({ actor, params }) =>
    toMember(await getOrganizationMember(actor, ref(params))),
  ),
  PATCH: apiRoute({ auth: "organization", scopes: writeScopes("members"), params: CustomerMemberParams, body: MemberUpdateBody }, async ({ actor, params, body }) =>
    toMember(await updateOrganizationMember(actor, ref(params), body)),
  ),
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("members"), params: CustomerMemberParams, status: 204 }, async ({ actor, params }) => {
    await deleteOrganizationMember(actor, ref(params));
    return null;
  }),
});

export const dynamic = "force-dynamic";

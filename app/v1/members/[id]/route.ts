import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { deleteOrganizationMember, getOrganizationMember, updateOrganizationMember } from "@/lib/members";
import { MemberIdParams, MemberUpdateBody } from "@/lib/members/schemas";
import { toMember } from "@/lib/wire/member";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("members"), params: MemberIdParams }, async ({ actor, params }) =>
    toMember(await getOrganizationMember(actor, { id: params.id })),
  ),
  PATCH: apiRoute({ auth: "organization", scopes: writeScopes("members"), params: MemberIdParams, body: MemberUpdateBody }, async ({ actor, params, body }) =>
    toMember(await updateOrganizationMember(actor, { id: params.id }, body)),
  ),
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("members"), params: MemberIdParams, status: 204 }, async ({ actor, params }) => {
    await deleteOrganizationMember(actor, { id: params.id });
    return null;
  }),
});

export const dynamic = "force-dynamic";
